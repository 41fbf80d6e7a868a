"""會務 workflows: each meeting type's steps, read from TOML files staff can open and edit.

The packaged flows live in pipeline/flows/ (one file per meeting type; 通用.toml
serves the types without a flow of their own in the standard workflow). An
office adds or replaces flows with its own *.toml files in the folder named by
the 會議 setting 流程文件夾 (a relative path is taken from the folder huiwu is
run in); a file there replaces the packaged flow of every type it lists.
Files whose names start with "_" are not flows: _roles.toml says which 崗位
stands in for a role nobody on the 工作人員 sheet holds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser from PyPI
    import tomli as tomllib

from .i18n import Msg
from .text import to_simplified, to_traditional

FLOWS_DIR = Path(__file__).resolve().parent / "flows"
SETTING = "流程文件夾"
GENERAL = "通用"  # the file stem of the general flow
ROLES_FILE = "_roles.toml"
STAGES = ("會前準備", "會中", "會後")
ALL_STAFF = "全體工作人員"  # an owner meaning everyone on the 工作人員 sheet

# Document kinds a step may use, with the title shown in the task sheet (traditional script).
DOC_TITLES = {
    "registration": "會議代表登記表", "name_plates": "桌簽", "seat_chart": "座次圖", "seat_list": "座次表",
    "banquet_chart": "宴會座次圖", "pickup": "接站安排表", "dropoff": "送站安排表", "pickup_signs": "接站牌",
    "vehicles": "車輛安排表", "rooms": "房間分配表", "door_labels": "房門貼", "meals": "就餐安排表",
    "meal_tickets": "餐券", "badges": "出席證", "sign_in": "簽到表", "notice": "會議通知",
    "unit_notices": "各單位通知", "handbook": "會務手冊", "minutes": "會議紀要", "distribution": "紀要分送單",
    "tasks": "會務工作分派表", "calendar": "會務日程", "checklist": "會前檢查單",
}

_UNITS = {"d": "days", "天": "days", "h": "hours", "小時": "hours", "min": "minutes", "分鐘": "minutes",
          "m": "minutes"}
_DUE = re.compile(r"^(start|end|開始|結束)?\s*(?:([+-])\s*(\d+(?:\.\d+)?)\s*(d|天|h|小時|min|分鐘|m))?$")
_EVERY = re.compile(r"^(\d+)\s*(?:[-–—~～]\s*(\d+))?\s*(min|分鐘|m)$")


class FlowError(Exception):
    """A flow file that cannot be used; `msg` says which file, where, and how to fix it."""

    def __init__(self, path: Path | str, msg: Msg):
        super().__init__(msg.text())
        self.path = Path(path)
        self.msg = msg


@dataclass(frozen=True)
class Due:
    """When a step must be done: an offset from the meeting's start or end, or during the meeting."""

    anchor: str  # start | end | during
    offset: dt.timedelta = dt.timedelta(0)
    every: str = ""  # during steps that repeat: "15-20" (minutes)

    def at(self, start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
        """(begin, deadline): the same moment for a deadline; the meeting's span for a during step."""
        if self.anchor == "during":
            return start, end
        # wall-clock arithmetic in the meeting's zone: -2d is the same clock time two days earlier
        moment = (start if self.anchor == "start" else end) + self.offset
        return moment, moment

    @property
    def every_text(self) -> str:
        return f"每{self.every.replace('-', '–')}分鐘" if self.every else ""


@dataclass(frozen=True)
class Step:
    """One step of a flow, as written in its file."""

    id: str
    stage: str
    text: str
    owners: tuple[str, ...]
    due: Due | None
    default: bool  # the time is huiwu's suggestion, not the standard workflow's
    docs: tuple[str, ...]
    index: int  # position in the file

    @property
    def short(self) -> str:
        """The text without its parenthesised details: a calendar event's title."""
        return short_text(self.text)


@dataclass(frozen=True)
class Flow:
    name: str  # file stem
    title: str
    types: tuple[str, ...]
    steps: tuple[Step, ...]
    path: Path
    office: bool = False


def short_text(text: str) -> str:
    """會場布置（會標製作、…（…）…） -> 會場布置: every bracketed detail dropped, nested ones too."""
    out = text
    while True:
        shorter = re.sub(r"[（(][^（）()]*[）)]", "", out)
        if shorter == out:
            return out.strip() or text
        out = shorter


def parse_due(text: str, every: str = "") -> Due | None:
    """'-2d' (before the start), '+24h' (after the end), 'end-10min', 'start', 'during'; '' = no time."""
    text = (text or "").strip().replace("－", "-").replace("＋", "+")
    if not text:
        return None
    if text in ("during", "會中", "会中"):
        every = (every or "").strip()
        if every:
            m = _EVERY.match(every)
            if not m:
                raise ValueError(every)
            every = m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")
        return Due("during", every=every)
    m = _DUE.match(text)
    if not m or not (m.group(1) or m.group(2)):
        raise ValueError(text)
    anchor, sign, amount, unit = m.groups()
    if anchor:
        anchor = "start" if anchor in ("start", "開始") else "end"
    else:
        # a bare offset: before the meeting counts from its start, after it from its end
        anchor = "start" if sign == "-" else "end"
    delta = dt.timedelta(**{_UNITS[unit]: float(amount)}) if sign else dt.timedelta(0)
    return Due(anchor, -delta if sign == "-" else delta)


def _trad(text: str) -> str:
    return to_traditional(text.strip())


def _parse_toml(text: str) -> dict:
    """tomllib.loads, kept in the cache by the text's digest: parsing every flow file costs 50 ms a build."""
    import hashlib

    from . import cache

    key = "toml-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    data = cache.get(key)
    if not isinstance(data, dict):
        data = tomllib.loads(text)
        cache.put(key, data)
    return data


def load_file(path: Path, office: bool = False) -> Flow:
    """One flow file; raises FlowError naming the file, the step and what to change."""
    from .schema import MEETING_TYPES

    name = path.name
    try:
        data = _parse_toml(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise FlowError(path, Msg("流程文件「{name}」無法讀取（{why}）。請確認它是 UTF-8 編碼的文本文件。",
                                  name=name, why=str(exc))) from None
    except tomllib.TOMLDecodeError as exc:
        raise FlowError(path, Msg("流程文件「{name}」格式有誤：{why}。請對照內置流程文件的寫法修改。",
                                  name=name, why=str(exc))) from None
    types = data.get("types") or []
    if isinstance(types, str):
        types = [types]
    types = tuple(_trad(t) for t in types)
    bad = [t for t in types if t not in MEETING_TYPES]
    if not types or bad:
        raise FlowError(path, Msg("流程文件「{name}」的 types 應列出它適用的會議類型（{known}），現在是「{bad}」。",
                                  name=name, known="、".join(MEETING_TYPES), bad="、".join(bad) or "空白"))
    steps = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("step") or [], start=1):
        steps.append(_step(path, i, raw, seen))
    if not steps:
        raise FlowError(path, Msg("流程文件「{name}」沒有任何步驟。每一步寫成一個 [[step]] 段。", name=name))
    return Flow(path.stem, str(data.get("title") or path.stem), types, tuple(steps), path, office)


def _step(path: Path, i: int, raw: dict, seen: set[str]) -> Step:
    name = path.name

    def fail(what: str, **params):
        raise FlowError(path, Msg("流程文件「{name}」第{i}步：" + what, name=name, i=i, **params))

    if not isinstance(raw, dict):
        fail("應寫成 [[step]] 段。")
    text = str(raw.get("text") or "").strip()
    if not text:
        fail("缺少 text（任務內容）。")
    sid = str(raw.get("id") or "").strip() or f"step{i}"
    if sid in seen:
        fail("id「{sid}」與前面的步驟重複。每一步的 id 要不同。", sid=sid)
    seen.add(sid)
    stage = _trad(str(raw.get("stage") or ""))
    if stage not in STAGES:
        fail("stage 應為「會前準備」「會中」或「會後」之一，現在是「{v}」。", v=raw.get("stage") or "空白")
    owners = raw.get("owner") or []
    if isinstance(owners, str):
        owners = re.split(r"[、，,/]", owners)
    owners = tuple(str(o).strip() for o in owners if str(o).strip())
    if not owners:
        fail("缺少 owner（責任崗位），如 owner = [\"秘書\"]。")
    try:
        due = parse_due(str(raw.get("due") or ""), str(raw.get("every") or ""))
    except ValueError as exc:
        fail("時限「{v}」無法識別。請寫成 -2d（開始前2天）、-2h、-10min、+24h（結束後24小時）、"
             "end-10min（結束前10分鐘）或 during（會議進行中，可加 every = \"15-20min\"）。", v=str(exc))
    docs = raw.get("docs") or []
    if isinstance(docs, str):
        docs = [docs]
    unknown = [d for d in docs if d not in DOC_TITLES]
    if unknown:
        fail("docs 中的「{bad}」不是 huiwu 的文件種類。可用的有：{known}。", bad="、".join(unknown),
             known="、".join(DOC_TITLES))
    return Step(sid, stage, text, owners, due, bool(raw.get("default", False)), tuple(docs), i)


def office_dir(meeting) -> Path | None:
    """The office's own flow folder from the 會議 setting 流程文件夾, if one is named."""
    value = meeting.setting(SETTING) or meeting.extra_settings.get(SETTING) or ""
    value = str(value).strip()
    return Path(value).expanduser() if value else None


def office_files(meeting) -> list[Path]:
    """The office's own flow and role files: a change to any of them rebuilds the workflow documents."""
    folder = office_dir(meeting)
    return sorted(folder.glob("*.toml")) if folder and folder.is_dir() else []


def _flow_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.toml") if not p.name.startswith("_"))


def load_flows(extra: Path | None = None) -> dict[str, Flow]:
    """Meeting type -> flow: the packaged ones, replaced type by type by the office's own files."""
    by_type: dict[str, Flow] = {}
    for path in _flow_files(FLOWS_DIR):
        flow = load_file(path)
        for t in flow.types:
            by_type[t] = flow
    if extra is not None:
        if not extra.is_dir():
            raise FlowError(extra, Msg("流程文件夾「{p}」不存在。請在「會議」表的「流程文件夾」填寫存放 .toml 流程文件的文件夾，"
                                       "或清空此項使用內置流程。", p=str(extra)))
        for path in _flow_files(extra):
            flow = load_file(path, office=True)
            for t in flow.types:
                by_type[t] = flow
    return by_type


def load_roles(extra: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Role -> the 崗位 that stand in for it, in order (the packaged _roles.toml, then the office's)."""
    out: dict[str, tuple[str, ...]] = {}
    for folder in (FLOWS_DIR, extra):
        path = folder / ROLES_FILE if folder else None
        if path is None or not path.exists():
            continue
        try:
            data = _parse_toml(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise FlowError(path, Msg("崗位文件「{name}」格式有誤：{why}。", name=path.name, why=str(exc))) from None
        for role, stand_ins in (data.get("fallback") or {}).items():
            if isinstance(stand_ins, str):
                stand_ins = [stand_ins]
            out[str(role).strip()] = tuple(str(s).strip() for s in stand_ins)
    return out


def same_role(a: str, b: str) -> bool:
    """崗位 compare equal across scripts (秘書 / 秘书)."""
    return to_simplified(a.strip()) == to_simplified(b.strip())
