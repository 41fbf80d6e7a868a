"""Rooms for everyone who stays: a pure function of the meeting.

單間 for whoever asks or ranks at or above 單間職級; 標間 shared only by the
same gender, filled first with colleagues of one unit, then by nearest rank;
a fixed 房號 is kept and holds only the people fixed to it. A room is booked
night by night, so one room can serve different people on different nights.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..model import Meeting, Person
from . import per_meeting

SINGLE, TWIN = "單間", "標間"
UNKNOWN_NIGHT = dt.date.min  # a lodger whose dates cannot be worked out at all


@dataclass(frozen=True)
class RoomSpec:
    """One row of the 房間 sheet."""

    hotel: str
    number: str
    type: str
    floor: int | None
    beds: int
    note: str
    row: int

    @property
    def sort_key(self) -> tuple:
        return (self.hotel, natural_key(self.number))


@dataclass(frozen=True)
class Room:
    """An occupied room, with everyone who sleeps in it over the meeting."""

    number: str
    hotel: str
    type: str
    floor: int | None
    beds: int
    note: str
    occupants: tuple[Person, ...]
    nights: tuple[dt.date, ...]
    key: str  # the room number, or hotel + number where two hotels share a number
    fixed: bool = False
    row: int = 0


@dataclass(frozen=True)
class Shortage:
    """Per 房型 and night: what was needed, what the sheet has, and who is left without a room."""

    type: str
    night: dt.date
    rooms_needed: int
    people: int
    rooms: int
    beds: int
    short: int


@dataclass(frozen=True)
class RoomPlan:
    rooms: list[Room]
    room_of: dict[str, str]  # person id -> room number
    room_by_person: dict[str, Room] = field(default_factory=dict)
    stays: dict[str, tuple[dt.date, dt.date]] = field(default_factory=dict)  # person id -> (in, out)
    wanted: dict[str, str] = field(default_factory=dict)  # person id -> 單間 | 標間
    lodgers: tuple[Person, ...] = ()
    unhoused: tuple[Person, ...] = ()
    available: tuple[RoomSpec, ...] = ()
    shortages: tuple[Shortage, ...] = ()
    downgraded: tuple[Person, ...] = ()  # wanted 單間, sleep alone in a 標間
    alone_no_gender: tuple[Person, ...] = ()
    bad_fixed: tuple[tuple[str, Person, str], ...] = ()  # (code, person, detail)

    def nights(self) -> list[dt.date]:
        return sorted({n for s in self.stays.values() for n in nights_between(*s)})


def fingerprint(rp: RoomPlan) -> tuple:
    """Every decision of the plan, people by 編號: equal fingerprints, equal rooming documents.

    People's printed fields are declared by the kinds themselves; this covers what the
    plan derived from the rest (nights from arrival and return times, who shares a room).
    """
    def ids(people) -> tuple:
        return tuple(p.id for p in people)

    # dates as day numbers and rows as tuples: the fingerprint is digested through repr, which takes
    # 2 µs for a date and runs a dataclass's own Python __repr__ (2,000 rooms, 6,000 stay dates)
    def days(dates) -> tuple:
        return tuple(d.toordinal() for d in dates)

    return (
        [(r.key, r.number, r.hotel, r.type, r.floor, r.beds, r.note, ids(r.occupants), days(r.nights), r.fixed,
          r.row) for r in rp.rooms],
        sorted((pid, days(stay)) for pid, stay in rp.stays.items()), sorted(rp.wanted.items()), ids(rp.lodgers),
        ids(rp.unhoused), [(s.hotel, s.number, s.type, s.floor, s.beds, s.note, s.row) for s in rp.available],
        [(s.type, s.night.toordinal(), s.rooms_needed, s.people, s.rooms, s.beds, s.short) for s in rp.shortages],
        ids(rp.downgraded), ids(rp.alone_no_gender),
        [(c, p.id, d) for c, p, d in rp.bad_fixed],
    )


def natural_key(text: str) -> tuple:
    """'1002' after '902'; letters compare as text."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", text or ""))


