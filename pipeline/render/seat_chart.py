"""座次圖.pptx: the rostrum and the hall as seen from the audience, every seat a box with name and number.

The rostrum sits at the top under the label 主席台, row 1 nearest the hall;
each seat shows the name (padded like the plates) and its precedence number.
The hall follows with row numbers on both sides, seat numbers in every box,
gaps for the aisles, reserved rows greyed out and unit blocks shaded with a
legend. A hall that fits one A4 landscape page at a readable size is drawn
there; a larger one is drawn on A3 landscape pages: the first holds the
rostrum and a map of the whole hall with each page's area outlined, then
one page per part of the hall (rows split front to back, seats split at the
aisles where possible). Every slide states the view.
"""

from __future__ import annotations

import math

from ..text import display_width, pad_name
from . import _pptx

KIND = "seat_chart"
TITLE = "座次圖"
FILENAME = "座次圖.pptx"
READS = ("會議", "會場", "座次", "單位排序",
         *(f"參會人員.{c}" for c in ("編號", "姓名", "單位", "職務", "職級序號", "類別", "主席台", "出席情況")))
ORDER = 30
PLANS = ("seating",)

PT_MM = 25.4 / 72
PAPERS = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}
MARGIN = 8.0
TITLE_H = 10.0
NOTE_H = 5.0
HEAD_H = 6.0  # the 主席台 / 台下 headings
AISLE_H = 5.0  # the band above the hall where aisles are labelled
GAP = 1.0  # between seats
AISLE = 6.0
LABEL_W = 10.0  # row labels left and right of the hall
SEAT_W = (11.0, 22.0)  # hall seat box: readable minimum, largest worth drawing
SEAT_H = (9.0, 12.0)
ROSTRUM_W = (14.0, 26.0)
ROSTRUM_H = (11.0, 14.0)
LEGEND_LINE = 5.0
LEGEND_MAX_LINES = 4
PALETTE = ("FCE4D6", "DDEBF7", "E2EFDA", "FFF2CC", "EDE1F5", "D9F2F2", "F8D7E3", "E7E6E6", "FBE5C8", "C9DAF8",
           "D9EAD3", "FFE599", "D5C8E8", "B7E1DF", "F4CCCC", "CFE2F3", "E6F0C2", "FAD7B5", "DCE6F1", "EAD1DC")
GREY = "808080"
RESERVED = "D9D9D9"


def fit(text: str, w: float, h: float, preferred: float, lines: int = 1) -> float:
    """The preferred size in pt, or the largest that keeps `text` on one line inside w × h mm."""
    em = display_width(text) or 1
    return round(max(1.0, min(preferred, w / (em * PT_MM), h / (lines * 1.25 * PT_MM))), 1)


def seat_box(slide, x, y, w, h, name: str, number: str, fill: str | None, shape_name: str, name_pt: float,
             number_pt: float, number_color: str = "404040") -> None:
    """One seat: the name on the first line, the number under it (or only the number when empty)."""
    inner = w - 1.0
    if name:
        name_pt = fit(name, inner, h * 0.62, name_pt)
        number_pt = fit(number, inner, h * 0.34, number_pt)
        lines = [(name, name_pt, "黑體", False, "000000"), (number, number_pt, "宋體", False, number_color)]
    else:
        lines = [(number, fit(number, inner, h * 0.5, number_pt), "宋體", False, "A6A6A6")]
    slide.text(_pptx.mm(x), _pptx.mm(y), _pptx.mm(w), _pptx.mm(h), lines, name_pt, fill=fill or "FFFFFF",
               line="7F7F7F", name=shape_name)


def label(slide, x, y, w, h, text: str, pt: float, font: str = "宋體", align: str = "ctr", color: str = "000000",
          bold: bool = False, name: str = "Label") -> None:
    slide.text(_pptx.mm(x), _pptx.mm(y), _pptx.mm(w), _pptx.mm(h), text, fit(text, w, h, pt), font, bold=bold,
               align=align, color=color, name=name)


