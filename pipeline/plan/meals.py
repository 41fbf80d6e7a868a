"""Who eats which meal: the 就餐 sheet, each person's 就餐 column, diets and staff.

Everyone in 參會人員 eats every meal unless their 就餐 column names the meals
they eat ("17日晚,18日午", "18日早中", "12月18日午餐", "17日晚至18日午");
people on leave (出席情況 = 請假) eat none. 會務組 staff from the 工作人員
sheet who are not also in 參會人員 eat every meal too and get a 工作證: they
are given stable ids (S + hash of the name) so tickets and badges can be
reprinted one by one like anyone else's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass, field
from types import MappingProxyType

from ..i18n import t
from ..model import Meeting, Person
from ..schema import PEOPLE
from ..text import halfwidth
from . import per_meeting

MEAL_KINDS = ("早餐", "午餐", "晚餐")
DIETS = ("清真", "素食")
_KIND_CHAR = {"早": "早餐", "午": "午餐", "中": "午餐", "晚": "晚餐"}
_ALL = {"全部", "全程", "全", "所有", "全部餐次", "all"}
_NONE = {"不就餐", "無", "无", "否", "不", "none", "-", "—"}
_SPLIT = re.compile(r"[,，、;；\s]+")
_RANGE = re.compile(r"至|到|~|～|—|－")
# [[year-]month-]day[日] [早中午晚...][餐/飯]: every part optional, but a day or a meal is needed
_TOKEN = re.compile(
    r"^(?:(?:(?P<y>\d{4})[年/.\-])?(?P<m>\d{1,2})[月/.\-])?(?:(?P<d>\d{1,2})[日號号]?)?"
    r"(?P<k>[早中午晚]+)?(?:餐|飯|饭)?$")


@dataclass(frozen=True)
class Meal:
    """One row of the 就餐 sheet."""

    key: str  # "2026-12-17晚餐": stable across builds, used in ticket keys
    date: dt.date
    kind: str  # 早餐 | 午餐 | 晚餐
    place: str
    form: str  # 桌餐 | 自助
    per_table: int
    standard: str
    note: str
    row: int

    @property
    def label(self) -> str:
        """12月17日晚餐: how staff name a meal."""
        return f"{self.date.month}月{self.date.day}日{self.kind}"

    @property
    def banquet(self) -> bool:
        return self.form == "桌餐"


@dataclass(frozen=True)
class MealCount:
    """Head counts of one meal."""

    total: int
    halal: int  # 清真
    vegetarian: int  # 素食
    staff: int  # 工作人員 among them

    @property
    def regular(self) -> int:
        return self.total - self.halal - self.vegetarian


@dataclass(frozen=True)
class MealPlan:
    """The meals in time order and who eats each."""

    meals: tuple[Meal, ...]
    people: MappingProxyType  # id -> Person: attendees and 工作人員-sheet staff who eat or wear a badge
    eats: MappingProxyType  # person id -> tuple of meal keys, in time order (only people who eat)
    diners: MappingProxyType  # meal key -> tuple of person ids, attendees in list order, then staff
    staff_ids: tuple[str, ...] = field(default=())  # ids given to 工作人員-sheet staff

    def meal(self, key: str) -> Meal:
        return next(m for m in self.meals if m.key == key)

    def count(self, key: str) -> MealCount:
        ids = self.diners.get(key, ())
        diets = [self.people[i].diet for i in ids]
        staff = sum(1 for i in ids if self.people[i].category == "工作人員")
        return MealCount(len(ids), diets.count("清真"), diets.count("素食"), staff)

    def days(self, person_id: str) -> tuple[dt.date, ...]:
        """The days on which someone eats at least one meal."""
        by_key = {m.key: m for m in self.meals}
        return tuple(sorted({by_key[k].date for k in self.eats.get(person_id, ())}))

    @property
    def dates(self) -> tuple[dt.date, ...]:
        return tuple(sorted({m.date for m in self.meals}))

    @property
    def ticket_count(self) -> int:
        """Tickets when one is printed per person per meal."""
        return sum(len(keys) for keys in self.eats.values())


def estimated_tables(count: MealCount, per_table: int) -> int:
    """Tables a 桌餐 needs when no seating plan exists: 清真 and 素食 at tables of their own."""
    per = max(1, per_table)
    return sum(math.ceil(n / per) for n in (count.regular, count.halal, count.vegetarian))


# -- staff from the 工作人員 sheet ---------------------------------------------------------------


def staff_members(meeting: Meeting) -> list[Person]:
    """工作人員-sheet rows not already in 參會人員 (by name), as Persons of category 工作人員."""
    listed = {p.name for p in meeting.people}
    taken = {p.id for p in meeting.people}
    out = []
    for rec in meeting.table("工作人員"):
        name = rec.get("姓名", "")
        if not name or name in listed:
            continue
        listed.add(name)
        digest = hashlib.sha1(name.encode()).hexdigest().upper()
        pid = next("S" + digest[:n] for n in range(5, 41) if "S" + digest[:n] not in taken)
        taken.add(pid)
        out.append(Person(id=pid, seq=len(meeting.people) + len(out), row=rec.row, name=name, title=rec.get("崗位", ""),
                          category="工作人員", phone=rec.get("手機", "")))
    return out


# -- the 就餐 sheet ---------------------------------------------------------------------------------


def meals_of(meeting: Meeting) -> tuple[Meal, ...]:
    """The 就餐 sheet's meals in time order; a repeated date and 餐次 keeps its first row."""
    default_per = int(meeting.setting("宴會每桌人數", 10) or 10)
    seen: dict[str, Meal] = {}
    for rec in meeting.table("就餐"):
        date, kind = rec.get("日期"), rec.get("餐次")
        if not date or kind not in MEAL_KINDS:
            continue
        key = f"{date.isoformat()}{kind}"
        if key in seen:
            continue
        per = rec.get("每桌人數") or default_per
        seen[key] = Meal(key, date, kind, rec.get("地點", ""), rec.get("形式") or "自助", per if per > 0 else default_per,
                         rec.get("標準", ""), rec.get("備註", ""), rec.row)
    return tuple(sorted(seen.values(), key=lambda m: (m.date, MEAL_KINDS.index(m.kind), m.row)))


