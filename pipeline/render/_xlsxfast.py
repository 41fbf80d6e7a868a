"""A fast, deterministic xlsx writer for the printable lists.

openpyxl re-hashes a style object for every styled cell, which costs about
0.7 ms a cell: several seconds for a 3,000-person list. Here the package is
written directly: one fixed style sheet, rows as XML text, deterministic bytes
through _zip. The look matches _xlsx.write_table (宋体 11 body, 黑体 16 title,
thin borders, A4, headers repeated, page x of y).

Text is written in the cells (inline strings), not in a shared-string table:
a row's XML then depends on the row alone, so the XML of body rows is kept in
the cache folder between builds (see _rows_kept) and a rebuild after one
person's change writes almost every row from there. Excel, WPS, LibreOffice
and openpyxl read inline strings; Excel turns them into shared ones on saving.

Use: Sheet(name, widths) -> title(), subtitle(), header(), row() / band() ->
workbook([sheets], title, author).
"""

from __future__ import annotations

import datetime as dt
import functools
import marshal

from .. import cache
from ..text import UNITS, strip_control
from ..text import xml_escape as escape
from ..workbook import col_letter  # noqa: F401  (part of this module's interface)
from . import _zip

# cellXfs indexes of the fixed style sheet below
DEFAULT, TITLE, SUBTITLE, HEAD, BODY_C, BODY_L, BAND, TOTAL, BODY_R, NAME = range(10)

_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="4">
<font><sz val="11"/><name val="宋体"/><charset val="134"/><family val="3"/></font>
<font><b/><sz val="16"/><name val="黑体"/><charset val="134"/><family val="3"/></font>
<font><b/><sz val="11"/><name val="宋体"/><charset val="134"/><family val="3"/></font>
<font><b/><sz val="11"/><name val="黑体"/><charset val="134"/><family val="3"/></font>
</fonts>
<fills count="3">
<fill><patternFill patternType="none"/></fill>
<fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFEDEDED"/><bgColor indexed="64"/></patternFill></fill>
</fills>
<borders count="2">
<border><left/><right/><top/><bottom/><diagonal/></border>
<border><left style="thin"><color rgb="FF000000"/></left><right style="thin"><color rgb="FF000000"/></right>\
<top style="thin"><color rgb="FF000000"/></top><bottom style="thin"><color rgb="FF000000"/></bottom><diagonal/></border>
</borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="10">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">\
<alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">\
<alignment horizontal="left" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">\
<alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">\
<alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">\
<alignment horizontal="left" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="3" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">\
<alignment horizontal="left" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">\
<alignment horizontal="left" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">\
<alignment horizontal="right" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">\
<alignment horizontal="center" vertical="center" shrinkToFit="1"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_SELECTED = ' tabSelected="1"'
_BODY = {"c": BODY_C, "l": BODY_L, "r": BODY_R, "n": NAME, "#": BODY_C}


@functools.lru_cache(maxsize=65536)
def _units(text: str) -> int:
    # an Excel width unit is one digit of the body font; a CJK character takes two
    return sum(map(UNITS.__getitem__, text))


