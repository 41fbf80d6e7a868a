"""Shared fixtures: small meetings written as real workbooks."""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

import pytest

from pipeline.new import build_workbook
from pipeline.sample import meeting_data

_BASE = meeting_data()
# prepared templates go to a cache of this run, not the user's
os.environ["HUIWU_CACHE"] = tempfile.mkdtemp(prefix="huiwu-cache-")


@pytest.fixture
def data():
    """(settings, people, tables) of the sample meeting, free to edit in a test."""
    return copy.deepcopy(_BASE)


@pytest.fixture
def write(tmp_path):
    """write(settings, people, tables, name="m.xlsx") -> path of a real workbook."""

    def _write(settings, people, tables=None, name="m.xlsx", script="繁體") -> Path:
        path = tmp_path / name
        build_workbook(settings, people, tables or {}, script=script).save(path)
        return path

    return _write


@pytest.fixture
def sample(write, data):
    return write(*data)


@pytest.fixture
def rows_made(tmp_path, monkeypatch):
    """The keys of list rows made afresh (not found among the rows kept between builds), in a cache
    folder of the test's own, as a new process finds it."""
    from pipeline import cache
    from pipeline.render import _xlsxfast

    monkeypatch.setenv("HUIWU_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(_xlsxfast, "_ROWS", {})
    made: list = []
    real_get = cache.Kept.get

    def get(self, key):
        found = real_get(self, key)
        if found is None and self.name().startswith("xlsx-rows-"):
            made.append(key)
        return found

    monkeypatch.setattr(cache.Kept, "get", get)
    return made
