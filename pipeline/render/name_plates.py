"""桌簽.pptx: folded tent cards, the name on both faces, the upper face turned 180°.

Plates come in seat order (the rostrum row by row, left to right as placed, then the hall
front to back), each with its seat printed small beside the fold so staff set them out fast.
"""

from __future__ import annotations

from ..text import display_width, pad_name
from . import _pptx

KIND = "name_plates"
TITLE = "桌簽"
FILENAME = "桌簽.pptx"
READS = ("會議", "會場", "座次", "單位排序",
         *(f"參會人員.{c}" for c in ("編號", "姓名", "單位", "職務", "職級序號", "類別", "主席台", "出席情況")))
ORDER = 20
PLANS = ("seating",)

PT_MM = 25.4 / 72
MARGIN_X = 15  # mm left and right of the name
FACE_H = 105  # mm: half of A4 landscape
TEXT_H = 80  # mm: the name's box on each face


def plate_order(ctx) -> list:
    """Seat order: the rostrum row by row, left to right as placed, then the hall front to back.

    The order comes from the seating plan (pipeline.plan.seating); anyone who should have a plate
    but found no seat (the check reports it) follows in the meeting's 名單排序.
    """
    plan = ctx.plan("seating")
    seated = set(plan.seat_of)
    rest = [p for p in ctx.ordered() if p.seated and p.attendance != "請假" and p.id not in seated]
    return list(plan.order) + rest


def seat_label(ctx, person) -> str:
    """The seat printed small inside the fold: 主席台第1排3號, 台下5排12座; empty without a seat."""
    seat = ctx.plan("seating").seat_of.get(person.id)
    return seat.label if seat else ""


def fit_size(name: str, preferred: float, width_mm: float = 297 - 2 * MARGIN_X) -> float:
    """The preferred size, or the largest that keeps the name on one line inside the plate."""
    em = display_width(name) or 1
    largest = width_mm / (em * PT_MM)
    largest = min(largest, TEXT_H / PT_MM * 0.85)
    return preferred if preferred <= largest else float(int(largest))


def plate(deck: _pptx.Deck, name: str, size: float, font_name: str, label: str = "") -> None:
    key = repr((name, size, font_name, label))  # everything a plate shows; the deck's salt stands for the rest
    if deck.reused(key):
        return
    s = deck.new_slide(key)
    w = deck.width - _pptx.mm(2 * MARGIN_X)
    x = _pptx.mm(MARGIN_X)
    top = _pptx.mm((FACE_H - TEXT_H) / 2)
    bottom = _pptx.mm(FACE_H + (FACE_H - TEXT_H) / 2)
    s.text(x, top, w, _pptx.mm(TEXT_H), name, size, font_name, rotation=180, name="Name back")
    s.text(x, bottom, w, _pptx.mm(TEXT_H), name, size, font_name, name="Name front")
    s.line(0, _pptx.mm(FACE_H), deck.width, _pptx.mm(FACE_H), name="Fold")
    if label:
        s.text(_pptx.mm(5), _pptx.mm(FACE_H - 9), _pptx.mm(60), _pptx.mm(7), label, 9, "宋體", align="l",
               rotation=180, color="808080", name="Seat label")


def _plates(ctx) -> list[tuple[str, str, float, str]]:
    """(key, name as printed, size, seat label) for every plate, in print order; made once per build."""
    return ctx.memo("name_plates", lambda: _make_plates(ctx))


def _make_plates(ctx) -> list[tuple[str, str, float, str]]:
    preferred = float(ctx.meeting.setting("桌簽字號", 120))
    out = []
    for p in plate_order(ctx):
        shown = pad_name(p.name)
        out.append((p.id, shown, fit_size(shown, preferred), seat_label(ctx, p)))
    return out


def pages(ctx) -> dict[str, str]:
    return {key: f"{shown}|{size:g}|{label}" for key, shown, size, label in _plates(ctx)}


def render(ctx, keys=None) -> dict[str, bytes]:
    m = ctx.meeting
    font_name = m.setting("桌簽字體", "黑體")
    deck = _pptx.Deck(_pptx.A4_LANDSCAPE, title=m.name + ctx.t(TITLE), author=ctx.author)
    ctx.reuse_slides(deck, ctx.t(FILENAME))
    for key, shown, size, label in _plates(ctx):
        if keys is None or key in keys:
            plate(deck, shown, size, font_name, label)
    return ctx.deck_bytes(deck)
