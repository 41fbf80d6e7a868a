"""Name order for every list: 原順序, 姓氏筆畫 or 職級, as the 會議 sheet says."""

from __future__ import annotations

from ..model import Meeting, Person

_CATEGORY_ORDER = {"出席": 0, "列席": 1, "特邀": 2, "工作人員": 3}


def order_people(meeting: Meeting, people, by: str | None = None) -> list[Person]:
    """People in `by` order (default: the meeting's 名單排序); ties keep the list order."""
    mode = by or meeting.setting("名單排序", "原順序")
    people = sorted(people, key=lambda p: p.seq)
    if mode == "職級":
        return sorted(people, key=lambda p: p.rank_key)
    if mode == "姓氏筆畫":
        from ..strokes import sort_by

        return sort_by(people, lambda p: p.name, as_written=meeting.setting("筆畫依據") == "原字")
    return people


def by_category(people) -> list[Person]:
    """出席 before 列席 before 特邀 before 工作人員, order within each kept."""
    return sorted(people, key=lambda p: _CATEGORY_ORDER.get(p.category, 9))


def check(meeting: Meeting, report) -> None:
    """Nothing to check: every order is defined for every list."""
