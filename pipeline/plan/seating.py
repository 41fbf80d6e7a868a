"""Rostrum (主席台) and hall (台下) seats by protocol: who sits where, and the plate order.

Rostrum (conventions §1): people whose 主席台 column holds a row number, row 1
at the front. Within a row people go by 職級序號 (ties: list order) and take
seats 1, 2, 3… where seat numbers are precedence numbers: seat 1 is the
centre, seat 2 on #1's left hand under 左為上 (the audience's right), seat 3
on #1's right hand, alternating outward; 右為上 is the mirror image. A row
with more seats than people leaves its outermost seats empty, so #1 stays in
the centre. Seats come from 會場.主席台每排座位數 (one number for every row, or
one per row; a row not listed has as many seats as people).

Hall (台下): rows 1… front to back, seats left to right as seen from the
audience. Seat numbers are the positions (台下座號 = 順序) or the odd-even
numbering halls use (單雙號): 1 just right of the centre as seen from the
audience, odd numbers rightward, 2 just left of it, even numbers leftward.
People fill the grid front to back and left to right, skipping 預留排 rows,
aisles (過道: an aisle after these positions) and fixed seats: 出席 before
列席 before 特邀, then unit blocks in the standing unit order (台下排序 =
按單位, people in a block by 職級序號 then list order) or the meeting's
名單排序 (按名單). A unit block that fits in one section between aisles is
never split across an aisle: it moves on to the next section with room.
When that leaves too few seats, blocks are allowed to split instead.

Fixed seats (sheet 座次: 編號 or 姓名, 區域, 排, 座) win over everything; 座
is the rostrum's precedence number or the hall's seat number. 工作人員 are
not seated in the hall, nor people whose 出席情況 is 請假.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..i18n import t
from ..model import Meeting, Person
from . import per_meeting
from .order import by_category, order_people

ROSTRUM = "主席台"
HALL = "台下"
BANQUET = "宴會"
LEFT_HIGH = "左為上"
RIGHT_HIGH = "右為上"
SEATS_SHEET = "座次"
PEOPLE_SHEET = "參會人員"
VENUE_SHEET = "會場"
DEFAULT_HALL_WIDTH = 20  # seats per hall row when 會場 does not say


@dataclass(frozen=True)
class Seat:
    """One seat: where it is and how staff call it.

    area      主席台 | 台下
    row       1 = the front row
    number    the number the seat carries (rostrum: precedence, 1 = centre; hall: as the venue numbers it)
    position  1 = leftmost as seen from the audience
    label     short text printed on plates and lists: 主席台第1排3號, 台下5排12座
    section   hall: 0-based block between aisles, left to right; rostrum: 0
    """

    area: str
    row: int
    number: int
    position: int
    label: str
    section: int = 0


@dataclass(frozen=True)
class Conflict:
    """A problem found while planning, with the cell it belongs to (check() turns it into the Report)."""

    severity: str  # error | warning
    code: str
    sheet: str
    row: int | None
    column: str | None
    value: object
    template: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Fixed:
    """A seat fixed by hand in the 座次 sheet."""

    person: Person
    area: str
    row: int | None
    table: int | None
    seat: int
    excel_row: int


@dataclass(frozen=True)
class SeatingPlan:
    """The rostrum and hall plan.

    seat_of   person id -> Seat, for everyone seated
    rostrum   rows front to back; each a list of (Seat, Person | None) left to right seen from the audience
    hall      the same for the hall, every row 1… (reserved rows are all None)
    order     the plate order: rostrum row by row left to right, then the hall front to back, left to right
    aisles    hall positions after which an aisle runs
    reserved  hall rows kept empty
    blocks    hall unit blocks in fill order: (unit, category, [Person])
    unseated  people who should sit in the hall but found no seat
    conflicts problems for check()
    """

    seat_of: dict
    rostrum: list
    hall: list
    order: list
    aisles: tuple = ()
    reserved: tuple = ()
    blocks: list = field(default_factory=list)
    unseated: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    convention: str = LEFT_HIGH
    numbering: str = "順序"


# -- seat numbering ------------------------------------------------------------------

def rostrum_position(rank: int, n: int, convention: str = LEFT_HIGH) -> int:
    """0-based position from the audience's left of precedence seat `rank` (1…n) in a row of n seats.

    左為上 (conventions §1): #1 at c = (n-1)//2, even r at c + r/2, odd r at c - (r-1)/2;
    右為上 is the mirror image.
    """
    if not 1 <= rank <= n:
        raise ValueError(f"seat {rank} outside a row of {n}")
    c = (n - 1) // 2
    pos = c + rank // 2 if rank % 2 == 0 else c - (rank - 1) // 2
    return n - 1 - pos if convention == RIGHT_HIGH else pos


def rostrum_sequence(n: int, convention: str = LEFT_HIGH) -> list[int]:
    """Precedence numbers from the audience's left to right: 5 → [5, 3, 1, 2, 4] under 左為上."""
    out = [0] * n
    for rank in range(1, n + 1):
        out[rostrum_position(rank, n, convention)] = rank
    return out


