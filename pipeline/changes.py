"""What changed between two builds: people added, removed and edited; seats, rooms, cars and tables moved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .model import PERSON_FIELDS

# plan name -> (label, the plan's (person id, assignment) pairs)
ASSIGNMENTS = {
    "seating": ("座位", lambda plan: ((pid, seat.label) for pid, seat in plan.seat_of.items())),
    "rooms": ("房間", lambda plan: plan.room_of.items()),
    "transport": ("接站車輛", lambda plan: plan.car_of.items()),
    "banquet": ("宴會桌次", lambda plan: plan.table_of.items()),
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def prepare(ctx) -> None:
    """Make the plans the change report reads (cheap: a few hundredths of a second at 3,000 people)."""
    for name in ASSIGNMENTS:
        try:
            ctx.plan(name)
        except ImportError:
            pass


_DATED = ("arrival_time", "return_time", "checkin", "checkout")  # Person attributes that hold a date or a time


def snapshot(meeting, ctx) -> dict:
    """Each person's fields and assignments: what the next build compares against.

    {"columns": [column, ...], "people": {id: row}, "assign": {what: {id: text}}, "typed": True}:
    rows as tuples, half the size of a dict per person (the next build reads it before it can start).
    A row holds a date or a time as text (marshal keeps neither) and the rest as it is: numbers,
    是/否 as booleans, empty cells as None; compare() makes text of what it reports.
    """
    from operator import attrgetter

    base = [(col, attr) for col, attr in PERSON_FIELDS.items() if col != "編號"]
    extra = list(dict.fromkeys(k for p in meeting.people if p.extra for k in p.extra))
    fields_of = attrgetter(*(attr for _, attr in base))
    dated = [i for i, (_, attr) in enumerate(base) if attr in _DATED]
    dates_of = attrgetter(*(base[i][1] for i in dated))
    texts: dict = {}  # a date or time as text, once per value: arrival times repeat

    people = {}
    for p in meeting.people:
        row = fields_of(p)
        if any(dates_of(p)):
            row = list(row)
            for i in dated:
                value = row[i]
                if value is not None:
                    found = texts.get(value)
                    if found is None:
                        found = texts[value] = _text(value)
                    row[i] = found
            row = tuple(row)
        if extra:
            row += tuple(_text(p.extra.get(k)) for k in extra)
        people[p.id] = row
    assign: dict[str, dict[str, str]] = {}
    for name, (label, pairs) in ASSIGNMENTS.items():
        try:
            plan = ctx.plan(name)
        except ImportError:
            continue
        assign[label] = {pid: value if value.__class__ is str else _text(value)
                         for pid, value in pairs(plan) if pid in people and value is not None and value != ""}
    return {"columns": [col for col, _ in base] + extra, "people": people, "assign": assign, "typed": True}


def _as_text(row: tuple) -> tuple:
    return tuple(v if v.__class__ is str else _text(v) for v in row)


def _rows(snap: dict) -> tuple[list, dict, dict]:
    """(columns, {id: row tuple}, {what: {id: text}}), also from the snapshot of an earlier version
    (a dict of fields per person, a dict of assignments per person)."""
    if "columns" in snap:
        return snap["columns"], snap["people"], snap.get("assign", {})
    people = snap.get("people", {})
    columns = list(dict.fromkeys(col for fields in people.values() for col in fields))
    assign: dict[str, dict[str, str]] = {}
    for pid, items in snap.get("assign", {}).items():
        for what, value in items.items():
            assign.setdefault(what, {})[pid] = value
    return columns, {pid: tuple(f.get(c, "") for c in columns) for pid, f in people.items()}, assign


@dataclass
class Changes:
    added: list[tuple[str, str, str]] = field(default_factory=list)  # (id, name, unit)
    removed: list[tuple[str, str, str]] = field(default_factory=list)
    edited: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # (id, name, field, old, new)
    moved: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # (id, name, what, old, new)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.edited or self.moved)

    def summary(self, t) -> str:
        """Two lines for the console, fixed wording through `t` (the meeting's script)."""
        counts = {}
        for _, _, what, _, _ in self.moved:
            counts[what] = counts.get(what, 0) + 1
        people = {pid for pid, *_ in self.edited}
        line = t("人員：新增 {a} 人，刪除 {r} 人，修改 {e} 人").format(a=len(self.added), r=len(self.removed), e=len(people))
        moved = "，".join(f"{t(what)}{t('變動')} {n}" for what, n in counts.items())
        return line + (t("；") + moved if moved else "") + t("。")


def compare(old: dict, new: dict) -> Changes:
    out = Changes()
    old_cols, old_people, old_assign = _rows(old)
    new_cols, new_people, new_assign = _rows(new)
    # equal rows are passed over in one step; the rest are compared as the text the report shows
    # (earlier versions kept every value as text)
    same_columns = old_cols == new_cols
    name_at = new_cols.index("姓名") if "姓名" in new_cols else None
    for pid, row in new_people.items():
        old_row = old_people.get(pid)
        if same_columns and old_row == row:  # nearly everyone, after one change
            continue
        fields = dict(zip(new_cols, _as_text(row)))
        if old_row is None:
            out.added.append((pid, fields.get("姓名", ""), fields.get("單位", "")))
            continue
        before = dict(zip(old_cols, _as_text(old_row)))
        for col in new_cols:
            if before.get(col, "") != fields[col]:
                out.edited.append((pid, fields.get("姓名", ""), col, before.get(col, ""), fields[col]))
    for pid, row in old_people.items():
        if pid not in new_people:
            fields = dict(zip(old_cols, _as_text(row)))
            out.removed.append((pid, fields.get("姓名", ""), fields.get("單位", "")))
    empty: dict = {}
    # only what moved at all is looked at person by person (after a deputy: seats, not cars)
    whats = [w for w in sorted(set(old_assign) | set(new_assign)) if old_assign.get(w, empty) != new_assign.get(w, empty)]
    for pid in new_people:
        if pid not in old_people:
            continue
        for what in whats:
            before, now = old_assign.get(what, empty).get(pid, ""), new_assign.get(what, empty).get(pid, "")
            if before != now:
                name = _text(new_people[pid][name_at]) if name_at is not None else ""
                out.moved.append((pid, name, what, before, now))
    return out


def workbook_bytes(changes: Changes, ctx) -> bytes:
    """變更說明.xlsx: one sheet of people's changes, one of moved seats, rooms, cars and tables."""
    from .render import _xlsxfast

    footer = ctx.t("第 &P 頁，共 &N 頁")
    people = _xlsxfast.Sheet(ctx.t("人員變動"), [8, 10, 12, 12, 28, 28], footer=footer)
    people.title(ctx.meeting.name + ctx.t("變更說明"))
    rows = [[ctx.t("新增"), pid, name, ctx.t("單位"), "", unit] for pid, name, unit in changes.added]
    rows += [[ctx.t("刪除"), pid, name, ctx.t("單位"), unit, ""] for pid, name, unit in changes.removed]
    rows += [[ctx.t("修改"), pid, name, ctx.t(col), old, new] for pid, name, col, old, new in changes.edited]
    people.table([ctx.t(h) for h in ("變動", "編號", "姓名", "項目", "原來", "現在")], rows, "ccnlll")
    moved = _xlsxfast.Sheet(ctx.t("安排變動"), [10, 12, 12, 28, 28], footer=footer)
    moved.table([ctx.t(h) for h in ("編號", "姓名", "項目", "原來", "現在")],
                [[pid, name, ctx.t(what), old, new] for pid, name, what, old, new in changes.moved], "cnlll")
    return _xlsxfast.workbook([people, moved], ctx.meeting.name + ctx.t("變更說明"), ctx.author)
