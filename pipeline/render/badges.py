"""出席證.pptx: a badge for everyone present, coloured by 類別, with a check-in QR code of the 編號.

出席證 red, 列席證 blue, 特邀證 gold, 工作證 green; the category word is
printed large in the band so the badges still differ on a greyscale
printer (the four colours also differ in lightness). 出席證版式 picks four
A6 badges to an A4 page with cut lines, or one 90×120 mm 胸卡 per page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..deps import salted_key, sha256_bytes
from ..text import pad_name
from . import _cards, _pptx, _zip

KIND = "badges"
TITLE = "出席證"
FILENAME = "出席證.pptx"
READS = ("會議.會議名稱", "會議.主辦單位", "會議.發文機關", "會議.出席證版式", "會議.名單排序", "會議.筆畫依據", "工作人員",
         *(f"參會人員.{c}" for c in ("編號", "姓名", "單位", "職務", "職級序號", "類別", "出席情況", "順序")))
ORDER = 52
PLANS = ()

REF_W, REF_H = 105.0, 148.5  # mm: the layout below is drawn for an A6 badge and scaled to others
CARD = (90.0, 120.0)  # mm: the 胸卡 insert size
# category -> (badge word, band colour, word colour); greys 53, 93, 132, 171 when printed without colour
BANDS = {
    "出席": ("出席證", "B00000", "FFFFFF"),
    "列席": ("列席證", "4A8FE0", "FFFFFF"),
    "特邀": ("特邀證", "F2A900", "000000"),
    "工作人員": ("工作證", "2E7D32", "FFFFFF"),
}


@dataclass(frozen=True)
class Badge:
    key: str  # the person's 編號, also what the QR code holds
    word: str  # 出席證 …, in the meeting's script
    band: str
    ink: str
    name: str  # as printed
    unit: str
    title: str

    def text(self) -> str:
        return f"{self.word}|{self.name}|{self.unit}|{self.title}|{self.key}"


def astuple(b: Badge) -> tuple:
    return (b.key, b.word, b.band, b.ink, b.name, b.unit, b.title)


def badges(ctx) -> list[Badge]:
    """Everyone not on leave, attendees in list order then staff (incl. the 工作人員 sheet); once per build."""
    return ctx.memo("badges", lambda: _badges(ctx))


def _badges(ctx) -> list[Badge]:
    from ..plan.meals import staff_members

    people = [p for p in ctx.meeting.people if p.attendance != "請假"] + staff_members(ctx.meeting)
    out = []
    for p in _cards.print_order(ctx, people):
        word, band, ink = BANDS.get(p.category, BANDS["出席"])
        unit = p.unit or (ctx.t("會務組") if p.category == "工作人員" else "")
        out.append(Badge(p.id, ctx.t(word), band, ink, pad_name(p.name), unit, p.title))
    return out


def pages(ctx) -> dict[str, str]:
    return {b.key: b.text() for b in badges(ctx)}


def _split_title(text: str) -> list[str]:
    """A long meeting name on two lines where a reader would break it: before 暨, else after 會議,
    else after a closing bracket not followed by 會議, else in the middle; nearest the middle first."""
    mid = len(text) / 2
    breaks = []
    for i in range(1, len(text)):
        if text[i] == "暨":
            breaks.append((0, abs(i - mid), i))
        elif text[i - 2:i] == "會議":
            breaks.append((1, abs(i - mid), i))
        elif text[i - 1] in "）)」》" and text[i:i + 2] != "會議":
            breaks.append((2, abs(i - mid), i))
    i = min(breaks)[2] if breaks else len(text) // 2
    return [text[:i], text[i:]]


def draw(slide: _pptx.Slide, b: Badge, meeting_name: str, x0: float, y0: float, s: float,
         qr: tuple[int, str] | None = None) -> None:
    """One badge with its top-left corner at (x0, y0) mm, the A6 layout scaled by s (qr: its _cards.qr_path)."""
    mm, box, para, fit = _pptx.mm, _cards.textbox, _cards.para, _cards.fit
    w = REF_W * s

    def at(x, y, bw, bh, xml, **kw):
        slide.raw(lambda sid: box(sid, mm(x0 + x * s), mm(y0 + y * s), mm(bw * s), mm(bh * s), xml, **kw))

    inner = REF_W - 14
    size = fit(meeting_name, inner * s, 17 * s)
    if size >= 12 * s:
        at(7, 8, inner, 15, para(meeting_name, size, "黑體", True, align="ctr"), anchor="ctr", name="Meeting")
    else:
        lines = _split_title(meeting_name)
        size = min(fit(line, inner * s, 15 * s) for line in lines)
        at(7, 6, inner, 19, "".join(para(line, size, "黑體", True, align="ctr") for line in lines), anchor="ctr",
           name="Meeting")
    word = "　".join(b.word)
    at(5, 27, REF_W - 10, 30, para(word, fit(word, (REF_W - 16) * s, 40 * s), "黑體", True, b.ink, "ctr"),
       anchor="ctr", fill=b.band, name="Band")
    at(5, 63, REF_W - 10, 19, para(b.name, fit(b.name, (REF_W - 12) * s, 44 * s), "黑體", True, align="ctr"),
       anchor="ctr", name="Name")
    if b.unit:
        at(7, 84, inner, 8.5, para(b.unit, fit(b.unit, inner * s, 16 * s), "楷體", align="ctr"), anchor="ctr",
           name="Unit")
    if b.title:
        at(7, 93, inner, 8.5, para(b.title, fit(b.title, inner * s, 16 * s), "楷體", align="ctr"), anchor="ctr",
           name="Title")
    q = 33 * s
    slide.raw(lambda sid: _cards.qr_shape(sid, mm(x0 + (w - q) / 2), mm(y0 + 105 * s), mm(q), b.key, qr))
    at(7, 138.5, inner, 4, para(b.key, fit(b.key, inner * s, 8 * s), "黑體", color="595959", align="ctr"),
       anchor="ctr", name="Id")


def render(ctx, keys=None) -> dict[str, bytes]:
    m = ctx.meeting
    four_up = m.setting("出席證版式", "A4四張") != "胸卡"
    size = _pptx.A4_PORTRAIT if four_up else (_pptx.mm(CARD[0]), _pptx.mm(CARD[1]))
    deck = _pptx.Deck(size, title=m.name + ctx.t(TITLE), author=ctx.author)
    ctx.reuse_slides(deck, ctx.t(FILENAME))
    chosen = [b for b in badges(ctx) if keys is None or b.key in keys]
    _cards.prepare_codes(b.key for b in chosen)  # every code at hand, drawn together if need be; written out per page drawn
    per_page = 4 if four_up else 1
    s = min(CARD[0] / REF_W, CARD[1] / REF_H)
    head = None
    for first in range(0, len(chosen), per_page):
        page = chosen[first:first + per_page]
        # a page is what its badges and the meeting's name make it (the deck's salt stands for the rest);
        # a badge as a plain tuple: a dataclass's repr is Python, several times slower
        key = repr((m.name, four_up, [astuple(b) for b in page]))
        if deck.reused(key):
            continue
        if not four_up:
            slide = deck.new_slide(key)
            draw(slide, page[0], m.name, (CARD[0] - REF_W * s) / 2, (CARD[1] - REF_H * s) / 2, s,
                 _cards.qr_path(page[0].key))
            continue
        if head is None:  # the badges meet edge to edge: one cut down the middle, one across
            cuts = _pptx.Slide()
            cuts.line(_pptx.mm(REF_W), 0, _pptx.mm(REF_W), deck.height, color="A0A0A0", name="Cut")
            cuts.line(0, _pptx.mm(REF_H), deck.width, _pptx.mm(REF_H), color="A0A0A0", name="Cut")
            head = cuts.head()
        deck.joined_slide(key, [head, *_quarters(ctx, page)])
    return ctx.deck_bytes(deck)


# A badge on an A4 page is a group in its quarter, its shapes placed within the group: after a deputy
# steps in, the badges behind theirs each move one quarter on, and a badge kept deflated (_cards.cell)
# is copied into its new quarter as it is. The group's opening says where it sits, so it is the only
# part that depends on the quarter; the shapes' ids come from the badge (ids must differ on a slide).
_IDS = 1 << 20  # id blocks of 16: a badge's shapes take ids from 16 up to 16 * 2**20


def _quarters(ctx, page: list[Badge]) -> list:
    m = ctx.meeting
    pieces, blocks, kept = [], set(), _cards.kept_cells(ctx)
    for i, b in enumerate(page):
        block = int(sha256_bytes(b.key.encode())[:5], 16) % _IDS
        while block in blocks:  # two badges of a page whose ids would meet: the later takes the next block
            block = (block + 1) % _IDS
        blocks.add(block)
        key = salted_key(ctx.deck_salt, repr((m.name, block, astuple(b))))  # what it shows, under all else read
        pieces.append(_group_opening(i))
        pieces.append(_cards.cell(kept, key, lambda b=b, block=block: _badge_shapes(b, m.name, block)))
    return pieces


@functools.lru_cache(maxsize=4)
def _group_opening(i: int):
    """The opening of quarter `i`'s group (0 top left, 1 top right, 2 and 3 below), deflated once."""
    x, y, w, h = _pptx.mm((i % 2) * REF_W), _pptx.mm((i // 2) * REF_H), _pptx.mm(REF_W), _pptx.mm(REF_H)
    sid = 4 + i  # after the two cut lines
    return _zip.piece((
        f'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="{sid}" name="Badge {sid}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f'<p:grpSpPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/><a:chOff x="0" y="0"/>'
        f'<a:chExt cx="{w}" cy="{h}"/></a:xfrm></p:grpSpPr>').encode())


def _badge_shapes(b: Badge, meeting_name: str, block: int) -> bytes:
    """Badge `b` drawn at the origin of its group, with ids from block `block`, and the group's end."""
    cell = _pptx.Slide(first_id=16 * (block + 1))
    draw(cell, b, meeting_name, 0.0, 0.0, 1.0, _cards.qr_path(b.key))
    return cell.body() + b"</p:grpSp>"