def hall_numbers(n: int, numbering: str = "順序") -> list[int]:
    """Seat numbers of a hall row from the audience's left: 1…n, or 單雙號 (… 4 2 1 3 5 …)."""
    if numbering == "單雙號":
        return rostrum_sequence(n, RIGHT_HIGH)
    return list(range(1, n + 1))


def sections_of(width: int, aisles) -> list[int]:
    """The 0-based section of each position 1…width, a new section after every aisle position."""
    cuts = sorted({a for a in aisles if 0 < a < width})
    out, s = [], 0
    for pos in range(1, width + 1):
        out.append(s)
        if s < len(cuts) and pos == cuts[s]:
            s += 1
    return out


# -- fixed seats (座次 sheet) ----------------------------------------------------------

def _find(meeting: Meeting):
    by_id = {p.id: p for p in meeting.people}
    by_name: dict[str, list[Person]] = {}
    for p in meeting.people:
        by_name.setdefault(p.name, []).append(p)
    return by_id, by_name


def fixed_seats(meeting: Meeting, areas: tuple[str, ...]) -> tuple[list[Fixed], list[Conflict]]:
    """The 座次 rows of these areas, resolved to people; unknown, ambiguous or repeated people are conflicts."""
    s = meeting.script
    sheet = t(SEATS_SHEET, s)
    by_id, by_name = _find(meeting)
    out: list[Fixed] = []
    conflicts: list[Conflict] = []
    seen: dict[str, int] = {}
    for rec in meeting.table(SEATS_SHEET):
        area = rec.get("區域")
        if area not in areas:
            continue
        pid, name = rec.get("編號"), rec.get("姓名")
        person = None
        if pid:
            person = by_id.get(pid)
            if person is None:
                conflicts.append(Conflict("error", "seat_unknown_person", sheet, rec.row, "編號", pid,
                                          "「參會人員」表沒有編號「{pid}」。請核對編號。", {"pid": pid}))
                continue
            if name and person.name != name:
                conflicts.append(Conflict("warning", "seat_name_mismatch", sheet, rec.row, "姓名", name,
                                          "編號「{pid}」是「{real}」，不是「{name}」；按編號排座。請核對。",
                                          {"pid": pid, "real": person.name, "name": name}))
        elif name:
            found = by_name.get(name, [])
            if not found:
                conflicts.append(Conflict("error", "seat_unknown_person", sheet, rec.row, "姓名", name,
                                          "「參會人員」表沒有「{name}」。請核對姓名，或填寫編號。", {"name": name}))
                continue
            if len(found) > 1:
                rows = "、".join(str(p.row) for p in found)
                conflicts.append(Conflict("error", "seat_ambiguous_name", sheet, rec.row, "姓名", name,
                                          "「參會人員」表有{k}個「{name}」（第{rows}行）。請填寫編號以區分。",
                                          {"k": len(found), "name": name, "rows": rows}))
                continue
            person = found[0]
        else:
            conflicts.append(Conflict("error", "seat_no_person", sheet, rec.row, "姓名", None,
                                      "這一行沒有編號也沒有姓名。請填寫其中一項，或刪除這一行。"))
            continue
        if person.attendance == "請假":
            conflicts.append(Conflict("warning", "seat_on_leave", sheet, rec.row, "姓名", person.name,
                                      "「{name}」已請假，指定的座位空出。", {"name": person.name}))
            continue
        if person.id in seen:
            conflicts.append(Conflict("error", "seat_fixed_twice", sheet, rec.row, "姓名", person.name,
                                      "「{name}」在第{first}行已經指定了座位。每人只能指定一個座位，請刪除一行。",
                                      {"name": person.name, "first": seen[person.id]}))
            continue
        seen[person.id] = rec.row
        out.append(Fixed(person, area, rec.get("排"), rec.get("桌"), rec.get("座"), rec.row))
    return out, conflicts