def nights_between(checkin: dt.date, checkout: dt.date) -> tuple[dt.date, ...]:
    if checkin == UNKNOWN_NIGHT:
        return (UNKNOWN_NIGHT,)
    days = (checkout - checkin).days
    return tuple(checkin + dt.timedelta(days=i) for i in range(max(days, 1)))


def _date(value) -> dt.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def stay_of(meeting: Meeting, p: Person) -> tuple[dt.date, dt.date]:
    """(入住, 離店): as written, else from the person's travel, else from the meeting's dates."""
    start, end = _date(meeting.start), _date(meeting.end)
    checkin = p.checkin or _date(p.arrival_time) or _date(meeting.setting("報到時間")) or start
    if checkin is None:
        return UNKNOWN_NIGHT, UNKNOWN_NIGHT
    checkout = p.checkout
    if checkout is None:
        for candidate in (_date(p.return_time), end):
            if candidate and candidate > checkin:
                checkout = candidate
                break
        else:
            checkout = checkin + dt.timedelta(days=1)
    return checkin, checkout


def read_rooms(meeting: Meeting) -> list[RoomSpec]:
    out, seen = [], set()
    for r in meeting.table("房間"):
        number = str(r.get("房號", "")).strip()
        if not number or (r.get("酒店", ""), number) in seen:
            continue
        seen.add((r.get("酒店", ""), number))
        kind = r.get("房型") or TWIN
        beds = r.get("床位數") or (1 if kind == SINGLE else 2)
        out.append(RoomSpec(r.get("酒店", ""), number, kind, r.get("樓層"), max(1, beds), r.get("備註", ""), r.row))
    return out


def wants_single(meeting: Meeting, p: Person) -> bool:
    limit = meeting.setting("單間職級")
    return p.room_type == SINGLE or (limit is not None and p.rank is not None and p.rank <= limit)


class _Ledger:
    """Which nights each room is taken; first fit in sheet order, remembering where each search stopped."""

    def __init__(self, specs: list[RoomSpec]):
        self.specs = specs
        self.used: list[set] = [set() for _ in specs]
        self.by_type = {SINGLE: [], TWIN: []}
        for i, s in enumerate(specs):
            self.by_type.setdefault(s.type, []).append(i)
        self._from: dict[tuple, int] = {}

    def find(self, kind: str, nights: frozenset, size: int) -> int | None:
        # rooms only fill up, so a room unusable for (kind, nights, size) stays unusable
        key = (kind, nights, size)
        order = self.by_type.get(kind, [])
        i = self._from.get(key, 0)
        while i < len(order):
            r = order[i]
            if self.specs[r].beds >= size and not (self.used[r] & nights):
                self._from[key] = i
                return r
            i += 1
        self._from[key] = i
        return None

    def take(self, r: int, nights) -> None:
        self.used[r] |= set(nights)


def _parties(people: list[Person], size: int, nights_of, unit_rank) -> list[list[Person]]:
    """Room-sized parties: whole rooms of one unit (same nights) first, then nearest rank."""
    levels = [lambda p: (nights_of[p.id], unit_rank(p.unit)), lambda p: nights_of[p.id], lambda p: 0]
    pending = sorted(people, key=lambda p: p.rank_key)
    parties = []
    for level, key_of in enumerate(levels):
        last = level == len(levels) - 1
        buckets: dict = {}
        for p in pending:
            buckets.setdefault(key_of(p), []).append(p)
        pending = []
        for key in sorted(buckets, key=lambda k: (min(m.rank_key for m in buckets[k]))):
            members = buckets[key]
            full = len(members) if last else len(members) // size * size
            parties += [members[i:i + size] for i in range(0, full, size)]
            pending += members[full:]
        pending.sort(key=lambda p: p.rank_key)
    return parties


