"""Pickup and drop-off groups, cars for each run, and cars for 參觀: a pure function of the meeting.

Grouping uses fixed clock slots of 接站時間窗 minutes per station and day
(15:00–15:59, 16:00–16:59 … for 60), so a person's group depends only on
their own station and time: when one flight changes, that person moves and
nobody else does. Cars are handed out in order of run start; a car is busy
from leaving the hotel until it is back (the station's trip time both
ways), so it is never in two places at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from ..model import Meeting, Person
from ..text import halfwidth, to_simplified
from . import per_meeting

DEFAULT_TRIP = 60  # minutes hotel <-> station when 站點行程 does not name the station
DEFAULT_WINDOW = 60
# Drop-offs reach the station this long before the first departure of the group.
LEAD = {"飛機": 90}
DEFAULT_LEAD = 45
VISIT_HOURS = 2  # a 參觀 row without an end time keeps its cars this long
PICKUP, DROPOFF, VISIT = "接站", "送站", "參觀"
TRANSFER_USE = "接送站"
MEETING_USE = "會議用車"


@dataclass(frozen=True)
class Car:
    """One row of the 車輛 sheet."""

    number: int
    plate: str = ""
    model: str = ""
    seats: int = 0
    driver: str = ""
    phone: str = ""
    use: str = TRANSFER_USE
    row: int = 0


@dataclass(frozen=True)
class CarRun:
    """One car on one job: from leaving the hotel (start) to being back (end)."""

    car: int
    plate: str
    driver: str
    driver_phone: str
    start: dt.datetime
    end: dt.datetime
    passengers: tuple[Person, ...]
    kind: str = PICKUP  # 接站 | 送站 | 參觀
    job: str = ""  # the group id or visit id
    place: str = ""  # station or visit place
    seats: int = 0
    model: str = ""


@dataclass(frozen=True)
class Group:
    """People arriving (or leaving) at one station within one time slot, with their cars."""

    id: str
    kind: str  # 接站 | 送站
    station: str
    time: dt.datetime  # first arrival / first departure
    last: dt.datetime  # last arrival / last departure
    slot: dt.datetime  # the slot's start (the id's time)
    window: int  # minutes
    trip: int  # minutes hotel <-> station
    leave: dt.datetime  # when the cars leave the hotel
    at_station: dt.datetime  # when the cars are at the station
    people: tuple[Person, ...]
    cars: tuple[CarRun, ...] = ()
    greeter: str = ""
    greeter_phone: str = ""

    @property
    def day(self) -> dt.date:
        return self.time.date()

    @property
    def seated(self) -> int:
        return sum(len(r.passengers) for r in self.cars)

    @property
    def unseated(self) -> tuple[Person, ...]:
        riding = {p.id for r in self.cars for p in r.passengers}
        return tuple(p for p in self.people if p.id not in riding)


@dataclass(frozen=True)
class Visit:
    """A 參觀 row of the agenda and the cars that take everyone there."""

    id: str
    start: dt.datetime
    end: dt.datetime
    content: str
    place: str
    people: tuple[Person, ...]
    cars: tuple[CarRun, ...] = ()
    row: int = 0

    @property
    def seated(self) -> int:
        return sum(len(r.passengers) for r in self.cars)


@dataclass(frozen=True)
class Shortage:
    """A job that got fewer seats than people."""

    job: str
    kind: str
    place: str
    time: dt.datetime
    people: int
    seats: int
    cars: int


@dataclass(frozen=True)
class TransportPlan:
    pickups: list[Group]
    dropoffs: list[Group]
    visits: list[Visit] = field(default_factory=list)
    cars: list[Car] = field(default_factory=list)
    car_of: dict[str, int] = field(default_factory=dict)  # pickups: person id -> car number
    dropoff_car_of: dict[str, int] = field(default_factory=dict)
    runs_by_car: dict[int, list[CarRun]] = field(default_factory=dict)
    trips: dict[str, int] = field(default_factory=dict)  # station -> minutes, as configured
    missing_stations: dict[str, Person] = field(default_factory=dict)  # station -> first person naming it
    shortages: list[Shortage] = field(default_factory=list)

    def groups(self) -> list[Group]:
        return self.pickups + self.dropoffs


# -- settings ------------------------------------------------------------------------

_PAIR_SPLIT = re.compile(r"[,，;；、\n]+")
_KV = re.compile(r"^\s*(.+?)\s*[:：=]\s*(\d+)\s*(?:分鐘|分钟|分|min)?\s*$")


def parse_trips(text: str | None) -> tuple[dict[str, int], list[str]]:
    """'高鐵站:40,機場:60' -> ({'高鐵站': 40, '機場': 60}, unreadable parts)."""
    trips: dict[str, int] = {}
    bad: list[str] = []
    for part in _PAIR_SPLIT.split(halfwidth(str(text or "")).replace(" ", "")):
        if not part:
            continue
        m = _KV.match(part)
        if m:
            trips[m.group(1)] = int(m.group(2))
        else:
            bad.append(part)
    return trips, bad


def _station_key(name: str) -> str:
    return to_simplified(halfwidth(name).replace(" ", "")).replace("臺", "台")


def _trip_lookup(meeting: Meeting) -> tuple[dict[str, int], dict[str, int]]:
    trips, _ = parse_trips(meeting.setting("站點行程"))
    return trips, {_station_key(k): v for k, v in trips.items()}


def window_minutes(meeting: Meeting) -> int:
    window = meeting.setting("接站時間窗", DEFAULT_WINDOW)
    try:
        window = int(window)
    except (TypeError, ValueError):
        window = DEFAULT_WINDOW
    return min(max(window, 1), 24 * 60) if window > 0 else DEFAULT_WINDOW


def read_cars(meeting: Meeting) -> list[Car]:
    """Cars in number order; a repeated 車號 keeps its first row (check reports the rest)."""
    cars: dict[int, Car] = {}
    for r in meeting.table("車輛"):
        number = r.get("車號")
        if number is None or number in cars:
            continue
        cars[number] = Car(number, r.get("車牌", ""), r.get("車型", ""), max(0, r.get("座位數", 0) or 0),
                           r.get("司機", ""), r.get("司機電話", ""), r.get("用途", TRANSFER_USE) or TRANSFER_USE, r.row)
    return [cars[k] for k in sorted(cars)]


def _staff(meeting: Meeting, word: str) -> list[tuple[str, str]]:
    return [(r.get("姓名", ""), r.get("手機", "")) for r in meeting.table("工作人員")
            if r.get("姓名") and word in to_simplified(r.get("崗位", ""))]


def day_label(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _attending(p: Person) -> bool:
    return p.attendance != "請假"


# -- grouping ------------------------------------------------------------------------

def _slot(when: dt.datetime, window: int) -> dt.datetime:
    midnight = when.replace(hour=0, minute=0, second=0, microsecond=0)
    minutes = when.hour * 60 + when.minute
    return midnight + dt.timedelta(minutes=minutes // window * window)


def _group(people: list[Person], kind: str, window: int, trips: dict[str, int], keyed: dict[str, int],
           missing: dict[str, Person]) -> list[Group]:
    time_of = (lambda p: p.arrival_time) if kind == PICKUP else (lambda p: p.return_time)
    station_of = (lambda p: p.arrival_station) if kind == PICKUP else (lambda p: p.return_station)
    buckets: dict[tuple, list[Person]] = {}
    for p in people:
        when, station = time_of(p), station_of(p)
        if when is None or not station:
            continue  # normalize already reports the missing time or station
        buckets.setdefault((_slot(when, window), station), []).append(p)
    groups = []
    prefix = "接" if kind == PICKUP else "送"
    for (slot, station), members in buckets.items():
        members.sort(key=lambda p: (time_of(p), p.rank_key))
        trip = trips.get(station, keyed.get(_station_key(station)))
        if trip is None:
            trip = DEFAULT_TRIP
            first = min(members, key=lambda p: p.row)
            if station not in missing or first.row < missing[station].row:
                missing[station] = first
        first, last = time_of(members[0]), time_of(members[-1])
        if kind == PICKUP:
            at_station = first
        else:
            lead = max(LEAD.get(p.return_mode, DEFAULT_LEAD) for p in members)
            at_station = first - dt.timedelta(minutes=lead)
        gid = f"{prefix}-{day_label(slot.date())}-{station}-{slot:%H:%M}"
        groups.append(Group(gid, kind, station, first, last, slot, window, trip,
                            at_station - dt.timedelta(minutes=trip), at_station, tuple(members)))
    return groups


def _run_end(g: Group) -> dt.datetime:
    # pickups wait at the station for the last arrival; drop-offs unload and come straight back
    back_from = g.last if g.kind == PICKUP else g.at_station
    return back_from + dt.timedelta(minutes=g.trip)


# -- cars ----------------------------------------------------------------------------

def _choose(free: list[Car], need: int) -> list[Car]:
    """Few cars, little waste: the smallest car that takes everyone left, else the largest free one."""
    pool = [c for c in free if c.seats > 0]
    chosen: list[Car] = []
    while need > 0 and pool:
        fits = [c for c in pool if c.seats >= need]
        car = min(fits, key=lambda c: (c.seats, c.number)) if fits else max(pool, key=lambda c: (c.seats, -c.number))
        chosen.append(car)
        pool.remove(car)
        need -= car.seats
    return sorted(chosen, key=lambda c: c.number)


def _runs(cars: list[Car], people: tuple[Person, ...], start, end, kind, job, place) -> tuple[CarRun, ...]:
    out, i = [], 0
    for car in cars:
        riders = people[i:i + car.seats]
        i += len(riders)
        out.append(CarRun(car.number, car.plate, car.driver, car.phone, start, end, tuple(riders), kind, job, place,
                          car.seats, car.model))
    return tuple(out)


def _visits(meeting: Meeting, everyone: list[Person]) -> list[tuple]:
    rows = []
    default_day = meeting.start.date() if meeting.start else None
    for r in meeting.table("議程"):
        content = r.get("內容", "")
        if "參觀" not in content and "参观" not in content:
            continue
        day = r.get("日期") or default_day
        begin = r.get("開始時間")
        if day is None or begin is None:
            continue
        start = dt.datetime.combine(day, begin)
        finish = r.get("結束時間")
        end = dt.datetime.combine(day, finish) if finish else start + dt.timedelta(hours=VISIT_HOURS)
        if end <= start:
            end = start + dt.timedelta(hours=VISIT_HOURS)
        rows.append((start, end, content, r.get("地點", ""), tuple(everyone), r.row))
    return rows


def _greeter(pool, busy, g: Group, end: dt.datetime) -> tuple[str, str]:
    """A free staff member, preferring one already working at this station, then the least busy."""
    best = None
    for i, (name, phone) in enumerate(pool):
        jobs = busy.setdefault(name, [])
        clash = any(s < end and g.leave < e and not (st == g.station and k == g.kind) for st, k, s, e in jobs)
        if clash:
            continue
        here = any(st == g.station and k == g.kind for st, k, _, _ in jobs)
        key = (not here, len(jobs), i)
        if best is None or key < best[0]:
            best = (key, name, phone)
    if best is None:
        return "", ""
    busy[best[1]].append((g.station, g.kind, g.leave, end))
    return best[1], best[2]


def build_plan(meeting: Meeting) -> TransportPlan:
    """Group, then hand out cars and greeters job by job in the order the cars leave."""
    window = window_minutes(meeting)
    trips, keyed = _trip_lookup(meeting)
    cars = read_cars(meeting)
    missing: dict[str, Person] = {}
    present = [p for p in meeting.people if _attending(p)]
    pickups = _group([p for p in present if p.pickup], PICKUP, window, trips, keyed, missing)
    dropoffs = _group([p for p in present if p.dropoff], DROPOFF, window, trips, keyed, missing)
    visitors = sorted((p for p in present if p.seated), key=lambda p: p.rank_key)
    visits = _visits(meeting, visitors)

    # every job in order of its cars leaving; a car is free once its last job is back
    jobs = [(g.leave, 0, g.id, g) for g in pickups + dropoffs]
    visit_ids: list[str] = []
    for v in visits:
        base = f"參觀-{day_label(v[0].date())}-{v[0]:%H:%M}"
        visit_ids.append(base if base not in visit_ids else f"{base}-{len(visit_ids) + 1}")
    jobs += [(v[0], 1, vid, v) for v, vid in zip(visits, visit_ids)]
    jobs.sort(key=lambda j: (j[0], j[1], j[2]))
    free_at: dict[int, dt.datetime] = {}
    greeters = {PICKUP: _staff(meeting, "接站"), DROPOFF: _staff(meeting, "送站") or _staff(meeting, "接站")}
    greeter_busy: dict[str, list] = {}
    done_groups: dict[str, Group] = {}
    done_visits: list[Visit] = []
    shortages: list[Shortage] = []
    transfer = [c for c in cars if c.use == TRANSFER_USE]
    visit_pools = ([c for c in cars if c.use == VISIT], [c for c in cars if c.use == MEETING_USE], transfer)
    for start, is_visit, job_id, job in jobs:
        if is_visit:
            v_start, v_end, content, place, people, row = job
            chosen: list[Car] = []
            for pool in visit_pools:
                free = [c for c in pool if free_at.get(c.number, v_start) <= v_start]
                chosen += _choose(free, len(people) - sum(c.seats for c in chosen))
            chosen.sort(key=lambda c: c.number)
            runs = _runs(chosen, people, v_start, v_end, VISIT, job_id, place)
            for c in chosen:
                free_at[c.number] = v_end
            visit = Visit(job_id, v_start, v_end, content, place, people, runs, row)
            done_visits.append(visit)
            if cars and visit.seated < len(people):
                shortages.append(Shortage(job_id, VISIT, place, v_start, len(people), visit.seated, len(chosen)))
            continue
        g: Group = job
        end = _run_end(g)
        free = [c for c in transfer if free_at.get(c.number, start) <= start]
        chosen = _choose(free, len(g.people))
        for c in chosen:
            free_at[c.number] = end
        runs = _runs(chosen, g.people, g.leave, end, g.kind, g.id, g.station)
        name, phone = _greeter(greeters[g.kind], greeter_busy, g, end)
        g = replace(g, cars=runs, greeter=name, greeter_phone=phone)
        done_groups[g.id] = g
        if cars and g.seated < len(g.people):
            shortages.append(Shortage(g.id, g.kind, g.station, g.time, len(g.people), g.seated, len(chosen)))

    def in_order(groups):
        return sorted((done_groups[g.id] for g in groups), key=lambda g: (g.time, g.station, g.id))

    pickups, dropoffs = in_order(pickups), in_order(dropoffs)
    runs_by_car: dict[int, list[CarRun]] = {c.number: [] for c in cars}
    for holder in [*pickups, *dropoffs, *done_visits]:
        for run in holder.cars:
            runs_by_car[run.car].append(run)
    for runs in runs_by_car.values():
        runs.sort(key=lambda r: (r.start, r.job))
    car_of = {p.id: r.car for g in pickups for r in g.cars for p in r.passengers}
    dropoff_car_of = {p.id: r.car for g in dropoffs for r in g.cars for p in r.passengers}
    return TransportPlan(pickups, dropoffs, sorted(done_visits, key=lambda v: v.start), cars, car_of, dropoff_car_of,
                         runs_by_car, trips, missing, shortages)


plan = per_meeting(build_plan)


# -- checks --------------------------------------------------------------------------

def _when(value: dt.datetime) -> str:
    return f"{value.month}月{value.day}日{value:%H:%M}"


def check(meeting: Meeting, report) -> None:
    """Repeated 車號, unreadable 站點行程, stations without a trip time, jobs with too few seats."""
    seen: dict[int, int] = {}
    for r in meeting.table("車輛"):
        number = r.get("車號")
        if number is None:
            continue
        if number in seen:
            report.error("duplicate_car", "車輛", r.row, "車號", number,
                         "車號{n}與第{other}行重複。每輛車的車號必須不同，請重新編號。", n=number, other=seen[number])
        else:
            seen[number] = r.row
        if not r.get("座位數"):
            report.warning("car_no_seats", "車輛", r.row, "座位數", r.get("座位數"),
                           "{n}號車的座位數為空或為0，不會安排乘客。請填寫乘客座位數（不含司機）。", n=number)
    _, bad = parse_trips(meeting.setting("站點行程"))
    for part in bad:
        report.warning("bad_trip_setting", "會議", None, "站點行程", part,
                       "「站點行程」中的「{part}」看不懂。請寫成「站點:分鐘」，多個站點用逗號分開，如「高鐵站:40,機場:60」。",
                       part=part)
    p = plan(meeting)
    for station, person in sorted(p.missing_stations.items(), key=lambda kv: kv[1].row):
        column = "到達站點" if person.pickup and person.arrival_station == station else "返程站點"
        report.warning("station_no_trip", "參會人員", person.row, column, station,
                       "站點「{station}」沒有寫在「會議」表的「站點行程」中，已按{d}分鐘計算車程。"
                       "請在「站點行程」中加上「{station}:分鐘數」。", station=station, d=DEFAULT_TRIP)
    for s in p.shortages:
        what = {PICKUP: "接站", DROPOFF: "送站", VISIT: "參觀"}[s.kind]
        fix = ("請在「車輛」表增加用途為「參觀」的車輛。" if s.kind == VISIT else
               "請在「車輛」表增加接送站車輛，或調整「接站時間窗」。")
        report.warning("cars_too_few", "車輛", None, "座位數", s.job,
                       "{when}{place}{what}共{n}人，當時空閒的車輛只有{c}輛、{seats}個座位，{short}人未派車。{fix}",
                       when=_when(s.time), place=s.place, what=what, n=s.people, c=s.cars, seats=s.seats,
                       short=s.people - s.seats, fix=fix)