def _clash(s: str, first: Fixed, second: Fixed, where: str) -> Conflict:
    return Conflict("error", "seat_taken_twice", t(SEATS_SHEET, s), second.excel_row, "座", second.seat,
                    "「{a}」（第{ra}行）和「{b}」（第{rb}行）都指定在{where}。請修改其中一行的「排」或「座」。",
                    {"a": first.person.name, "ra": first.excel_row, "b": second.person.name, "rb": second.excel_row,
                     "where": where})


# -- the rostrum ------------------------------------------------------------------------

def _rostrum(meeting: Meeting, fixed: list[Fixed], conflicts: list[Conflict]):
    s = meeting.script
    convention = meeting.setting("座次慣例", LEFT_HIGH)
    fixed_here = [f for f in fixed if f.area == ROSTRUM]
    fixed_ids = {f.person.id for f in fixed}
    members: dict[int, list[Person]] = {}
    for p in meeting.people:
        if p.rostrum and p.attendance != "請假" and p.id not in fixed_ids:
            members.setdefault(p.rostrum, []).append(p)
    pinned: dict[int, list[Fixed]] = {}
    for f in fixed_here:
        pinned.setdefault(f.row or f.person.rostrum or 1, []).append(f)
    used = set(members) | set(pinned)
    count = meeting.setting("主席台排數") or (max(used) if used else 0)
    widths = list(meeting.setting("主席台每排座位數") or [])
    people_sheet = t(PEOPLE_SHEET, s)
    for r in sorted(used):
        if r > count:
            for p in members.get(r, []):
                conflicts.append(Conflict("error", "rostrum_row_outside", people_sheet, p.row, "主席台", r,
                                          "主席台只有{count}排，「{name}」填的是第{r}排。請改排號，或增加「會場」表的「主席台排數」。",
                                          {"count": count, "name": p.name, "r": r}))
            for f in pinned.get(r, []):
                conflicts.append(Conflict("error", "rostrum_row_outside", t(SEATS_SHEET, s), f.excel_row, "排", r,
                                          "主席台只有{count}排，「{name}」指定在第{r}排。請改排號，或增加「會場」表的「主席台排數」。",
                                          {"count": count, "name": f.person.name, "r": r}))
    rows = []
    for r in range(1, count + 1):
        people = sorted(members.get(r, []), key=lambda p: p.rank_key)
        pins = sorted(pinned.get(r, []), key=lambda f: f.excel_row)
        if len(widths) == 1:
            n = widths[0]
        elif r <= len(widths):
            n = widths[r - 1]
        else:
            n = len(people) + len(pins)
        taken: dict[int, Fixed] = {}
        for f in pins:
            if not f.seat or not 1 <= f.seat <= n:
                conflicts.append(Conflict("error", "seat_outside_row", t(SEATS_SHEET, s), f.excel_row, "座", f.seat,
                                          "主席台第{r}排只有{n}個座位（1–{n}號），「{name}」指定的{seat}號不在這一排。請改座號，或修改「會場」表的「主席台每排座位數」。",
                                          {"r": r, "n": n, "name": f.person.name, "seat": f.seat}))
            elif f.seat in taken:
                conflicts.append(_clash(s, taken[f.seat], f, t(f"主席台第{r}排{f.seat}號", s)))
            else:
                taken[f.seat] = f
        by_number: dict[int, Person] = {num: f.person for num, f in taken.items()}
        free = (num for num in range(1, n + 1) if num not in by_number)
        for i, p in enumerate(people):
            num = next(free, None)
            if num is None:
                last = people[i - 1].name if i else (by_number[max(by_number)].name if by_number else "")
                conflicts.append(Conflict("error", "rostrum_full", people_sheet, p.row, "主席台", r,
                                          "主席台第{r}排只有{n}個座位，已排滿（包括「{last}」），「{name}」排不下。請增加「會場」表的「主席台每排座位數」，或把部分人員改到其他排。",
                                          {"r": r, "n": n, "last": last, "name": p.name}))
                continue
            by_number[num] = p
        seq = rostrum_sequence(n, convention)
        rows.append([(Seat(ROSTRUM, r, num, pos, t(f"主席台第{r}排{num}號", s)), by_number.get(num))
                     for pos, num in enumerate(seq, start=1)])
    return rows


