"""座次表.xlsx: every seated person's seat, in seat order, and a second sheet by name for ushers.

Sheet 1 (座次表) lists the rostrum row by row, then the hall front to back,
each row from the audience's left: 區域, 排, 座號 (the number the seat
carries: the rostrum's precedence number, the hall's seat number), 位置
(1 = leftmost as seen from the audience), 姓名, 單位, 職務. Sheet 2
(按姓名查找) holds the same people in surname-stroke order, name first, so
ushers can find anyone quickly.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from . import _xlsx, _xlsxfast, _zip

KIND = "seat_list"
TITLE = "座次表"
FILENAME = "座次表.xlsx"
READS = ("會議", "會場", "座次", "單位排序",
         *(f"參會人員.{c}" for c in ("編號", "姓名", "單位", "職務", "職級序號", "類別", "主席台", "出席情況")))
ORDER = 31

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


def _cell_xml(ref: str, style: str, value) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    text = escape(str(_xlsxfast.cell_value(value)))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def bulk_rows(sheet_xml: bytes, first: int, rows: list[list], widths) -> bytes:
    """Replace template row `first` of a saved sheet by every row of `rows`, styled like it.

    openpyxl spends most of its time per cell (tens of µs to style and write each); a seat
    list of 3,000 people has 42,000 cells. The table is laid out once by _xlsx.write_table
    with its first row as the template, then the rows are written as XML with the template's
    cell styles, strings inline (so text stays text: a leading '=' is never a formula).
    """
    xml = sheet_xml.decode("utf-8")
    found = re.search(rf'<row r="{first}"[^>]*>.*?</row>', xml, re.S)
    if found is None:
        return sheet_xml
    styles = dict(re.findall(rf'<c r="([A-Z]+){first}"( s="\d+")?', found.group(0)))
    from ._xlsxfast import col_letter

    columns = [(col_letter(i), styles.get(col_letter(i), ""), w) for i, w in enumerate(widths, 1)]
    out = []
    for n, values in enumerate(rows, start=first):
        lines = 1
        cells = []
        for (col, style, width), v in zip(columns, values):
            # only text longer than its column can wrap: skip the width estimate for the rest
            if isinstance(v, str) and len(v) * 2 > width - 1:
                lines = max(lines, _xlsx.lines(v, width))
            cells.append(_cell_xml(f"{col}{n}", style, v))
        height = f' ht="{15 * lines + 3}" customHeight="1"' if lines > 1 else ""
        out.append(f'<row r="{n}"{height}>{"".join(cells)}</row>')
    xml = xml[:found.start()] + "".join(out) + xml[found.end():]
    last = max(first, first + len(rows) - 1)
    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{columns[-1][0]}{last}"/>', xml, count=1)
    return xml.encode("utf-8")


def write_sheets(wb, tables, author: str) -> bytes:
    """Save `wb`, whose sheets hold (in order) `tables` = [(template row, rows, widths)], with all rows."""
    parts = _zip.read_parts(_xlsx.save(wb, author))
    for i, (first, rows, widths) in enumerate(tables, start=1):
        name = f"xl/worksheets/sheet{i}.xml"
        if rows and name in parts:
            parts[name] = bulk_rows(parts[name], first, rows, widths)
    return _zip.write_parts(parts, author)


def render(ctx) -> dict[str, bytes]:
    import openpyxl

    m = ctx.meeting
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = ctx.t("座次表")
    seat_rows, look_rows = rows(ctx), lookup_rows(ctx)
    note = ctx.t("位置：從台下面向主席台，自左向右第幾個座位。")
    _xlsx.write_table(ws, m.name + ctx.t("座次表"), [ctx.t(h) for h in HEADERS], seat_rows[:1], list(WIDTHS),
                      landscape=False, subtitle=note, footer=ctx.t("第 &P 頁，共 &N 頁"))
    look = wb.create_sheet(ctx.t("按姓名查找"))
    _xlsx.write_table(look, m.name + ctx.t("座位查找表（按姓氏筆畫）"), [ctx.t(h) for h in LOOKUP_HEADERS],
                      look_rows[:1], list(LOOKUP_WIDTHS), landscape=False, footer=ctx.t("第 &P 頁，共 &N 頁"))
    tables = [(ws.max_row, seat_rows, WIDTHS), (look.max_row, look_rows, LOOKUP_WIDTHS)]
    return {ctx.t(FILENAME): write_sheets(wb, tables, ctx.author)}
