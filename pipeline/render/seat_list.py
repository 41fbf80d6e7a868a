"""座次表.xlsx: every seated person's seat, in seat order, and a second sheet by name for ushers.

Sheet 1 (座次表) lists the rostrum row by row, then the hall front to back,
each row from the audience's left: 區域, 排, 座號 (the number the seat
carries: the rostrum's precedence number, the hall's seat number), 位置
(1 = leftmost as seen from the audience), 姓名, 單位, 職務. Sheet 2
(按姓名查找) holds the same people in surname-stroke order, name first, so
ushers can find anyone quickly.
"""

from __future__ import annotations

from . import _xlsxfast

KIND = "seat_list"
TITLE = "座次表"
FILENAME = "座次表.xlsx"
READS = ("會議", "會場", "座次", "單位排序",
         *(f"參會人員.{c}" for c in ("編號", "姓名", "單位", "職務", "職級序號", "類別", "主席台", "出席情況")))
ORDER = 31
PLANS = ("seating",)

HEADERS = ("區域", "排", "座號", "位置", "姓名", "單位", "職務")
WIDTHS = (8, 6, 6, 6, 12, 26, 30)
LOOKUP_HEADERS = ("姓名", "單位", "職務", "區域", "排", "座號", "位置")
LOOKUP_WIDTHS = (12, 26, 30, 8, 6, 6, 6)


def rows(ctx) -> list[list]:
    """One row per seated person, in seat order."""
    plan = ctx.plan("seating")
    out = []
    for p in plan.order:
        seat = plan.seat_of[p.id]
        out.append([ctx.t(seat.area), seat.row, seat.number, seat.position, p.name, p.unit, p.title])
    return out


def lookup_rows(ctx) -> list[list]:
    """The same people in surname-stroke order (the order official name lists use), name first."""
    from ..plan.order import order_people

    plan = ctx.plan("seating")
    out = []
    for p in order_people(ctx.meeting, plan.order, by="姓氏筆畫"):
        seat = plan.seat_of[p.id]
        out.append([p.name, p.unit, p.title, ctx.t(seat.area), seat.row, seat.number, seat.position])
    return out


def render(ctx) -> dict[str, bytes]:
    m = ctx.meeting
    footer = ctx.t("第 &P 頁，共 &N 頁")
    seats = _xlsxfast.Sheet(ctx.t("座次表"), list(WIDTHS), landscape=False, footer=footer)
    seats.title(m.name + ctx.t("座次表"))
    seats.subtitle(ctx.t("位置：從台下面向主席台，自左向右第幾個座位。"))
    seats.table([ctx.t(h) for h in HEADERS], rows(ctx), "ccccnll")
    look = _xlsxfast.Sheet(ctx.t("按姓名查找"), list(LOOKUP_WIDTHS), landscape=False, footer=footer)
    look.title(m.name + ctx.t("座位查找表（按姓氏筆畫）"))
    look.table([ctx.t(h) for h in LOOKUP_HEADERS], lookup_rows(ctx), "nllcccc")
    return {ctx.t(FILENAME): _xlsxfast.workbook([seats, look], m.name + ctx.t(TITLE), ctx.author)}
