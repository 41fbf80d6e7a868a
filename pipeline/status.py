"""`huiwu status`: what is done, due within 24 hours and overdue, read from a filled-in task sheet.

Staff print 會務工作分派表.xlsx, tick 完成情況 on paper or in a copy of the
file, and this reads the copy back. Deadlines come from the workbook (so a
meeting moved after printing counts from its new time); a line staff added
by hand counts from the 完成時限 written on it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import TRADITIONAL, t
from .text import halfwidth, to_simplified

DONE_MARKS = {"已完成", "完成", "√", "✓", "✔", "☑", "是", "ok", "y", "yes", "done", "辦結", "已辦結", "已辦", "已落實", "落實"}
SKIP_MARKS = {"不適用", "不涉及", "無需", "免", "本次無", "-", "—", "/", "n/a", "na"}
NOT_WORDS = ("未", "不", "没", "否", "×", "✗")  # compared in simplified form: 沒 -> 没
HORIZON = dt.timedelta(hours=24)


class StatusError(Exception):
    """The filled-in sheet or the time given cannot be used; the message says how to fix it."""


@dataclass(frozen=True)
class Item:
    seq: str  # 序號 as on the sheet
    stage: str
    text: str
    people: str
    begin: dt.datetime | None
    due: dt.datetime | None
    mark: str  # 完成情況 as typed
    row: int  # Excel row
    deadline: str  # 完成時限 as printed

    @property
    def short(self) -> str:
        from .flow import short_text

        return short_text(self.text)


@dataclass
class StatusResult:
    meeting: str
    now: dt.datetime
    script: str = TRADITIONAL
    done: list[Item] = field(default_factory=list)
    due: list[Item] = field(default_factory=list)  # not done, deadline within the next 24 hours (or under way)
    overdue: list[Item] = field(default_factory=list)
    later: list[Item] = field(default_factory=list)
    untimed: list[Item] = field(default_factory=list)
    skipped: list[Item] = field(default_factory=list)  # 不適用

    def to_text(self) -> str:
        s = self.script

        def when(moment: dt.datetime) -> str:
            weekday = "一二三四五六日"[moment.weekday()]
            return f"{moment.month}月{moment.day}日 " + t(f"週{weekday}", s) + f" {moment:%H:%M}"

        def late(item: Item) -> str:
            gap = self.now - item.due
            days, hours = gap.days, gap.seconds // 3600
            mins = gap.seconds % 3600 // 60
            text = (f"{days}" + t("天", s) if days else "") + (f"{hours}" + t("小時", s) if hours else "")
            return text or f"{mins}" + t("分鐘", s)

        def line(item: Item, extra: str) -> str:
            who = f" — {item.people}" if item.people else ""
            return f"  {item.seq}. {item.short}{who} — {extra}"

        out = [t("{m} 會務工作完成情況（截至 {now}）", s).format(m=self.meeting, now=f"{self.now.year}年" + when(self.now))]
        out.append(t("已完成 {a} 項，24小時內到期 {b} 項，已逾期 {c} 項，以後到期 {d} 項，未定時限 {e} 項，不適用 {f} 項。", s).format(
            a=len(self.done), b=len(self.due), c=len(self.overdue), d=len(self.later), e=len(self.untimed),
            f=len(self.skipped)))
        if self.overdue:
            out += ["", t("已逾期（{n}）：", s).format(n=len(self.overdue))]
            out += [line(i, t("時限 {d}，已過 {g}", s).format(d=when(i.due), g=late(i))) for i in self.overdue]
        if self.due:
            out += ["", t("24小時內到期（{n}）：", s).format(n=len(self.due))]
            for i in self.due:
                if i.begin is None or i.begin == i.due:
                    extra = t("時限 {d}", s).format(d=when(i.due))
                elif i.begin <= self.now:
                    extra = t("進行中，至 {d}", s).format(d=when(i.due))
                else:
                    extra = t("會中 {d}–{e}", s).format(d=when(i.begin), e=f"{i.due:%H:%M}")
                out.append(line(i, extra))
        if self.done:
            out += ["", t("已完成（{n}）：", s).format(n=len(self.done))]
            out += [line(i, i.mark) for i in self.done]
        if not (self.overdue or self.due):
            out += ["", t("目前沒有逾期或24小時內到期的工作。", s)]
        return "\n".join(out)


def _key(text: str) -> str:
    return re.sub(r"\s+", "", to_simplified(halfwidth(str(text or ""))))


@functools.cache
def _marks(kind: str) -> frozenset[str]:
    return frozenset(_key(m).lower() for m in (DONE_MARKS if kind == "done" else SKIP_MARKS))


def state(mark) -> str:
    """done | skip | open for what staff typed in 完成情況 (either script, full- or half-width)."""
    if isinstance(mark, (dt.date, dt.datetime)):  # the day it was done, typed as a date
        return "done"
    key = _key(mark if mark is not None else "").lower()
    if not key:
        return "open"
    if key in _marks("skip"):
        return "skip"
    if any(w in key for w in NOT_WORDS):
        return "open"
    if key in _marks("done") or key.startswith(("已", "√", "✓", "✔")) or any(w in key for w in ("完成", "落实", "办结")):
        return "done"
    return "open"


def parse_deadline(text: str, year: int | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(begin, deadline) from a printed 完成時限: '12月16日 週三 09:00＊' or '12月18日 週五 09:00–17:30 會中'."""
    from .parse import parse
    from .plan.tasks import aware

    text = halfwidth(str(text or "")).replace("＊", "").replace("*", "")
    text = re.sub(r"[週周][一二三四五六日天]", " ", text)
    text = re.sub(r"每.*$|會中|会中", "", text).strip()
    if not text:
        return None, None
    span = re.match(r"^(.*?)(\d{1,2}:\d{2})\s*[–—~-]\s*(.*\d{1,2}:\d{2})$", text)
    if span:
        day, first, second = span.groups()
        begin, _ = parse("datetime", f"{day} {first}", year=year)
        if re.search(r"[月/-]", second):
            end, _ = parse("datetime", second, year=year)
        else:
            end, _ = parse("datetime", f"{day} {second}", year=year)
        begin, end = aware(begin), aware(end or begin)
        if begin and end and end < begin:  # 12月31日 22:00–1月1日 02:00 runs into the next year
            end = end.replace(year=end.year + 1)
        return begin, end
    moment, _ = parse("datetime", text, year=year)
    return aware(moment), aware(moment)


