"""Fast, deterministic PowerPoint decks: slide XML written directly.

python-pptx scans every slide and shape to pick ids, which turns quadratic at
thousands of plates or tickets. Here python-pptx only makes the empty
package (masters, theme, blank layout); slides are XML strings appended to it.
"""

from __future__ import annotations

import functools
import io
import re

from ..deps import salted_key
from ..text import xml_escape as escape
from . import _zip

EMU_PER_MM = 36000
EMU_PER_PT = 12700
A4_LANDSCAPE = (297 * EMU_PER_MM, 210 * EMU_PER_MM)
A4_PORTRAIT = (210 * EMU_PER_MM, 297 * EMU_PER_MM)

# Font names as installed on Chinese Windows/WPS (the names in the East Asian slot must
# match the installed family name, which is the simplified one).
FONTS = {
    "黑體": "黑体", "宋體": "宋体", "楷體": "楷体", "仿宋": "仿宋_GB2312", "華文新魏": "华文新魏",
    "方正小標宋簡體": "方正小标宋简体", "楷體_GB2312": "楷体_GB2312", "仿宋_GB2312": "仿宋_GB2312",
}
LATIN = "Times New Roman"

_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
       'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
_REL_SLIDE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide"
_REL_LAYOUT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout"
_CT_SLIDE = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"


def font(name: str) -> str:
    """The installed family name for a font named in traditional script (黑體 -> 黑体)."""
    return FONTS.get(name, name)


def mm(value: float) -> int:
    return int(round(value * EMU_PER_MM))


@functools.lru_cache(maxsize=1)
def _default_parts() -> tuple[tuple[str, bytes], ...]:
    """The parts of python-pptx's own blank presentation, read from its file.

    Reading the zip costs a few milliseconds; importing python-pptx to get the same
    parts costs 0.16 s, which a rebuild of one deck would otherwise pay.
    """
    import importlib.util
    import os

    spec = importlib.util.find_spec("pptx")
    path = os.path.join(spec.submodule_search_locations[0], "templates", "default.pptx")
    if os.path.exists(path):
        with open(path, "rb") as fh:
            return tuple(_zip.read_parts(fh.read()).items())
    from pptx import Presentation  # a python-pptx that moved its template: ask it

    buf = io.BytesIO()
    Presentation().save(buf)
    return tuple(_zip.read_parts(buf.getvalue()).items())


@functools.lru_cache(maxsize=8)
def _base_parts(width: int, height: int) -> tuple[tuple[str, bytes], ...]:
    parts = dict(_default_parts())
    pres = parts["ppt/presentation.xml"].decode()
    pres = re.sub(r'<p:sldSz cx="\d+" cy="\d+"', f'<p:sldSz cx="{width}" cy="{height}"', pres, count=1)
    parts["ppt/presentation.xml"] = pres.encode()
    core = parts["docProps/core.xml"].decode()  # the template's own author and revision are not ours
    core = re.sub(r"<cp:lastModifiedBy>[^<]*</cp:lastModifiedBy>", "<cp:lastModifiedBy></cp:lastModifiedBy>", core)
    parts["docProps/core.xml"] = core.encode()
    return tuple(parts.items())


@functools.lru_cache(maxsize=4096)
def run_props(size_pt: float, font_name: str = "黑體", bold: bool = False, color: str | None = None) -> str:
    fill = f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>' if color else ""
    ea = escape(font(font_name), {'"': "&quot;"})
    return (f'<a:rPr lang="zh-CN" altLang="en-US" sz="{int(round(size_pt * 100))}" b="{int(bold)}" dirty="0">'
            f'{fill}<a:latin typeface="{LATIN}"/><a:ea typeface="{ea}"/><a:cs typeface="{LATIN}"/></a:rPr>')


@functools.lru_cache(maxsize=4096)
def _end_props(rpr: str) -> str:
    return rpr.replace("<a:rPr", "<a:endParaRPr", 1).replace("</a:rPr>", "</a:endParaRPr>")


@functools.lru_cache(maxsize=4)
def _slide_rels(layout: str) -> _zip.Packed:
    return _zip.pack("rels", (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL_LAYOUT}" Target="../slideLayouts/{layout}"/></Relationships>').encode())


_SLIDE_HEAD = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sld {_NS}><p:cSld><p:spTree>'
               '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
               '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
               '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>').encode()
_SLIDE_TAIL = b'</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>'