def build_plan(meeting: Meeting) -> RoomPlan:
    specs = read_rooms(meeting)
    lodgers = tuple(p for p in meeting.people if p.lodging and p.attendance != "請假")
    stays = {p.id: stay_of(meeting, p) for p in lodgers}
    nights_of = {pid: frozenset(nights_between(*s)) for pid, s in stays.items()}
    wanted = {p.id: SINGLE if wants_single(meeting, p) else TWIN for p in lodgers}
    if not specs or not lodgers:
        return RoomPlan([], {}, {}, stays, wanted, lodgers, (), tuple(specs))
    ledger = _Ledger(specs)
    by_number: dict[str, list[int]] = {}
    for i, s in enumerate(specs):
        by_number.setdefault(s.number, []).append(i)
    placed: dict[int, list[Person]] = {}
    fixed_rooms: set[int] = set()
    bad: list[tuple[str, Person, str]] = []

    # fixed rooms first: they hold only the people fixed to them
    free_people = []
    for p in lodgers:
        hits = by_number.get(str(p.room_no).strip()) if p.room_no else None
        if p.room_no and not hits:
            bad.append(("fixed_room_missing", p, p.room_no))
        if not hits:
            free_people.append(p)
            continue
        placed.setdefault(hits[0], []).append(p)
        fixed_rooms.add(hits[0])
    for r in sorted(fixed_rooms):
        members = placed[r]
        genders = {m.gender for m in members if m.gender}
        if len(genders) > 1:
            bad.append(("fixed_room_mixed", members[-1], specs[r].number))
        for night in sorted(set().union(*(nights_of[m.id] for m in members))):
            if sum(night in nights_of[m.id] for m in members) > specs[r].beds:
                bad.append(("fixed_room_full", members[-1], specs[r].number))
                break
        ledger.take(r, set().union(*(nights_of[m.id] for m in members)))

    unit_order = {u: i for i, u in enumerate(meeting.units)}
    twin_sizes = [s.beds for s in specs if s.type == TWIN]
    size = max(set(twin_sizes), key=lambda b: (twin_sizes.count(b), -b)) if twin_sizes else 2
    singles = sorted((p for p in free_people if wanted[p.id] == SINGLE), key=lambda p: p.rank_key)
    twins = [p for p in free_people if wanted[p.id] == TWIN]
    parties: list[tuple[str, list[Person]]] = [(SINGLE, [p]) for p in singles]
    no_gender = [p for p in twins if p.gender not in ("男", "女")]
    for gender in ("男", "女"):
        same = [p for p in twins if p.gender == gender]
        parties += [(TWIN, party) for party in _parties(same, size, nights_of, lambda u: unit_order.get(u, 10**6))]
    parties += [(TWIN, [p]) for p in no_gender]
    parties.sort(key=lambda tp: (tp[0] != SINGLE, min(p.rank_key for p in tp[1])))

    unhoused, downgraded = [], []

    def place(kind: str, party: list[Person]) -> bool:
        nights = frozenset().union(*(nights_of[p.id] for p in party))
        other = TWIN if kind == SINGLE else SINGLE
        for k in (kind, other):
            r = ledger.find(k, nights, len(party))
            if r is not None:
                ledger.take(r, nights)
                placed.setdefault(r, []).extend(party)
                if kind == SINGLE and k == TWIN:
                    downgraded.extend(party)
                return True
        return False

    for kind, party in parties:
        if place(kind, party):
            continue
        for p in party if len(party) > 1 else ():
            if not place(kind, [p]):
                unhoused.append(p)
        if len(party) == 1:
            unhoused.append(party[0])

    numbers = [s.number for s in specs]
    dup_numbers = {n for n in numbers if numbers.count(n) > 1} if len(set(numbers)) < len(numbers) else set()
    rooms = []
    for r, members in placed.items():
        s = specs[r]
        members = sorted(members, key=lambda p: p.rank_key)
        nights = tuple(sorted(set().union(*(nights_of[m.id] for m in members))))
        key = f"{s.hotel}{s.number}" if s.number in dup_numbers else s.number
        rooms.append(Room(s.number, s.hotel, s.type, s.floor, s.beds, s.note, tuple(members), nights, key,
                          r in fixed_rooms, s.row))
    rooms.sort(key=lambda room: (room.hotel, natural_key(room.number)))
    room_by_person = {p.id: room for room in rooms for p in room.occupants}
    shortages = _shortages(specs, lodgers, wanted, nights_of, parties, unhoused)
    return RoomPlan(rooms, {pid: room.number for pid, room in room_by_person.items()}, room_by_person, stays, wanted,
                    lodgers, tuple(unhoused), tuple(specs), shortages, tuple(downgraded), tuple(no_gender), tuple(bad))