# -- the hall ---------------------------------------------------------------------------

def _hall_candidates(meeting: Meeting, seated_ids: set[str]) -> list[Person]:
    return [p for p in meeting.people
            if p.seated and p.attendance != "請假" and p.id not in seated_ids]


def _blocks(meeting: Meeting, people: list[Person]) -> list[tuple[str, str, list[Person]]]:
    """(unit, category, people) in fill order."""
    if meeting.setting("台下排序", "按單位") == "按名單":
        ordered = by_category(order_people(meeting, people))
        blocks: list[tuple[str, str, list[Person]]] = []
        for p in ordered:
            if blocks and blocks[-1][0] == p.unit and blocks[-1][1] == p.category:
                blocks[-1][2].append(p)
            else:
                blocks.append((p.unit, p.category, [p]))
        return blocks
    unit_rank: dict[str, int] = {}
    for i, u in enumerate(meeting.units):
        unit_rank.setdefault(u, i)  # a unit listed twice in 單位排序 keeps its first place
    groups: dict[tuple[str, str], list[Person]] = {}
    for p in by_category(sorted(people, key=lambda p: p.rank_key)):
        groups.setdefault((p.category, p.unit), []).append(p)
    keys = sorted(groups, key=lambda k: (by_category_index(k[0]), unit_rank.get(k[1], len(unit_rank))))
    return [(unit, cat, groups[(cat, unit)]) for cat, unit in keys]


def by_category_index(category: str) -> int:
    return {"出席": 0, "列席": 1, "特邀": 2}.get(category, 3)


def _hall_shape(meeting: Meeting, need: int, fixed_rows: list[int]) -> list[int]:
    """Seats per hall row (index 0 = row 1), from the 會場 settings or just big enough for `need`."""
    rows = meeting.setting("台下排數")
    widths = list(meeting.setting("台下每排座位數") or [])
    reserved = set(meeting.setting("預留排") or [])
    if rows is None and len(widths) > 1:
        rows = len(widths)
    if not widths:
        if rows:
            usable = sum(1 for r in range(1, rows + 1) if r not in reserved) or 1
            widths = [max(1, math.ceil(need / usable))]
        else:
            widths = [max(1, min(DEFAULT_HALL_WIDTH, need))]
    if rows is None:
        rows, cap = 0, 0
        while cap < need:
            rows += 1
            if rows not in reserved:
                cap += widths[min(rows, len(widths)) - 1]
        rows = max([rows, *fixed_rows])
    return [widths[min(r, len(widths)) - 1] for r in range(1, rows + 1)]


def _fill(slots, blocks, strict: bool):
    """Place blocks into the seat stream; returns ({person id: (row, position)}, unseated people)."""
    placed: dict[str, tuple[int, int]] = {}
    unseated: list[Person] = []
    caps = [len(free) for _, free in slots]
    # the largest section at or after each slot, to know whether skipping ahead can keep a block whole
    best_after = caps[:] + [0]
    for i in range(len(caps) - 1, -1, -1):
        best_after[i] = max(caps[i], best_after[i + 1])
    si, off = 0, 0
    for _, _, people in blocks:
        k = len(people)
        if strict and si < len(slots) and k > caps[si] - off and k <= best_after[si + 1]:
            si = next(j for j in range(si + 1, len(slots)) if caps[j] >= k)
            off = 0
        for p in people:
            while si < len(slots) and off >= caps[si]:
                si, off = si + 1, 0
            if si >= len(slots):
                unseated.append(p)
                continue
            row, free = slots[si]
            placed[p.id] = (row, free[off])
            off += 1
    return placed, unseated


