"""會前檢查單.docx: the seed's 會前檢查 as one printed page, filled with what this meeting has.

For the 副主任 who walks the hall before the meeting: rostrum rows and names
as seen from the audience, plates printed, hall and banquet counts, sound
check times, materials on each seat, cars and drivers on call, each with a
box to tick. Built with python-docx directly; 仿宋_GB2312 body, 黑体 headings
set in the East Asian font slot; A4.
"""

from __future__ import annotations

import io
import math

from . import _zip
from .tasks import deadline_text, people_text

KIND = "checklist"
TITLE = "會前檢查單"
FILENAME = "會前檢查單.docx"
READS = ("會議", "參會人員", "會場", "座次", "房間", "車輛", "就餐", "議程", "工作人員", "單位排序")

ORDER = 72
PLANS = ("meals", "seating", "tasks", "transport")

BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"
LATIN = "Times New Roman"
BODY_PT = 10.5  # 五號: keeps a full meeting on one page
WIDTHS_MM = (12, 24, 118, 20)  # 序號, 檢查項目, 本次會議情況, 落實情況: 174 mm = A4 less the margins
MAX_CARS = 8  # more cars are summarised: the vehicle list has them all
MAX_MEALS = 4  # likewise meals: a long meeting's meals would push the page over
TICK = "□已落實"
EMPTY = "—"  # an empty rostrum seat


def input_files(meeting):
    """An office's own flow files (流程文件夾) are inputs too."""
    from ..flow import office_files

    return office_files(meeting)



def _time(moment) -> str:
    return f"{moment:%H:%M}" if moment else ""


def _task(plan, step_id: str):
    return next((t for t in plan.tasks if t.step.id == step_id), None)


def _names(task, t) -> str:
    return people_text(task, t) if task else ""


# -- what the meeting has ------------------------------------------------------------------------

def _rostrum_by_rank(m) -> list[list[str]]:
    """Without the seating planner: each 主席台 row by rank, placed by the 左為上 rule (conventions §1)."""
    rows: dict[int, list] = {}
    for p in m.people:
        if p.rostrum and p.seated and p.attendance != "請假":
            rows.setdefault(p.rostrum, []).append(p)
    out = []
    for r in sorted(rows):
        members = sorted(rows[r], key=lambda p: p.rank_key)
        n, c = len(members), (len(members) - 1) // 2
        seats = [""] * n
        for rank, p in enumerate(members, start=1):
            pos = c + rank // 2 if rank % 2 == 0 else c - (rank - 1) // 2
            seats[n - 1 - pos if m.setting("座次慣例") == "右為上" else pos] = p.name
        out.append(seats)
    return out


def rostrum_lines(ctx) -> list[str]:
    """One line per rostrum row: the names left to right as the audience sees them."""
    m = ctx.meeting
    try:
        rows = [[p.name if p else EMPTY for _, p in row] for row in ctx.plan("seating").rostrum]
    except ImportError:
        rows = _rostrum_by_rank(m)
    rows = [[n or EMPTY for n in r] for r in rows if any(n and n != EMPTY for n in r)]
    if not rows:
        return [ctx.t("本次會議不設主席台。")]
    lines = []
    for i, r in enumerate(rows, start=1):
        lines += wrap_names(ctx.t("第{r}排（{n}座）：").format(r=i, n=len(r)), r, line_em())
    return lines + [ctx.t("從台下看自左至右；名單經領導審定，桌簽與座次一致。")]


def line_em(size: float = BODY_PT) -> float:
    """How many em fit on one line of the 本次會議情況 column (less Word's default cell margins)."""
    return (WIDTHS_MM[2] - 3.8) / (size * 25.4 / 72) - 0.5


def wrap_names(prefix: str, names: list[str], width: float) -> list[str]:
    """The prefix and the names on as few lines as fit, breaking only between names (a name is never split)."""
    from ..text import display_width

    indent = "　" * 2
    lines, current = [], prefix
    for k, name in enumerate(names):
        piece = name if current in (prefix, indent) else "　" + name
        if current not in (prefix, indent) and display_width(current + piece) > width:
            lines.append(current)
            current, piece = indent, name
        current += piece
        if k == len(names) - 1:
            lines.append(current)
    return lines or [prefix]


