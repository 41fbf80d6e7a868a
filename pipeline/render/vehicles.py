"""車輛安排表.xlsx: cars in number order with every run (pickups, drop-offs, 參觀), times, passengers, driver."""

from __future__ import annotations

from . import _logistics as L
from . import _xlsxfast as X
from .pickup import READS as TRANSPORT_READS
from .pickup import numbering

KIND = "vehicles"
TITLE = "車輛安排表"
FILENAME = "車輛安排表.xlsx"
READS = TRANSPORT_READS
ORDER = 43
PLANS = ("transport",)

LIST_HEAD = ("車號", "車牌", "車型", "座位數", "司機", "司機電話", "用途", "出車次數", "首次發車", "末次返回")
LIST_WIDTHS = (6, 12, 10, 7, 10, 14, 10, 8, 14, 14)
RUN_HEAD = ("序號", "日期", "任務", "組別／內容", "地點", "發車", "返回", "人數", "乘客")
RUN_WIDTHS = (5, 9, 6, 24, 12, 8, 8, 6, 52)
VISIT_HEAD = ("車號", "車牌", "車型", "座位數", "司機", "司機電話", "人數", "乘客")
VISIT_WIDTHS = (6, 12, 10, 7, 10, 14, 6, 65)


def _labels(ctx, tp) -> dict[str, str]:
    """What staff call each job: 第3組 for a group, the agenda's wording for a visit."""
    out = {}
    for groups in (tp.pickups, tp.dropoffs):
        for gid, n in numbering(groups).items():
            out[gid] = ctx.t("第{n}組").format(n=n)
    for v in tp.visits:
        out[v.id] = v.content
    return out


def _names(people) -> str:
    return "、".join(p.name for p in people)


def car_list(ctx, tp) -> X.Sheet:
    m = ctx.meeting
    sheet = X.Sheet(ctx.t("車輛一覽"), list(LIST_WIDTHS), footer=ctx.t("第 &P 頁，共 &N 頁"))
    sheet.title(m.name + ctx.t(TITLE))
    runs = sum(len(r) for r in tp.runs_by_car.values())
    sheet.subtitle(ctx.t("共{n}輛車，{s}個座位；出車{r}次").format(n=len(tp.cars), s=sum(c.seats for c in tp.cars), r=runs))
    sheet.header([ctx.t(h) for h in LIST_HEAD])
    for c in tp.cars:
        mine = tp.runs_by_car.get(c.number, [])
        first = L.when(mine[0].start) if mine else ""
        last = L.when(max(r.end for r in mine)) if mine else ""
        sheet.row([c.number, c.plate, c.model, c.seats, c.driver, c.phone, ctx.t(c.use), len(mine), first, last],
                  "cccccccccc")
    return sheet


def run_sheet(ctx, tp) -> X.Sheet:
    """Each car's jobs on a page of its own, to hand to the driver."""
    sheet = X.Sheet(ctx.t("出車任務"), list(RUN_WIDTHS), footer=ctx.t("第 &P 頁，共 &N 頁"))
    sheet.title(ctx.meeting.name + ctx.t("出車任務單"))
    sheet.header([ctx.t(h) for h in RUN_HEAD])
    labels = _labels(ctx, tp)
    cars = {c.number: c for c in tp.cars}
    for number, runs in tp.runs_by_car.items():
        if not runs:
            continue
        c = cars[number]
        if sheet.last_row > 2:
            sheet.page_break()
        seats = ctx.t("（{n}座）").format(n=c.seats) if c.seats else ""
        head = [ctx.t("{n}號車").format(n=number), c.plate, f"{c.model}{seats}",
                ctx.t("司機：") + f"{c.driver} {c.phone}".strip(), ctx.t("共{n}次").format(n=len(runs))]
        sheet.band("　".join(x for x in head if x))
        for i, r in enumerate(runs, start=1):
            sheet.row([i, L.day_text(r.start.date()), ctx.t(r.kind), labels.get(r.job, r.job), r.place,
                       L.hm(r.start), L.when(r.end, r.start.date()), len(r.passengers), _names(r.passengers)],
                      "ccccccccl")
    return sheet


def visit_sheet(ctx, tp) -> X.Sheet:
    sheet = X.Sheet(ctx.t("參觀用車"), list(VISIT_WIDTHS), footer=ctx.t("第 &P 頁，共 &N 頁"))
    sheet.title(ctx.meeting.name + ctx.t("參觀用車安排"))
    sheet.header([ctx.t(h) for h in VISIT_HEAD])
    for v in tp.visits:
        head = [L.day_week(v.start.date()), f"{L.hm(v.start)}–{L.hm(v.end)}", v.content, v.place,
                ctx.t("共{n}人，用車{c}輛").format(n=len(v.people), c=len(v.cars))]
        short = len(v.people) - v.seated
        if short:
            head.append(ctx.t("{n}人待派車").format(n=short))
        sheet.band("　".join(x for x in head if x))
        for r in v.cars:
            sheet.row([r.car, r.plate, r.model, r.seats, r.driver, r.driver_phone, len(r.passengers),
                       _names(r.passengers)], "cccccccl")
    return sheet


def render(ctx) -> dict[str, bytes]:
    tp = ctx.plan("transport")
    if not tp.cars:
        return {}
    sheets = [car_list(ctx, tp), run_sheet(ctx, tp)]
    if tp.visits:
        sheets.append(visit_sheet(ctx, tp))
    return {ctx.t(FILENAME): X.workbook(sheets, ctx.meeting.name + ctx.t(TITLE), ctx.author)}