# -- the 就餐 column -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    year: int | None
    month: int | None
    day: int | None
    kinds: tuple[str, ...]

    def matches(self, meal: Meal) -> bool:
        d = meal.date
        return ((self.year is None or d.year == self.year) and (self.month is None or d.month == self.month)
                and (self.day is None or d.day == self.day) and (not self.kinds or meal.kind in self.kinds))


def _spec(token: str) -> _Spec | None:
    m = _TOKEN.match(token)
    if not m or not (m.group("d") or m.group("k")):
        return None
    if m.group("m") and not m.group("d"):
        return None  # "12月" alone names no meal
    kinds = tuple(dict.fromkeys(_KIND_CHAR[c] for c in (m.group("k") or "")))
    y, mo, d = (int(m.group(g)) if m.group(g) else None for g in ("y", "m", "d"))
    return _Spec(y, mo, d, kinds)


def parse_meal_list(text: str, meals: tuple[Meal, ...]) -> tuple[tuple[str, ...], list[tuple[str, str]]]:
    """Meal keys named by a 就餐 cell, and the parts that failed as (part, 'bad' | 'missing').

    An empty cell (or 全部) means every meal; 不就餐 means none.
    """
    text = halfwidth(str(text or "")).strip()
    if not text or text.lower() in _ALL:
        return tuple(m.key for m in meals), []
    if text.lower() in _NONE:
        return (), []
    chosen: set[str] = set()
    problems: list[tuple[str, str]] = []
    for token in (p for p in _SPLIT.split(text) if p):
        found = _resolve(token, meals)
        if found is None:
            problems.append((token, "bad"))
        elif not found:
            problems.append((token, "missing"))
        else:
            chosen.update(found)
    return tuple(m.key for m in meals if m.key in chosen), problems