class Slide:
    """Shapes of one slide as XML; ids are handed out locally, so adding is O(1)."""

    def __init__(self, first_id: int = 2) -> None:
        self.shapes: list[str] = []
        self._next_id = first_id

    def _id(self) -> int:
        self._next_id += 1
        return self._next_id - 1

    def text(self, x: int, y: int, w: int, h: int, lines, size_pt: float, font_name: str = "黑體",
             bold: bool = False, align: str = "ctr", anchor: str = "ctr", rotation: int = 0,
             color: str | None = None, fill: str | None = None, line: str | None = None,
             name: str = "Text", wrap: bool = False, geom: str = "rect") -> int:
        """A text box; `lines` is a string or a list of (text, size, font, bold, color) or strings."""
        sid = self._id()
        if isinstance(lines, str):
            lines = [lines]
        paras = []
        for item in lines:
            if isinstance(item, str):
                item = (item, size_pt, font_name, bold, color)
            text, size, fname, b, col = item
            rpr = run_props(size, fname, b, col)
            body = f"<a:r>{rpr}<a:t>{escape(text)}</a:t></a:r>" if text else ""
            end = _end_props(rpr)
            paras.append(f'<a:p><a:pPr algn="{align}"/>{body}{end}</a:p>')
        rot = f' rot="{rotation * 60000}"' if rotation else ""
        fill_xml = f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>' if fill else "<a:noFill/>"
        line_xml = f'<a:ln w="9525"><a:solidFill><a:srgbClr val="{line}"/></a:solidFill></a:ln>' if line else "<a:ln><a:noFill/></a:ln>"
        wrap_attr = "square" if wrap else "none"
        self.shapes.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{escape(name)} {sid}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr><a:xfrm{rot}><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
            f'<a:prstGeom prst="{geom}"><a:avLst/></a:prstGeom>{fill_xml}{line_xml}</p:spPr>'
            f'<p:txBody><a:bodyPr wrap="{wrap_attr}" lIns="0" tIns="0" rIns="0" bIns="0" anchor="{anchor}" rtlCol="0">'
            f'<a:noAutofit/></a:bodyPr><a:lstStyle/>{"".join(paras)}</p:txBody></p:sp>')
        return sid

    def rect(self, x: int, y: int, w: int, h: int, fill: str | None = None, line: str | None = "000000",
             dash: str | None = None, name: str = "Box", geom: str = "rect", line_w: int = 9525) -> int:
        sid = self._id()
        fill_xml = f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>' if fill else "<a:noFill/>"
        dash_xml = f'<a:prstDash val="{dash}"/>' if dash else ""
        line_xml = (f'<a:ln w="{line_w}"><a:solidFill><a:srgbClr val="{line}"/></a:solidFill>{dash_xml}</a:ln>'
                    if line else "<a:ln><a:noFill/></a:ln>")
        self.shapes.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{escape(name)} {sid}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
            f'<a:prstGeom prst="{geom}"><a:avLst/></a:prstGeom>{fill_xml}{line_xml}</p:spPr></p:sp>')
        return sid

    def line(self, x1: int, y1: int, x2: int, y2: int, color: str = "808080", dash: str | None = "dash",
             width: int = 6350, name: str = "Line") -> int:
        sid = self._id()
        x, y = min(x1, x2), min(y1, y2)
        flip = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
        dash_xml = f'<a:prstDash val="{dash}"/>' if dash else ""
        self.shapes.append(
            f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{sid}" name="{name} {sid}"/><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr>'
            f'<p:spPr><a:xfrm{flip}><a:off x="{x}" y="{y}"/><a:ext cx="{abs(x2 - x1)}" cy="{abs(y2 - y1)}"/></a:xfrm>'
            f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="{width}"><a:solidFill><a:srgbClr val="{color}"/>'
            f'</a:solidFill>{dash_xml}</a:ln></p:spPr></p:cxnSp>')
        return sid

    def framed(self, frame: tuple[str, str, str, str], body: str) -> int:
        """A shape from `frame`, its XML cut where its id goes (twice) and where its text goes, around `body`."""
        sid = self._id()
        a, b, c, d = frame
        self.shapes.append(f"{a}{sid}{b}{sid}{c}{body}{d}")
        return sid

    def raw(self, make_xml) -> int:
        """Append custom shape XML: `make_xml(shape_id)` returns the element as a string."""
        sid = self._id()
        self.shapes.append(make_xml(sid))
        return sid

    def body(self) -> bytes:
        # each shape encoded by itself: a QR code's path is ASCII (a plain copy), and joined with the
        # names' text it would first be widened to two bytes a character, then encoded again
        return b"".join([shape.encode() for shape in self.shapes])

    def xml(self) -> bytes:
        return _SLIDE_HEAD + self.body() + _SLIDE_TAIL

    def head(self) -> _zip.Piece:
        """The slide's start and its shapes so far, deflated as the first piece of a joined slide."""
        return _zip.piece(_SLIDE_HEAD + self.body())


@functools.lru_cache(maxsize=1)
def _tail_piece() -> _zip.Piece:
    return _zip.piece(_SLIDE_TAIL)


