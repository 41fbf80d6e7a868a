"""The meeting as typed, frozen records: what every planner and renderer reads.

Nothing below this module knows about Excel cells; each record keeps its
Excel row so later checks can still point at the cell.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType

# 參會人員 column -> Person attribute
PERSON_FIELDS = {
    "編號": "id", "單位": "unit", "姓名": "name", "職務": "title", "職級序號": "rank", "性別": "gender",
    "民族": "ethnic", "類別": "category", "手機": "phone", "到達方式": "arrival_mode", "航班車次": "arrival_no",
    "到達時間": "arrival_time", "到達站點": "arrival_station", "需接站": "pickup", "返程方式": "return_mode",
    "返程航班車次": "return_no", "返程時間": "return_time", "返程站點": "return_station", "需送站": "dropoff",
    "住宿": "lodging", "入住日期": "checkin", "離店日期": "checkout", "房型": "room_type", "房號": "room_no",
    "飲食": "diet", "就餐": "meals", "主席台": "rostrum", "出席情況": "attendance", "備註": "note",
}


@dataclass(frozen=True)
class Record:
    """One row of a table sheet: canonical column -> typed value, plus unknown columns as text."""

    sheet: str
    row: int
    values: MappingProxyType
    extra: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def get(self, column: str, default=None):
        value = self.values.get(column)
        return default if value is None or value == "" else value

    def __getitem__(self, column: str):
        return self.values[column]


@dataclass(frozen=True)
class Person:
    """One attendee (or staff member listed in 參會人員)."""

    id: str
    seq: int  # 0-based position in the sheet: the list order
    row: int  # Excel row
    name: str
    unit: str = ""
    title: str = ""
    rank: int | None = None
    gender: str = ""
    ethnic: str = ""
    category: str = "出席"
    phone: str = ""
    arrival_mode: str = ""
    arrival_no: str = ""
    arrival_time: dt.datetime | None = None
    arrival_station: str = ""
    pickup: bool = False
    return_mode: str = ""
    return_no: str = ""
    return_time: dt.datetime | None = None
    return_station: str = ""
    dropoff: bool = False
    lodging: bool = False
    checkin: dt.date | None = None
    checkout: dt.date | None = None
    room_type: str = ""
    room_no: str = ""
    diet: str = ""
    meals: str = ""
    rostrum: int | None = None
    attendance: str = ""
    note: str = ""
    extra: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    @property
    def seated(self) -> bool:
        """Gets a plate and a seat: everyone but 工作人員."""
        return self.category != "工作人員"

    @property
    def rank_key(self) -> tuple:
        return (self.rank if self.rank is not None else 10**6, self.seq)

    def fields(self) -> dict:
        """Chinese column name -> value, extra columns included (what templates see)."""
        out = {col: getattr(self, attr) for col, attr in PERSON_FIELDS.items()}
        out.update(self.extra)
        return out


def make_person(**values) -> Person:
    """Person(**values), filled in directly: a frozen dataclass's __init__ sets its 31 fields one by one
    through object.__setattr__, a tenth of a second for 3,000 people a build."""
    missing = _REQUIRED - values.keys()
    if missing:
        raise TypeError(f"Person needs {', '.join(sorted(missing))}")
    person = object.__new__(Person)
    person.__dict__.update(PERSON_DEFAULTS)
    person.__dict__.update(values)
    return person


_REQUIRED = frozenset(f.name for f in dataclasses.fields(Person)
                      if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
PERSON_DEFAULTS = {f.name: f.default if f.default is not dataclasses.MISSING else f.default_factory()
                    for f in dataclasses.fields(Person) if f.name not in _REQUIRED}


@dataclass(frozen=True)
class Meeting:
    """Everything the workbook says about one meeting."""

    name: str
    stem: str  # the workbook's file stem: the output folder's name
    script: str  # 繁體 | 簡體: the wording of documents and messages
    settings: MappingProxyType  # 會議 and 會場 settings, typed, defaults filled
    people: tuple[Person, ...]
    tables: MappingProxyType  # sheet name -> tuple[Record, ...]
    extra_settings: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def setting(self, name: str, default=None):
        value = self.settings.get(name)
        return default if value is None or value == "" else value

    def table(self, sheet: str) -> tuple[Record, ...]:
        return self.tables.get(sheet, ())

    @property
    def start(self) -> dt.datetime | None:
        return self.setting("開始時間")

    @property
    def end(self) -> dt.datetime | None:
        return self.setting("結束時間")

    @property
    def units(self) -> list[str]:
        """Units in standing order: the 單位排序 sheet first, then order of first appearance."""
        ranked = sorted(self.table("單位排序"), key=lambda r: (r.get("序號", 10**6), r.row))
        order = list(dict.fromkeys(r.get("單位") for r in ranked if r.get("單位")))
        seen = set(order)
        for p in self.people:
            if p.unit and p.unit not in seen:
                seen.add(p.unit)
                order.append(p.unit)
        return order
