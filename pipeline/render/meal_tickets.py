"""餐券.pptx: one ticket per person per meal (or per day), 24 to an A4 page with cut lines.

Each ticket shows the meeting, the name, date and meal, place, the table
number for a 桌餐 once the banquet is seated, and a solid 清真 or 素食 mark.
Tickets run person by person in list order, so each delegate's set can be
cut and put into their document bag together.
"""

from __future__ import annotations

from typing import NamedTuple

from ..text import pad_name
from . import _cards, _pptx
from .meals import banquet_table_of, table_label

KIND = "meal_tickets"
TITLE = "餐券"
FILENAME = "餐券.pptx"
READS = ("會議", "就餐", "工作人員", "會場", "座次", "單位排序",
         *(f"參會人員.{c}" for c in ("編號", "姓名", "單位", "職級序號", "類別", "飲食", "就餐", "出席情況")))
ORDER = 51
PLANS = ("banquet", "meals")

COLS, ROWS = 3, 8
MARGIN_X, MARGIN_Y = 8.0, 10.0  # mm: inside what office printers can reach
CELL_W = (210 - 2 * MARGIN_X) / COLS
CELL_H = (297 - 2 * MARGIN_Y) / ROWS
PAD = 3.0  # mm inside the cut line
INNER = CELL_W - 2 * PAD
MARK_W, MARK_H = 12.0, 6.5  # the 清真 / 素食 block
TABLE_W = 20.0
TOP = 2.0  # mm from the cut line to the first line
SINK = 1.5  # mm
MEAL_LINES = (3.6, 10.0, 8.5, 7.0)  # mm: header, name, date and meal, place
DAY_LINES = (3.6, 8.4, 6.0, 4.4)  # mm: header, name, date, then one line per meal
DIET_COLOURS = {"清真": "00693E", "素食": "7B4A12"}
_SID, _BODY = "\x00", "\x01"  # stand-ins for the shape id and text when a cell's shape XML is made once


class Ticket(NamedTuple):
    """One printed ticket (a named tuple: 27,000 of them are made per build)."""

    key: str  # f"{person id}|{meal key}", or f"{person id}|{date}" when tickets are per day
    name: str  # as printed (two-character names padded)
    diet: str
    day: str  # 12月17日
    lines: tuple[tuple[str, str, str], ...]  # (餐次, 地點, 桌) for each meal the ticket covers


def tickets(ctx) -> list[Ticket]:
    """Every ticket in print order (worked out once per build: pages() and render() both need them)."""
    return ctx.memo("meal_tickets", lambda: _tickets(ctx))


def _tickets(ctx) -> list[Ticket]:
    plan = ctx.plan("meals")
    if not plan.meals:
        return []
    table_of = banquet_table_of(ctx)
    per_day = ctx.meeting.setting("餐券方式", "每餐") == "每天"
    # per meal: its group (the meal, or its day), the day as printed, and its line given a table number
    info = {m.key: (m.date.isoformat() if per_day else m.key, f"{m.date.month}月{m.date.day}日", ctx.t(m.kind),
                    m.place, m.banquet) for m in plan.meals}
    # most people eat the same meals at the same table: their tickets but the name are worked out
    # once per (meals, table), not once per person (27,000 lookups for 9,000 tickets)
    sets: dict[tuple, tuple] = {}
    labels: dict = {}
    eats = plan.eats
    out = []
    append = out.append
    for p in _cards.print_order(ctx, (plan.people[i] for i in eats)):
        name = pad_name(p.name)
        diet = ctx.t(p.diet) if p.diet else ""
        seat = table_of.get(p.id)
        table = labels.get(seat)
        if table is None:
            table = labels[seat] = table_label(ctx, seat)
        keys = eats[p.id]
        made = sets.get((keys, table))
        if made is None:
            made = sets[(keys, table)] = _groups(keys, table, info)
        pid = p.id
        for group, day, items in made:
            append(Ticket(f"{pid}|{group}", name, diet, day, items))
    return out


def _groups(keys: tuple, table: str, info: dict) -> tuple[tuple[str, str, tuple], ...]:
    """(group, day as printed, the lines of its ticket) for each ticket of someone eating `keys` at `table`."""
    groups: dict[str, list] = {}
    for key in keys:
        group, day, kind, place, banquet = info[key]
        groups.setdefault(group, [day]).append((kind, place, table if banquet else ""))
    return tuple((group, day, tuple(items)) for group, (day, *items) in groups.items())


def pages(ctx) -> dict[str, str]:
    """Each ticket's printed text: name, day, its meals (餐次/地點/桌), diet."""
    meals: dict[int, str] = {}  # a ticket's lines as text, once per (meals, table): the tuples are shared
    out = {}
    for tk in tickets(ctx):
        lines = tk.lines
        text = meals.get(id(lines))
        if text is None:
            text = meals[id(lines)] = ";".join("/".join(x for x in line if x) for line in lines)
        out[tk.key] = f"{tk.name}|{tk.day}|{text}|{tk.diet}"
    return out