class Deck:
    """A presentation assembled from Slide objects; `to_bytes` is deterministic."""

    def __init__(self, size: tuple[int, int] = A4_LANDSCAPE, title: str = "", author: str = "") -> None:
        self.width, self.height = size
        self.slides: list[Slide | _zip.Packed] = []
        self.keys: list[str | None] = []  # per slide: its key (salted), None when it has none
        self.title = title
        self.author = author
        self._previous: bytes | None = None
        self._old: dict[str, int] = {}  # key -> slide number in `_previous`
        self._salt = ""
        self.filename = ""  # set by Context.reuse_slides

    def reuse(self, previous: bytes | None, old_keys: list | None, salt: str) -> None:
        """Let slides with a key be copied from `previous`, the deck as last built, whose slides had `old_keys`.

        A key stands for everything one slide shows (the people on it and their places); `salt`
        for everything else the kind read (settings, other sheets, the program), so a slide is
        copied only when nothing it is made of moved. Copying skips drawing it at all.
        """
        self._previous, self._salt = previous, salt
        self._old = {k: i for i, k in enumerate(old_keys or (), start=1) if k is not None} if previous else {}

    def _salted(self, key: str) -> str:
        return salted_key(self._salt, key)

    def reused(self, key: str) -> bool:
        """Append the last build's slide with this key, if it had one: True when done (draw nothing then)."""
        salted = self._salted(key)
        number = self._old.get(salted)
        if number is None:
            return False
        member = _zip.previous_parts(self._previous).get(f"ppt/slides/slide{number}.xml")  # read once: see there
        if member is None:
            return False
        self.slides.append(member)
        self.keys.append(salted)
        return True

    def joined_slide(self, key: str, pieces: list[_zip.Piece]) -> None:
        """Append a slide made of a head (Slide.head) and its shapes' pieces, deflated apart: cards kept
        deflated (see _cards.cell) make a page that moved without drawing or deflating it again."""
        self.slides.append(_zip.joined("", [*pieces, _tail_piece()]))
        self.keys.append(self._salted(key))

    def new_slide(self, key: str | None = None) -> Slide:
        slide = Slide()
        self.slides.append(slide)
        self.keys.append(self._salted(key) if key is not None else None)
        return slide

    def to_bytes(self, previous: bytes | None = None) -> bytes:
        """The .pptx; `previous` is the same deck as last built, whose unchanged slides are reused compressed."""
        if previous is not None:
            self._previous = previous
        parts = dict(_base_parts(self.width, self.height))
        layout = "slideLayout7.xml"  # the default template's 'Blank' layout
        ct_overrides = []
        slide_rels = []
        ids = []
        rels = _slide_rels(layout)  # the same for every slide: deflated once
        packed = _zip.Packed  # members made directly: _replace() costs three times as much (12,000 for 3,000 plates)
        for i, slide in enumerate(self.slides, start=1):
            name = f"ppt/slides/slide{i}.xml"
            if slide.__class__ is Slide:
                parts[name] = slide.xml()
            else:  # a member copied from the last pack, or joined: named for its place in this deck
                parts[name] = slide if slide.name == name else packed(name, slide.data, slide.crc, slide.size)
            name = f"ppt/slides/_rels/slide{i}.xml.rels"
            parts[name] = packed(name, rels.data, rels.crc, rels.size)
            ct_overrides.append(f'<Override PartName="/ppt/slides/slide{i}.xml" ContentType="{_CT_SLIDE}"/>')
            slide_rels.append(f'<Relationship Id="rIdS{i}" Type="{_REL_SLIDE}" Target="slides/slide{i}.xml"/>')
            ids.append(f'<p:sldId id="{255 + i}" r:id="rIdS{i}"/>')
        ct = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = ct.replace("</Types>", "".join(ct_overrides) + "</Types>").encode()
        prels = parts["ppt/_rels/presentation.xml.rels"].decode()
        parts["ppt/_rels/presentation.xml.rels"] = prels.replace("</Relationships>", "".join(slide_rels) + "</Relationships>").encode()
        pres = parts["ppt/presentation.xml"].decode().replace(' type="screen4x3"', "")
        if ids:
            pres = pres.replace("<p:sldSz", f"<p:sldIdLst>{''.join(ids)}</p:sldIdLst><p:sldSz", 1)
        parts["ppt/presentation.xml"] = pres.encode()
        if self.title:
            core = parts["docProps/core.xml"].decode()
            core = re.sub(r"<dc:title\s*/>|<dc:title>[^<]*</dc:title>", f"<dc:title>{escape(self.title)}</dc:title>", core)
            core = core.replace("generated using python-pptx", "huiwu")
            parts["docProps/core.xml"] = core.encode()
        return _zip.write_parts(parts, author=self.author, previous=self._previous)