def plate_line(ctx) -> str:
    m = ctx.meeting
    try:
        from .name_plates import plate_order

        plates = plate_order(ctx)
    except ImportError:
        plates = [p for p in m.people if p.seated and p.attendance != "請假"]
    on_rostrum = sum(1 for p in plates if p.rostrum)
    font = m.setting("桌簽字體", "黑體")
    size = m.setting("桌簽字號", 120)
    return ctx.t("桌簽共{n}張（主席台{a}張、台下{b}張），{font}{size}磅，按座次擺放，核對姓名無誤。").format(
        n=len(plates), a=on_rostrum, b=len(plates) - on_rostrum, font=ctx.t(font), size=size)


def hall_lines(ctx) -> list[str]:
    m = ctx.meeting
    present = [p for p in m.people if p.seated and p.attendance != "請假"]
    away = sum(1 for p in m.people if p.seated and p.attendance == "請假")
    counts = {c: sum(1 for p in present if p.category == c) for c in ("出席", "列席", "特邀")}
    head = ctx.t("應到{n}人（出席{a}、列席{b}、特邀{c}），請假{d}人。").format(
        n=len(present), a=counts["出席"], b=counts["列席"], c=counts["特邀"], d=away)
    try:
        sp = ctx.plan("seating")
    except ImportError:
        return [head]
    reserved = set(sp.reserved or ())
    rows = [row for i, row in enumerate(sp.hall, start=1) if i not in reserved]
    seats = sum(len(r) for r in rows)
    taken = sum(1 for r in rows for _, p in r if p is not None)
    line = ctx.t("台下{rows}排，可坐{seats}人，已排{taken}人").format(rows=len(sp.hall), seats=seats, taken=taken)
    if reserved:
        line += ctx.t("（預留第{r}排）").format(r="、".join(str(r) for r in sorted(reserved)))
    line += ctx.t("；座位牌擺放整齊，桌椅橫成行、豎成列。")
    out = [head, line]
    if sp.unseated:
        out.append(ctx.t("注意：尚有{n}人沒有座位，請現場安排。").format(n=len(sp.unseated)))
    return out


def sound_line(ctx, plan) -> str:
    first, again = _task(plan, "sound"), _task(plan, "sound_retest")
    start = plan.start
    if start is None:
        return ctx.t("音響、話筒、燈具提前2小時調試，會前10分鐘重試；備用話筒、電池已準備。")
    import datetime as dt

    t1 = first.due if first and first.due else start - dt.timedelta(hours=2)
    t2 = again.due if again and again.due else start - dt.timedelta(minutes=10)
    who = _names(first, ctx.t)
    return ctx.t("音響、話筒、燈具{t1}調試{who}，{t2}重試；備用話筒、電池已準備。").format(
        t1=_time(t1), t2=_time(t2), who=f"（{who}）" if who else "")


def sign_in_line(ctx, plan) -> str:
    staff, chase = _task(plan, "staff_on_site"), _task(plan, "chase")
    present = sum(1 for p in ctx.meeting.people if p.seated and p.attendance != "請假")
    parts = [ctx.t("簽到表已打印（{n}人）").format(n=present)]
    if staff and staff.due:
        parts.append(ctx.t("工作人員{t}到崗（{n}人）").format(t=_time(staff.due), n=len(staff.assignees)))
    if chase and chase.due:
        who = _names(chase, ctx.t)
        parts.append(ctx.t("{t}催促未到人員").format(t=_time(chase.due)) + (f"（{who}）" if who else ""))
    return "；".join(parts) + "。"


def materials_line(ctx) -> str:
    m = ctx.meeting
    present = sum(1 for p in m.people if p.seated and p.attendance != "請假")
    items = [ctx.t("會議文件")]
    if m.table("議程"):
        items.append(ctx.t("會議議程"))
    items += [ctx.t("會務手冊")]
    p = ctx.plan("tasks")
    from ..plan.tasks import available_docs

    if "seat_chart" in available_docs(m) and any("seat_chart" in t.docs for t in p.tasks):
        items.append(ctx.t("座次圖"))
    items += [ctx.t("筆記本"), ctx.t("筆")]
    spare = max(2, math.ceil(present * 0.05))
    return ctx.t("每座一份：{items}；共{n}份，另備{k}份機動。").format(items="、".join(items), n=present, k=spare)


def water_line(ctx, plan) -> str:
    task = _task(plan, "water") or next((t for t in plan.tasks if t.step.due and t.step.due.every), None)
    every = task.step.due.every_text if task and task.step.due else ctx.t("每15–20分鐘")
    who = _names(task, ctx.t)
    return ctx.t("水杯、礦泉水按座擺放；主席台{every}補水").format(every=ctx.t(every)) + (f"（{who}）" if who else "") + "。"


