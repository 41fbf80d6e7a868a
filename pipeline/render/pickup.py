"""接站安排表.xlsx: arrivals grouped by station and time slot, with cars, drivers and greeters; one sheet a day."""

from __future__ import annotations

import datetime as dt

from . import _logistics as L
from . import _xlsxfast as X

KIND = "pickup"
TITLE = "接站安排表"
FILENAME = "接站安排表.xlsx"
READS = (
    "會議.會議名稱", "會議.開始時間", "會議.接站時間窗", "會議.站點行程", "會議.聯繫人", "會議.聯繫電話", "會議.主辦單位",
    "會議.發文機關", "車輛", "工作人員", "議程", "參會人員.順序",
    *(f"參會人員.{c}" for c in ("編號", "單位", "姓名", "職務", "職級序號", "類別", "手機", "航班車次", "到達時間",
                              "到達站點", "需接站", "返程方式", "返程航班車次", "返程時間", "返程站點", "需送站", "出席情況")),
)
ORDER = 40
PLANS = ("transport",)

WIDTHS = (5, 10, 22, 18, 13, 9, 10, 6, 11, 9, 13)
ALIGN = "#nlllcccccc"


def _headers(kind: str) -> tuple[str, ...]:
    time_col = "到達時間" if kind == "接站" else "出發時間"
    return ("序號", "姓名", "單位", "職務", "手機", "航班車次", time_col, "車號", "車牌", "司機", "司機電話")


def band_text(ctx, g, number: int) -> str:
    """The group's heading and total: number, station, slot, people, cars, when they leave, who greets."""
    slot_end = g.slot + dt.timedelta(minutes=g.window - 1)
    parts = [ctx.t("第{n}組").format(n=number), g.station, f"{L.hm(g.slot)}–{L.hm(slot_end)}",
             ctx.t("共{n}人").format(n=len(g.people))]
    if g.cars:
        cars = "、".join(str(r.car) for r in g.cars)
        parts.append(ctx.t("用車{c}輛（{cars}號）").format(c=len(g.cars), cars=cars))
    short = len(g.people) - g.seated
    if short:
        parts.append(ctx.t("{n}人待派車").format(n=short))
    if g.kind == "接站":
        parts.append(ctx.t("{a}發車，{b}到站接人").format(a=L.hm(g.leave), b=L.hm(g.at_station)))
        role = ctx.t("接站員")
    else:
        parts.append(ctx.t("酒店{a}發車，{b}前到站").format(a=L.hm(g.leave), b=L.hm(g.at_station)))
        role = ctx.t("送站員")
    if g.greeter:
        parts.append(f"{role}：{g.greeter} {g.greeter_phone}".rstrip())
    return "　".join(parts)


def day_sheet(ctx, day, groups, kind: str, numbers: dict) -> X.Sheet:
    m = ctx.meeting
    title = ctx.t("接站安排表" if kind == "接站" else "送站安排表")
    sheet = X.Sheet(L.day_text(day), list(WIDTHS), footer=ctx.t("第 &P 頁，共 &N 頁"))
    sheet.title(m.name + title)
    people = sum(len(g.people) for g in groups)
    runs = sum(len(g.cars) for g in groups)
    sub = [L.day_week(day), ctx.t("共{g}組，{n}人，用車{c}輛次").format(g=len(groups), n=people, c=runs)]
    trips = "、".join(f"{s}{t}" + ctx.t("分鐘") for s, t in sorted({(g.station, g.trip) for g in groups}))
    sub.append(ctx.t("車程：") + trips)
    if m.setting("聯繫人"):
        sub.append(ctx.t("會務組：") + f"{m.setting('聯繫人')} {m.setting('聯繫電話') or ''}".rstrip())
    sheet.subtitle("　　".join(sub))
    sheet.header([ctx.t(h) for h in _headers(kind)])
    waiting = ctx.t("待派車")
    seq = 0
    for g in groups:
        sheet.band(band_text(ctx, g, numbers[g.id]))
        car_of = {p.id: r for r in g.cars for p in r.passengers}
        for p in g.people:
            seq += 1
            run = car_of.get(p.id)
            when = p.arrival_time if kind == "接站" else p.return_time
            number = p.arrival_no if kind == "接站" else p.return_no
            car = [ctx.t("{n}號").format(n=run.car), run.plate, run.driver, run.driver_phone] if run else [waiting, "", "", ""]
            # the car on every row, not merged: a merged cell prints only on the page where it starts
            sheet.row([seq, p.name, p.unit, p.title, p.phone, number, L.when(when, day), *car], ALIGN)
    sheet.band(ctx.t("合計：{g}組，{n}人，用車{c}輛次").format(g=len(groups), n=people, c=runs), X.TOTAL)
    return sheet


def numbering(groups) -> dict[str, int]:
    """第N組: numbered from 1 each day in time order."""
    out, count = {}, {}
    for g in groups:
        count[g.day] = count.get(g.day, 0) + 1
        out[g.id] = count[g.day]
    return out


def render_groups(ctx, groups, kind: str, filename: str) -> dict[str, bytes]:
    if not groups:
        return {}
    numbers = numbering(groups)
    days: dict = {}
    for g in groups:
        days.setdefault(g.day, []).append(g)
    sheets = [day_sheet(ctx, day, days[day], kind, numbers) for day in sorted(days)]
    title = ctx.meeting.name + ctx.t("接站安排表" if kind == "接站" else "送站安排表")
    return {ctx.t(filename): X.workbook(sheets, title, ctx.author)}


def render(ctx) -> dict[str, bytes]:
    return render_groups(ctx, ctx.plan("transport").pickups, "接站", FILENAME)
