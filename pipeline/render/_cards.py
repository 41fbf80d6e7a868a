"""Lean slide XML for cards printed many to a page: tickets and badges.

_pptx.Slide.text writes a full run and end-of-paragraph property set for
every line; at 27,000 tickets that doubles the XML to compress. The shapes
here carry one run per paragraph with only what printing needs (size, bold,
colour, Latin and East Asian font), and the QR code is one vector path of
all dark modules (see _qr), so it prints sharp at any size with no image parts.
"""

from __future__ import annotations

import functools
from array import array
from typing import TYPE_CHECKING

from ..text import display_width
from ..text import xml_escape as escape
from . import _pptx, _zip

if TYPE_CHECKING:
    import numpy as np

PT_MM = 25.4 / 72
QUIET = 4  # modules of white around a QR code, as ISO/IEC 18004 asks


def fit(text: str, width_mm: float, preferred: float, height_mm: float | None = None) -> float:
    """The preferred size in points, or the largest (in half points) that keeps `text` on one line in the box."""
    em = display_width(text)
    size = preferred
    if em:
        size = min(size, width_mm / (em * PT_MM))
    if height_mm:
        size = min(size, height_mm / (PT_MM * 1.25))
    return preferred if size >= preferred else max(1.0, int(size * 2) / 2)


@functools.lru_cache(maxsize=512)
def _rpr(size_pt: float, font_name: str, bold: bool, color: str | None) -> str:
    fill = f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>' if color else ""
    ea = escape(_pptx.font(font_name), {'"': "&quot;"})
    return (f'<a:rPr lang="zh-CN" sz="{int(round(size_pt * 100))}" b="{int(bold)}">{fill}'
            f'<a:latin typeface="{_pptx.LATIN}"/><a:ea typeface="{ea}"/></a:rPr>')


def para(text: str, size_pt: float, font_name: str = "黑體", bold: bool = False, color: str | None = None,
         align: str = "l", line_mm: float | None = None) -> str:
    """One paragraph holding one run; `line_mm` fixes its line height so stacked lines land where planned."""
    rpr = _rpr(size_pt, font_name, bold, color)
    spacing = f'<a:lnSpc><a:spcPts val="{int(round(line_mm / PT_MM * 100))}"/></a:lnSpc>' if line_mm else ""
    ppr = f'<a:pPr algn="{align}">{spacing}</a:pPr>' if spacing else f'<a:pPr algn="{align}"/>'
    if not text:
        end = rpr.replace("<a:rPr", "<a:endParaRPr", 1).replace("</a:rPr>", "</a:endParaRPr>")
        return f"<a:p>{ppr}{end}</a:p>"
    return f"<a:p>{ppr}<a:r>{rpr}<a:t>{escape(text)}</a:t></a:r></a:p>"


def textbox(sid: int, x: int, y: int, w: int, h: int, paras: str, anchor: str = "t", fill: str | None = None,
            geom: str = "rect", name: str = "Text") -> str:
    """A no-wrap, no-inset text box (fonts are fitted beforehand, so nothing autofits; no fill unless asked)."""
    fill_xml = f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>' if fill else ""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{name} {sid}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
            f'<a:prstGeom prst="{geom}"><a:avLst/></a:prstGeom>{fill_xml}</p:spPr>'
            f'<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" anchor="{anchor}"/>'
            f'{paras}</p:txBody></p:sp>')


# -- QR codes -------------------------------------------------------------------------------------------


def _runs(grid: np.ndarray) -> tuple[np.ndarray, ...]:
    """(code, line, start, end) of every run of dark modules along the last axis of codes x lines x modules."""
    import numpy as np

    count, lines, n = grid.shape
    edges = np.zeros((count, lines, n + 2), dtype=np.int8)
    edges[:, :, 1:-1] = grid
    step = np.diff(edges, axis=2)
    code, line, start = np.nonzero(step == 1)
    end = np.nonzero(step == -1)[2]  # C order: each run's end follows its start
    return code, line, start, end


def strokes(grid: np.ndarray) -> tuple[np.ndarray, ...]:
    """Every code's dark modules as module-wide strokes, as arrays (code, x0, y0, x1, y1) in half modules.

    First the runs of two or more along the rows (through the middle of their modules), then the runs
    down the columns through every module those left out; strokes may overlap. Sorted by code.
    """
    import numpy as np

    code, row, start, end = _runs(grid)
    long = end - start > 1
    alone = np.zeros(grid.shape, dtype=bool)
    alone[code[~long], row[~long], start[~long]] = True
    # down the columns: the same on the transposed codes, keeping runs that hold a module left alone
    dcode, col, top, bottom = _runs(grid.transpose(0, 2, 1))
    seen = np.zeros((grid.shape[0], grid.shape[2], grid.shape[1] + 1), dtype=np.int32)
    np.cumsum(alone.transpose(0, 2, 1), axis=2, out=seen[:, :, 1:])
    keep = seen[dcode, col, bottom] > seen[dcode, col, top]
    code, row, start, end = code[long], row[long], start[long], end[long]
    dcode, col, top, bottom = dcode[keep], col[keep], top[keep], bottom[keep]
    codes = np.concatenate((code, dcode))
    x0 = np.concatenate((2 * start, 2 * col + 1))
    y0 = np.concatenate((2 * row + 1, 2 * top))
    x1 = np.concatenate((2 * end, 2 * col + 1))
    y1 = np.concatenate((2 * row + 1, 2 * bottom))
    order = np.argsort(codes, kind="stable")  # per code: the runs across, then the runs down
    return codes[order], x0[order], y0[order], x1[order], y1[order]