_HEADERS = {"seq": "序號", "stage": "階段", "text": "任務", "people": "責任人", "deadline": "完成時限", "mark": "完成情況"}


def read_sheet(path: Path) -> list[tuple[int, dict]]:
    """(Excel row, {field: value}) for every task line of the first sheet that has 任務 and 完成情況 columns."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not an xlsx
        raise StatusError(t("無法讀取分派表「{p}」：{e}。請指定 huiwu build 生成的會務工作分派表.xlsx（可以是填好的副本）。",
                            TRADITIONAL).format(p=path, e=exc)) from None
    wanted = {_key(v): k for k, v in _HEADERS.items()}
    try:
        for ws in wb.worksheets:
            columns: dict[str, int] = {}
            out = []
            for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if not columns:
                    found = {wanted[_key(v)]: c for c, v in enumerate(values) if v is not None and _key(v) in wanted}
                    if "text" in found and "mark" in found:
                        columns = found
                    continue
                text = values[columns["text"]] if columns["text"] < len(values) else None
                if text is None or not str(text).strip():
                    continue
                out.append((r, {k: (values[c] if c < len(values) else None) for k, c in columns.items()}))
            if columns:
                return out
    finally:
        wb.close()
    raise StatusError(t("「{p}」中沒有找到有「任務」和「完成情況」兩列的分派表。請指定 huiwu build 生成的會務工作分派表.xlsx。",
                        TRADITIONAL).format(p=path))


def default_sheet(workbook: Path, script: str) -> Path:
    from .build import default_out_dir
    from .render.tasks import FILENAME

    return default_out_dir(workbook) / t(FILENAME, script)


def parse_now(text: str | None) -> dt.datetime | None:
    """The --now option: '2026-12-17 10:00' or 12月17日10點 (Beijing time); None means now."""
    if not text:
        return None
    from .parse import parse
    from .plan.tasks import aware

    value, problem = parse("datetime", text, year=dt.date.today().year)
    if problem or value is None:
        raise StatusError(t("時間「{v}」無法識別。請寫成 2026-12-17 10:00。", TRADITIONAL).format(v=text))
    return aware(value)


def status(workbook_path, filled_sheet_path=None, now: dt.datetime | None = None) -> StatusResult:
    """Sort the filled-in sheet's tasks into done, due within 24 hours, overdue, later, untimed and 不適用."""
    from .normalize import normalize
    from .plan.tasks import aware, tz
    from .plan.tasks import plan as task_plan
    from .workbook import read_workbook

    workbook = Path(workbook_path)
    # only the meeting is needed: the planners' checks (seats, rooms, cars) would cost seconds on big meetings
    meeting, _ = normalize(read_workbook(workbook))
    if meeting is None:
        raise StatusError(t("工作簿「{p}」無法讀出會議。請先運行 huiwu check 修正錯誤。", TRADITIONAL).format(p=workbook))
    script = meeting.script
    sheet = Path(filled_sheet_path) if filled_sheet_path else default_sheet(workbook, script)
    if not sheet.exists():
        raise StatusError(t("找不到分派表「{p}」。請先運行 huiwu build 生成，或用 --sheet 指定填好的副本。", script).format(p=sheet))
    now = aware(now) if now is not None else dt.datetime.now(tz())
    plan = task_plan(meeting)
    by_text = {_key(t(task.text, script)): task for task in plan.tasks}
    year = plan.start.year if plan.start else now.year
    result = StatusResult(meeting.name, now, script)
    for row, cells in read_sheet(sheet):
        text = str(cells.get("text") or "").strip()
        task = by_text.get(_key(text))
        if task is not None:
            begin, due = task.begin, task.due
        else:
            begin, due = parse_deadline(cells.get("deadline"), year)
        seq = cells.get("seq")
        mark = cells.get("mark")
        if isinstance(mark, (dt.date, dt.datetime)):
            mark = f"{mark.month}月{mark.day}日"
        item = Item("" if seq is None else str(seq).removesuffix(".0"), str(cells.get("stage") or ""), text,
                    str(cells.get("people") or ""), begin, due, str(mark or "").strip(), row,
                    str(cells.get("deadline") or ""))
        kind = state(cells.get("mark"))
        if kind == "done":
            result.done.append(item)
        elif kind == "skip" or (task is not None and not task.applicable and not item.mark):
            result.skipped.append(item)
        elif due is None:
            result.untimed.append(item)
        elif due < now:
            result.overdue.append(item)
        elif (begin or due) <= now + HORIZON:
            result.due.append(item)
        else:
            result.later.append(item)
    for bucket in (result.due, result.overdue, result.later):
        bucket.sort(key=lambda i: (i.begin or i.due, i.due, i.row))
    return result