def _resolve(token: str, meals: tuple[Meal, ...]) -> list[str] | None:
    """Keys of the meals a token names: None when it cannot be read, [] when no such meal exists."""
    spec = _spec(token)
    if spec is not None:
        return [m.key for m in meals if spec.matches(m)]
    parts = _RANGE.split(token)
    if len(parts) != 2 and "-" in token:
        parts = token.split("-")  # "17日晚-18日午"; tried last because 2026-12-18 has dashes too
    if len(parts) != 2:
        return None
    first, last = _spec(parts[0]), _spec(parts[1])
    if first is None or last is None:
        return None
    starts = [i for i, m in enumerate(meals) if first.matches(m)]
    ends = [i for i, m in enumerate(meals) if last.matches(m)]
    if not starts or not ends or starts[0] > ends[-1]:
        return []
    return [m.key for m in meals[starts[0]:ends[-1] + 1]]


# -- the plan ------------------------------------------------------------------------------------------


@per_meeting
def plan(meeting: Meeting) -> MealPlan:
    """Every meal and its diners; people on leave eat nothing."""
    meals = meals_of(meeting)
    staff = staff_members(meeting)
    people: dict[str, Person] = {}
    eats: dict[str, tuple[str, ...]] = {}
    for p in (*meeting.people, *staff):
        people[p.id] = p
        if p.attendance == "請假" or not meals:
            continue
        keys, _ = parse_meal_list(p.meals, meals)
        if keys:
            eats[p.id] = keys
    diners = {m.key: [] for m in meals}
    for pid, keys in eats.items():
        for k in keys:
            diners[k].append(pid)
    return MealPlan(meals, MappingProxyType(people), MappingProxyType(eats),
                    MappingProxyType({k: tuple(v) for k, v in diners.items()}), tuple(p.id for p in staff))


def check(meeting: Meeting, report) -> None:
    """Repeated meals, bad table sizes, meals outside the meeting, and 就餐 cells that name no meal."""
    sheet = t("就餐", meeting.script)
    seen: dict[str, int] = {}
    for rec in meeting.table("就餐"):
        date, kind = rec.get("日期"), rec.get("餐次")
        if not date or not kind:
            continue
        key = f"{date.isoformat()}{kind}"
        if key in seen:
            report.error("duplicate_meal", sheet, rec.row, "餐次", kind,
                         "{d}{kind}在第{first}行已經有了。同一天的同一餐只寫一行，請刪除或合併這一行。",
                         d=f"{date.month}月{date.day}日", kind=kind, first=seen[key])
        seen.setdefault(key, rec.row)
        per = rec.get("每桌人數")
        if per is not None and per < 1:
            report.error("bad_table_size", sheet, rec.row, "每桌人數", per,
                         "每桌人數應是正整數，如 10。桌餐請填每桌坐幾人，自助餐可以留空。")
    meals = meals_of(meeting)
    first = meeting.setting("報到時間") or meeting.start
    last = meeting.end or meeting.start
    if meals and first and last:
        for m in meals:
            if not first.date() <= m.date <= last.date():
                report.warning("meal_outside_meeting", sheet, m.row, "日期", m.date.isoformat(),
                               "{label}不在報到日（{a}）到會議結束（{b}）之間。請核對日期。",
                               label=m.label, a=f"{first.month}月{first.day}日", b=f"{last.month}月{last.day}日")
    people_sheet = t(PEOPLE, meeting.script)
    listed = "、".join(m.label for m in meals) or t("（就餐表是空的）", meeting.script)
    for p in meeting.people:
        if not p.meals:
            continue
        if not meals:
            report.warning("meals_without_sheet", people_sheet, p.row, "就餐", p.meals,
                           "填寫了就餐餐次，但「就餐」表沒有任何一餐。請先在「就餐」表列出各餐，或清空這一格。")
            continue
        _, problems = parse_meal_list(p.meals, meals)
        for part, why in problems:
            if why == "bad":
                report.error("bad_meal_list", people_sheet, p.row, "就餐", p.meals,
                             "「{part}」看不懂。請寫成「17日晚,18日午」這樣：日期加早、午或晚，多個餐次用逗號分開；"
                             "空白表示全部餐次，不就餐寫「不就餐」。", part=part)
            else:
                report.error("unknown_meal", people_sheet, p.row, "就餐", p.meals,
                             "「就餐」表中沒有「{part}」這一餐（現有：{meals}）。請核對日期和餐次，或在「就餐」表加上這一餐。",
                             part=part, meals=listed)
