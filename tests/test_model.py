"""The typed records: a person made the fast way is the same person."""

import dataclasses

import pytest

from pipeline.model import Person, make_person


def test_make_person_equals_the_dataclass_constructor():
    values = dict(id="D1", seq=4, row=6, name="王芳", unit="區委辦公室", rank=3, arrival_no="MU5101")
    fast, slow = make_person(**values), Person(**values)
    assert fast == slow and repr(fast) == repr(slow)
    assert all(getattr(fast, f.name) == getattr(slow, f.name) for f in dataclasses.fields(Person))
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.name = "李強"
    with pytest.raises(TypeError, match="name"):
        make_person(id="D2", seq=0, row=2)
