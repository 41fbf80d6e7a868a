"""校驗結果.xlsx: the staff's own workbook with every problem cell coloured and commented.

The copy is made by editing the package's XML (one new fill style per
severity, a comments part and its VML drawing per sheet), which keeps every
other byte of the staff's file and takes a fraction of a second where
loading and saving through openpyxl took seconds for a 3,000-person list.
Workbooks that already carry comments go through openpyxl instead.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from .text import xml_escape as escape
from .workbook import _sheet_parts, col_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
FILLS = {"error": "FFFFC7CE", "warning": "FFFFEB9C"}
_AFTER_LEGACY = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                 "tableParts", "extLst")


class NeedsOpenpyxl(Exception):
    """The workbook has something this editor does not merge (existing comments)."""


def _q(tag: str) -> str:
    return f"{{{MAIN}}}{tag}"


def _styles(root, needed: set[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """Append one fill per severity and one cell format per (old format, severity); returns the new ids."""
    fills = root.find(_q("fills"))
    fill_ids = {}
    for severity, color in FILLS.items():
        fill = etree.SubElement(fills, _q("fill"))
        pattern = etree.SubElement(fill, _q("patternFill"), patternType="solid")
        etree.SubElement(pattern, _q("fgColor"), rgb=color)
        etree.SubElement(pattern, _q("bgColor"), indexed="64")
        fill_ids[severity] = len(fills) - 1
    fills.set("count", str(len(fills)))
    xfs = root.find(_q("cellXfs"))
    out = {}
    for old, severity in sorted(needed):
        base = xfs[old] if old < len(xfs) else xfs[0]
        xf = etree.fromstring(etree.tostring(base))
        xf.set("fillId", str(fill_ids[severity]))
        xf.set("applyFill", "1")
        xfs.append(xf)
        out[(old, severity)] = len(xfs) - 1
    xfs.set("count", str(len(xfs)))
    return out


def _cell(sheet_data, row: int, col: int):
    """The <c> element at (row, col), created in order when the cell is empty."""
    ref = f"{col_letter(col)}{row}"
    row_el = None
    for r in sheet_data.iterfind(_q("row")):
        n = int(r.get("r"))
        if n == row:
            row_el = r
            break
        if n > row:
            row_el = etree.Element(_q("row"), r=str(row))
            r.addprevious(row_el)
            break
    if row_el is None:
        row_el = etree.SubElement(sheet_data, _q("row"), r=str(row))
    for c in row_el.iterfind(_q("c")):
        cref = c.get("r", "")
        letters = cref.rstrip("0123456789")
        from .workbook import col_index

        if cref == ref:
            return c
        if col_index(letters) > col:
            new = etree.Element(_q("c"), r=ref)
            c.addprevious(new)
            return new
    return etree.SubElement(row_el, _q("c"), r=ref)


def _vml(cells: list[tuple[int, int]], sheet_no: int) -> bytes:
    shapes = []
    for i, (row, col) in enumerate(cells):
        shapes.append(
            f'<v:shape id="_x0000_s{sheet_no * 1024 + i + 1}" type="#_x0000_t202" '
            'style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:240pt;height:80pt;z-index:1;visibility:hidden" '
            'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
            f'<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f'<x:Anchor>{col}, 15, {max(row - 2, 0)}, 10, {col + 4}, 15, {row + 4}, 4</x:Anchor><x:AutoFill>False</x:AutoFill>'
            f'<x:Row>{row - 1}</x:Row><x:Column>{col - 1}</x:Column></x:ClientData></v:shape>')
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{sheet_no}"/></o:shapelayout>'
            '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
            '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
            + "".join(shapes) + "</xml>").encode()


def _comments(notes: dict[tuple[int, int], str]) -> bytes:
    items = "".join(f'<comment ref="{col_letter(c)}{r}" authorId="0"><text><r><t xml:space="preserve">{escape(text)}</t></r></text></comment>'
                    for (r, c), text in sorted(notes.items()))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="{MAIN}">'
            f"<authors><author>huiwu</author></authors><commentList>{items}</commentList></comments>").encode()


def annotate(path, marks: dict[str, dict[tuple[int, int], tuple[str, str]]]) -> bytes:
    """marks: sheet title -> (row, col) -> (severity, text). Returns the annotated package."""
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
        sheet_parts = _sheet_parts(zf)
    styles = etree.fromstring(parts["xl/styles.xml"])
    targets = {}
    for title, cells in marks.items():
        part = sheet_parts.get(title)
        if part not in parts:
            continue
        rels_name = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
        if rels_name in parts and (b"/comments" in parts[rels_name] or b"vmlDrawing" in parts[rels_name]):
            raise NeedsOpenpyxl(title)
        targets[title] = (part, rels_name, cells)
    needed = set()
    trees = {}
    for title, (part, _, cells) in targets.items():
        root = etree.fromstring(parts[part])
        sheet_data = root.find(_q("sheetData"))
        elements = {}
        for (row, col), (severity, _) in cells.items():
            c = _cell(sheet_data, row, col)
            old = int(c.get("s", "0"))
            needed.add((old, severity))
            elements[(row, col)] = (c, old, severity)
        trees[title] = (root, elements)
    new_ids = _styles(styles, needed)
    parts["xl/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    ct = parts["[Content_Types].xml"].decode()
    if 'Extension="vml"' not in ct:
        ct = ct.replace("<Default ", '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/><Default ', 1)
    for n, (title, (part, rels_name, cells)) in enumerate(sorted(targets.items()), start=1):
        root, elements = trees[title]
        for c, old, severity in elements.values():
            c.set("s", str(new_ids[(old, severity)]))
        comments_name, vml_name = f"xl/comments_huiwu{n}.xml", f"xl/drawings/vmlDrawing_huiwu{n}.vml"
        parts[comments_name] = _comments({k: v[1] for k, v in cells.items()})
        parts[vml_name] = _vml(sorted(cells), n)
        ct = ct.replace("</Types>", f'<Override PartName="/{comments_name}" '
                        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>')
        rels = etree.fromstring(parts[rels_name]) if rels_name in parts else etree.Element(f"{{{PKG}}}Relationships", nsmap={None: PKG})
        etree.SubElement(rels, f"{{{PKG}}}Relationship", Id="rIdHuiwuC", Target=f"../comments_huiwu{n}.xml",
                         Type=f"{REL}/comments")
        etree.SubElement(rels, f"{{{PKG}}}Relationship", Id="rIdHuiwuV", Target=f"../drawings/vmlDrawing_huiwu{n}.vml",
                         Type=f"{REL}/vmlDrawing")
        parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
        legacy = etree.Element(_q("legacyDrawing"))
        legacy.set(f"{{{REL}}}id", "rIdHuiwuV")
        later = next((child for child in root if etree.QName(child).localname in _AFTER_LEGACY), None)
        if later is not None:
            later.addprevious(legacy)
        else:
            root.append(legacy)
        parts[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["[Content_Types].xml"] = ct.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(zipfile.ZipInfo(name, (2000, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