class _SegmentTexts(dict):
    """A stroke's key -> its path XML: each written once per process. A key packs the stroke's two
    ends in half modules (all below 256) as ((x0 * 256 + y0) * 256 + x1) * 256 + y1."""

    def __missing__(self, key: int) -> str:
        text = self[key] = (f'<a:moveTo><a:pt x="{key >> 24}" y="{key >> 16 & 255}"/></a:moveTo>'
                            f'<a:lnTo><a:pt x="{key >> 8 & 255}" y="{key & 255}"/></a:lnTo>')
        return text


_TEXTS = _SegmentTexts()
def _kept_codes():
    from .. import cache
    from ..deps import code_digest

    # a process keeps the codes it used (a build's); qr-paths-: the 21 MB XML tables of earlier versions
    return cache.Kept(lambda: "qr-codes-" + code_digest(), replacing=("qr-codes-", "qr-paths-"), used_only=True)


_KEPT = _kept_codes()  # data -> (modules across, stroke keys): a rebuild after a deputy draws one code, not 3,000


def qr_paths(datas) -> dict[str, tuple[int, str]]:
    """data -> (modules across, quiet zone included; the a:path body of strokes through every dark module).

    Codes the last call drew come from the cache folder (numpy is then not even loaded); the
    rest are drawn, and the cache then holds this call's codes. The folder keeps each code as its
    strokes' keys (a twentieth of the XML): a deputy's rebuild reads and writes 1 MB, not 21 MB.
    """
    return {d: _expand(*_KEPT.get(d)) for d in prepare_codes(datas)}


def prepare_codes(datas) -> list[str]:
    """Have the codes of `datas` at hand (from the cache folder, else drawn together), for qr_path; the
    distinct datas, in order. A deck that copies most of its pages draws the others' codes only."""
    datas = list(dict.fromkeys(datas))
    missing = [d for d in datas if _KEPT.get(d) is None]
    if missing:
        for d, value in _draw_keys(missing).items():
            _KEPT.add(d, value)
        _KEPT.save()  # now: kept even when a failed check then kills the process that drew them
    return datas


_U32 = next(code for code in "IL" if array(code).itemsize == 4)  # the keys' type, as numpy's uint32 writes them


def _expand(n: int, keys: bytes) -> tuple[int, str]:
    return n, "".join(map(_TEXTS.__getitem__, array(_U32, keys)))


def _draw(datas: list[str]) -> dict[str, tuple[int, str]]:
    """The paths of `datas`, drawn now (qr_paths takes them from the cache folder where it can)."""
    return {d: _expand(n, keys) for d, (n, keys) in _draw_keys(datas).items()}


_FEW = 40  # codes drawn one by one in plain Python; more are worth loading numpy for (0.1 s)


def _draw_keys(datas: list[str]) -> dict[str, tuple[int, bytes]]:
    """data -> (modules across, its strokes' keys as native 32-bit integers), drawn: their units are half
    modules, so a stroke runs along the middle of its modules. Codes of one size are worked out
    together (see _qr), which is what makes thousands of badges cheap; a few (a deputy's) are
    drawn in plain Python, to the same keys.
    """
    if len(datas) <= _FEW:
        from . import _qr

        out = {}
        for data in datas:
            grid = _qr.encode_one(data)
            out[data] = (len(grid) + 2 * QUIET, array(_U32, _stroke_keys(grid)).tobytes())
        return out
    import numpy as np

    from . import _qr  # numpy is loaded only when codes are drawn

    out: dict[str, tuple[int, bytes]] = {}
    by_size: dict[int, list[tuple[str, np.ndarray]]] = {}
    for data, symbol in zip(datas, _qr.symbols(datas)):
        by_size.setdefault(symbol.shape[0], []).append((data, symbol))
    q = 2 * QUIET
    for n, items in by_size.items():
        codes, x0, y0, x1, y1 = strokes(np.stack([sym for _, sym in items]))
        keys = ((((x0 + q) * 256 + y0 + q) * 256 + x1 + q) * 256 + y1 + q).astype(np.uint32)  # each below 256
        bounds = np.searchsorted(codes, np.arange(len(items) + 1)).tolist()
        for i, (data, _) in enumerate(items):
            out[data] = (n + 2 * QUIET, keys[bounds[i]:bounds[i + 1]].tobytes())
    return out


