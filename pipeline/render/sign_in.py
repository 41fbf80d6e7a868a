"""簽到表.xlsx: the whole list (sheet 全體) and one sheet per unit, with room to sign and the expected counts.

Both forms are in one workbook because both are used at the same meeting:
one desk signs everyone in from 全體, or each unit's liaison takes its own
sheet. Staff print the sheets they need (Excel and WPS print one sheet or all).
Rows follow the meeting's 名單排序; people on leave keep their row with
請假 and their stand-in in 備註, so the stand-in signs on that line.
"""

from __future__ import annotations

import re

from ..text import display_width
from . import _xlsxfast

KIND = "sign_in"
TITLE = "簽到表"
FILENAME = "簽到表.xlsx"
READS = ("會議.會議名稱", "會議.開始時間", "會議.地點", "會議.主辦單位", "會議.發文機關", "會議.名單排序", "會議.筆畫依據",
         "單位排序", *(f"參會人員.{c}" for c in ("姓名", "單位", "職務", "職級序號", "類別", "出席情況", "備註", "順序")))
ORDER = 53
PLANS = ()

HEADERS = ("序號", "姓名", "單位", "職務", "簽名", "備註")
WIDTHS = (6, 11, 24, 24, 24, 18)
ROW_HEIGHT = 30  # points (10.6 mm): room for a handwritten signature
_BAD_TITLE = re.compile(r"[\[\]:*?/\\：]")


def attendees(ctx) -> list:
    """Everyone who signs in: all but 工作人員, in the meeting's order."""
    return [p for p in ctx.ordered() if p.category != "工作人員"]


def remark(ctx, p) -> str:
    if p.attendance == "請假":
        return ctx.t("請假") + (f"（{p.note}）" if p.note else "")
    return ""


def rows(ctx, people) -> list[list]:
    return [[i, p.name, p.unit, p.title, "", remark(ctx, p)] for i, p in enumerate(people, start=1)]


def summary(ctx, people) -> str:
    """應到 N 人（出席 a 人、列席 b 人…），請假 k 人，實到＿人."""
    parts = []
    for cat in ("出席", "列席", "特邀"):
        n = sum(1 for p in people if p.category == cat)
        if n:
            parts.append(ctx.t(cat) + ctx.t("{n}人").format(n=n))
    leave = sum(1 for p in people if p.attendance == "請假")
    text = ctx.t("應到{n}人").format(n=len(people))
    if len(parts) > 1:
        text += "（" + "、".join(parts) + "）"
    return text + ctx.t("，請假{k}人，實到＿＿＿人。").format(k=leave)


def sheet_title(name: str, taken: set[str]) -> str:
    """A legal, unique sheet name (31 characters, none of []:*?/\\)."""
    base = _BAD_TITLE.sub("_", name).strip("'") or "_"
    title, n = base[:31], 2
    while title in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _sheet(ctx, name: str, title: str, people, subtitle: str | None):
    body = rows(ctx, people)
    widths = list(WIDTHS)
    # names never wrap: the column grows to the longest name
    widths[1] = max(widths[1], *(2 * display_width(r[1]) + 2 for r in body)) if body else widths[1]
    sheet = _xlsxfast.Sheet(name, widths, landscape=False, footer=ctx.t("第 &P 頁，共 &N 頁"))
    sheet.title(title)
    if subtitle:
        sheet.subtitle(subtitle)
    sheet.table([ctx.t(h) for h in HEADERS], body, "#nlllc", height=ROW_HEIGHT)
    sheet.band(summary(ctx, people), _xlsxfast.SUBTITLE)
    return sheet


def render(ctx) -> dict[str, bytes]:
    m = ctx.meeting
    people = attendees(ctx)
    sub = []
    if m.start:
        sub.append(ctx.t("時間：") + f"{m.start.year}年{m.start.month}月{m.start.day}日")
    if m.setting("地點"):
        sub.append(ctx.t("地點：") + m.setting("地點"))
    subtitle = "　　".join(sub) or None
    title = m.name + ctx.t("簽到表")
    taken: set[str] = set()
    sheets = [_sheet(ctx, sheet_title(ctx.t("全體"), taken), title, people, subtitle)]
    by_unit: dict[str, list] = {}
    for p in people:
        by_unit.setdefault(p.unit, []).append(p)
    # dict.fromkeys: a unit listed twice in 單位排序 still gets one sheet
    for unit in [u for u in dict.fromkeys(m.units) if u in by_unit] + ([""] if "" in by_unit else []):
        label = unit or ctx.t("未填單位")
        sheets.append(_sheet(ctx, sheet_title(label, taken), title, by_unit[unit],
                             "　　".join(x for x in (ctx.t("單位：") + label, subtitle) if x)))
    return {ctx.t(FILENAME): _xlsxfast.workbook(sheets, title, ctx.author)}
