"""宴會座次圖.pptx and 宴會桌次表.xlsx: round tables with numbers, seats and names; the table list.

The chart puts the main table (主桌, larger) at the top and the other tables
in rows below it, in the places the banquet plan numbered them; the door is
at the bottom, so every table's seat 1 (主人 at the main table) is drawn at
the top of its table, facing the door. Seats show their label (主人, 主賓,
第二主賓, 副主人… at the main table, numbers elsewhere) and the name padded
like the plates; 清真 and 素食 tables are tinted and labelled, and a diner
whose own diet differs from the table's carries it next to the seat label.
When the tables do not fit one A4 landscape page, an overview of all table
numbers comes first and the tables follow row by row on further pages.
The workbook lists every diner table by table and, on a second sheet, by
surname strokes for looking people up.
"""

from __future__ import annotations

import math

from ..text import display_width, pad_name
from . import _pptx
from . import _xlsxfast as X

KIND = "banquet_chart"
TITLE = "宴會座次圖"
FILENAME = "宴會座次圖.pptx"
LIST_FILENAME = "宴會桌次表.xlsx"
READS = ("會議", "會場", "座次", "就餐", "單位排序",
         *(f"參會人員.{c}" for c in ("編號", "姓名", "單位", "職務", "職級序號", "類別", "出席情況", "飲食", "就餐", "主席台")))
ORDER = 32
PLANS = ("banquet",)

PT_MM = 25.4 / 72
PAGE = (297.0, 210.0)
MARGIN = 8.0
TITLE_H = 10.0
SUB_H = 5.0
NOTE_H = 5.0
DOOR_H = 6.0
BOX = (15.0, 8.5)  # seat box at scale 1, mm
TABLE_R = 9.0  # table radius at scale 1
MAIN_SCALE = 1.3
MIN_SCALE = 0.8
DIET_FILL = {"清真": "E2EFDA", "素食": "FFF2CC", "": "F2F2F2"}
ROLE_COLOR = "C00000"


def fit(text: str, w: float, h: float, preferred: float) -> float:
    em = display_width(text) or 1
    return round(max(1.0, min(preferred, w / (em * PT_MM), h / (1.25 * PT_MM))), 1)


def ring(size: int, bw: float, bh: float, r: float) -> tuple[float, float]:
    """Horizontal and vertical radii of the seat ring so that no two neighbouring boxes overlap."""
    rx, ry = r + bw / 2 + 1.0, r + bh / 2 + 1.0
    angles = [2 * math.pi * k / max(size, 1) for k in range(size)]
    for _ in range(200):
        clash = False
        for a, b in zip(angles, angles[1:] + angles[:1]):
            if size < 2:
                break
            dx = abs(rx * (math.sin(a) - math.sin(b)))
            dy = abs(ry * (math.cos(a) - math.cos(b)))
            if dx < bw + 0.6 and dy < bh + 0.6:
                clash = True
                break
        if not clash:
            break
        rx, ry = rx * 1.04, ry * 1.02
    return rx, ry


def cell_size(size: int, scale: float) -> tuple[float, float]:
    bw, bh = BOX[0] * scale, BOX[1] * scale
    rx, ry = ring(size, bw, bh, TABLE_R * scale)
    return 2 * rx + bw + 4, 2 * ry + bh + 4


def draw_table(slide, table, cx: float, cy: float, scale: float, ctx) -> None:
    """One round table centred at (cx, cy) mm: the table, its number and diet, the seats round it."""
    bw, bh, r = BOX[0] * scale, BOX[1] * scale, TABLE_R * scale
    rx, ry = ring(table.size, bw, bh, r)
    number = str(table.number)
    tag = ctx.t("主桌") if table.main else ""
    if table.diet:
        tag = (tag + " " if tag else "") + ctx.t(table.diet)
    lines = [(number, fit(number, 1.3 * r, 0.9 * r, 20 * scale), "黑體", True, "000000")]
    if tag:
        lines.append((tag, fit(tag, 1.6 * r, 0.5 * r, 8 * scale), "黑體", False, "404040"))
    slide.text(_pptx.mm(cx - r), _pptx.mm(cy - r), _pptx.mm(2 * r), _pptx.mm(2 * r), lines, 12,
               fill=DIET_FILL.get(table.diet, "F2F2F2"), line="595959", geom="ellipse",
               name=f"Table {table.number}")
    for seat in table.slots:
        a = 2 * math.pi * seat.index / table.size
        # index runs from seat 1 (top) towards its right hand: the chart's left
        x = cx - rx * math.sin(a) - bw / 2
        y = cy - ry * math.cos(a) - bh / 2
        p = seat.person
        head = seat.label
        if p is not None and p.diet and p.diet != table.diet:
            head += ctx.t(f"（{p.diet}）")
        color = ROLE_COLOR if seat.role else "595959"
        if p is None:
            lines = [(head, fit(head, bw - 1, bh * 0.5, 7 * scale), "宋體", False, "A6A6A6")]
        else:
            name = pad_name(p.name)
            lines = [(head, fit(head, bw - 1, bh * 0.36, 6.5 * scale), "宋體", bool(seat.role), color),
                     (name, fit(name, bw - 1, bh * 0.58, 10.5 * scale), "黑體", False, "000000")]
        slide.text(_pptx.mm(x), _pptx.mm(y), _pptx.mm(bw), _pptx.mm(bh), lines, 10, fill="FFFFFF",
                   line=ROLE_COLOR if seat.role in ("主人", "主賓") else "A6A6A6",
                   name=f"Seat {table.number}-{seat.number}")