def _stroke_keys(grid: list[list[bool]]) -> list[int]:
    """strokes() for one symbol in plain Python: the runs of two or more across the rows, then the runs
    down the columns that hold a module those left alone; each as its key (see _SegmentTexts)."""
    n, q = len(grid), 2 * QUIET
    keys = []
    alone = [[False] * n for _ in range(n)]
    for r, row in enumerate(grid):
        c = 0
        while c < n:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            if c - start > 1:
                keys.append((((2 * start + q) * 256 + 2 * r + 1 + q) * 256 + 2 * c + q) * 256 + 2 * r + 1 + q)
            else:
                alone[r][start] = True
    for c in range(n):
        r = 0
        while r < n:
            if not grid[r][c]:
                r += 1
                continue
            top, holds = r, False
            while r < n and grid[r][c]:
                holds = holds or alone[r][c]
                r += 1
            if holds:
                keys.append((((2 * c + 1 + q) * 256 + 2 * top + q) * 256 + 2 * c + 1 + q) * 256 + 2 * r + q)
    return keys


def qr_path(data: str) -> tuple[int, str]:
    found = _KEPT.get(data)
    if found is None:
        prepare_codes([data])
        found = _KEPT.get(data)
    return _expand(*found)


def qr_shape(sid: int, x: int, y: int, size: int, data: str, path: tuple[int, str] | None = None) -> str:
    """A square QR code (quiet zone included in `size`) as one custom-geometry shape of black strokes.

    `path` is the code's qr_paths() entry when codes were made in a batch."""
    n, body = path or qr_path(data)
    module = size // n
    size = module * n  # whole EMUs per module, so the strokes tile exactly
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="QR {sid}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{size}" cy="{size}"/></a:xfrm>'
            '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/><a:pathLst>'
            f'<a:path w="{2 * n}" h="{2 * n}" fill="none">{body}</a:path></a:pathLst></a:custGeom><a:noFill/>'
            f'<a:ln w="{module}" cap="flat"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
            '<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln></p:spPr></p:sp>')


# -- pages of cards --------------------------------------------------------------------------------------


_CELLS: dict[str, object] = {}  # per meeting: a card's key (deps.salted_key) -> its shapes, deflated (a _zip.Piece)


def kept_cells(ctx):
    """The cards' cells kept in the cache folder for this meeting (one table each: a build keeps the
    cells it used, and two meetings built in turn would otherwise each drop the other's)."""
    import hashlib

    from .. import cache
    from ..deps import code_digest

    meeting = hashlib.sha256(ctx.meeting.name.encode()).hexdigest()[:12]
    kept = _CELLS.get(meeting)
    if kept is None:
        prefix = f"card-cells-{meeting}-"
        kept = _CELLS[meeting] = cache.Kept(lambda: prefix + code_digest(), replacing=(prefix,), used_only=True)
    return kept


def cell(kept, key: str, draw) -> _zip.Piece:
    """A card's shapes, deflated apart (see _zip.piece): as an earlier build kept them when it drew the
    same card, else `draw()` (their XML) deflated now and kept. Where the card sits on its page is not
    part of them (see badges._quarters): after a deputy, every card behind theirs moves one place on
    and is copied, not drawn and deflated again."""
    found = kept.get(key)
    if found is not None:
        return _zip.Piece(*found)
    made = _zip.piece(draw())
    kept.add(key, tuple(made))
    return made


def cut_lines(slide: _pptx.Slide, x0: float, y0: float, cols: int, rows: int, w: float, h: float) -> None:
    """Dashed grey lines along every edge of a cols x rows grid of w x h mm cards at (x0, y0) mm: one shape."""
    mm = _pptx.mm
    gw, gh = mm(cols * w), mm(rows * h)
    segs = [((mm(c * w), 0), (mm(c * w), gh)) for c in range(cols + 1)]
    segs += [((0, mm(r * h)), (gw, mm(r * h))) for r in range(rows + 1)]
    path = "".join(f'<a:moveTo><a:pt x="{a[0]}" y="{a[1]}"/></a:moveTo><a:lnTo><a:pt x="{b[0]}" y="{b[1]}"/></a:lnTo>'
                   for a, b in segs)
    slide.raw(lambda sid: (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="Cut {sid}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{mm(x0)}" y="{mm(y0)}"/><a:ext cx="{gw}" cy="{gh}"/></a:xfrm>'
        '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/><a:pathLst>'
        f'<a:path w="{gw}" h="{gh}" fill="none">{path}</a:path></a:pathLst></a:custGeom><a:noFill/>'
        '<a:ln w="6350"><a:solidFill><a:srgbClr val="A0A0A0"/></a:solidFill><a:prstDash val="dash"/></a:ln>'
        '</p:spPr></p:sp>'))


def print_order(ctx, people) -> list:
    """Attendees in the meeting's 名單排序, then 工作人員 (so a delegate's cards can go into their bag in list order)."""
    people = list(people)
    return (ctx.ordered([p for p in people if p.category != "工作人員"])
            + ctx.ordered([p for p in people if p.category == "工作人員"]))
