"""A small, fast, deterministic xlsx writer for long printable lists.

openpyxl builds a Python object per cell and re-registers styles; for a
3,000-person list that is most of a build's time. This writes the sheet XML
directly with a fixed style table: title, subtitle, header, body centred and
body left, all with CJK fonts and thin borders.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..text import strip_control
from . import _zip

# style ids in cellXfs below
TITLE, SUBTITLE, HEAD, BODY_C, BODY_L, TALL = 1, 2, 3, 4, 5, 6

_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="4">
<font><sz val="11"/><name val="宋体"/><charset val="134"/><family val="3"/></font>
<font><b/><sz val="16"/><name val="黑体"/><charset val="134"/><family val="3"/></font>
<font><b/><sz val="11"/><name val="宋体"/><charset val="134"/><family val="3"/></font>
<font><sz val="11"/><name val="宋体"/><charset val="134"/><family val="3"/></font>
</fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>
<border><left style="thin"><color rgb="FF000000"/></left><right style="thin"><color rgb="FF000000"/></right>
<top style="thin"><color rgb="FF000000"/></top><bottom style="thin"><color rgb="FF000000"/></bottom><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="7">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="left" vertical="center"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="49" fontId="3" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="49" fontId="3" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="left" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="3" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def col_letter(index: int) -> str:
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


class Sheet:
    """Rows of (style, values) plus the page set-up of one worksheet."""

    def __init__(self, title: str):
        self.title = title[:31]
        self.rows: list[tuple[list[tuple[int, object]], float | None]] = []
        self.widths: list[float] = []
        self.merges: list[str] = []
        self.landscape = True
        self.footer = ""
        self.header_row = 0
        self.print_rows = ""
        self.freeze_row = 0

    def add_row(self, cells: list[tuple[int, object]], height: float | None = None) -> int:
        self.rows.append((cells, height))
        return len(self.rows)

    def xml(self) -> bytes:
        out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS}>',
               '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>']
        out.append('<sheetViews><sheetView workbookViewId="0"')
        if self.freeze_row:
            top = f"A{self.freeze_row + 1}"
            out.append(f'><pane ySplit="{self.freeze_row}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
                       f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/></sheetView></sheetViews>')
        else:
            out.append("/></sheetViews>")
        out.append('<sheetFormatPr defaultRowHeight="15"/>')
        if self.widths:
            out.append("<cols>" + "".join(f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
                                          for i, w in enumerate(self.widths, start=1)) + "</cols>")
        out.append("<sheetData>")
        for r, (cells, height) in enumerate(self.rows, start=1):
            ht = f' ht="{height:g}" customHeight="1"' if height else ""
            parts = [f'<row r="{r}"{ht}>']
            for c, (style, value) in enumerate(cells, start=1):
                ref = f"{col_letter(c)}{r}"
                if value is None or value == "":
                    parts.append(f'<c r="{ref}" s="{style}"/>')
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    parts.append(f'<c r="{ref}" s="{style}"><v>{value}</v></c>')
                else:
                    text = escape(strip_control(str(value)))
                    space = ' xml:space="preserve"' if text != text.strip() else ""
                    parts.append(f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
            parts.append("</row>")
            out.append("".join(parts))
        out.append("</sheetData>")
        if self.merges:
            out.append(f'<mergeCells count="{len(self.merges)}">'
                       + "".join(f'<mergeCell ref="{m}"/>' for m in self.merges) + "</mergeCells>")
        out.append('<printOptions horizontalCentered="1"/>'
                   '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.7" header="0.3" footer="0.3"/>'
                   f'<pageSetup paperSize="9" orientation="{"landscape" if self.landscape else "portrait"}" '
                   'fitToWidth="1" fitToHeight="0"/>')
        if self.footer:
            footer = escape('&C&"宋体"' + self.footer)
            out.append(f"<headerFooter><oddFooter>{footer}</oddFooter></headerFooter>")
        out.append("</worksheet>")
        return "".join(out).encode("utf-8")


class Book:
    """Sheets written as one deterministic xlsx package."""

    def __init__(self, author: str = "huiwu", title: str = ""):
        self.sheets: list[Sheet] = []
        self.author = author
        self.title = title

    def add_sheet(self, title: str) -> Sheet:
        sheet = Sheet(title)
        self.sheets.append(sheet)
        return sheet

    def to_bytes(self) -> bytes:
        n = len(self.sheets)
        parts: dict[str, bytes] = {}
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1))
        parts["[Content_Types].xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            f'{overrides}</Types>').encode()
        parts["_rels/.rels"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            b'<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
            b'</Relationships>')
        sheets_xml = "".join(f'<sheet name="{_attr(s.title)}" sheetId="{i}" r:id="rId{i}"/>'
                             for i, s in enumerate(self.sheets, start=1))
        names = "".join(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">\'{_attr(s.title)}\'!{s.print_rows}</definedName>'
                        for i, s in enumerate(self.sheets) if s.print_rows)
        parts["xl/workbook.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {_NS}>'
            f'<bookViews><workbookView/></bookViews><sheets>{sheets_xml}</sheets>'
            + (f"<definedNames>{names}</definedNames>" if names else "") + "</workbook>").encode()
        rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                       f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
        parts["xl/_rels/workbook.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{rels}<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>').encode()
        parts["xl/styles.xml"] = _STYLES.encode()
        for i, sheet in enumerate(self.sheets, start=1):
            parts[f"xl/worksheets/sheet{i}.xml"] = sheet.xml()
        parts["docProps/core.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{escape(self.title)}</dc:title><dc:creator>{escape(self.author)}</dc:creator>'
            f'<cp:lastModifiedBy>{escape(self.author)}</cp:lastModifiedBy>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{_zip.FIXED_ISO}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_zip.FIXED_ISO}</dcterms:modified>'
            '</cp:coreProperties>').encode()
        parts["docProps/app.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            b'<Application>huiwu</Application></Properties>')
        return _zip.write_parts(parts)


def table(sheet: Sheet, title: str | None, headers: list[str], rows: list[list], widths: list[float],
          landscape: bool = True, footer: str = "", subtitle: str | None = None, align: str | None = None,
          row_height: float | None = None, lines_of=None) -> None:
    """The same printable table as _xlsx.write_table, written straight to XML."""
    ncol = len(headers)
    if title:
        sheet.add_row([(TITLE, title)] + [(TITLE, None)] * (ncol - 1), 30)
        sheet.merges.append(f"A1:{col_letter(ncol)}1")
    if subtitle:
        r = sheet.add_row([(SUBTITLE, subtitle)] + [(SUBTITLE, None)] * (ncol - 1))
        sheet.merges.append(f"A{r}:{col_letter(ncol)}{r}")
    header = sheet.add_row([(HEAD, h) for h in headers])
    align = align or "".join("c" if w <= 10 else "l" for w in widths)
    styles = [BODY_C if a == "c" else BODY_L for a in align]
    for values in rows:
        lines = lines_of(values) if lines_of else 1
        height = max(row_height or 0, 15 * lines + 3) if (row_height or lines > 1) else None
        sheet.add_row([(styles[i] if i < len(styles) else BODY_L, v) for i, v in enumerate(values)], height)
    sheet.widths = list(widths)
    sheet.landscape = landscape
    sheet.footer = footer
    sheet.print_rows = f"$1:${header}"
    sheet.freeze_row = header
