"""Staff-facing text in the meeting's script.

Messages are written once, in traditional script. `Msg.text("簡體")` converts
the fixed wording with OpenCC and then inserts the parameters, so the people's
own data (names, units, values) is never converted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .text import to_simplified

TRADITIONAL = "繁體"
SIMPLIFIED = "簡體"


def t(text: str, script: str) -> str:
    """Fixed wording (labels, titles, file names) in the given script."""
    return to_simplified(text) if script == SIMPLIFIED else text


@dataclass(frozen=True)
class Msg:
    """A message template plus parameters that stay as the user typed them."""

    template: str
    params: dict = field(default_factory=dict)

    def __init__(self, template: str, **params):
        object.__setattr__(self, "template", template)
        object.__setattr__(self, "params", params)

    def text(self, script: str = TRADITIONAL) -> str:
        return t(self.template, script).format(**self.params)


def say(template: str, script: str = TRADITIONAL, **params) -> str:
    return Msg(template, **params).text(script)