def _hall(meeting: Meeting, fixed: list[Fixed], seated_ids: set[str], conflicts: list[Conflict]):
    s = meeting.script
    numbering = meeting.setting("台下座號", "順序")
    aisles = tuple(sorted(set(meeting.setting("過道") or [])))
    reserved = tuple(sorted(set(meeting.setting("預留排") or [])))
    pins = [f for f in fixed if f.area == HALL]
    pinned_ids = {f.person.id for f in pins}
    people = _hall_candidates(meeting, seated_ids | pinned_ids)
    shape = _hall_shape(meeting, len(people) + len(pins), [f.row or 0 for f in pins])
    numbers = [hall_numbers(w, numbering) for w in shape]
    pos_of = [{num: pos for pos, num in enumerate(nums, start=1)} for nums in numbers]
    taken: dict[tuple[int, int], Fixed] = {}
    for f in sorted(pins, key=lambda f: f.excel_row):
        r = f.row
        if not r:
            conflicts.append(Conflict("error", "seat_no_row", t(SEATS_SHEET, s), f.excel_row, "排", None,
                                      "台下座位要填寫排號。請在「排」列填寫「{name}」的排號。", {"name": f.person.name}))
            continue
        if not 1 <= r <= len(shape) or f.seat not in pos_of[r - 1]:
            conflicts.append(Conflict("error", "seat_outside_hall", t(SEATS_SHEET, s), f.excel_row, "座", f.seat,
                                      "台下沒有第{r}排{seat}座（共{rows}排）。「{name}」的座位請改為會場實有的排號和座號。",
                                      {"r": r, "seat": f.seat, "rows": len(shape), "name": f.person.name}))
            continue
        key = (r, pos_of[r - 1][f.seat])
        if key in taken:
            conflicts.append(_clash(s, taken[key], f, t(f"台下{r}排{f.seat}座", s)))
            continue
        taken[key] = f
    slots = []
    for r, width in enumerate(shape, start=1):
        if r in reserved:
            continue
        sec = sections_of(width, aisles)
        for section in range(sec[-1] + 1 if sec else 0):
            free = [pos for pos in range(1, width + 1) if sec[pos - 1] == section and (r, pos) not in taken]
            if free:
                slots.append((r, free))
    blocks = _blocks(meeting, people)
    strict = meeting.setting("台下排序", "按單位") == "按單位"
    placed, unseated = _fill(slots, blocks, strict)
    if unseated and strict:
        placed, unseated = _fill(slots, blocks, strict=False)
    if unseated:
        have = sum(len(free) for _, free in slots)
        conflicts.append(Conflict("error", "hall_too_small", t(VENUE_SHEET, s), None, "台下排數", len(shape),
                                  "台下座位不夠：需要{need}個座位，只有{have}個（已除去預留排和指定座位）。請增加「台下排數」或「台下每排座位數」，或減少「預留排」。",
                                  {"need": len(people), "have": have}))
    who: dict[tuple[int, int], Person] = {key: f.person for key, f in taken.items()}
    by_id = {p.id: p for p in people}
    for pid, key in placed.items():
        who[key] = by_id[pid]
    rows = []
    for r, width in enumerate(shape, start=1):
        sec = sections_of(width, aisles)
        rows.append([(Seat(HALL, r, numbers[r - 1][pos - 1], pos, t(f"台下{r}排{numbers[r - 1][pos - 1]}座", s),
                           sec[pos - 1]), who.get((r, pos)))
                     for pos in range(1, width + 1)])
    return rows, aisles, reserved, blocks, unseated, numbering


@per_meeting
def plan(meeting: Meeting) -> SeatingPlan:
    """Seat the rostrum and the hall (see the module docstring for the rules)."""
    fixed, conflicts = fixed_seats(meeting, (ROSTRUM, HALL))
    rostrum = _rostrum(meeting, fixed, conflicts)
    on_rostrum = {p.id for row in rostrum for _, p in row if p is not None}
    # people who were meant for the rostrum but did not fit are not moved to the hall silently
    meant = {p.id for p in meeting.people if p.rostrum} | {f.person.id for f in fixed if f.area == ROSTRUM}
    hall, aisles, reserved, blocks, unseated, numbering = _hall(meeting, fixed, on_rostrum | meant, conflicts)
    seat_of: dict[str, Seat] = {}
    order: list[Person] = []
    for row in [*rostrum, *hall]:
        for seat, person in row:
            if person is not None and person.id not in seat_of:
                seat_of[person.id] = seat
                order.append(person)
    return SeatingPlan(seat_of=seat_of, rostrum=rostrum, hall=hall, order=order, aisles=aisles, reserved=reserved,
                       blocks=blocks, unseated=unseated, conflicts=conflicts,
                       convention=meeting.setting("座次慣例", LEFT_HIGH), numbering=numbering)


def report_conflicts(conflicts, report) -> None:
    for c in conflicts:
        add = report.error if c.severity == "error" else report.warning
        add(c.code, c.sheet, c.row, c.column, c.value, c.template, **c.params)


def check(meeting: Meeting, report) -> None:
    """Add rostrum and hall conflicts: seats taken twice, outside a row, rows overfull, too few hall seats."""
    report_conflicts(plan(meeting).conflicts, report)