def _shortages(specs, lodgers, wanted, nights_of, parties, unhoused) -> tuple[Shortage, ...]:
    if not unhoused:
        return ()
    rooms = {k: sum(1 for s in specs if s.type == k) for k in (SINGLE, TWIN)}
    beds = {k: sum(s.beds for s in specs if s.type == k) for k in (SINGLE, TWIN)}
    out = []
    missing = {}
    for p in unhoused:
        for night in nights_of[p.id]:
            missing[(wanted[p.id], night)] = missing.get((wanted[p.id], night), 0) + 1
    for (kind, night), short in sorted(missing.items(), key=lambda kv: (kv[0][1], kv[0][0] != SINGLE)):
        people = sum(1 for p in lodgers if wanted[p.id] == kind and night in nights_of[p.id])
        needed = sum(1 for k, party in parties if k == kind and any(night in nights_of[p.id] for p in party))
        out.append(Shortage(kind, night, needed, people, rooms.get(kind, 0), beds.get(kind, 0), short))
    return tuple(out)


plan = per_meeting(build_plan)


def night_label(night: dt.date) -> str:
    return "" if night == UNKNOWN_NIGHT else f"{night.month}月{night.day}日"


def check(meeting: Meeting, report) -> None:
    """Repeated rooms, fixed 房號 that are missing, mixed or over full, and too few rooms or beds."""
    if not meeting.table("房間"):
        return
    seen: dict[tuple, int] = {}
    for r in meeting.table("房間"):
        key = (r.get("酒店", ""), str(r.get("房號", "")).strip())
        if not key[1]:
            continue
        if key in seen:
            report.error("duplicate_room", "房間", r.row, "房號", key[1],
                         "房號「{n}」與第{other}行重複。同一酒店的房號只能寫一次。", n=key[1], other=seen[key])
        seen.setdefault(key, r.row)
    p = plan(meeting)
    for code, person, detail in p.bad_fixed:
        if code == "fixed_room_missing":
            report.error(code, "參會人員", person.row, "房號", detail,
                         "指定的房號「{n}」不在「房間」表中。請核對房號，或在「房間」表加上這個房間。", n=detail)
        elif code == "fixed_room_mixed":
            report.error(code, "參會人員", person.row, "房號", detail,
                         "房間「{n}」指定了不同性別的人員合住。請為其中一方改填其他房號或留空。", n=detail)
        else:
            report.error(code, "參會人員", person.row, "房號", detail,
                         "房間「{n}」指定的人數超過床位數。請改填其他房號，或在「房間」表核對床位數。", n=detail)
    for s in p.shortages:
        report.error("rooms_too_few", "房間", None, "房型", s.type,
                     "{date}{type}不夠：需要{need}間（{people}人），「房間」表共有{type}{rooms}間、{beds}個床位，"
                     "還有{short}人沒有房間。請在「房間」表增加{type}，或核對入住、離店日期。",
                     date=night_label(s.night), type=s.type, need=s.rooms_needed, people=s.people, rooms=s.rooms,
                     beds=s.beds, short=s.short)
    if p.downgraded:
        per_night: dict[dt.date, int] = {}
        for person in p.downgraded:
            for night in nights_between(*p.stays[person.id]):
                per_night[night] = per_night.get(night, 0) + 1
        singles = sum(1 for s in p.available if s.type == SINGLE)
        for night, count in sorted(per_night.items()):
            need = sum(1 for x in p.lodgers if p.wanted[x.id] == SINGLE and night in nights_between(*p.stays[x.id]))
            report.warning("singles_too_few", "房間", None, "房型", SINGLE,
                           "{date}需要單間{need}間，「房間」表只有單間{have}間，{n}人已改為標間單住。如需單間請在「房間」表增加。",
                           date=night_label(night), need=need, have=singles, n=count)
    for person in p.alone_no_gender:
        if person.id in p.room_of:
            report.warning("no_gender_alone", "參會人員", person.row, "性別", None,
                           "住標間但沒有填寫性別，無法安排合住，已單獨安排一間。請填寫性別。")
