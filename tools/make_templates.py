"""(Re)create the Word templates in templates/ from code: python tools/make_templates.py [DIR].

The committed .docx files are what the build reads and what staff edit in Word; this script
only makes them reproducible (and restores them after an edit went wrong). It writes the
package parts directly so every style, font slot and page setting is exactly as GB/T 9704-2012
asks: A4, margins 37/26/35/28 mm, 22 lines of 28 characters, title 2號 小標宋, body 3號 仿宋,
一、 headings 黑體, （一） headings 楷體, page numbers 4號 宋體 "— 1 —" odd right, even left.
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.render import _zip  # noqa: E402

# -- page geometry (twips: 1 mm = 56.7 twips) -------------------------------------------------
PAGE_W, PAGE_H = 11906, 16838
TOP, BOTTOM, LEFT, RIGHT = 2098, 1984, 1587, 1474  # 37, 35, 28, 26 mm
TEXT_W = PAGE_W - LEFT - RIGHT  # 8845: the 156 mm 版心
LINE = 579  # 225 mm / 22 lines
# 28 characters of 16 pt across 156 mm need a pitch of 15.79 pt. A character grid (linesAndChars)
# does it in Word, but LibreOffice then gives every character two cells; a line grid plus
# -0.25 pt character spacing gives 28 characters a line in both.
CHAR_SPACING = -5  # twentieths of a point
FOOTER = 1361  # 24 mm: the page number 7 mm below the 版心

TITLE_FONT, BODY_FONT, HEI, KAI, SONG = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
LATIN = "Times New Roman"
RED = "FF0000"

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


# -- runs and paragraphs ------------------------------------------------------------------------

def fonts(east: str, latin: str = LATIN) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" w:cs="{latin}"/>'


def rpr(font: str | None = None, size: float | None = None, bold: bool | None = None, color: str | None = None,
        latin: str = LATIN) -> str:
    parts = []
    if font:
        parts.append(fonts(font, latin))
    if bold is not None:
        parts.append("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if size:
        hp = int(round(size * 2))
        parts.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def r(text: str, **fmt) -> str:
    """A run; a tab character in `text` becomes a Word tab."""
    props = rpr(**fmt)
    pieces = text.split("\t")
    out = []
    for i, piece in enumerate(pieces):
        if i:
            out.append(f"<w:r>{props}<w:tab/></w:r>")
        if piece:
            out.append(f'<w:r>{props}<w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
    return "".join(out)


def p(content: str | list = "", style: str | None = None, jc: str | None = None, ind: str | None = None,
      spacing: str | None = None, keep_next: bool = False, border: str | None = None, tabs: str | None = None,
      page_break_before: bool = False, snap: bool = True, run: dict | None = None, outline: int | None = None) -> str:
    """A paragraph. `content` is run XML, or plain text (written as one run with `run` formatting)."""
    if isinstance(content, list):
        content = "".join(content)
    elif content and not content.startswith("<"):
        content = r(content, **(run or {}))
    ppr = []
    if style:
        ppr.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        ppr.append("<w:keepNext/>")
    if page_break_before:
        ppr.append("<w:pageBreakBefore/>")
    if border:
        ppr.append(f"<w:pBdr>{border}</w:pBdr>")
    if tabs:
        ppr.append(f"<w:tabs>{tabs}</w:tabs>")
    if not snap:
        ppr.append('<w:snapToGrid w:val="0"/>')
    if spacing:
        ppr.append(spacing)
    if ind:
        ppr.append(ind)
    if jc:
        ppr.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        ppr.append(f'<w:outlineLvl w:val="{outline}"/>')
    if run:
        ppr.append(rpr(**run))
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{content}</w:p>" if ppr else f"<w:p>{content}</w:p>"


def tag(text: str) -> str:
    """A paragraph holding only a docxtpl {%p ... %} tag (removed when rendering)."""
    return p(r(text), style="NoIndent")


def no_indent(chars: float = 0) -> str:
    return f'<w:ind w:firstLineChars="0" w:firstLine="0" w:leftChars="{int(chars * 100)}" w:left="{int(chars * 320)}"/>'


def hanging(label_chars: int, before_chars: int = 2, pt: float = 16) -> str:
    """Wrapped lines start after the label (出席：, 分送：) as GB/T 9704 asks."""
    one = int(pt * 20)
    left = (before_chars + label_chars) * one
    return (f'<w:ind w:leftChars="{(before_chars + label_chars) * 100}" w:left="{left}" '
            f'w:hangingChars="{label_chars * 100}" w:hanging="{label_chars * one}" w:firstLineChars="0"/>')


def bookmark(name: str, bid: int, content: str) -> str:
    return f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>{content}<w:bookmarkEnd w:id="{bid}"/>'


# -- tables ----------------------------------------------------------------------------------------

def tc(paragraphs: str, width: int, span: int = 1, valign: str = "center") -> str:
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}<w:vAlign w:val="{valign}"/></w:tcPr>'
            f"{paragraphs}</w:tc>")


def cell_text(text: str, style: str = "TableText", jc: str | None = None) -> str:
    return p(text, style=style, jc=jc)


def tr(cells: list[str], header: bool = False, height: int | None = None) -> str:
    props = ["<w:cantSplit/>"]
    if height:
        props.append(f'<w:trHeight w:val="{height}" w:hRule="atLeast"/>')
    if header:
        props.append("<w:tblHeader/>")
    return f"<w:tr><w:trPr>{''.join(props)}</w:trPr>{''.join(cells)}</w:tr>"


def loop_row(text: str, widths: list[int]) -> str:
    """A row holding only a {%tr ... %} tag, spanning the table (docxtpl replaces the row by the tag)."""
    return tr([tc(cell_text(text), sum(widths), span=len(widths))])


def table(widths: list[int], rows: list[str], style: str = "TableGrid", jc: str = "center",
          float_bottom: bool = False, borders: str | None = None, cell_margin: int = 57) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    pos = ('<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:vertAnchor="margin" w:horzAnchor="margin" '
           'w:tblpYSpec="bottom"/>') if float_bottom else ""
    bdr = f"<w:tblBorders>{borders}</w:tblBorders>" if borders is not None else ""
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/>{pos}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            f'<w:jc w:val="{jc}"/>{bdr}<w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:left w:w="{cell_margin}" w:type="dxa"/><w:right w:w="{cell_margin}" w:type="dxa"/>'
            f'</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')


def grid_table(headers: list[str], cells: list[str], widths_mm: list[float], loop: str, head_height: int = 454,
               row_height: int = 397, align: str = "") -> str:
    """A bordered list: a header row repeated on every page, then one row per item of `loop`.

    `align` has a letter per column, l for left (long text), anything else centred.
    """
    widths = mm_widths(widths_mm)
    align = align.ljust(len(cells), "c")
    head = tr([tc(cell_text(h, "TableHead"), w) for h, w in zip(headers, widths)], header=True, height=head_height)
    body = tr([tc(cell_text(c, jc="left" if a == "l" else None), w) for c, w, a in zip(cells, widths, align)],
              height=row_height)
    return table(widths, [head, loop_row("{%tr for " + loop + " %}", widths), body,
                          loop_row("{%tr endfor %}", widths)])


def mm_widths(widths_mm: list[float]) -> list[int]:
    """Column widths in twips, the last column absorbing rounding so the table is exactly the 版心."""
    total = sum(widths_mm)
    out = [int(round(w / total * TEXT_W)) for w in widths_mm]
    out[-1] += TEXT_W - sum(out)
    return out


# -- package parts -------------------------------------------------------------------------------

def section(footer_refs: bool = True, title_page: bool = False) -> str:
    refs = ('<w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
            '<w:footerReference w:type="even" r:id="rIdFooterEven"/>') if footer_refs else ""
    return (f'<w:sectPr>{refs}<w:type w:val="nextPage"/><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
            f'<w:pgMar w:top="{TOP}" w:right="{RIGHT}" w:bottom="{BOTTOM}" w:left="{LEFT}" w:header="851" '
            f'w:footer="{FOOTER}" w:gutter="0"/><w:pgNumType w:fmt="decimal"/><w:cols w:space="425"/>'
            f'{"<w:titlePg/>" if title_page else ""}'
            f'<w:docGrid w:type="lines" w:linePitch="{LINE}"/></w:sectPr>')


def document(body: list[str], sect: str) -> bytes:
    return (XML_HEAD + f"<w:document {NS}><w:body>{''.join(body)}{sect}</w:body></w:document>").encode("utf-8")


def footer(odd: bool) -> bytes:
    """— 1 —, 4號 宋體: odd pages right with one character from the edge, even pages left."""
    fmt = {"font": SONG, "size": 14, "latin": SONG}
    ind = '<w:ind w:right="280" w:firstLine="0"/>' if odd else '<w:ind w:left="280" w:firstLine="0"/>'
    props = rpr(**fmt)
    field = (f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
             f'<w:r>{props}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>'
             f'<w:r>{props}<w:t>1</w:t></w:r><w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>')
    para = p([r("— ", **fmt), field, r(" —", **fmt)], style="Footer", jc="right" if odd else "left", ind=ind)
    return (XML_HEAD + f"<w:ftr {NS}>{para}</w:ftr>").encode("utf-8")


def style(kind: str, sid: str, name: str, ppr: str = "", run: str = "", based: str | None = "Normal",
          extra: str = "") -> str:
    base = f'<w:basedOn w:val="{based}"/>' if based else ""
    return (f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/>{base}{extra}<w:qFormat/>'
            f"{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{f'<w:rPr>{run}</w:rPr>' if run else ''}</w:style>")


ZERO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'


def styles() -> bytes:
    size = lambda pt: f'<w:sz w:val="{int(pt * 2)}"/><w:szCs w:val="{int(pt * 2)}"/>'  # noqa: E731
    exact = f'<w:spacing w:line="{LINE}" w:lineRule="exact"/>'
    single = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
    plain = '<w:b w:val="0"/><w:bCs w:val="0"/>'
    defs = (
        "<w:docDefaults><w:rPrDefault><w:rPr>" + fonts(BODY_FONT) + f'<w:spacing w:val="{CHAR_SPACING}"/>'
        + '<w:kern w:val="2"/>' + size(16)
        + '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        "<w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
        "<w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    )
    body = [
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f'<w:pPr>{exact}<w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr>'
        f'<w:rPr>{fonts(BODY_FONT)}{size(16)}</w:rPr></w:style>',
        style("paragraph", "Title", "Title", f'{exact}{ZERO_INDENT}<w:jc w:val="center"/>',
              fonts(TITLE_FONT) + plain + size(22), extra='<w:next w:val="Normal"/>'),
        style("paragraph", "Heading1", "heading 1", f'<w:keepNext/>{exact}<w:outlineLvl w:val="0"/>',
              fonts(HEI) + plain + size(16), extra='<w:next w:val="Normal"/>'),
        style("paragraph", "Heading2", "heading 2", f'<w:keepNext/>{exact}<w:outlineLvl w:val="1"/>',
              fonts(KAI) + plain + size(16), extra='<w:next w:val="Normal"/>'),
        style("paragraph", "Heading3", "heading 3", f'<w:keepNext/>{exact}<w:outlineLvl w:val="2"/>',
              fonts(BODY_FONT) + plain + size(16), extra='<w:next w:val="Normal"/>'),
        style("paragraph", "NoIndent", "頂格", f"{exact}{ZERO_INDENT}"),
        style("paragraph", "CopyNo", "份號", f'{exact}{ZERO_INDENT}<w:jc w:val="left"/>', fonts(HEI) + size(16)),
        style("paragraph", "SecretMark", "密級和保密期限", f'{exact}{ZERO_INDENT}<w:jc w:val="left"/>',
              fonts(HEI) + size(16)),
        style("paragraph", "AttachLabel", "附件標識", f'{exact}{ZERO_INDENT}<w:jc w:val="left"/>', fonts(HEI) + size(16)),
        style("paragraph", "Signature", "落款", f'{exact}{ZERO_INDENT}<w:jc w:val="left"/>'),
        style("paragraph", "Label", "出席列席", f'{exact}'),
        style("paragraph", "Imprint", "版記", '<w:snapToGrid w:val="0"/><w:spacing w:before="60" w:after="60" '
              f'w:line="240" w:lineRule="auto"/>{ZERO_INDENT}', fonts(BODY_FONT) + size(14)),
        style("paragraph", "TableText", "表格文字", f'<w:snapToGrid w:val="0"/>{single}{ZERO_INDENT}<w:jc w:val="center"/>',
              fonts(BODY_FONT) + size(10.5)),
        style("paragraph", "TableHead", "表頭", f'<w:snapToGrid w:val="0"/>{single}{ZERO_INDENT}<w:jc w:val="center"/>',
              fonts(HEI) + size(10.5)),
        style("paragraph", "Footer", "footer", f'<w:snapToGrid w:val="0"/>{single}{ZERO_INDENT}',
              fonts(SONG, SONG) + size(14)),
        style("paragraph", "TOCHeading", "TOC Heading", f'{exact}{ZERO_INDENT}<w:jc w:val="center"/>',
              fonts(HEI) + plain + size(16), based="Normal"),
        style("paragraph", "TOC1", "toc 1", f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
              f'{exact}{ZERO_INDENT}', based="Normal"),
        style("paragraph", "TOC2", "toc 2", f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
              f'{exact}<w:ind w:leftChars="200" w:left="640" w:firstLine="0"/>', based="Normal"),
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>'
        '<w:uiPriority w:val="1"/><w:semiHidden/></w:style>',
        '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="auto"/>'
        '</w:rPr></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        '</w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
        '<w:tblPr><w:tblBorders>' + "".join(
            f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for s in ("top", "left", "bottom", "right", "insideH", "insideV")) + '</w:tblBorders></w:tblPr></w:style>',
        '<w:style w:type="table" w:styleId="TablePlain"><w:name w:val="Table Plain"/><w:basedOn w:val="TableNormal"/>'
        '<w:tblPr><w:tblBorders>' + "".join(f'<w:{s} w:val="nil"/>' for s in
                                            ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '</w:tblBorders></w:tblPr></w:style>',
    ]
    return (XML_HEAD + f"<w:styles {NS}>{defs}{''.join(body)}</w:styles>").encode("utf-8")


def settings(update_fields: bool = False) -> bytes:
    return (XML_HEAD + f"<w:settings {NS}>"
            '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
            '<w:characterSpacingControl w:val="compressPunctuation"/>'
            + ('<w:updateFields w:val="true"/>' if update_fields else "")
            + '<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>'
            '<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>'
            '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
            '</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
            '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>').encode("utf-8")


def font_table() -> bytes:
    """The fonts with their Windows charsets and fallbacks, so Word and WPS map them without asking."""
    entries = [
        (TITLE_FONT, "方正小标宋", "86", "02010600030101010101"), (BODY_FONT, "仿宋", "86", "02010609030101010101"),
        (HEI, "SimHei", "86", "02010609060101010101"), (KAI, "楷体", "86", "02010609030101010101"),
        (SONG, "SimSun", "86", "02010600030101010101"), (LATIN, "", "00", "02020603050405020304"),
    ]
    body = "".join(
        f'<w:font w:name="{n}">' + (f'<w:altName w:val="{a}"/>' if a else "")
        + f'<w:panose1 w:val="{pan}"/><w:charset w:val="{cs}"/><w:family w:val="{"roman" if n == LATIN else "modern"}"/>'
        '<w:pitch w:val="variable"/></w:font>' for n, a, cs, pan in entries)
    return (XML_HEAD + f"<w:fonts {NS}>{body}</w:fonts>").encode("utf-8")


def package(body: list[str], sect: str, title: str, update_fields: bool = False) -> bytes:
    ct = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '<Override PartName="/word/styles.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
          '<Override PartName="/word/settings.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
          '<Override PartName="/word/fontTable.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
          '<Override PartName="/word/footer1.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
          '<Override PartName="/word/footer2.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
          '<Override PartName="/docProps/app.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
            'Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" '
            'Target="docProps/app.xml"/></Relationships>')
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    doc_rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rIdStyles" Type="{base}styles" Target="styles.xml"/>'
                f'<Relationship Id="rIdSettings" Type="{base}settings" Target="settings.xml"/>'
                f'<Relationship Id="rIdFonts" Type="{base}fontTable" Target="fontTable.xml"/>'
                f'<Relationship Id="rIdFooterOdd" Type="{base}footer" Target="footer1.xml"/>'
                f'<Relationship Id="rIdFooterEven" Type="{base}footer" Target="footer2.xml"/></Relationships>')
    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{escape(title)}</dc:title><dc:creator>huiwu</dc:creator><cp:lastModifiedBy>huiwu</cp:lastModifiedBy>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{_zip.FIXED_ISO}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_zip.FIXED_ISO}</dcterms:modified></cp:coreProperties>')
    app = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>huiwu</Application><TotalTime>0</TotalTime></Properties>')
    parts = {
        "[Content_Types].xml": (XML_HEAD + ct).encode("utf-8"),
        "_rels/.rels": (XML_HEAD + rels).encode("utf-8"),
        "word/_rels/document.xml.rels": (XML_HEAD + doc_rels).encode("utf-8"),
        "word/document.xml": document(body, sect),
        "word/styles.xml": styles(),
        "word/settings.xml": settings(update_fields),
        "word/fontTable.xml": font_table(),
        "word/footer1.xml": footer(odd=True),
        "word/footer2.xml": footer(odd=False),
        "docProps/core.xml": (XML_HEAD + core).encode("utf-8"),
        "docProps/app.xml": (XML_HEAD + app).encode("utf-8"),
    }
    return _zip.write_parts(parts)


# -- shared blocks -------------------------------------------------------------------------------

def classified_lines() -> list[str]:
    """份號 on the first line of the 版心, 密級★保密期限 on the second (blank lines when not classified)."""
    return [p(r("{{ 份號 }}", font=HEI, size=16), style="CopyNo"),
            p(r("{{ 密級標誌 }}", font=HEI, size=16), style="SecretMark")]


def red_mark(variable: str, space_before: int) -> list[str]:
    """The red 發文機關標志 / 紀要標志: 小初 when it fits one line (12 characters), else 一號."""
    def mark(size: float) -> str:
        return p(r("{{ " + variable + " }}", font=TITLE_FONT, size=size, color=RED), style="NoIndent", jc="center",
                 spacing=f'<w:spacing w:before="{space_before}" w:line="240" w:lineRule="auto"/>', snap=False)

    return [tag("{%p if " + variable + "|length <= 12 %}"), mark(36), tag("{%p else %}"), mark(26), tag("{%p endif %}")]


def red_rule() -> str:
    return f'<w:bottom w:val="single" w:sz="12" w:space="8" w:color="{RED}"/>'


def imprint(floating: bool) -> str:
    """版記: 分送 line, then 印發機關 and 印發日期, between a thick rule, a thin one and a thick one."""
    one = 280  # a 4號 character
    widths = [TEXT_W]
    thick = '<w:{s} w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
    borders = (thick.format(s="top") + '<w:left w:val="nil"/>' + thick.format(s="bottom") + '<w:right w:val="nil"/>'
               '<w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/><w:insideV w:val="nil"/>')
    send = p([r("分送：", font=BODY_FONT, size=14), r("{{ 分送 }}", font=BODY_FONT, size=14)], style="Imprint",
             ind=(f'<w:ind w:left="{one * 4}" w:right="{one}" w:hanging="{one * 3}" w:firstLine="0"/>'))
    issued = p([r("{{ 印發機關 }}", font=BODY_FONT, size=14), r("\t"), r("{{ 印發日期 }}印發", font=BODY_FONT, size=14)],
               style="Imprint", ind=f'<w:ind w:left="{one}" w:right="{one}" w:firstLine="0"/>',
               tabs=f'<w:tab w:val="right" w:pos="{TEXT_W - one}"/>')
    rows = [tr([tc(send, TEXT_W)]), tr([tc(issued, TEXT_W)])]
    return table(widths, rows, style="TableNormal", float_bottom=floating, borders=borders, cell_margin=0)


# -- the templates -------------------------------------------------------------------------------

RECEIPT_HEADERS = ["單位", "姓名", "職務", "性別", "民族", "手機", "到達時間/航班車次", "是否住宿", "備註"]
RECEIPT_CELLS = ["{{ 行.單位 }}", "{{ 行.姓名 }}", "{{ 行.職務 }}", "{{ 行.性別 }}", "{{ 行.民族 }}", "{{ 行.手機 }}",
                 "{{ 行.到達 }}", "{{ 行.住宿 }}", "{{ 行.備註 }}"]
RECEIPT_WIDTHS = [23, 15, 20, 10, 10, 24, 24, 14, 16]


def notice() -> bytes:
    h1 = {"style": "Heading1"}
    body = classified_lines() + [
        tag("{%p if 發文字號 %}"),
        *red_mark("發文機關標志", 826),
        p(), p(),
        p("{{ 發文字號 }}", style="NoIndent", jc="center", border=red_rule()),
        p(),
        tag("{%p endif %}"),
        p("關於召開{{ 會議名稱 }}的通知", style="Title"),
        p(),
        p("{{ 主送 }}：", style="NoIndent"),
        p("定於{{ 會議日期 }}召開{{ 會議名稱 }}。現將有關事項通知如下："),
        p("{{ 項() }}會議時間", **h1),
        p("{{ 會議時間 }}{% if 會期 %}，會期{{ 會期 }}{% endif %}。"),
        p("{{ 項() }}會議地點", **h1),
        p("{{ 地點 }}。"),
        p("{{ 項() }}參會人員", **h1),
        p("{{ 參會範圍 }}。"),
        tag("{%p if 本單位名單 %}"),
        p("請{{ 本單位 }}以下同志參加會議：{{ 本單位名單 }}。"),
        tag("{%p endif %}"),
        tag("{%p if 報到時間 or 報到地點 %}"),
        p("{{ 項() }}報到時間和地點", **h1),
        p("{% if 報到時間 %}{{ 報到時間 }}起，{% endif %}{% if 報到地點 %}在{{ 報到地點 }}{% endif %}報到。"),
        tag("{%p endif %}"),
        p("{{ 項() }}有關要求", **h1),
        p("{{ 小項() }}請{% if 回執截止時間 %}於{{ 回執截止時間 }}前{% else %}盡快{% endif %}將參會回執（見附件）"
          "{% if 回執報送 %}{{ 回執報送 }}{% else %}報送會務組{% endif %}。"),
        p("{{ 小項() }}參會人員請提前30分鐘到達會場，按指定座位就座；會議期間請將手機關閉或調至靜音狀態，不得隨意走動。"),
        p("{{ 小項() }}參會人員無特殊情況不得請假；確需請假的，請事先報經同意，並在回執中註明。"),
        tag("{%p if 涉密 %}"),
        p("{{ 小項() }}本次會議為涉密會議，請嚴格遵守保密紀律，不得攜帶手機等通訊工具進入會場，不得錄音、錄像、拍照。"),
        tag("{%p endif %}"),
        tag("{%p if 聯繫人 or 聯繫電話 %}"),
        p("聯繫人：{{ 聯繫人 }}{% if 聯繫電話 %}，電話：{{ 聯繫電話 }}{% endif %}。"),
        tag("{%p endif %}"),
        p(),
        p("附件：{{ 會議名稱 }}回執"),
        p(), p(), p(),
        p("{{ 署名行 }}", style="Signature"),
        p("{{ 日期行 }}", style="Signature"),
        p("附件", style="AttachLabel", page_break_before=True),
        p(),
        p("{{ 會議名稱 }}回執", style="Title"),
        p(),
        p("單位（蓋章）：{{ 本單位 }}", style="NoIndent"),
        grid_table(RECEIPT_HEADERS, RECEIPT_CELLS, RECEIPT_WIDTHS, "行 in 回執行", row_height=567),
        p("請{% if 回執截止時間 %}於{{ 回執截止時間 }}前{% else %}盡快{% endif %}將回執"
          "{% if 回執報送 %}{{ 回執報送 }}{% else %}報送會務組{% endif %}。"
          "{% if 聯繫人 or 聯繫電話 %}聯繫人：{{ 聯繫人 }}{% if 聯繫電話 %}，電話：{{ 聯繫電話 }}{% endif %}。{% endif %}",
          style="NoIndent"),
    ]
    return package(body, section(), "會議通知")


def labelled(label: str, variable: str) -> list[str]:
    """出席：… in 3號 黑體 label and 仿宋 names, wrapped lines aligned after the colon."""
    return [tag("{%p if " + variable + " %}"),
            p([r(label + "：", font=HEI), r("{{ " + variable + " }}")], style="Label", ind=hanging(3)),
            tag("{%p endif %}")]


def minutes() -> bytes:
    body = classified_lines() + [
        *red_mark("紀要標志", 300),
        p(),
        p("{{ 紀要期號 }}", style="NoIndent", jc="center"),
        p([r("{{ 印發機關 }}"), r("\t"), r("{{ 印發日期 }}")], style="NoIndent", border=red_rule(),
          tabs=f'<w:tab w:val="right" w:pos="{TEXT_W}"/>'),
        p(), p(),
        p("{{ 會議日期 }}，{% if 主持人 %}{{ 主持人 }}{% endif %}{% if 地點 %}在{{ 地點 }}{% endif %}"
          "{% if 主持人 %}主持{% endif %}召開{{ 會議名稱 }}。會議研究了以下事項，現紀要如下："),
        p("{{ 項() }}（議定事項一）", style="Heading1"),
        p("（請在此處填寫會議議定的事項。）"),
        p("{{ 項() }}（議定事項二）", style="Heading1"),
        p("（請在此處填寫會議議定的事項。）"),
        p(),
        *labelled("出席", "出席"),
        *labelled("請假", "請假"),
        *labelled("列席", "列席"),
        imprint(floating=True),
        p(),
    ]
    return package(body, section(), "會議紀要")


def distribution() -> bytes:
    headers = ["序號", "分送對象", "份數", "密級", "份號", "備註"]
    cells = ["{{ 行.序號 }}", "{{ 行.分送對象 }}", "{{ 行.份數 }}", "{{ 行.密級 }}", "{{ 行.份號 }}", "{{ 行.備註 }}"]
    body = [
        p("{{ 紀要標志 }}分送單", style="Title"),
        p(),
        p("{% if 紀要期號 %}{{ 紀要期號 }}　　{% endif %}{% if 密級標誌 %}{{ 密級標誌 }}　　{% endif %}"
          "共{{ 合計份數 }}份{% if 首份號 %}，份號{{ 首份號 }}—{{ 末份號 }}{% endif %}", style="NoIndent", jc="center"),
        p(),
        p("{{ 項() }}版記", style="Heading1"),
        imprint(floating=False),
        p(),
        p("{{ 項() }}分送名單", style="Heading1"),
        grid_table(headers, cells, [10, 60, 12, 14, 36, 24], "行 in 分送名單", row_height=454),
        p("合計：{{ 合計份數 }}份。", style="NoIndent"),
    ]
    return package(body, section(), "紀要分送單")


def handbook() -> bytes:
    centred = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'

    def heading(text: str, mark: str, bid: int, first: bool = False) -> str:
        return p(bookmark(mark, bid, r(text, font=HEI, size=18)), style="Heading1", jc="center", ind=centred,
                 page_break_before=not first)

    # the page number is a PAGEREF to the heading's bookmark: LibreOffice computes it, Word on opening
    toc_entry = ('<w:hyperlink w:anchor="{{ 節.書籤 }}" w:history="1">' + r("{{ 節.標題 }}") + r("\t")
                 + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 '<w:r><w:instrText xml:space="preserve"> PAGEREF {{ 節.書籤 }} \\h </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
                 '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>')
    cover_big = {"font": TITLE_FONT, "size": 36}
    body = [
        p(), p(), p(), p(),
        p(r("{{ 會議名稱 }}", font=TITLE_FONT, size=22), style="NoIndent", jc="center",
          spacing='<w:spacing w:line="240" w:lineRule="auto" w:after="240"/>', snap=False),
        p(), p(),
        p(r("會務手冊", **cover_big), style="NoIndent", jc="center",
          spacing='<w:spacing w:line="240" w:lineRule="auto"/>', snap=False),
        p(), p(), p(), p(), p(), p(), p(),
        p(r("{{ 會議日期 }}", font=KAI), style="NoIndent", jc="center"),
        p(r("{{ 主辦單位 }}", font=KAI), style="NoIndent", jc="center"),
        p("目　錄", style="TOCHeading", page_break_before=True),
        tag("{%p for 節 in 目錄 %}"),
        p(toc_entry, style="TOC1"),
        tag("{%p endfor %}"),
        heading("會議須知", "_Toc_hw_rules", 1),
        tag("{%p for 條 in 會議須知 %}"),
        p("{{ 條 }}"),
        tag("{%p endfor %}"),
        tag("{%p if 日程 %}"),
        heading("日程安排", "_Toc_hw_schedule", 2),
        table(mm_widths([30, 62, 38, 26]), [
            tr([tc(cell_text(h, "TableHead"), w) for h, w in zip(["時間", "內容", "地點", "主持人"], mm_widths([30, 62, 38, 26]))],
               header=True, height=454),
            loop_row("{%tr for 天 in 日程 %}", mm_widths([30, 62, 38, 26])),
            tr([tc(cell_text("{{ 天.日期 }}", "TableHead", jc="left"), TEXT_W, span=4)], height=397),
            loop_row("{%tr for 項目 in 天.項目 %}", mm_widths([30, 62, 38, 26])),
            tr([tc(cell_text(c), w) for c, w in zip(["{{ 項目.時間 }}", "{{ 項目.內容 }}", "{{ 項目.地點 }}", "{{ 項目.主持人 }}"],
                                                   mm_widths([30, 62, 38, 26]))], height=397),
            loop_row("{%tr endfor %}", mm_widths([30, 62, 38, 26])),
            loop_row("{%tr endfor %}", mm_widths([30, 62, 38, 26])),
        ]),
        tag("{%p endif %}"),
        heading("參會人員名單", "_Toc_hw_people", 3),
        grid_table(["序號", "姓名", "單位", "職務", "房號", "手機"],
                   ["{{ 人.序號 }}", "{{ 人.姓名 }}", "{{ 人.單位 }}", "{{ 人.職務 }}", "{{ 人.房號 }}", "{{ 人.手機 }}"],
                   [10, 18, 44, 40, 14, 30], "人 in 人員名單"),
        tag("{%p if 就餐安排 or 宴會桌次 %}"),
        heading("就餐安排", "_Toc_hw_meals", 4),
        tag("{%p if 就餐安排 %}"),
        grid_table(["日期", "餐次", "地點", "形式", "標準", "備註"],
                   ["{{ 餐.日期 }}", "{{ 餐.餐次 }}", "{{ 餐.地點 }}", "{{ 餐.形式 }}", "{{ 餐.標準 }}", "{{ 餐.備註 }}"],
                   [24, 14, 50, 14, 20, 34], "餐 in 就餐安排", align="ccl"),
        tag("{%p endif %}"),
        tag("{%p if 宴會桌次 %}"),
        p("宴會桌次", style="Heading2"),
        grid_table(["桌號", "人數", "人員"], ["{{ 桌.桌號 }}", "{{ 桌.人數 }}", "{{ 桌.人員 }}"], [14, 12, 130], "桌 in 宴會桌次",
                   align="ccl"),
        tag("{%p endif %}"),
        tag("{%p endif %}"),
        tag("{%p if 乘車安排 %}"),
        heading("乘車安排", "_Toc_hw_cars", 5),
        grid_table(["車號", "車牌", "車型", "司機", "司機電話", "人數", "乘車人員"],
                   ["{{ 車.車號 }}", "{{ 車.車牌 }}", "{{ 車.車型 }}", "{{ 車.司機 }}", "{{ 車.司機電話 }}", "{{ 車.人數 }}",
                    "{{ 車.人員 }}"], [10, 20, 16, 14, 24, 10, 62], "車 in 乘車安排", align="ccccccl"),
        tag("{%p endif %}"),
        tag("{%p if 座次 %}"),
        heading("座次安排", "_Toc_hw_seats", 6),
        grid_table(["序號", "姓名", "單位", "座位"], ["{{ 座.序號 }}", "{{ 座.姓名 }}", "{{ 座.單位 }}", "{{ 座.座位 }}"],
                   [12, 24, 70, 50], "座 in 座次"),
        tag("{%p endif %}"),
        heading("會務組", "_Toc_hw_staff", 7),
        tag("{%p if 會務組 %}"),
        grid_table(["姓名", "崗位", "手機"], ["{{ 員.姓名 }}", "{{ 員.崗位 }}", "{{ 員.手機 }}"], [40, 60, 56], "員 in 會務組"),
        tag("{%p endif %}"),
        tag("{%p if 聯繫人 or 聯繫電話 %}"),
        p("會務組聯繫人：{{ 聯繫人 }}{% if 聯繫電話 %}，電話：{{ 聯繫電話 }}{% endif %}。"),
        tag("{%p endif %}"),
    ]
    return package(body, section(title_page=True), "會務手冊", update_fields=True)


TEMPLATES = {
    "notice_tpl.docx": notice,
    "minutes_tpl.docx": minutes,
    "distribution_tpl.docx": distribution,
    "handbook_tpl.docx": handbook,
}


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "templates"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, make in TEMPLATES.items():
        (out_dir / name).write_bytes(make())
        print(out_dir / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