def meal_lines(ctx) -> list[str]:
    try:
        from ..plan.meals import estimated_tables

        mp = ctx.plan("meals")
    except ImportError:
        return [ctx.t("就餐安排見就餐安排表。")] if ctx.meeting.table("就餐") else [ctx.t("本次會議不安排就餐。")]
    out = []
    for meal in mp.meals[:MAX_MEALS]:
        count = mp.count(meal.key)
        line = f"{ctx.t(meal.label)} {meal.place} {ctx.t(meal.form)}：" + ctx.t("{n}人").format(n=count.total)
        if meal.banquet:
            line += ctx.t("，{t}桌").format(t=estimated_tables(count, meal.per_table))
        special = []
        if count.halal:
            special.append(ctx.t("清真{n}").format(n=count.halal))
        if count.vegetarian:
            special.append(ctx.t("素食{n}").format(n=count.vegetarian))
        if special:
            line += "（" + "、".join(special) + "）"
        out.append(line)
    if len(mp.meals) > MAX_MEALS:
        out.append(ctx.t("…等共{n}餐，詳見就餐安排表。").format(n=len(mp.meals)))
    return out or [ctx.t("本次會議不安排就餐。")]


def car_lines(ctx) -> list[str]:
    m = ctx.meeting
    try:
        cars = [(c.number, c.plate, c.model, c.driver, c.phone, c.use) for c in ctx.plan("transport").cars]
    except ImportError:
        cars = [(r.get("車號"), r.get("車牌", ""), r.get("車型", ""), r.get("司機", ""), r.get("手機", r.get("司機電話", "")),
                 r.get("用途", "")) for r in m.table("車輛")]
    if not cars:
        return [ctx.t("本次會議不安排車輛。")]
    out = []
    for number, plate, model, driver, phone, use in cars[:MAX_CARS]:
        bits = [ctx.t("{n}號車").format(n=number), plate, model, driver, phone]
        line = " ".join(str(b) for b in bits if b)
        out.append(line + (f"（{ctx.t(use)}）" if use else ""))
    if len(cars) > MAX_CARS:
        out.append(ctx.t("…等共{n}輛，詳見車輛安排表。").format(n=len(cars)))
    out.append(ctx.t("司機手機保持暢通，車輛在指定地點待命。"))
    return out


def items(ctx) -> list[tuple[str, list[str]]]:
    """(檢查項目, lines of 本次會議情況) in walking order: rostrum, hall, sound, seats, service, outside."""
    m = ctx.meeting
    plan = ctx.plan("tasks")
    out = [
        (ctx.t("主席台座次"), rostrum_lines(ctx)),
        (ctx.t("桌簽"), [plate_line(ctx)]),
        (ctx.t("會場座位"), hall_lines(ctx)),
        (ctx.t("音響設備"), [sound_line(ctx, plan)]),
        (ctx.t("簽到"), [sign_in_line(ctx, plan)]),
        (ctx.t("會議材料"), [materials_line(ctx)]),
        (ctx.t("茶水"), [water_line(ctx, plan)]),
        (ctx.t("會標條幅"), [ctx.t("會標：") + m.name + ctx.t("；會場清潔，空調、燈光、通風正常。")]),
        (ctx.t("就餐"), meal_lines(ctx)),
        (ctx.t("車輛"), car_lines(ctx)),
    ]
    discipline = ctx.t("提醒與會人員關閉移動通訊工具；無關人員不得進入會場。")
    if m.setting("密級"):
        discipline = ctx.t("{level}會議：按保密規定辦理，手機集中存放，會議材料會後如數收回。").format(
            level=ctx.t(m.setting("密級"))) + discipline
    out.append((ctx.t("會議紀律"), [discipline]))
    return out


# -- the document --------------------------------------------------------------------------------

