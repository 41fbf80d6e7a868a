"""房門貼.pptx: the sheet stuck on each occupied room's door, names and units large (seed: 在房門上粘貼代表姓名)."""

from __future__ import annotations

from ..plan.rooms import night_label
from ..text import display_width, pad_name
from . import _pptx
from .rooms import PLAN_READS

KIND = "door_labels"
TITLE = "房門貼"
FILENAME = "房門貼.pptx"
READS = PLAN_READS
ORDER = 45
PLANS = ("rooms",)

PT_MM = 25.4 / 72
PAGE_W, PAGE_H = 297, 210
MARGIN = 12
HEAD_TOP, HEAD_H = 10, 16  # meeting name
ROOM_TOP, ROOM_H = 28, 18  # room number
BODY_TOP, BODY_BOTTOM = 52, 198


def fit(text: str, width_mm: float, height_mm: float, largest: float) -> float:
    """The largest size up to `largest` that keeps `text` on one line inside the box."""
    em = display_width(text) or 1
    return float(max(8, int(min(largest, width_mm / (em * PT_MM), height_mm / (1.2 * PT_MM)))))


def _stay_text(ctx, rp, p) -> str:
    checkin, checkout = rp.stays[p.id]
    a, b = night_label(checkin), night_label(checkout)
    return f"{a}—{b}" if a and b else ""


def _labels(ctx, keys=None) -> list[tuple[str, object, list[tuple[str, str, str]]]]:
    """(room key, room, [(name, unit, stay shown only when roommates' stays differ)])."""
    rp = ctx.plan("rooms")
    out = []
    for room in rp.rooms:
        if keys is not None and room.key not in keys:
            continue
        stays = {rp.stays[p.id] for p in room.occupants}
        entries = [(p.name, p.unit, _stay_text(ctx, rp, p) if len(stays) > 1 else "") for p in room.occupants]
        out.append((room.key, room, entries))
    return out


def pages(ctx) -> dict[str, str]:
    return {key: "|".join([room.hotel, room.number, *(f"{n} {u} {s}".strip() for n, u, s in entries)])
            for key, room, entries in _labels(ctx)}


def label(deck: _pptx.Deck, ctx, room, entries) -> None:
    key = repr((room.hotel, room.number, entries))  # all a label shows; the deck's salt stands for the rest
    if deck.reused(key):
        return
    s = deck.new_slide(key)
    mm = _pptx.mm
    width = PAGE_W - 2 * MARGIN
    name = ctx.meeting.name
    s.text(mm(MARGIN), mm(HEAD_TOP), mm(width), mm(HEAD_H), name, fit(name, width, HEAD_H, 28), "黑體",
           color="C00000", name="Meeting")
    number = (f"{room.hotel}　" if room.hotel else "") + room.number
    s.text(mm(MARGIN), mm(ROOM_TOP), mm(width), mm(ROOM_H), number, fit(number, width, ROOM_H, 36), "黑體",
           name="Room")
    s.line(mm(MARGIN), mm(ROOM_TOP + ROOM_H + 3), mm(PAGE_W - MARGIN), mm(ROOM_TOP + ROOM_H + 3), color="C00000",
           dash=None, width=19050, name="Rule")
    rows = max(1, len(entries))
    cell_h = (BODY_BOTTOM - BODY_TOP) / rows
    name_h, unit_h = cell_h * 0.62, cell_h * 0.3
    cap = min(130.0, name_h / (1.2 * PT_MM))
    for i, (who, unit, stay) in enumerate(entries):
        y = BODY_TOP + i * cell_h
        shown = pad_name(who)
        s.text(mm(MARGIN), mm(y), mm(width), mm(name_h), shown, fit(shown, width, name_h, cap), "黑體", anchor="b",
               name="Name")
        below = "　".join(x for x in (unit, stay) if x)
        if below:
            s.text(mm(MARGIN), mm(y + name_h), mm(width), mm(unit_h), below, fit(below, width, unit_h, cap * 0.4),
                   "楷體", anchor="t", name="Unit")


def render(ctx, keys=None) -> dict[str, bytes]:
    labels = _labels(ctx, keys)
    if not labels and keys is None:
        return {}
    deck = _pptx.Deck(_pptx.A4_LANDSCAPE, title=ctx.meeting.name + ctx.t(TITLE), author=ctx.author)
    ctx.reuse_slides(deck, ctx.t(FILENAME))
    for _, room, entries in labels:
        label(deck, ctx, room, entries)
    return ctx.deck_bytes(deck)