class Chart:
    """Geometry and drawing of one meeting's seat chart."""

    def __init__(self, ctx, plan):
        self.ctx = ctx
        self.plan = plan
        self.t = ctx.t
        hall_people = [p for row in plan.hall for _, p in row if p is not None]
        units: list[str] = []
        for p in hall_people:
            if p.unit not in units:
                units.append(p.unit)
        self.units = units
        self.color = {u: PALETTE[i % len(PALETTE)] for i, u in enumerate(units)}
        self.width = max((len(row) for row in plan.hall), default=0)
        self.aisles = [a for a in plan.aisles if 0 < a < self.width]

    # -- geometry ----------------------------------------------------------------------------
    def span(self, p0: int, p1: int, sw: float) -> float:
        """Width in mm of positions p0…p1 at seat width sw, aisles included."""
        n = p1 - p0 + 1
        return n * sw + (n - 1) * GAP + sum(AISLE for a in self.aisles if p0 <= a < p1)

    def x_of(self, pos: int, p0: int, sw: float, x0: float) -> float:
        return x0 + (pos - p0) * (sw + GAP) + sum(AISLE for a in self.aisles if p0 <= a < pos)

    def legend_lines(self, units, width: float) -> tuple[int, float]:
        if not units:
            return 0, width
        entry = max(display_width(u or self.t("（無單位）")) for u in units) * 8 * PT_MM + 8
        per_line = max(1, int(width // entry))
        return math.ceil(len(units) / per_line), width / per_line

    def rostrum_height(self) -> float:
        rows = len(self.plan.rostrum)
        return HEAD_H + rows * (ROSTRUM_H[0] + GAP) + 3 if rows else 0

    def column_chunks(self, usable: float) -> list[tuple[int, int]]:
        """Position ranges that fit `usable` mm at the minimum seat width, cut at aisles when possible."""
        if not self.width:
            return []
        cuts = [0, *self.aisles, self.width]
        sections = [(cuts[i] + 1, cuts[i + 1]) for i in range(len(cuts) - 1)]
        per_page = max(1, int((usable + GAP) // (SEAT_W[0] + GAP)))
        pieces = []
        for a, b in sections:
            while b - a + 1 > per_page:
                pieces.append((a, a + per_page - 1))
                a += per_page
            pieces.append((a, b))
        chunks = [pieces[0]]
        for a, b in pieces[1:]:
            if self.span(chunks[-1][0], b, SEAT_W[0]) <= usable:
                chunks[-1] = (chunks[-1][0], b)
            else:
                chunks.append((a, b))
        return chunks

    # -- what a page shows, as its key in the deck (see _pptx.Deck.reuse) ----------------------
    def rostrum_key(self) -> tuple:
        return tuple(tuple((seat.position, seat.number, pad_name(p.name) if p else "") for seat, p in row)
                     for row in self.plan.rostrum)

    def hall_key(self, rows, p0: int, p1: int) -> tuple:
        """Hall rows `rows` between positions p0 and p1: each seat's number, section, name and colour."""
        reserved = set(self.plan.reserved)
        return tuple((r, r in reserved, tuple(
            (seat.position, seat.number, seat.section, *((pad_name(p.name), self.color.get(p.unit)) if p else ()))
            for seat, p in self.plan.hall[r - 1] if p0 <= seat.position <= p1)) for r in rows)

    def map_key(self) -> tuple:
        """What the hall map shows: each seat's colour and section, and the reserved rows."""
        return (tuple(self.plan.reserved), tuple(
            tuple((self.color.get(p.unit) if p else None, seat.section) for seat, p in row) for row in self.plan.hall))

    def legend_key(self, units) -> tuple:
        return tuple((u, self.color[u]) for u in units)

    def truncates(self, units, width: float, max_lines: int) -> bool:
        """Whether legend() leaves units out: they are on the legend pages at the end."""
        return self.legend_lines(units, width)[0] > max_lines

    # -- drawing -------------------------------------------------------------------------------
    def frame(self, slide, paper, title: str) -> None:
        pw, ph = paper
        label(slide, MARGIN, MARGIN, pw - 2 * MARGIN, TITLE_H, title, 18, "黑體", bold=True, name="Title")
        view = self.t("本圖為從台下（聽眾席）面向主席台所見，左、右均指觀眾的左、右。")
        view += self.t("主席台按{c}排座，1號為居中主位").replace("{c}", self.t(self.plan.convention))
        view += self.t("；台下座號單號在右、雙號在左。") if self.plan.numbering == "單雙號" else self.t("；台下座號自左向右編排。")
        label(slide, MARGIN, ph - MARGIN - NOTE_H, pw - 2 * MARGIN, NOTE_H, view, 9, align="l", color="404040",
              name="View note")

    def rostrum(self, slide, x0: float, y0: float, width: float) -> float:
        """Draw the rostrum rows (back row on top, row 1 nearest the hall); returns the height used."""
        rows = self.plan.rostrum
        if not rows:
            return 0.0
        label(slide, x0, y0, width, HEAD_H, self.t("主席台"), 14, "黑體", bold=True, name="Rostrum heading")
        y = y0 + HEAD_H
        side = 14.0
        usable = width - 2 * side
        widest = max(len(r) for r in rows) or 1
        sw = max(4.0, min(ROSTRUM_W[1], (usable - (widest - 1) * GAP) / widest))
        sh = ROSTRUM_H[0]
        for r in range(len(rows), 0, -1):
            row = rows[r - 1]
            n = len(row)
            total = n * sw + (n - 1) * GAP
            xs = x0 + side + (usable - total) / 2
            label(slide, x0, y, side - 2, sh, self.t(f"第{r}排"), 10, align="r", name="Rostrum row")
            for seat, person in row:
                name = pad_name(person.name) if person else ""
                seat_box(slide, xs + (seat.position - 1) * (sw + GAP), y, sw, sh, name, str(seat.number),
                         "FFF2CC" if person else None, f"Rostrum {r}-{seat.position}", 14, 8, "C00000")
            y += sh + GAP
        return y - y0 + 3

    def hall(self, slide, rows: range, p0: int, p1: int, x0: float, y0: float, sw: float, sh: float) -> None:
        """Draw hall rows `rows` (1-based) for positions p0…p1, row labels on both sides."""
        reserved = set(self.plan.reserved)
        name_pt = min(11.0, sh * 0.55 / PT_MM / 1.25)
        num_pt = min(7.0, sh * 0.3 / PT_MM / 1.25)
        right = x0 + LABEL_W + self.span(p0, p1, sw)
        for i, a in enumerate(a for a in self.aisles if p0 <= a < p1):
            ax = self.x_of(a + 1, p0, sw, x0 + LABEL_W) - AISLE
            label(slide, ax + 0.5, y0 - AISLE_H, AISLE - 1, AISLE_H - 0.5, self.t("過道"), 6, color=GREY, name=f"Aisle {i + 1}")
        for k, r in enumerate(rows):
            y = y0 + k * (sh + GAP)
            row = self.plan.hall[r - 1]
            tag = self.t(f"{r}排")
            label(slide, x0, y, LABEL_W - 1, sh, tag, 9, align="r", name="Row label")
            label(slide, right + 1, y, LABEL_W - 1, sh, tag, 9, align="l", name="Row label")
            if r in reserved:
                seats = [s for s, _ in row if p0 <= s.position <= p1]
                for section in sorted({s.section for s in seats}):
                    part = [s.position for s in seats if s.section == section]
                    xa = self.x_of(part[0], p0, sw, x0 + LABEL_W)
                    xb = self.x_of(part[-1], p0, sw, x0 + LABEL_W) + sw
                    slide.text(_pptx.mm(xa), _pptx.mm(y), _pptx.mm(xb - xa), _pptx.mm(sh), self.t("預留"),
                               fit(self.t("預留"), xb - xa, sh, 9), "宋體", fill=RESERVED, line="A6A6A6",
                               color="595959", name=f"Reserved {r}")
                continue
            for seat, person in row:
                if not p0 <= seat.position <= p1:
                    continue
                xs = self.x_of(seat.position, p0, sw, x0 + LABEL_W)
                seat_box(slide, xs, y, sw, sh, pad_name(person.name) if person else "", str(seat.number),
                         self.color.get(person.unit) if person else None, f"Hall {r}-{seat.position}", name_pt,
                         num_pt)

    def legend(self, slide, units, x0: float, y0: float, width: float, max_lines: int = 99) -> None:
        """Colour swatches with unit names, line by line; past `max_lines`, a pointer to the legend pages."""
        _, entry = self.legend_lines(units, width)
        per_line = max(1, round(width / entry)) if units else 1
        shown = list(units)
        if self.truncates(units, width, max_lines):
            shown = shown[:max_lines * per_line - 1] + [None]
        for i, unit in enumerate(shown):
            x = x0 + (i % per_line) * entry
            y = y0 + (i // per_line) * LEGEND_LINE
            if unit is None:
                label(slide, x, y, width - (x - x0), LEGEND_LINE, self.t("…其餘單位見末頁圖例"), 8, align="l",
                      name="Legend")
                continue
            slide.rect(_pptx.mm(x), _pptx.mm(y + 0.8), _pptx.mm(5), _pptx.mm(3.4), fill=self.color[unit],
                       line="7F7F7F", name="Legend swatch")
            label(slide, x + 6, y, entry - 7, LEGEND_LINE, unit or self.t("（無單位）"), 8, align="l", name="Legend")

    def page_units(self, rows, p0, p1) -> list[str]:
        seen = []
        for r in rows:
            for seat, person in self.plan.hall[r - 1]:
                if person is not None and p0 <= seat.position <= p1 and person.unit not in seen:
                    seen.append(person.unit)
        return [u for u in self.units if u in seen]

    def hall_map(self, slide, pages, x0, y0, width, height) -> None:
        """The whole hall in miniature: unit blocks shaded, each detail page's area outlined and numbered."""
        rows = len(self.plan.hall)
        if not rows or not self.width:
            return
        gaps = len(self.aisles) * 2.0
        cw = min(4.0, (width - 2 * LABEL_W - gaps) / self.width)
        ch = min(3.0, height / rows)
        xs = x0 + (width - (self.width * cw + gaps)) / 2

        def x_at(pos):
            return xs + (pos - 1) * cw + 2.0 * sum(1 for a in self.aisles if a < pos)

        reserved = set(self.plan.reserved)
        for r, row in enumerate(self.plan.hall, start=1):
            y = y0 + (r - 1) * ch
            if r == 1 or r % 5 == 0:
                label(slide, xs - LABEL_W, y - 1, LABEL_W - 1, max(ch, 2.5), str(r), 6, align="r", name="Map row")
            run = None
            for seat, person in [*row, (None, None)]:
                key = (RESERVED if r in reserved else (self.color.get(person.unit) if person else "FFFFFF"),
                       seat.section if seat else -1)
                if run and (seat is None or key != run[0]):
                    a, b = run[1], run[2]
                    slide.rect(_pptx.mm(x_at(a)), _pptx.mm(y), _pptx.mm(x_at(b) + cw - x_at(a)), _pptx.mm(ch),
                               fill=run[0][0], line="BFBFBF", line_w=3175, name="Map block")
                    run = None
                if seat is None:
                    break
                run = (key, run[1] if run else seat.position, seat.position)
        for number, (page_rows, p0, p1) in enumerate(pages, start=2):
            ya, yb = y0 + (page_rows[0] - 1) * ch, y0 + page_rows[-1] * ch
            xa, xb = x_at(p0), x_at(p1) + cw
            slide.rect(_pptx.mm(xa), _pptx.mm(ya), _pptx.mm(xb - xa), _pptx.mm(yb - ya), line="C00000",
                       line_w=12700, name="Map page")
            tag = self.t(f"第{number}頁")
            label(slide, xa + 0.5, ya + 0.5, min(xb - xa - 1, 14), min(yb - ya - 1, 5), tag, 9, "黑體",
                  color="C00000", bold=True, name="Map page label")


def _paper_fits(chart: Chart, paper) -> bool:
    pw, ph = paper
    usable_w = pw - 2 * MARGIN - 2 * LABEL_W
    if chart.width and chart.span(1, chart.width, SEAT_W[0]) > usable_w:
        return False
    lines, _ = chart.legend_lines(chart.units, pw - 2 * MARGIN)
    rows = len(chart.plan.hall)
    need = TITLE_H + 2 + chart.rostrum_height() + (HEAD_H + AISLE_H + rows * (SEAT_H[0] + GAP) if rows else 0) \
        + lines * LEGEND_LINE + NOTE_H + 4
    return need <= ph - 2 * MARGIN


def render(ctx) -> dict[str, bytes]:
    m = ctx.meeting
    plan = ctx.plan("seating")
    chart = Chart(ctx, plan)
    title = m.name + ctx.t(TITLE)
    single = _paper_fits(chart, PAPERS["A4"])
    paper = PAPERS["A4"] if single else PAPERS["A3"]
    pw, ph = paper
    size = (_pptx.mm(pw), _pptx.mm(ph))
    deck = _pptx.Deck(size, title=title, author=ctx.author)
    ctx.reuse_slides(deck, ctx.t(FILENAME))  # a page is keyed by what it shows: unchanged pages are copied
    inner_w = pw - 2 * MARGIN
    top = MARGIN + TITLE_H + 2
    # what frame() draws besides the title; the rest of the key is each page's
    base = (title, paper, plan.convention, plan.numbering, chart.aisles, chart.width)
    if single:
        key = repr(("single", base, chart.rostrum_key(), chart.hall_key(range(1, len(plan.hall) + 1), 1, chart.width),
                    chart.legend_key(chart.units)))
        if not deck.reused(key):
            _single_page(ctx, chart, deck.new_slide(key), paper, title)
        return ctx.deck_bytes(deck)
    # several pages: rostrum and hall map first, then the hall part by part
    usable = inner_w - 2 * LABEL_W
    cols = chart.column_chunks(usable)
    avail = ph - 2 * MARGIN - TITLE_H - 2 - HEAD_H - LEGEND_MAX_LINES * LEGEND_LINE - NOTE_H - 4
    per_page = max(1, int((avail + GAP) // (SEAT_H[0] + GAP)))
    rows = len(plan.hall)
    pages = [(list(range(r, min(rows, r + per_page - 1) + 1)), p0, p1)
             for r in range(1, rows + 1, per_page) for p0, p1 in cols]
    lines, _ = chart.legend_lines(chart.units, inner_w)
    lines = min(lines, LEGEND_MAX_LINES * 2)
    key = repr(("first", base, pages, chart.rostrum_key(), chart.map_key(), chart.legend_key(chart.units)))
    truncated = chart.truncates(chart.units, inner_w, lines)
    if not deck.reused(key):
        first = deck.new_slide(key)
        chart.frame(first, paper, title)
        y = top + chart.rostrum(first, MARGIN, top, inner_w)
        bottom = ph - MARGIN - NOTE_H - 1 - lines * LEGEND_LINE
        label(first, MARGIN, y, inner_w, HEAD_H, ctx.t(f"台下全場示意（共{rows}排，分{len(pages)}頁詳圖）"), 12, "黑體",
              bold=True, name="Hall heading")
        chart.hall_map(first, pages, MARGIN, y + HEAD_H + 2, inner_w, bottom - y - HEAD_H - 4)
        chart.legend(first, chart.units, MARGIN, bottom, inner_w, lines)
    for number, (page_rows, p0, p1) in enumerate(pages, start=2):
        units = chart.page_units(page_rows, p0, p1)
        ulines, _ = chart.legend_lines(units, inner_w)
        ulines = min(ulines, LEGEND_MAX_LINES)
        truncated |= chart.truncates(units, inner_w, ulines)
        key = repr(("part", base, number, len(pages), page_rows, p0, p1, per_page, chart.hall_key(page_rows, p0, p1),
                    chart.legend_key(units)))
        if deck.reused(key):
            continue
        slide = deck.new_slide(key)
        chart.frame(slide, paper, title + ctx.t(f"（第{number}頁，共{len(pages) + 1}頁）"))
        head = ctx.t(f"台下第{page_rows[0]}–{page_rows[-1]}排，左起第{p0}–{p1}個座位")
        label(slide, MARGIN, top, inner_w, HEAD_H, head, 12, "黑體", bold=True, name="Hall heading")
        y0 = top + HEAD_H + AISLE_H + 1
        bottom = ph - MARGIN - NOTE_H - 1 - ulines * LEGEND_LINE
        sh = min(SEAT_H[1], (bottom - y0 - 1) / per_page - GAP)
        free = usable - chart.span(p0, p1, 0)
        sw = min(SEAT_W[1], free / (p1 - p0 + 1))
        x0 = MARGIN + (inner_w - chart.span(p0, p1, sw) - 2 * LABEL_W) / 2
        chart.hall(slide, page_rows, p0, p1, x0, y0, sw, sh)
        chart.legend(slide, units, MARGIN, bottom, inner_w, ulines)
    if truncated:
        per_slide = int((ph - top - MARGIN - NOTE_H - 2) // LEGEND_LINE)
        _, entry = chart.legend_lines(chart.units, inner_w)
        per_line = max(1, round(inner_w / entry))
        step = per_slide * per_line
        for start in range(0, len(chart.units), step):
            key = repr(("legend", base, chart.legend_key(chart.units[start:start + step])))
            if deck.reused(key):
                continue
            slide = deck.new_slide(key)
            chart.frame(slide, paper, title + ctx.t("（單位圖例）"))
            chart.legend(slide, chart.units[start:start + step], MARGIN, top, inner_w)
    return ctx.deck_bytes(deck)


def _single_page(ctx, chart: Chart, slide, paper, title: str) -> None:
    """The rostrum, the whole hall and the legend on one page."""
    pw, ph = paper
    plan = chart.plan
    inner_w = pw - 2 * MARGIN
    top = MARGIN + TITLE_H + 2
    chart.frame(slide, paper, title)
    y = top + chart.rostrum(slide, MARGIN, top, inner_w)
    lines, _ = chart.legend_lines(chart.units, inner_w)
    bottom = ph - MARGIN - NOTE_H - 1 - lines * LEGEND_LINE
    rows = len(plan.hall)
    if rows and chart.width:
        label(slide, MARGIN, y, inner_w, HEAD_H, ctx.t("台下"), 12, "黑體", bold=True, name="Hall heading")
        y += HEAD_H + (AISLE_H if chart.aisles else 0)
        sh = min(SEAT_H[1], (bottom - y - 1) / rows - GAP)
        usable = inner_w - 2 * LABEL_W
        free = usable - chart.span(1, chart.width, 0)
        sw = min(SEAT_W[1], free / chart.width)
        x0 = MARGIN + (inner_w - chart.span(1, chart.width, sw) - 2 * LABEL_W) / 2
        chart.hall(slide, range(1, rows + 1), 1, chart.width, x0, y, sw, sh)
    chart.legend(slide, chart.units, MARGIN, bottom, inner_w)