def _fonts(run, east_asian: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = LATIN
    run.font.size = Pt(size)
    run.font.bold = bold
    rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:ascii"), LATIN)
    rfonts.set(qn("w:hAnsi"), LATIN)


def _para(container, text: str, font: str = BODY_FONT, size: float = BODY_PT, align=None, bold=False,
          before: float = 0, after: float = 0, line: float | None = None):
    from docx.shared import Pt

    par = container.add_paragraph()
    fmt = par.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line:
        fmt.line_spacing = Pt(line)
    if align is not None:
        par.alignment = align
    _fonts(par.add_run(text), font, size, bold)
    return par


def _cell(cell, lines: list[str], font: str = BODY_FONT, size: float = BODY_PT, center: bool = False) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    first = cell.paragraphs[0]
    for i, text in enumerate(lines):
        par = first if i == 0 else cell.add_paragraph()
        fmt = par.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(size + 4)
        if center:
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fonts(par.add_run(text), font, size)


def _defaults(doc) -> None:
    """Normal style in 仿宋_GB2312 so empty paragraphs and table cells never fall back to MS Mincho."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = doc.styles["Normal"]
    style.font.name = LATIN
    style.font.size = Pt(BODY_PT)
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), BODY_FONT)


def _table(doc, rows: list[tuple[str, list[str]]], t) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = doc.add_table(rows=1 + len(rows), cols=4)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    heads = [t("序號"), t("檢查項目"), t("本次會議情況"), t("落實情況")]
    for c, head in enumerate(heads):
        _cell(table.rows[0].cells[c], [head], HEAD_FONT, BODY_PT, center=True)
    for r, (item, lines) in enumerate(rows, start=1):
        cells = table.rows[r].cells
        _cell(cells[0], [str(r)], center=True)
        _cell(cells[1], [item], HEAD_FONT, center=True)
        _cell(cells[2], lines)
        _cell(cells[3], [t(TICK)], center=True)
    # Word honours the grid, LibreOffice the cell widths: set both
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), WIDTHS_MM):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS_MM):
            cell.width = Mm(width)
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)


def content(ctx) -> dict:
    """Everything the page prints: equal content, equal file (the build skips it when this did not move)."""
    m = ctx.meeting
    plan = ctx.plan("tasks")
    meta = []
    if plan.start is not None:
        when = f"{plan.start.year}年{plan.start.month}月{plan.start.day}日 {_time(plan.start)}"
        meta.append(ctx.t("會議時間：") + when)
    if m.setting("地點"):
        meta.append(ctx.t("地點：") + m.setting("地點"))
    check = _task(plan, "check")
    who = _names(check, ctx.t)
    line = ctx.t("檢查時間：") + (ctx.t(deadline_text(check, plan.start.year)).rstrip("＊") if check and check.due else "")
    line += "　" + ctx.t("檢查人：") + (who or "") + ("" if who else "　" * 6)
    return {"name": m.name, "author": ctx.author, "meta": "　".join(meta), "check": line, "items": items(ctx)}


def document(ctx, c: dict):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    doc = docx.Document()
    _defaults(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(18), Mm(15)
    section.left_margin, section.right_margin = Mm(18), Mm(18)
    section.header_distance = section.footer_distance = Mm(10)
    doc.core_properties.title = c["name"] + ctx.t(TITLE)
    doc.core_properties.author = c["author"]
    center = WD_ALIGN_PARAGRAPH.CENTER
    # the first paragraph of the default template is reused so the page starts with the title
    body = doc.paragraphs[0] if doc.paragraphs else None
    if body is not None:
        body._element.getparent().remove(body._element)
    _para(doc, ctx.t(TITLE), HEAD_FONT, 22, center, after=4)
    _para(doc, c["name"], BODY_FONT, 14, center, after=2)
    if c["meta"]:
        _para(doc, c["meta"], BODY_FONT, BODY_PT + 1, center, after=2)
    _para(doc, c["check"], BODY_FONT, BODY_PT + 1, center, after=4)
    _para(doc, ctx.t("檢查要求：1. 聽取會議所有籌備人員的口頭匯報；2. 到現場實地檢查會議材料的準備情況和會場的布置工作；"
                     "3. 針對可能出現遺漏的問題，進一步採取補救措施；對未完成的任務，明確專人限時完成。"),
          BODY_FONT, BODY_PT, after=4, line=BODY_PT + 5)
    _table(doc, c["items"], ctx.t)
    _para(doc, ctx.t("發現的問題及補救措施："), HEAD_FONT, BODY_PT + 1, before=8, after=0)
    for _ in range(2):
        _para(doc, "", BODY_FONT, BODY_PT + 1, line=20)
    _para(doc, ctx.t("檢查人（簽字）：") + "　" * 10 + ctx.t("檢查時間：") + ctx.t("　　月　　日　　時　　分"),
          BODY_FONT, BODY_PT + 1, before=4)
    return doc


def render(ctx) -> dict[str, bytes]:
    buf = io.BytesIO()
    c = ctx.memo("content:" + KIND, lambda: content(ctx))
    document(ctx, c).save(buf)
    return {ctx.t(FILENAME): _zip.normalize(buf.getvalue(), c["author"])}