def label(slide, x, y, w, h, text, pt, font="宋體", align="ctr", color="000000", bold=False, name="Label"):
    slide.text(_pptx.mm(x), _pptx.mm(y), _pptx.mm(w), _pptx.mm(h), text, fit(text, w, h, pt), font, bold=bold,
               align=align, color=color, name=name)


def subtitle(ctx, plan) -> str:
    parts = []
    for rec in plan.meals:
        d = rec.get("日期")
        when = f"{d.month}月{d.day}日" if d else ""
        parts.append(when + ctx.t(rec.get("餐次", "")))
    places = []
    for rec in plan.meals:
        if rec.get("地點") and rec.get("地點") not in places:
            places.append(rec.get("地點"))
    text = "、".join(parts)
    if places:
        text += "　" + "、".join(places)
    return text + ctx.t(f"　共{len(plan.tables)}桌，每桌{plan.size}人")


def _frame(slide, ctx, plan, title: str) -> None:
    pw, ph = PAGE
    label(slide, MARGIN, MARGIN, pw - 2 * MARGIN, TITLE_H, title, 18, "黑體", bold=True, name="Title")
    label(slide, MARGIN, MARGIN + TITLE_H, pw - 2 * MARGIN, SUB_H, subtitle(ctx, plan), 10, name="Subtitle")
    side = ctx.t("左") if plan.convention == "右為上" else ctx.t("右")
    note = ctx.t("主桌居上，各桌1號位（主桌為主人）面向入口；桌號以主桌為準，近者為先，"
                 f"{plan.convention}（圖中{side}側為主桌的{plan.convention[0]}手）。")
    label(slide, MARGIN, ph - MARGIN - NOTE_H, pw - 2 * MARGIN, NOTE_H, note, 9, align="l", color="404040",
          name="Note")
    door = ctx.t("▼ 入口")
    label(slide, pw / 2 - 25, ph - MARGIN - NOTE_H - DOOR_H, 50, DOOR_H, door, 11, "黑體", name="Door")