@functools.lru_cache(maxsize=65536)
def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell needs at this column width (units and titles repeat: measured once)."""
    usable = max(1.0, width - 0.8)
    return sum(max(1, -(-_units(part) // int(usable))) for part in text.split("\n"))


class Sheet:
    """One worksheet: rows of (value, style) cells, merges, page set-up for A4."""

    def __init__(self, name: str, widths: list[float], landscape: bool = True, footer: str = "第 &P 頁，共 &N 頁"):
        self.name = sheet_name(name)
        self.widths = list(widths)
        self.ncol = len(widths)
        self.landscape = landscape
        self.footer = footer
        self.rows: list[bytes] = []  # each row's XML in UTF-8, NUMBER where its row number goes
        self.counts: dict[int, tuple[str, ...]] = {}  # row index -> what its SEQ marks stand for
        self.kept = _rows_kept(tuple(self.widths))  # body rows from earlier builds (read on first use)
        self.merges: list[tuple[int, int, int, int]] = []
        self.breaks: list[int] = []
        self.title_rows: tuple[int, int] | None = None
        self.freeze: int = 0
        self._layouts: dict[str, tuple[tuple, tuple]] = {}
        self._numbered: dict[str, tuple[int, ...]] = {}  # per align: the running numbers' columns
        self._mixed: dict[str, bool] = {}  # per align: a row held more than text (see row)

    @property
    def last_row(self) -> int:
        return len(self.rows)

    def add(self, cells: list[tuple[object, int]], height: float | None = None) -> int:
        self.rows.append(_row_xml(cells, height).encode())
        return len(self.rows)

    def merge(self, r1: int, c1: int, r2: int, c2: int) -> None:
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))

    # -- the pieces every list is made of ------------------------------------------------
    def title(self, text: str, height: float = 30) -> None:
        r = self.add([(text, TITLE)] + [("", TITLE)] * (self.ncol - 1), height)
        self.merge(r, 1, r, self.ncol)

    def subtitle(self, text: str) -> None:
        total = sum(self.widths)
        r = self.add([(text, SUBTITLE)] + [("", SUBTITLE)] * (self.ncol - 1), 16 * lines_needed(text, total) + 4)
        self.merge(r, 1, r, self.ncol)

    def header(self, headers: list[str]) -> None:
        lines = max(lines_needed(h, w) for h, w in zip(headers, self.widths))
        r = self.add([(h, HEAD) for h in headers], max(20, 15 * lines + 5))
        self.title_rows = (1, r)
        self.freeze = r

    def band(self, text: str, style: int = BAND) -> int:
        """A full-width row: a group's heading or a total."""
        total = sum(self.widths)
        r = self.add([(text, style)] + [("", style)] * (self.ncol - 1), 15 * lines_needed(text, total) + 5)
        self.merge(r, 1, r, self.ncol)
        return r

    def row(self, values: list, align: str, height: float | None = None) -> int:
        """A body row; `align` has one letter a column: c, l, r, n for a name (shrunk to fit, never
        wrapped), or # for a running number (centred).

        The row grows with wrapped text (Excel and LibreOffice do not grow rows on opening); `height` is a minimum.
        A running number is left out of the row's kept XML (SEQ stands for it): when a deputy's name sorts
        elsewhere and a thousand rows move down one, they keep their XML.
        """
        counts = None
        numbered = self._numbered.get(align)
        if numbered is None:
            numbered = self._numbered[align] = tuple(k for k, a in enumerate(align) if a == "#")
        if numbered:
            values = list(values)
            counts = []
            for k in numbered:
                if k < len(values) and values[k].__class__ is int:
                    counts.append(str(values[k]))
                    values[k] = _COUNT
        # most rows are all printable text: checked in one C call, not cell by cell; a list whose last
        # row held a number, a date or None goes cell by cell at once (a failed join raises, and raising
        # costs more than the check it saves)
        if self._mixed.get(align):
            joined = None
        else:
            try:
                joined = "".join(values)
            except TypeError:  # a number, a date, None
                joined = None
                self._mixed[align] = True
        texts = True  # values are the cells' text (see _as_text)
        if joined is None or not (_printable_but_counts(joined, len(counts)) if counts else joined.isprintable()):
            # a row with numbers or empty cells (seats, counts): looked up by its values as marshal
            # writes them, which tells 1, 1.0 and True apart and does not depend on how a string was
            # made (version 2: no references, no interning); made text only when it must be drawn
            try:
                key = (align, height, marshal.dumps(tuple(values), 2))
                texts = False
            except ValueError:  # a date or time: as text
                values = _texts(values)
                key = (align, height, *values)
        else:
            key = (align, height, *values)
        xml = self.kept.get(key)
        if xml is None:
            if not texts:
                values = _texts(values)
            styles, limits = self._layout(align)
            lines = 1
            for v, limit, w in zip(values, limits, self.widths):
                # a cell of n characters takes at most 2n width units: short ones need no measuring;
                # numbers do not wrap
                if len(v) > limit and v[0] != _NUMERIC:
                    n = lines_needed(v, w)
                    if n > lines:
                        lines = n
            xml = _row_xml(list(zip(values, styles)), max(height or 0, 15 * lines + 3)).encode()
            self.kept.add(key, xml)
        self.rows.append(xml)
        if counts:
            self.counts[len(self.rows) - 1] = tuple(counts)
        return len(self.rows)

    def _layout(self, align: str) -> tuple[tuple, tuple]:
        """Per column: its body style and the length beyond which its text may wrap (names never do)."""
        found = self._layouts.get(align)
        if found is None:
            inf = float("inf")
            found = self._layouts[align] = (
                tuple(_BODY[a] for a, _ in zip(align, self.widths)),
                tuple(inf if a == "n" else (w - 0.8) / 2 for a, w in zip(align, self.widths)))
        return found

    def table(self, headers: list[str], rows: list[list], align: str, height: float | None = None) -> None:
        """A header row, then one body row per item."""
        self.header(headers)
        for values in rows:
            self.row(values, align, height)

    def page_break(self) -> None:
        if self.rows:
            self.breaks.append(len(self.rows))

    # -- XML ----------------------------------------------------------------------------
    def xml(self, selected: bool) -> bytes:
        # rows are kept as UTF-8: filling in their numbers scans bytes, not two-byte text (a sixth
        # of the time), and only the sheet's head and tail are encoded here
        return self._head(selected).encode() + self._body() + self._tail().encode()

    def _head(self, selected: bool) -> str:
        out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS_MAIN}" '
               f'xmlns:r="{_NS_REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
               f'<dimension ref="A1:{col_letter(self.ncol)}{max(1, len(self.rows))}"/>'
               f'<sheetViews><sheetView workbookViewId="0"{_SELECTED if selected else ""}>']
        if self.freeze:
            out.append(f'<pane ySplit="{self.freeze}" topLeftCell="A{self.freeze + 1}" activePane="bottomLeft" '
                       f'state="frozen"/><selection pane="bottomLeft" activeCell="A{self.freeze + 1}" '
                       f'sqref="A{self.freeze + 1}"/>')
        out.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>')
        for i, w in enumerate(self.widths, start=1):
            out.append(f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>')
        out.append("</cols><sheetData>")
        return "".join(out)

    def _body(self) -> bytes:
        """The rows, each NUMBER mark its row's number and each SEQ mark the next of its running numbers."""
        out = []
        counts = self.counts
        for r, row in enumerate(self.rows, start=1):
            row = row.replace(_NUMBER_B, b"%d" % r)
            if r - 1 in counts:
                for count in counts[r - 1]:
                    row = row.replace(_SEQ_B, count.encode(), 1)
            out.append(row)
        return b"".join(out)

    def _tail(self) -> str:
        out = ["</sheetData>"]
        if self.merges:
            out.append(f'<mergeCells count="{len(self.merges)}">')
            out += [f'<mergeCell ref="{col_letter(c1)}{r1}:{col_letter(c2)}{r2}"/>' for r1, c1, r2, c2 in self.merges]
            out.append("</mergeCells>")
        orientation = "landscape" if self.landscape else "portrait"
        footer = escape(f'&C&"宋体"{self.footer}')
        out.append('<printOptions horizontalCentered="1"/>'
                   '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.7" header="0.3" footer="0.3"/>'
                   f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>'
                   f"<headerFooter><oddFooter>{footer}</oddFooter></headerFooter>")
        if self.breaks:
            out.append(f'<rowBreaks count="{len(self.breaks)}" manualBreakCount="{len(self.breaks)}">')
            out += [f'<brk id="{b}" max="16383" man="1"/>' for b in self.breaks]
            out.append("</rowBreaks>")
        out.append("</worksheet>")
        return "".join(out)


NUMBER = "\x00"  # stands for the row number in a row's XML: never in a cell (control characters are dropped)
_LETTERS = [col_letter(c) for c in range(1, 65)]


def _row_xml(cells: list[tuple[object, int]], height: float | None) -> str:
    """One row's XML, its number left as NUMBER: the same row moved down a line is the same text."""
    if len(cells) > len(_LETTERS):
        _LETTERS.extend(col_letter(c) for c in range(len(_LETTERS) + 1, len(cells) + 1))
    out = [f'<row r="{NUMBER}" ht="{height:g}" customHeight="1">' if height else f'<row r="{NUMBER}">']
    append = out.append
    for letter, (value, style) in zip(_LETTERS, cells):
        if value.__class__ is not str:
            value = _as_text(value)
        if not value:
            append(f'<c r="{letter}{NUMBER}" s="{style}"/>')
        elif value[0] == _NUMERIC:
            append(f'<c r="{letter}{NUMBER}" s="{style}"><v>{value[1:]}</v></c>')
        else:  # most cells: text
            append(f'<c r="{letter}{NUMBER}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
                   f'{escape(value)}</t></is></c>')
    append("</row>")
    return "".join(out)


SEQ = "\x04"  # stands for a running number in a row's XML (see Sheet.row)
_NUMBER_B, _SEQ_B = NUMBER.encode(), SEQ.encode()  # the marks as the kept rows (UTF-8) hold them
_NUMERIC = "\x01"  # marks a number written as text (never the start of a cell's own text: control characters are dropped)


_COUNT = "\x01\x04"  # a running number's cell: a number, SEQ for its digits


def _printable_but_counts(joined: str, n: int) -> bool:
    """Whether the joined cells of a row with `n` running numbers (_COUNT each) are printable text apart from those."""
    rest = joined.replace(_COUNT, "")
    return len(rest) == len(joined) - n * len(_COUNT) and rest.isprintable()


def _texts(values) -> list[str]:
    """_as_text of each cell of a row (a running number's _COUNT kept), the common kinds of cell
    (printable text, empty, a whole number) without a call: half a row's time in a list of numbers."""
    out = []
    append = out.append
    for v in values:
        kind = v.__class__
        if kind is str:
            if v is not _COUNT and not v.isprintable():
                v = _as_text(v)
        elif v is None:
            v = ""
        elif kind is int:
            v = _NUMERIC + str(v)
        else:
            v = _as_text(v)
        append(v)
    return out


def _as_text(value) -> str:
    """A cell as the text that decides its XML: cell_value(), a number as _NUMERIC and its digits.

    So a row's memo key is all text, and 1 and 1.0 (equal as keys) stay apart."""
    value = cell_value(value)
    return value if value.__class__ is str else _NUMERIC + str(value)


_ROWS: dict[tuple, cache.Kept] = {}  # per document and set of widths: body rows' XML by (align, minimum height, values)


def _rows_kept(widths: tuple) -> cache.Kept:
    """The rows kept between builds for the lists of the document being made (cache.scope) with these
    column widths (which decide where text wraps, and so a row's height).

    A build keeps the rows it wrote (used_only), so the table does not grow with every edit: the
    next build finds every row whose values did not change, wherever it moved (a running number is
    not part of a row: see Sheet.row). One table per document: 接站 and 送站 lists have equal widths,
    and are made in different processes, and one table for both held only the later one's rows.
    """
    kept = _ROWS.get((cache.scope, widths))
    if kept is None:
        import hashlib

        from ..deps import code_digest

        digest = hashlib.sha256(repr((cache.scope, widths)).encode()).hexdigest()[:12]
        prefix = f"xlsx-rows-{digest}-"
        # rows made by another version of the program are never found: its XML may differ
        kept = _ROWS[cache.scope, widths] = cache.Kept(lambda: prefix + code_digest(), replacing=(prefix,),
                                                       used_only=True)
    return kept


def sheet_name(name: str) -> str:
    """Excel's limits: 31 characters, none of []:*?/\\."""
    for ch in "[]:*?/\\":
        name = name.replace(ch, "－")
    return name[:31] or "Sheet"


def cell_value(value):
    """Text stays text, numbers stay numbers; dates shown the way staff write them."""
    if type(value) is str:  # the common case first: most cells are text
        return strip_control(value) if not value.isprintable() else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return f"{value.month}月{value.day}日 {value:%H:%M}"
    if isinstance(value, dt.date):
        return f"{value.month}月{value.day}日"
    if isinstance(value, (int, float)):
        return value
    return strip_control(str(value))


def workbook(sheets: list[Sheet], title: str = "", author: str = "") -> bytes:
    """The .xlsx bytes: deterministic for the same sheets."""
    parts: dict[str, bytes] = {}
    names: list[str] = []
    for i, sheet in enumerate(sheets, start=1):
        name = sheet.name
        n = 2
        while name in names:
            name = sheet_name(f"{sheet.name[:28]}({n})")
            n += 1
        names.append(name)
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet.xml(i == 1)
    parts["xl/styles.xml"] = _STYLES.encode("utf-8")
    sheet_xml, defined, rels, overrides = [], [], [], []
    for i, (sheet, name) in enumerate(zip(sheets, names), start=1):
        sheet_xml.append(f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>')
        if sheet.title_rows:
            quoted = "'" + name.replace("'", "''") + "'"
            r1, r2 = sheet.title_rows
            defined.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i - 1}">'
                           f"{escape(quoted)}!${r1}:${r2}</definedName>")
        rels.append(f'<Relationship Id="rId{i}" Type="{_NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>')
        overrides.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
    n = len(sheets)
    rels.append(f'<Relationship Id="rId{n + 1}" Type="{_NS_REL}/styles" Target="styles.xml"/>')
    parts["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{"".join(sheet_xml)}</sheets>'
        + (f"<definedNames>{''.join(defined)}</definedNames>" if defined else "")
        + "</workbook>").encode("utf-8")
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_NS_PKG}">'
        f'{"".join(rels)}</Relationships>').encode()
    parts["_rels/.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_NS_PKG}">'
        f'<Relationship Id="rId1" Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
        f'<Relationship Id="rId2" Type="{_NS_PKG}/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_NS_REL}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>").encode()
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(overrides)
        + '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>').encode("utf-8")
    who = escape(author or "huiwu")
    parts["docProps/core.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{who}</dc:creator><cp:lastModifiedBy>{who}</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{_zip.FIXED_ISO}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_zip.FIXED_ISO}</dcterms:modified></cp:coreProperties>'
    ).encode()
    parts["docProps/app.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
        b'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        b"<Application>huiwu</Application><TotalTime>0</TotalTime></Properties>")
    return _zip.write_parts(parts)


