"""會務工作分派表.xlsx: every step of the meeting's flow with its owner, people, deadline and documents.

The seed's 任務分解、責任到人、相關責任人簽字 as one printable sheet. Staff
fill in 完成情況 (已完成, √ …) and `huiwu status` reads it back.
"""

from __future__ import annotations

import datetime as dt

from ..flow import DOC_TITLES
from . import _xlsx

KIND = "tasks"
TITLE = "會務工作分派表"
FILENAME = "會務工作分派表.xlsx"
READS = ("會議", "會場", "房間", "車輛", "就餐", "紀要分送", "工作人員", "單位排序", "座次",
         *(f"參會人員.{c}" for c in ("編號", "姓名", "單位", "類別", "出席情況", "需接站", "需送站", "住宿", "主席台")))

ORDER = 70
PLANS = ("tasks",)

HEADERS = ("序號", "階段", "任務", "責任崗位", "責任人", "完成時限", "所需材料", "完成情況", "簽字")
WIDTHS = (5, 8, 56, 12, 16, 19, 24, 9, 9)
ALIGN = "cclccllcc"
WEEKDAYS = "一二三四五六日"
NOT_APPLICABLE = "不適用"
LACKING = "（本次無）"
DEFAULT_MARK = "＊"


def input_files(meeting):
    """An office's own flow files (流程文件夾) are inputs too."""
    from ..flow import office_files

    return office_files(meeting)



def _day(moment: dt.datetime, year: int | None) -> str:
    head = f"{moment.year}年" if year is not None and moment.year != year else ""
    return f"{head}{moment.month}月{moment.day}日 週{WEEKDAYS[moment.weekday()]}"


def deadline_text(task, year: int | None = None) -> str:
    """'12月16日 週三 09:00', '12月18日 週五 09:00–17:30 每15–20分鐘'; ＊ marks a suggested time.

    In traditional script; pass it through ctx.t for a 簡體 meeting. `year` is left out when it is this one.
    """
    if task.due is None:
        return ""
    if task.during:
        b, e = task.begin, task.due
        span = f"{_day(b, year)} {b:%H:%M}–" + (f"{e:%H:%M}" if e.date() == b.date() else f"{_day(e, year)} {e:%H:%M}")
        every = task.step.due.every_text
        text = span + (f" {every}" if every else " 會中")
    else:
        text = f"{_day(task.due, year)} {task.due:%H:%M}"
    return text + (DEFAULT_MARK if task.step.default else "")


def doc_title(key: str) -> str:
    """The kind's own TITLE when its module is installed, else the flow module's name for it."""
    from . import kinds

    kind = kinds().get(key)
    return kind.title if kind else DOC_TITLES[key]


def docs_text(task, t) -> str:
    parts = []
    for key in task.docs:
        title = t(doc_title(key))
        parts.append(title + t(LACKING) if key in task.lacking else title)
    return "、".join(parts)


def roles_text(task) -> str:
    return "、".join(task.step.owners)


def person_label(a, t) -> str:
    """張靜, or 劉洋（公務員） when they stand in for a role nobody holds (the role in the meeting's script)."""
    return f"{a.staff.name}（{t(a.via)}）" if a.via else a.staff.name


def people_text(task, t) -> str:
    return "、".join(person_label(a, t) for a in task.assignees)


def rows(ctx) -> list[list]:
    p = ctx.plan("tasks")
    year = p.start.year if p.start else None
    out = []
    for task in p.tasks:
        out.append([task.seq, ctx.t(task.stage), ctx.t(task.text), ctx.t(roles_text(task)), people_text(task, ctx.t),
                    ctx.t(deadline_text(task, year)), docs_text(task, ctx.t),
                    "" if task.applicable else ctx.t(NOT_APPLICABLE), ""])
    return out


def subtitle(ctx) -> str:
    m, p = ctx.meeting, ctx.plan("tasks")
    parts = []
    if p.flow is not None:
        parts.append(ctx.t("流程：") + ctx.t(p.flow.title) + ("" if not p.flow.office else ctx.t("（本單位流程）")))
    if p.start is not None:
        when = f"{p.start.year}年{p.start.month}月{p.start.day}日 {p.start:%H:%M}"
        if p.end is not None and p.end != p.start:
            when += "–" + (f"{p.end:%H:%M}" if p.end.date() == p.start.date()
                           else f"{p.end.month}月{p.end.day}日 {p.end:%H:%M}")
        parts.append(ctx.t("時間：") + when)
    if m.setting("地點"):
        parts.append(ctx.t("地點：") + m.setting("地點"))
    return "　　".join(parts)


def content(ctx):
    """The sheet's text: a deputy or a changed flight moves no line of it (staff names, steps, counts)."""
    return ctx.meeting.name, subtitle(ctx), rows(ctx), ctx.author


def render(ctx) -> dict[str, bytes]:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    m = ctx.meeting
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = ctx.t("分派表")
    data = rows(ctx)  # applicable or not shows in 完成情況: the grey rows are in content() too
    _xlsx.write_table(ws, m.name + ctx.t(TITLE), [ctx.t(h) for h in HEADERS], data, list(WIDTHS),
                      subtitle=subtitle(ctx) or None, align=ALIGN, footer=ctx.t("第 &P 頁，共 &N 頁"))
    first = ws.max_row - len(data) + 1
    grey = Font(name=_xlsx.FONT, size=11, color="808080")
    for i, task in enumerate(ctx.plan("tasks").tasks):
        if not task.applicable:  # kept so the sheet shows the whole flow, greyed so nobody chases it
            for cell in ws[first + i]:
                cell.font = grey
    note_row = ws.max_row + 1
    notes = [ctx.t("注：帶「＊」的是建議時限（標準流程沒有規定，可在流程文件中修改）；「本次無」＝本次會議沒有這份材料，"
                   "材料全部沒有的任務標為「不適用」。完成後在「完成情況」填「已完成」或「√」並簽字，huiwu status 可列出逾期和將到期的工作。"),
             ctx.t("會務組組長（簽字）：") + "　" * 12 + ctx.t("日期：")]
    for k, text in enumerate(notes):
        cell = ws.cell(row=note_row + k, column=1, value=text)
        cell.font = Font(name=_xlsx.FONT, size=10 if k == 0 else 12)
        cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
        ws.merge_cells(start_row=note_row + k, start_column=1, end_row=note_row + k, end_column=len(HEADERS))
        ws.row_dimensions[note_row + k].height = 30 if k == 0 else 26
    return {ctx.t(FILENAME): _xlsx.save(wb, ctx.author)}
