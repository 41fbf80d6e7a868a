"""What a renderer gets: the meeting, its script, its plans (computed once, on demand) and templates."""

from __future__ import annotations

import importlib
from pathlib import Path

from .deps import salted_key
from .i18n import SIMPLIFIED
from .model import Meeting, Person
from .text import to_simplified

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _crc32(data: bytes) -> int:
    """zlib's CRC-32 of a whole file, by libdeflate where it is installed (six times as fast; the same value)."""
    from .render._zip import crc32

    return crc32(data)


def _as_written(text: str) -> str:
    return text


class Context:
    """Shared by every document kind of one build; plans are cached so each runs once."""

    def __init__(self, meeting: Meeting, templates: Path | None = None):
        self.meeting = meeting
        self.templates = Path(templates) if templates else TEMPLATES
        self._plans: dict[str, object] = {}
        self._memo: dict[str, object] = {}
        self.previous_dir: Path | None = None  # the pack as last built, when the build has one
        self._previous_files: dict[str, bytes | None] = {}
        # decks and keyed files as last built: file name -> (size, crc32, slide keys or [file key]);
        # a build sets these from its state
        self.deck_keys: dict[str, tuple] = {}
        self.deck_salt = ""  # the rendering kind's inputs other than the people's rows (set per kind)
        self.made_keys: dict[str, tuple] = {}  # decks and keyed files made by this render, for the next build
        # t(text): fixed wording in the meeting's script (people's data never goes through it), bound
        # here to the one function that gives it: a build asks 25,000 times (i18n.t does the same)
        self.t = to_simplified if meeting.script == SIMPLIFIED else _as_written

    @property
    def script(self) -> str:
        return self.meeting.script

    @property
    def author(self) -> str:
        return self.meeting.setting("主辦單位") or self.meeting.setting("發文機關") or "huiwu"

    def plan(self, name: str):
        """The result of pipeline.plan.<name>.plan(meeting), computed once per build."""
        if name not in self._plans:
            module = importlib.import_module(f"pipeline.plan.{name}")
            self._plans[name] = module.plan(self.meeting)
        return self._plans[name]

    def memo(self, key: str, make):
        """One value per build and key: what a kind's render() and pages() both need is made once."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def ordered(self, people=None) -> list[Person]:
        """People in the meeting's 名單排序."""
        from .plan.order import order_people

        everyone = self.memo("ordered", lambda: order_people(self.meeting, self.meeting.people))
        if people is None:  # the whole list: asked for by most kinds, sorted once
            return list(everyone)
        people = list(people)
        # People of the list (badges, tickets: all but those on leave): the whole list sorted once,
        # filtered. The same result: the sort is by key, then by place in the list, which no two
        # share. Others (the 工作人員 sheet's staff, whose places may repeat the list's) are sorted.
        listed = self.memo("listed", lambda: {id(p) for p in self.meeting.people})
        chosen = {id(p) for p in people}
        if len(chosen) != len(people) or not chosen <= listed:
            return order_people(self.meeting, people)
        return [p for p in everyone if id(p) in chosen]

    def previous(self, filename: str) -> bytes | None:
        """The file as the last build wrote it (members that did not change are copied from it).

        Read once per build: a deck and its reprint subset copy from the same bytes (see _zip.previous_parts).
        """
        if self.previous_dir is None:
            return None
        if filename not in self._previous_files:
            try:
                self._previous_files[filename] = (self.previous_dir / filename).read_bytes()
            except OSError:
                self._previous_files[filename] = None
        return self._previous_files[filename]

    def _recorded_keys(self, filename: str) -> list | None:
        """The keys the state holds for the last build's file, when that file is still the one they
        describe (a build killed after writing it but before its state leaves another)."""
        recorded = self.deck_keys.get(filename)
        previous = self.previous(filename) if recorded else None
        if previous is None or tuple(recorded[:2]) != (len(previous), _crc32(previous)):
            return None
        return list(recorded[2])

    def reuse_slides(self, deck, filename: str) -> None:
        """Let `deck` copy its unchanged keyed slides from the last build's file."""
        deck.reuse(self.previous(filename), self._recorded_keys(filename), self.deck_salt)
        deck.filename = filename

    def deck_bytes(self, deck) -> dict[str, bytes]:
        """{file name: the deck's file} (a deck given to reuse_slides), its slide keys recorded for the next build."""
        data = deck.to_bytes()
        if any(k is not None for k in deck.keys):
            self.made_keys[deck.filename] = (len(data), _crc32(data), list(deck.keys))
        return {deck.filename: data}

    def reused_file(self, filename: str, key: str) -> bytes | None:
        """The last build's `filename` when it was made from `key` under the same salt (see deck_salt);
        else None (make it, then pass it to keyed_file)."""
        if self._recorded_keys(filename) != [salted_key(self.deck_salt, key)]:
            return None
        return self.previous(filename)

    def keyed_file(self, filename: str, key: str, data: bytes) -> bytes:
        """Record that `data`, the file `filename`, was made from `key`: the next build may reuse it."""
        self.made_keys[filename] = (len(data), _crc32(data), [salted_key(self.deck_salt, key)])
        return data

    def template(self, name: str) -> Path:
        return self.templates / name