def _layout(plan):
    """Scale and page breaks: [(rows on the page, with the main table?)] plus cell sizes."""
    pw, ph = PAGE
    body_top = MARGIN + TITLE_H + SUB_H + 2
    body_h = ph - MARGIN - NOTE_H - DOOR_H - 1 - body_top
    cols = plan.columns
    rows = max((t.grid_row for t in plan.tables), default=0)
    scale = min(1.0, (pw - 2 * MARGIN) / cols / cell_size(plan.size, 1.0)[0])
    cw, ch = cell_size(plan.size, scale)
    mw, mh = cell_size(plan.size, scale * MAIN_SCALE)
    if mh + rows * ch <= body_h:
        return scale, [(list(range(1, rows + 1)), True)], (cw, ch), (mw, mh), body_top
    fitted = min(scale, max(MIN_SCALE, scale * body_h / (mh + rows * ch)))
    cw, ch = cell_size(plan.size, fitted)
    mw, mh = cell_size(plan.size, fitted * MAIN_SCALE)
    if mh + rows * ch <= body_h:
        return fitted, [(list(range(1, rows + 1)), True)], (cw, ch), (mw, mh), body_top
    first = max(0, int((body_h - mh) // ch))
    per_page = max(1, int(body_h // ch))
    pages = [(list(range(1, first + 1)), True)]
    pages += [(list(range(r, min(rows, r + per_page - 1) + 1)), False) for r in range(first + 1, rows + 1, per_page)]
    return fitted, pages, (cw, ch), (mw, mh), body_top


def overview(slide, ctx, plan, top: float) -> None:
    """Every table as a numbered circle in its place: the floor plan staff set out."""
    pw, ph = PAGE
    rows = max((t.grid_row for t in plan.tables), default=0)
    body_h = ph - MARGIN - NOTE_H - DOOR_H - 1 - top
    step_y = min(22.0, body_h / (rows + 1.5))
    step_x = min(40.0, (pw - 2 * MARGIN) / (plan.columns + 0.5))
    r = min(step_y, step_x) * 0.38
    for table in plan.tables:
        scale_r = r * (1.35 if table.main else 1.0)
        cx = pw / 2 + table.col * step_x
        cy = top + scale_r + (0 if table.main else (table.grid_row + 0.35) * step_y)
        lines = [(str(table.number), fit(str(table.number), 1.4 * scale_r, 0.9 * scale_r, 14), "黑體", True, "000000")]
        tag = ctx.t("主桌") if table.main else ctx.t(table.diet)
        if tag:
            lines.append((tag, fit(tag, 1.5 * scale_r, 0.5 * scale_r, 7), "黑體", False, "404040"))
        slide.text(_pptx.mm(cx - scale_r), _pptx.mm(cy - scale_r), _pptx.mm(2 * scale_r), _pptx.mm(2 * scale_r),
                   lines, 12, fill=DIET_FILL.get(table.diet, "F2F2F2"), line="595959", geom="ellipse",
                   name=f"Overview {table.number}")


def _table_key(table) -> tuple:
    """Everything draw_table reads of a table (the script aside, which the deck's salt stands for)."""
    return (table.number, table.size, table.diet, tuple(
        (s.number, s.index, s.label, s.role, *((s.person.name, s.person.diet) if s.person is not None else ()))
        for s in table.slots))


def chart(ctx, plan) -> dict[str, bytes]:
    """The chart's file. A page is keyed by what it shows: after a deputy steps in, the pages of the
    other tables are copied from the last build (see _pptx.Deck.reuse), not drawn again."""
    m = ctx.meeting
    title = m.name + ctx.t(TITLE)
    deck = _pptx.Deck((_pptx.mm(PAGE[0]), _pptx.mm(PAGE[1])), title=title, author=ctx.author)
    ctx.reuse_slides(deck, ctx.t(FILENAME))
    scale, pages, (cw, ch), (mw, mh), top = _layout(plan)
    frame = (subtitle(ctx, plan), plan.convention)  # what _frame draws besides the page's title
    pw = PAGE[0]
    if len(pages) > 1:
        key = repr(("overview", title, frame, top, plan.columns,
                    [(t.number, t.diet, t.col, t.grid_row) for t in plan.tables]))
        if not deck.reused(key):
            slide = deck.new_slide(key)
            _frame(slide, ctx, plan, title + ctx.t("（桌次總圖）"))
            overview(slide, ctx, plan, top)
    for i, (rows, with_main) in enumerate(pages, start=1):
        name = title if len(pages) == 1 else title + ctx.t(f"（{i}/{len(pages)}）")
        y = top
        places = []  # (table, centre x, centre y, scale) of each table on the page
        if with_main:
            places.append((plan.tables[0], pw / 2, y + mh / 2, scale * MAIN_SCALE))
            y += mh
        for k, row in enumerate(rows):
            places += [(table, pw / 2 + table.col * cw, y + k * ch + ch / 2, scale)
                       for table in plan.tables if table.grid_row == row]
        key = repr((name, frame, [(_table_key(t), x, y, s) for t, x, y, s in places]))
        if deck.reused(key):
            continue
        slide = deck.new_slide(key)
        _frame(slide, ctx, plan, name)
        for table, x, y, s in places:
            draw_table(slide, table, x, y, s, ctx)
    return ctx.deck_bytes(deck)


def table_rows(ctx, plan) -> list[list]:
    out = []
    for table in plan.tables:
        for label_text, p in table.seats:
            out.append([table.number, label_text, p.name, p.unit, p.title, ctx.t(p.diet) if p.diet else "",
                        ctx.t(table.diet) if table.diet else ""])
    return out


def lookup_rows(ctx, plan) -> list[list]:
    from ..plan.order import order_people

    where = {p.id: (table.number, label_text) for table in plan.tables for label_text, p in table.seats}
    people = [p for table in plan.tables for p in table.people]
    return [[p.name, p.unit, p.title, where[p.id][0], where[p.id][1], ctx.t(p.diet) if p.diet else ""]
            for p in order_people(ctx.meeting, people, by="姓氏筆畫")]


def table_list(ctx, plan) -> bytes:
    m = ctx.meeting
    footer = ctx.t("第 &P 頁，共 &N 頁")
    tables = X.Sheet(ctx.t("桌次表"), [6, 10, 12, 24, 28, 7, 9], landscape=False, footer=footer)
    tables.title(m.name + ctx.t("宴會桌次表"))
    tables.subtitle(subtitle(ctx, plan))
    tables.table([ctx.t(h) for h in ("桌號", "座位", "姓名", "單位", "職務", "飲食", "本桌餐別")], table_rows(ctx, plan),
                 "ccnllcc")
    look = X.Sheet(ctx.t("按姓名查找"), [12, 24, 28, 6, 10, 7], landscape=False, footer=footer)
    look.title(m.name + ctx.t("宴會座位查找表（按姓氏筆畫）"))
    look.table([ctx.t(h) for h in ("姓名", "單位", "職務", "桌號", "座位", "飲食")], lookup_rows(ctx, plan), "nllccc")
    return X.workbook([tables, look], m.name + ctx.t("宴會桌次表"), ctx.author)


def render(ctx) -> dict[str, bytes]:
    """Both files, or nothing when the meeting has no banquet (no 桌餐 row in 就餐)."""
    plan = ctx.plan("banquet")
    if not plan.tables:
        return {}
    return {**chart(ctx, plan), ctx.t(LIST_FILENAME): table_list(ctx, plan)}
