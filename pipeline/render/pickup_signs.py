"""接站牌.pptx: the board a greeter holds at the exit, one per pickup group: names and units in large type."""

from __future__ import annotations

from ..text import display_width, pad_name
from . import _logistics as L
from . import _pptx
from .pickup import READS as TRANSPORT_READS
from .pickup import numbering

KIND = "pickup_signs"
TITLE = "接站牌"
FILENAME = "接站牌.pptx"
READS = TRANSPORT_READS
ORDER = 42
PLANS = ("transport",)

PT_MM = 25.4 / 72
PAGE_W, PAGE_H = 297, 210
MARGIN = 10  # mm
HEAD_TOP, HEAD_H = 8, 24  # the meeting's name
SUB_TOP, SUB_H = 33, 12  # 接站 · station
BODY_TOP, BODY_BOTTOM = 50, 192
FOOT_TOP, FOOT_H = 196, 8  # staff line: group, cars, greeter
PER_PAGE = 15
RED = "C00000"


def fit(text: str, width_mm: float, height_mm: float, largest: float) -> float:
    """The largest size up to `largest` that keeps `text` on one line inside the box."""
    em = display_width(text) or 1
    return float(max(8, int(min(largest, width_mm / (em * PT_MM), height_mm / (1.2 * PT_MM)))))


def layout(n: int) -> tuple[int, int]:
    """(columns, rows) for n names on one board."""
    if n <= 3:
        return 1, max(n, 1)
    if n <= 8:
        return 2, -(-n // 2)
    return 3, -(-n // 3)


def _boards(ctx, keys=None) -> list[tuple[str, object, int, list, int, int]]:
    """(group id, group, its number, the people on this board, board index, boards in group)."""
    groups = ctx.plan("transport").pickups
    numbers = numbering(groups)
    out = []
    for g in groups:
        if keys is not None and g.id not in keys:
            continue
        chunks = [g.people[i:i + PER_PAGE] for i in range(0, len(g.people), PER_PAGE)] or [()]
        for i, chunk in enumerate(chunks):
            out.append((g.id, g, numbers[g.id], list(chunk), i, len(chunks)))
    return out


def staff_line(ctx, g, number: int, part: int, parts: int) -> str:
    bits = [ctx.t("第{n}組").format(n=number), f"{L.day_text(g.day)} {L.hm(g.slot)}", g.station]
    if g.cars:
        bits.append("、".join(ctx.t("{n}號車").format(n=r.car) + (f" {r.plate}" if r.plate else "") for r in g.cars))
    if g.greeter:
        bits.append(ctx.t("接站員：") + g.greeter)
    if parts > 1:
        bits.append(ctx.t("第{i}/{n}張").format(i=part + 1, n=parts))
    return "　".join(bits)


def pages(ctx) -> dict[str, str]:
    out = {}
    for gid, g, number, people, part, parts in _boards(ctx):
        text = "|".join(f"{p.name} {p.unit}" for p in people)
        line = staff_line(ctx, g, number, part, parts)
        out[gid] = (out[gid] + "||" if gid in out else f"{ctx.meeting.name}|") + f"{line}|{text}"
    return out


def board(deck: _pptx.Deck, ctx, g, number: int, people: list, part: int, parts: int) -> None:
    foot = staff_line(ctx, g, number, part, parts)
    key = repr((g.station, [(p.name, p.unit) for p in people], foot))  # all a board shows but the meeting's name
    if deck.reused(key):
        return
    s = deck.new_slide(key)
    mm = _pptx.mm
    width = PAGE_W - 2 * MARGIN
    name = ctx.meeting.name
    s.text(mm(MARGIN), mm(HEAD_TOP), mm(width), mm(HEAD_H), name, fit(name, width, HEAD_H, 40), "黑體", bold=True,
           color=RED, name="Meeting")
    sub = ctx.t("接　站") + "　" + g.station
    s.text(mm(MARGIN), mm(SUB_TOP), mm(width), mm(SUB_H), sub, fit(sub, width, SUB_H, 28), "黑體", color=RED,
           name="Station")
    s.line(mm(MARGIN), mm(BODY_TOP - 3), mm(PAGE_W - MARGIN), mm(BODY_TOP - 3), color=RED, dash=None, width=19050,
           name="Rule")
    cols, rows = layout(len(people))
    cell_w = width / cols
    cell_h = (BODY_BOTTOM - BODY_TOP) / rows
    name_h, unit_h = cell_h * 0.6, cell_h * 0.34
    box_w = cell_w - 6
    cap = min(110.0, name_h / (1.2 * PT_MM))
    for i, p in enumerate(people):
        col, row = i // rows, i % rows
        x = MARGIN + col * cell_w + 3
        y = BODY_TOP + row * cell_h
        shown = pad_name(p.name)
        s.text(mm(x), mm(y), mm(box_w), mm(name_h), shown, fit(shown, box_w, name_h, cap), "黑體", anchor="b",
               name="Name")
        if p.unit:
            s.text(mm(x), mm(y + name_h), mm(box_w), mm(unit_h), p.unit, fit(p.unit, box_w, unit_h, cap * 0.45),
                   "楷體", anchor="t", name="Unit")
    s.text(mm(MARGIN), mm(FOOT_TOP), mm(width), mm(FOOT_H), foot, fit(foot, width, FOOT_H, 12), "宋體",
           color="808080", name="Staff line")


def render(ctx, keys=None) -> dict[str, bytes]:
    boards = _boards(ctx, keys)
    if not boards and keys is None:
        return {}
    deck = _pptx.Deck(_pptx.A4_LANDSCAPE, title=ctx.meeting.name + ctx.t(TITLE), author=ctx.author)
    ctx.reuse_slides(deck, ctx.t(FILENAME))
    for _, g, number, people, part, parts in boards:
        board(deck, ctx, g, number, people, part, parts)
    return ctx.deck_bytes(deck)
