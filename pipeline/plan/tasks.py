"""The office's plan for this meeting: its flow's steps with absolute deadlines and the people who do them.

Deadlines are wall-clock times in Asia/Shanghai: the workbook's 開始時間 and
結束時間 are read as Beijing time, "-2d" is the same clock time two days
before the start, "+24h" twenty-four hours after the end. A missing 結束時間
counts as the start. A suggested (default = true) deadline a day or more from
the meeting that lands on a Saturday or Sunday moves to the Friday before, or
after the meeting to the Monday after; the seed's own times never move.

A step's documents are "lacking" when their kind would print nothing for this
meeting, decided from plain facts of the workbook (see `available_docs`); a
step all of whose documents are lacking is kept in the plan but marked not
applicable.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .. import flow as flows
from ..flow import ALL_STAFF, Flow, FlowError, Step, same_role
from ..model import Meeting

TZ_NAME = "Asia/Shanghai"
STAFF_SHEET = "工作人員"
MINUTES_TYPES = ("書記會", "常委會", "黨政聯席會")  # the seed gives a default 分送 list for these


@functools.cache
def tz() -> ZoneInfo:
    return ZoneInfo(TZ_NAME)


@dataclass(frozen=True)
class Staff:
    name: str
    roles: tuple[str, ...]  # a cell may hold several 崗位: 秘書、文秘材料小組
    phone: str
    row: int


@dataclass(frozen=True)
class Assignee:
    staff: Staff
    via: str  # the stand-in 崗位 when nobody holds the step's own role, else ""

    @property
    def label(self) -> str:
        return f"{self.staff.name}（{self.via}）" if self.via else self.staff.name


@dataclass(frozen=True)
class Task:
    """One line of the task sheet."""

    seq: int
    step: Step
    assignees: tuple[Assignee, ...]
    begin: dt.datetime | None  # aware; the meeting's start for during steps
    due: dt.datetime | None  # aware; the deadline (the meeting's end for during steps)
    docs: tuple[str, ...]
    lacking: tuple[str, ...]  # docs this meeting does not have

    @property
    def stage(self) -> str:
        return self.step.stage

    @property
    def text(self) -> str:
        return self.step.text

    @property
    def timed(self) -> bool:
        return self.due is not None

    @property
    def during(self) -> bool:
        return self.step.due is not None and self.step.due.anchor == "during"

    @property
    def applicable(self) -> bool:
        """False when every document the step works on is one this meeting does not have."""
        return not self.docs or len(self.lacking) < len(self.docs)


@dataclass(frozen=True)
class TaskPlan:
    flow: Flow | None
    tasks: tuple[Task, ...]
    start: dt.datetime | None  # aware
    end: dt.datetime | None  # aware
    staff: tuple[Staff, ...]
    unstaffed: tuple[str, ...]  # owner roles nobody (nor a stand-in) holds

    @property
    def timed(self) -> list[Task]:
        return [t for t in self.tasks if t.timed]


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A workbook time (naive, Beijing time) as an aware datetime in Asia/Shanghai."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(9, 0))
    return value.replace(tzinfo=tz()) if value.tzinfo is None else value.astimezone(tz())


def staff_of(meeting: Meeting) -> tuple[Staff, ...]:
    import re

    out = []
    for rec in meeting.table(STAFF_SHEET):
        name = rec.get("姓名")
        if not name:
            continue
        roles = tuple(r.strip() for r in re.split(r"[、，,/／;；]", str(rec.get("崗位", ""))) if r.strip())
        out.append(Staff(str(name), roles, str(rec.get("手機", "") or ""), rec.row))
    return tuple(out)


def available_docs(meeting: Meeting) -> set[str]:
    """The document kinds that print something for this meeting, decided from simple facts of the workbook.

    registration, name_plates, badges, sign_in: someone besides staff attends;
    seat_chart, seat_list: and someone sits on the rostrum or 台下排數 is set;
    banquet_chart: a 就餐 row is 桌餐; meals, meal_tickets: the 就餐 sheet has rows;
    pickup, pickup_signs: someone 需接站; dropoff: someone 需送站; vehicles: the 車輛 sheet has rows;
    rooms, door_labels: the 房間 sheet has rows or someone 住宿; unit_notices: someone has a 單位;
    distribution: the 紀要分送 sheet has rows or the type has the seed's default list;
    notice, handbook, minutes, tasks, calendar, checklist: always.
    """
    people = [p for p in meeting.people if p.attendance != "請假"]
    seated = [p for p in people if p.seated]
    have = {"notice", "handbook", "minutes", "tasks", "calendar", "checklist"}
    if seated:
        have |= {"registration", "name_plates", "badges", "sign_in"}
        if any(p.rostrum for p in seated) or meeting.setting("台下排數"):
            have |= {"seat_chart", "seat_list"}
    meals = meeting.table("就餐")
    if meals:
        have |= {"meals", "meal_tickets"}
    if any(r.get("形式") == "桌餐" for r in meals):
        have.add("banquet_chart")
    if any(p.pickup for p in people):
        have |= {"pickup", "pickup_signs"}
    if any(p.dropoff for p in people):
        have.add("dropoff")
    if meeting.table("車輛"):
        have.add("vehicles")
    if meeting.table("房間") or any(p.lodging for p in people):
        have |= {"rooms", "door_labels"}
    if any(p.unit for p in meeting.people):
        have.add("unit_notices")
    if meeting.table("紀要分送") or meeting.setting("會議類型") in MINUTES_TYPES:
        have.add("distribution")
    return have


def flow_for(meeting: Meeting, by_type: dict[str, Flow] | None = None) -> Flow | None:
    """The meeting type's flow; the general flow when the type has none; None when neither exists."""
    if by_type is None:
        by_type = flows.load_flows(flows.office_dir(meeting))
    kind = meeting.setting("會議類型") or "其他"
    if kind in by_type:
        return by_type[kind]
    return next((f for f in by_type.values() if f.name == flows.GENERAL), None)


