"""Banquet (宴會) tables by protocol: who sits at which table and in which seat (conventions §2).

There is a banquet when the 就餐 sheet has a 桌餐 row; one plan serves every
桌餐 meal. Diners are everyone seated (not 工作人員, not 請假) whose 就餐
column is blank or names one of the 桌餐 meals ("17日晚", "12月18日午餐").
Tables hold 就餐.每桌人數 people (else 會場.宴會每桌人數, default 10).

Tables: table 1 (主桌) takes the highest 職級序號; it is a 清真 table when one
of them eats 清真 (the whole table is served halal; a 素食 diner there keeps
the main table and has the diet marked by the seat). Everyone else sits by
rank at the following tables, except that people whose 飲食 is 清真 or 素食
sit at tables of that diet; a diet table not filled by its own diners is
topped up with the next diners in rank order, so nobody eats alone, and the
regular tables share their diners evenly (23 at 10 a table: 8, 8, 7). Within
a table people take the seats in rank order. Tables come in the rank order of
their first person and are numbered by their place in the hall: the main
table at the top facing the hall, the other tables in rows of COLUMNS below
it, front rows first, within a row nearer the centre first, the main table's right hand (the audience's left
in the chart) before its left under 右為上 (會場.宴會座次慣例; 左為上 mirrors).

Seats: seat 1 faces the door, farthest from it (主人 at the main table);
positions k = 0…n-1 run round the table from seat 1 towards its right hand.
Precedence under 右為上: 主人 (k=0), 主賓 on 主人's right (k=1), 第二主賓 on
主人's left (k=n-1), 副主人 opposite (k=n//2), 第三主賓 on 副主人's right
(k=n//2+1), 第四主賓 on 副主人's left (k=n//2-1), then the other seats by
distance from 主人, right before left. At the main table #1 is 主人 and the
following ranks take these seats in this order; other tables use the same
order with seat numbers (1號…) instead of roles.

Fixed seats: 座次 rows with 區域 = 宴會, 桌 and 座 (the precedence number
above, 1 = 主人's seat) win; the planner fills around them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import t
from ..model import Meeting, Person
from . import per_meeting
from .seating import BANQUET, SEATS_SHEET, Conflict, fixed_seats, report_conflicts

COLUMNS = 4  # tables per row below the main table
ROLES = ("主人", "主賓", "第二主賓", "副主人", "第三主賓", "第四主賓")
DIETS = ("清真", "素食")


@dataclass(frozen=True)
class TableSeat:
    """One seat at a table: its precedence number, its place round the table and its label."""

    number: int  # 1 = the seat facing the door (主人 at the main table)
    index: int  # 0…size-1 round the table from seat 1 towards its right hand
    label: str  # 主人, 主賓… at the main table, else 1號, 2號…
    role: str  # 主人 | 副主人 | 主賓 | 第二主賓… at the main table, else ""
    person: Person | None


@dataclass(frozen=True)
class Table:
    """One table: its number, diet, size, place in the hall and its seats in precedence order.

    seats  [(position label, Person)] for the occupied seats, in precedence order
    slots  every seat as TableSeat, empty ones included, in precedence order
    col    horizontal place: 0 for the main table, negative = the audience's left in the chart
    grid_row  0 for the main table, 1… for the rows below it
    """

    number: int
    diet: str
    size: int
    slots: tuple
    col: float = 0.0
    grid_row: int = 0

    @property
    def main(self) -> bool:
        return self.number == 1

    @property
    def seats(self) -> list[tuple[str, Person]]:
        return [(s.label, s.person) for s in self.slots if s.person is not None]

    @property
    def people(self) -> list[Person]:
        return [s.person for s in self.slots if s.person is not None]


@dataclass(frozen=True)
class BanquetPlan:
    """table_of: person id -> table number; tables in number order; meals: the 桌餐 records."""

    table_of: dict
    tables: list
    meals: tuple = ()
    size: int = 10
    columns: int = COLUMNS
    convention: str = "右為上"
    conflicts: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.tables)


def precedence(size: int, convention: str = "右為上") -> list[tuple[int, str]]:
    """(index round the table, role) for seats 1…size in precedence order."""
    if size <= 0:
        return []
    opp = size // 2
    wanted = [(0, ROLES[0]), (1 % size, ROLES[1]), ((size - 1) % size, ROLES[2]), (opp, ROLES[3]),
              ((opp + 1) % size, ROLES[4]), ((opp - 1) % size, ROLES[5])]
    out: list[tuple[int, str]] = []
    seen: set[int] = set()
    for k, role in wanted:
        if k not in seen:
            seen.add(k)
            out.append((k, role))
    rest = sorted((k for k in range(size) if k not in seen), key=lambda k: (min(k, size - k), k > size / 2))
    out.extend((k, "") for k in rest)
    if convention == "左為上":
        out = [((size - k) % size, role) for k, role in out]
    return out


def banquet_meals(meeting: Meeting) -> tuple:
    return tuple(r for r in meeting.table("就餐") if r.get("形式") == "桌餐")


def _diners_filter(meeting: Meeting):
    """Whether a person eats at least one 桌餐 meal, read from the 就餐 column as the meal plan reads it."""
    from .meals import meals_of, parse_meal_list

    all_meals = meals_of(meeting)
    banquet = {m.key for m in all_meals if m.banquet}

    def dines(person: Person) -> bool:
        keys, _ = parse_meal_list(person.meals or "", all_meals)
        return bool(banquet.intersection(keys))

    return dines


def _table_size(meeting: Meeting, meals) -> int:
    for rec in meals:
        if rec.get("每桌人數"):
            return int(rec.get("每桌人數"))
    return int(meeting.setting("宴會每桌人數", 10) or 10)


def _slots(count: int, columns: int, convention: str) -> list[tuple[int, float]]:
    """(row, column offset) of the tables after the main one, in number order."""
    rows = -(-count // columns) if count else 0
    cells = [(r, c - (columns - 1) / 2) for r in range(1, rows + 1) for c in range(columns)]
    # the main table's right hand is the audience's left (negative offset) under 右為上
    side = 1 if convention == "右為上" else -1
    cells.sort(key=lambda rc: (rc[0], abs(rc[1]), side * rc[1] > 0))
    return cells[:count]


def _diet_of(people) -> str:
    return next((d for d in DIETS if any(p.diet == d for p in people)), "")


def _by_rank(seats: dict[int, Person], pins: dict[int, Person], size: int) -> dict[int, Person]:
    """Everyone not pinned takes the free seats in rank order (top-ups may outrank a diet table's own)."""
    out = dict(pins)
    free = (n for n in range(1, size + 1) if n not in pins)
    for p in sorted((p for n, p in seats.items() if n not in pins), key=lambda p: p.rank_key):
        out[next(free)] = p
    return out


def _balanced(count: int, size: int) -> list[int]:
    """Table sizes that share `count` people evenly: 23 at 10 a table -> 8, 8, 7 rather than 10, 10, 3."""
    tables = -(-count // size)
    return [count // tables + (1 if i < count % tables else 0) for i in range(tables)] if tables else []


def _other_tables(queues: dict[str, list[Person]], pinned: dict[int, dict[int, Person]], size: int):
    """(diet, {seat number: Person}) for tables 2… in the rank order of their first person.

    Regular tables share their people evenly; a diet table takes its diet first and is then topped
    up with the next regular diners, so nobody eats alone at a half-empty table.
    """
    regular = queues[""]
    topups = sum(-(-len(q) // size) * size - len(q) for d, q in queues.items() if d)
    caps = _balanced(max(0, len(regular) - topups), size)
    heads = dict.fromkeys(queues, 0)

    def take(diet: str, seats: dict[int, Person], limit: int) -> None:
        queue = queues[diet]
        for n in range(1, size + 1):
            if len(seats) >= limit or heads[diet] >= len(queue):
                return
            if n not in seats:
                seats[n] = queue[heads[diet]]
                heads[diet] += 1

    out = []
    number, last = 1, max(pinned, default=1)
    while number < last or any(heads[k] < len(q) for k, q in queues.items()):
        number += 1
        seats = dict(pinned.get(number, {}))
        if seats:
            diet = _diet_of(seats.values())
        else:
            waiting = [(q[heads[k]].rank_key, k) for k, q in queues.items() if heads[k] < len(q)]
            diet = min(waiting)[1] if waiting else ""
        limit = size if (diet or seats or not caps) else caps.pop(0)
        take(diet, seats, limit)
        if diet:
            take("", seats, size)
        out.append((diet, seats))
    return out


@per_meeting
def plan(meeting: Meeting) -> BanquetPlan:
    """Tables and seats for the banquet; empty when the 就餐 sheet has no 桌餐 row."""
    meals = banquet_meals(meeting)
    convention = meeting.setting("宴會座次慣例", "右為上")
    if not meals:
        return BanquetPlan({}, [], (), convention=convention)
    s = meeting.script
    size = max(1, _table_size(meeting, meals))
    fixed, conflicts = fixed_seats(meeting, (BANQUET,))
    sheet = t(SEATS_SHEET, s)
    pinned: dict[int, dict[int, Person]] = {}
    first_at: dict[tuple[int, int], object] = {}
    for f in sorted(fixed, key=lambda f: f.excel_row):
        if not f.table or f.table < 1:
            conflicts.append(Conflict("error", "banquet_no_table", sheet, f.excel_row, "桌", f.table,
                                      "宴會座位要填寫桌號（1＝主桌）。請在「桌」列填寫「{name}」的桌號。",
                                      {"name": f.person.name}))
            continue
        if not f.seat or not 1 <= f.seat <= size:
            conflicts.append(Conflict("error", "seat_outside_table", sheet, f.excel_row, "座", f.seat,
                                      "每桌只有{size}個座位（1–{size}號），「{name}」指定的{seat}號不在桌上。請改座號，或修改每桌人數。",
                                      {"size": size, "name": f.person.name, "seat": f.seat}))
            continue
        if (f.table, f.seat) in first_at:
            other = first_at[(f.table, f.seat)]
            conflicts.append(Conflict("error", "seat_taken_twice", sheet, f.excel_row, "座", f.seat,
                                      "「{a}」（第{ra}行）和「{b}」（第{rb}行）都指定在第{tb}桌{seat}號。請修改其中一行的「桌」或「座」。",
                                      {"a": other.person.name, "ra": other.excel_row, "b": f.person.name,
                                       "rb": f.excel_row, "tb": f.table, "seat": f.seat}))
            continue
        first_at[(f.table, f.seat)] = f
        pinned.setdefault(f.table, {})[f.seat] = f.person
    pinned_ids = {p.id for seats in pinned.values() for p in seats.values()}
    dines = _diners_filter(meeting)
    diners = sorted((p for p in meeting.people if p.seated and p.attendance != "請假" and p.id not in pinned_ids
                     and dines(p)), key=lambda p: p.rank_key)
    main_free = size - len(pinned.get(1, {}))
    main = diners[:max(0, main_free)]
    queues: dict[str, list[Person]] = {"": [], "清真": [], "素食": []}
    for p in diners[len(main):]:
        queues[p.diet if p.diet in DIETS else ""].append(p)
    main_seats = dict(pinned.get(1, {}))
    free = (n for n in range(1, size + 1) if n not in main_seats)
    for p in main:
        main_seats[next(free)] = p
    contents = [("清真" if _diet_of(main_seats.values()) == "清真" else "", main_seats)]
    contents += _other_tables(queues, pinned, size)
    order = precedence(size, convention)
    places = [(0, 0.0), *_slots(len(contents) - 1, COLUMNS, convention)]
    tables, table_of = [], {}
    for i, ((diet, seats), (grid_row, col)) in enumerate(zip(contents, places), start=1):
        seats = _by_rank(seats, pinned.get(i, {}), size)
        slots = []
        for n, (k, role) in enumerate(order, start=1):
            role = role if i == 1 else ""
            label = t(role, s) if role else t(f"{n}號", s)
            person = seats.get(n)
            slots.append(TableSeat(n, k, label, role, person))
            if person is not None:
                table_of[person.id] = i
        tables.append(Table(i, diet, size, tuple(slots), col, grid_row))
    for tb in tables:
        if not tb.people:
            conflicts.append(Conflict("warning", "banquet_empty_table", sheet, None, "桌", tb.number,
                                      "第{tb}桌沒有人：指定座位的桌號不連續。請核對「座次」表的桌號。", {"tb": tb.number}))
    return BanquetPlan(table_of, tables, meals, size, COLUMNS, convention, conflicts)


def check(meeting: Meeting, report) -> None:
    """Add banquet conflicts: seats taken twice, seats beyond the table size, missing or empty tables."""
    report_conflicts(plan(meeting).conflicts, report)