class _Writer:
    """Lays tickets on slides; every ticket is one text box of stacked lines plus its table and diet marks.

    Paragraph XML repeats (the header on every ticket, a meal's line on every diner's ticket), so it is
    made once; only positions and ids differ between tickets.
    """

    def __init__(self, ctx, deck: _pptx.Deck, per_day: bool):
        self.deck = deck
        self.per_day = per_day
        self.lines = DAY_LINES if per_day else MEAL_LINES
        header = ctx.meeting.name + ctx.t("　就餐券")
        self.header = _cards.para(header, _cards.fit(header, INNER, 7.5), "宋體", color="595959",
                                  line_mm=self.lines[0])
        self.cache: dict = {}
        self.frames: dict = {}
        self.meals: dict = {}
        self.slide = None
        self.count = 0
        # per day: room for three meal lines (breakfast, lunch, dinner)
        self.height = _pptx.mm(sum(self.lines) + (2 * self.lines[3] if per_day else 0))
        name_mid = TOP + self.lines[0] + self.lines[1] / 2
        # text in a fixed-height line sits below the line's middle; the side marks follow it
        self.mark_dy = _pptx.mm(name_mid - MARK_H / 2 - TOP + SINK)
        self.table_dy = _pptx.mm(self.lines[0] + self.lines[1] + SINK)

    def _para(self, text: str, width: float, size: float, line: float, font: str = "黑體", bold: bool = False,
              align: str = "l", color: str | None = None) -> str:
        key = (text, width, size, line, font, bold, align, color)
        xml = self.cache.get(key)
        if xml is None:
            xml = self.cache[key] = _cards.para(text, _cards.fit(text, width, size), font, bold, color, align, line)
        return xml

    def _frame(self, cell: int, part: str, diet: str = "") -> tuple[str, str, str]:
        """A shape's XML around its id and text, for one part of the ticket in one cell of the page."""
        key = (cell, part, diet)
        frame = self.frames.get(key)
        if frame is None:
            mm = _pptx.mm
            x = mm(MARGIN_X + (cell % COLS) * CELL_W + PAD)
            y = mm(MARGIN_Y + (cell // COLS) * CELL_H + TOP)
            if part == "Ticket":
                xml = _cards.textbox(_SID, x, y, mm(INNER), self.height, _BODY, name=part)
            elif part == "Table":
                xml = _cards.textbox(_SID, x + mm(INNER - TABLE_W), y + self.table_dy, mm(TABLE_W),
                                     mm(self.lines[2]), _BODY, anchor="ctr", name=part)
            else:
                xml = _cards.textbox(_SID, x + mm(INNER - MARK_W), y + self.mark_dy, mm(MARK_W), mm(MARK_H), _BODY,
                                     anchor="ctr", fill=DIET_COLOURS.get(diet, "000000"), geom="roundRect", name=part)
            a, b, rest = xml.split(_SID)
            frame = self.frames[key] = (a, b, *rest.split(_BODY))
        return frame

    def _meal(self, day: str, lines: tuple) -> tuple[str, str]:
        """A ticket's paragraphs after the name, and its table mark's paragraph ("" without one): the
        same for every diner of a meal at a table, so made once."""
        key = (day, lines)
        made = self.meals.get(key)
        if made is None:
            heights = self.lines
            if self.per_day:
                paras = [self._para(day, INNER, 12, heights[2], bold=True)]
                for kind, place, table in lines[:3]:
                    text = "　".join(v for v in (kind, place, table) if v)
                    paras.append(self._para(text, INNER, 9, heights[3], "宋體"))
                table = ""
            else:
                kind, place, table = lines[0]
                when_w = INNER - (TABLE_W if table else 0)
                paras = [self._para(f"{day}　{kind}", when_w, 13, heights[2], bold=True),
                         self._para(place, INNER, 9.5, heights[3], "宋體")]
            mark = self._para(table, TABLE_W, 14, 0, bold=True, align="r") if table else ""
            made = self.meals[key] = ("".join(paras), mark)
        return made

    def add(self, tk: Ticket, key: str | None = None) -> None:
        """Lay one ticket in the next cell; `key` names the page a first ticket starts."""
        cell = self.count % (COLS * ROWS)
        if cell == 0:
            self.slide = self.deck.new_slide(key)
            _cards.cut_lines(self.slide, MARGIN_X, MARGIN_Y, COLS, ROWS, CELL_W, CELL_H)
        self.count += 1
        diet = tk.diet
        name = self._para(tk.name, INNER - (MARK_W + 2 if diet else 0), 17, self.lines[1], bold=True)
        meal, mark = self._meal(tk.day, tk.lines)
        framed = self.slide.framed
        framed(self._frame(cell, "Ticket"), self.header + name + meal)
        if mark:
            framed(self._frame(cell, "Table"), mark)
        if diet:
            framed(self._frame(cell, "Diet", diet),
                   self._para(diet, MARK_W - 1, 12, 0, bold=True, align="ctr", color="FFFFFF"))


def render(ctx, keys=None) -> dict[str, bytes]:
    all_tickets = tickets(ctx)
    if not all_tickets:
        return {}
    per_day = ctx.meeting.setting("餐券方式", "每餐") == "每天"
    deck = _pptx.Deck(_pptx.A4_PORTRAIT, title=ctx.meeting.name + ctx.t(TITLE), author=ctx.author)
    ctx.reuse_slides(deck, ctx.t(FILENAME))
    writer = _Writer(ctx, deck, per_day)
    chosen = [tk for tk in all_tickets if keys is None or tk.key in keys]
    per_page = COLS * ROWS
    for first in range(0, len(chosen), per_page):
        page = chosen[first:first + per_page]
        # the page's tickets in order (as plain tuples: a named tuple's repr is Python, ten times slower);
        # the deck's salt stands for the rest
        key = repr((per_day, [tuple(tk) for tk in page]))
        if deck.reused(key):
            writer.count += len(page)
            continue
        for tk in page:
            writer.add(tk, key)
    return ctx.deck_bytes(deck)