def _workday(moment: dt.datetime, offset: dt.timedelta) -> dt.datetime:
    """A suggested deadline days away from the meeting that falls on a weekend moves to the Friday before
    (or, after the meeting, the Monday after): offices plan in working days; the seed's own times never move."""
    if abs(offset) < dt.timedelta(days=1) or moment.weekday() < 5:
        return moment
    step = -1 if offset < dt.timedelta(0) else 1
    while moment.weekday() >= 5:
        moment += dt.timedelta(days=step)
    return moment


def _assign(step: Step, staff: tuple[Staff, ...], stand_ins: dict, missing: list[str]) -> tuple[Assignee, ...]:
    out: list[Assignee] = []
    for role in step.owners:
        if same_role(role, ALL_STAFF):
            out += [Assignee(s, "") for s in staff]
            continue
        found = [Assignee(s, "") for s in staff if any(same_role(role, r) for r in s.roles)]
        if not found:
            for alt in stand_ins.get(role, ()):
                found = [Assignee(s, alt) for s in staff if any(same_role(alt, r) for r in s.roles)]
                if found:
                    break
        if not found and role not in missing:
            missing.append(role)
        out += found
    seen: set[str] = set()
    unique = []
    for a in out:  # one line per person even when two of the step's roles are theirs
        if a.staff.name not in seen:
            seen.add(a.staff.name)
            unique.append(a)
    return tuple(unique)


def plan(meeting: Meeting, by_type: dict[str, Flow] | None = None, roles: dict | None = None) -> TaskPlan:
    """The meeting's tasks in order: by stage, then deadline (untimed last), then the flow file's order."""
    folder = flows.office_dir(meeting)
    chosen = flow_for(meeting, by_type)
    stand_ins = flows.load_roles(folder) if roles is None else roles
    start = aware(meeting.start)
    end = aware(meeting.end) or start
    if start is not None and end is not None and end < start:
        end = start
    staff = staff_of(meeting)
    have = available_docs(meeting)
    missing: list[str] = []
    rows = []
    for step in chosen.steps if chosen else ():
        begin = due = None
        if step.due is not None and start is not None:
            begin, due = step.due.at(start, end)
            if step.default and step.due.anchor != "during":
                begin = due = _workday(due, step.due.offset)
        lacking = tuple(d for d in step.docs if d not in have)
        rows.append((step, _assign(step, staff, stand_ins, missing), begin, due, lacking))
    stage_rank = {s: i for i, s in enumerate(flows.STAGES)}
    rows.sort(key=lambda r: (stage_rank[r[0].stage], r[2] is None, r[2] or dt.datetime.min.replace(tzinfo=tz()),
                             r[3] or dt.datetime.min.replace(tzinfo=tz()), r[0].index))
    tasks = tuple(Task(i, step, who, begin, due, step.docs, lacking)
                  for i, (step, who, begin, due, lacking) in enumerate(rows, start=1))
    return TaskPlan(chosen, tasks, start, end, staff, tuple(missing))


def check(meeting: Meeting, report) -> None:
    """Flow files that cannot be read, a type without a flow, no start time, roles nobody holds."""
    folder = flows.office_dir(meeting)
    try:
        by_type = flows.load_flows(folder)
        roles = flows.load_roles(folder)
    except FlowError as exc:
        report.error("bad_flow", "會議", None, flows.SETTING, str(exc.path), exc.msg.template, **exc.msg.params)
        return
    kind = meeting.setting("會議類型") or "其他"
    if kind not in by_type:
        report.warning("no_flow", "會議", None, "會議類型", kind,
                       "會議類型「{kind}」沒有會務流程，分派表按通用流程生成。請在流程文件夾中添加 types 包含「{kind}」的流程文件。",
                       kind=kind)
    if meeting.start is None:
        report.warning("no_start_time", "會議", None, "開始時間", None,
                       "沒有填寫「開始時間」，會務工作分派表和會務日程無法計算完成時限。請在「會議」表填寫開始時間，如 2026-12-18 09:00。")
    elif meeting.end is None:
        report.warning("no_end_time", "會議", None, "結束時間", None,
                       "沒有填寫「結束時間」，會後工作（錄音整理、會議紀要等）的時限按開始時間計算。請在「會議」表填寫結束時間。")
    elif meeting.end < meeting.start:
        report.warning("end_before_start", "會議", None, "結束時間", meeting.end,
                       "「結束時間」早於「開始時間」，會後工作的時限按開始時間計算。請檢查這兩項。")
    result = plan(meeting, by_type, roles)
    if not result.staff:
        if result.tasks:
            report.warning("no_staff", STAFF_SHEET, None, "崗位", None,
                           "「工作人員」表沒有人員，會務工作分派表的責任人將空白。請在「工作人員」表填寫姓名和崗位（如 秘書、文書、公務員、打字員、副主任）。")
        return
    for role in result.unstaffed:
        steps = [t.step.short for t in result.tasks if role in t.step.owners]
        report.warning("role_unstaffed", STAFF_SHEET, None, "崗位", role,
                       "會務流程中「{role}」負責的{n}項工作（{first}等）沒有責任人：「工作人員」表中沒有崗位為「{role}」的人員。"
                       "請添加，或在一人的崗位中寫上多個崗位（如 秘書、{role}）。",
                       role=role, n=len(steps), first=steps[0] if steps else "")
