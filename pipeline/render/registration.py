"""會議代表登記表.xlsx: every delegate's registration details, ready to print."""

from __future__ import annotations

import datetime as dt

from ..text import display_width
from . import _xlsxfast

KIND = "registration"
TITLE = "會議代表登記表"
FILENAME = "會議代表登記表.xlsx"
READS = (
    "會議.會議名稱", "會議.開始時間", "會議.地點", "會議.名單排序", "會議.筆畫依據", "會議.主辦單位", "會議.發文機關",
    *(f"參會人員.{c}" for c in ("單位", "姓名", "職務", "職級序號", "性別", "民族", "類別", "手機", "到達時間",
                              "航班車次", "需接站", "住宿", "備註")),
)
ORDER = 10
PLANS = ()

HEADERS = ("序號", "單位", "姓名", "職務", "性別", "民族", "手機", "到達時間", "航班車次", "需接站", "住宿", "備註")
WIDTHS = (6, 24, 10, 20, 6, 8, 14, 16, 10, 7, 6, 22)


def when(value: dt.datetime | None) -> str:
    return f"{value.month}月{value.day}日 {value:%H:%M}" if value else ""


def rows(ctx) -> list[list]:
    people = [p for p in ctx.ordered() if p.category != "工作人員"]
    yes, no = ctx.t("是"), ctx.t("否")
    return [
        [i, p.unit, p.name, p.title, p.gender, ctx.t(p.ethnic), p.phone, when(p.arrival_time), p.arrival_no,
         yes if p.pickup else no, yes if p.lodging else no, p.note]
        for i, p in enumerate(people, start=1)
    ]


def render(ctx) -> dict[str, bytes]:
    m = ctx.meeting
    sub = []
    if m.start:
        sub.append(ctx.t("時間：") + f"{m.start.year}年{m.start.month}月{m.start.day}日")
    if m.setting("地點"):
        sub.append(ctx.t("地點：") + m.setting("地點"))
    body = rows(ctx)
    widths = list(WIDTHS)
    # names never wrap: the column grows to the longest name
    widths[2] = max(widths[2], *(2 * display_width(r[2]) + 2 for r in body)) if body else widths[2]
    sheet = _xlsxfast.Sheet(ctx.t("代表登記表"), widths, footer=ctx.t("第 &P 頁，共 &N 頁"))
    sheet.title(m.name + ctx.t("代表登記表"))
    if sub:
        sheet.subtitle("　　".join(sub))
    sheet.table([ctx.t(h) for h in HEADERS], body, "#nllccllccl" + "l")
    return {ctx.t(FILENAME): _xlsxfast.workbook([sheet], m.name + ctx.t(TITLE), ctx.author)}
