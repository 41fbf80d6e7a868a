"""What changed between two builds: people added, removed and edited; seats, rooms, cars and tables moved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .model import PERSON_FIELDS

# plan name -> (label, how to read one person's assignment from the plan)
ASSIGNMENTS = {
    "seating": ("座位", lambda plan, pid: getattr(plan.seat_of.get(pid), "label", None)),
    "rooms": ("房間", lambda plan, pid: plan.room_of.get(pid)),
    "transport": ("接站車輛", lambda plan, pid: plan.car_of.get(pid)),
    "banquet": ("宴會桌次", lambda plan, pid: plan.table_of.get(pid)),
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


def snapshot(meeting, ctx) -> dict:
    """Each person's fields and assignments as text: what the next build compares against."""
    people = {}
    columns = [(col, attr) for col, attr in PERSON_FIELDS.items() if col != "編號"]
    for p in meeting.people:
        values = p.__dict__  # most fields are text already: only the rest go through _text
        fields = {col: v if (v := values[attr]).__class__ is str else "" if v is None else _text(v)
                  for col, attr in columns}
        if p.extra:
            fields.update({k: _text(v) for k, v in p.extra.items()})
        people[p.id] = fields
    assign: dict[str, dict[str, str]] = {pid: {} for pid in people}
    for name, (label, read) in ASSIGNMENTS.items():
        try:
            plan = ctx.plan(name)
        except ImportError:
            continue
        for pid in people:
            value = read(plan, pid)
            if value is not None and value != "":
                assign[pid][label] = value if value.__class__ is str else _text(value)
    return {"people": people, "assign": assign}


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
    old_people, new_people = old.get("people", {}), new.get("people", {})
    for pid, fields in new_people.items():
        if pid not in old_people:
            out.added.append((pid, fields.get("姓名", ""), fields.get("單位", "")))
            continue
        before = old_people[pid]
        if before == fields:  # nearly everyone, after one change: compared in one step
            continue
        for col in fields:
            if before.get(col, "") != fields[col]:
                out.edited.append((pid, fields.get("姓名", ""), col, before.get(col, ""), fields[col]))
    for pid, fields in old_people.items():
        if pid not in new_people:
            out.removed.append((pid, fields.get("姓名", ""), fields.get("單位", "")))
    old_assign, new_assign = old.get("assign", {}), new.get("assign", {})
    for pid, items in new_assign.items():
        if pid not in old_assign:
            continue
        if items == old_assign[pid]:
            continue
        name = new_people.get(pid, {}).get("姓名", "")
        for what in sorted(set(items) | set(old_assign[pid])):
            if items.get(what, "") != old_assign[pid].get(what, ""):
                out.moved.append((pid, name, what, old_assign[pid].get(what, ""), items.get(what, "")))
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
