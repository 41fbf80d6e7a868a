"""Printable, deterministic Excel lists: CJK fonts, borders, A4, repeated headers, text kept as text."""

from __future__ import annotations

import datetime as dt
import io

from . import _xlsxfast, _zip

FONT = "宋体"  # SimSun: the list font offices print with
_THIN = None


def _styles():
    from openpyxl.styles import Alignment, Border, Font, Side

    side = Side(style="thin", color="000000")
    return {
        "border": Border(left=side, right=side, top=side, bottom=side),
        "title": Font(name="黑体", size=16, bold=True),
        "head": Font(name=FONT, size=11, bold=True),
        "body": Font(name=FONT, size=11),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
    }


def put(cell, value) -> None:
    """Store a value; strings are stored as text even when they start with '=' (no formula injection)."""
    from openpyxl.cell.cell import TYPE_STRING

    if isinstance(value, str):
        cell._value = value
        cell.data_type = TYPE_STRING
    else:
        cell.value = value


def lines(text: str, width: float) -> int:
    """How many lines a wrapped cell needs: Excel column width counts about 2 units per CJK character."""
    from ..text import display_width

    usable = max(1.0, (width - 1) / 2)
    return max(1, -(-int(display_width(text) * 100) // int(usable * 100)))


def write_table(ws, title: str | None, headers: list[str], rows: list[list], widths: list[float],
                landscape: bool = True, footer: str = "第 &P 頁，共 &N 頁", row_height: float | None = None,
                subtitle: str | None = None, align: str | None = None) -> None:
    """A titled, bordered table set up for A4 printing with headers repeated on every page.

    `align` gives one letter per column: c(entre) or l(eft); by default short columns are centred.
    Row heights grow with wrapped text, since Excel and LibreOffice do not grow them on opening.
    """
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.utils import get_column_letter

    st = _styles()
    ncol = len(headers)
    r = 1
    if title:
        ws.cell(row=1, column=1, value=title).font = st["title"]
        ws.cell(row=1, column=1).alignment = st["center"]
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
        ws.row_dimensions[1].height = 30
        r = 2
    if subtitle:
        ws.cell(row=r, column=1, value=subtitle).font = st["body"]
        ws.cell(row=r, column=1).alignment = st["left"]
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
        r += 1
    header_row = r
    for c, h in enumerate(headers, start=1):
        cell = ws.cell(row=r, column=c, value=h)
        cell.font, cell.border, cell.alignment = st["head"], st["border"], st["center"]
    if align is None:
        align = "".join("c" if w <= 10 else "l" for w in widths)
    # Register each body style once and copy its index array into every cell: assigning
    # Font/Border/Alignment objects cell by cell re-hashes them and costs seconds at 3,000 rows.
    templates = {}
    for key in ("c", "l"):
        probe = ws.cell(row=r, column=ncol + 1)
        probe.font, probe.border = st["body"], st["border"]
        probe.alignment = st["center"] if key == "c" else st["left"]
        templates[key] = StyleArray(probe._style)
    ws._cells.pop((r, ncol + 1), None)
    col_styles = [templates["c" if a == "c" else "l"] for a in align]
    for values in rows:
        r += 1
        lines_needed = 1
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            v = _xlsxfast.cell_value(v)
            put(cell, v)
            cell._style = StyleArray(col_styles[c - 1] if c <= len(col_styles) else templates["l"])
            if isinstance(v, str) and c <= len(widths) and len(v) * 2 > widths[c - 1] - 1:
                lines_needed = max(lines_needed, lines(v, widths[c - 1]))
        if row_height or lines_needed > 1:
            ws.row_dimensions[r].height = max(row_height or 0, 15 * lines_needed + 3)
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.print_title_rows = f"{header_row}:{header_row}" if not title else f"1:{header_row}"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ps = ws.page_setup
    ps.paperSize = ws.PAPERSIZE_A4
    ps.orientation = "landscape" if landscape else "portrait"
    ps.fitToWidth, ps.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    ws.oddFooter.center.text = footer
    ws.oddFooter.center.font = FONT


def save(wb, author: str = "") -> bytes:
    """Deterministic bytes: fixed document dates, fixed zip entry times."""
    fixed = dt.datetime(2000, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = wb.properties.lastModifiedBy = author or "huiwu"
    buf = io.BytesIO()
    wb.save(buf)
    return _zip.normalize(buf.getvalue(), author or "huiwu")
