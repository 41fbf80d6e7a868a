"""房間分配表.xlsx: the rooming list for the front desk (by room), a list by name, and rooms used per night."""

from __future__ import annotations

from ..plan.rooms import SINGLE, TWIN, UNKNOWN_NIGHT, night_label, nights_between
from . import _logistics as L
from . import _xlsxfast as X

KIND = "rooms"
TITLE = "房間分配表"
FILENAME = "房間分配表.xlsx"
# the allocation (door labels read the same) plus what only this list prints. Arrival and return
# times reach these documents only as nights, through the plan: a flight moved within the day
# leaves them as they are.
PLAN_READS = (
    "plan:rooms",
    "會議.會議名稱", "會議.單間職級", "會議.報到時間", "會議.開始時間", "會議.結束時間", "會議.主辦單位", "會議.發文機關",
    "房間", "單位排序", "參會人員.順序",
    *(f"參會人員.{c}" for c in ("編號", "單位", "姓名", "職級序號", "性別", "住宿", "入住日期", "離店日期", "房型", "房號",
                              "出席情況")),
)
READS = (*PLAN_READS, "會議.聯繫人", "會議.聯繫電話", "會議.名單排序", "會議.筆畫依據",
         *(f"參會人員.{c}" for c in ("職務", "民族", "飲食", "備註")))
ORDER = 44
PLANS = ("rooms",)


def _date(d) -> str:
    return "" if d is None or d == UNKNOWN_NIGHT else L.day_text(d)


def guest_note(ctx, p) -> str:
    """What the hotel should know about a guest: diet (清真 first of all), ethnicity where it matters, notes."""
    bits = []
    if p.diet:
        bits.append(ctx.t(p.diet))
    if p.ethnic and p.ethnic != "漢族" and p.diet == "清真":
        bits.append(ctx.t(p.ethnic))
    if p.note:
        bits.append(p.note)
    return "；".join(bits)


def by_room(ctx, rp) -> X.Sheet:
    m = ctx.meeting
    hotels = sorted({r.hotel for r in rp.rooms})
    many = len(hotels) > 1
    head = ["序號", *(["酒店"] if many else []), "樓層", "房號", "房型", "姓名", "性別", "單位", "職務", "入住日期",
            "離店日期", "客人備註", "房間備註"]
    widths = [5, *([14] if many else []), 5, 7, 6, 10, 5, 22, 18, 9, 9, 20, 14]
    align = "#" + ("c" if many else "") + "cccncllccll"
    sheet = X.Sheet(ctx.t("按房號"), widths, footer=ctx.t("第 &P 頁，共 &N 頁"))
    sheet.title(m.name + ctx.t("住宿安排（前台用）"))
    singles = sum(1 for r in rp.rooms if r.type == SINGLE)
    sub = []
    if not many and hotels and hotels[0]:
        sub.append(ctx.t("酒店：") + hotels[0])
    sub.append(ctx.t("共用房{n}間（單間{s}間，標間{t}間），入住{p}人").format(
        n=len(rp.rooms), s=singles, t=len(rp.rooms) - singles, p=sum(len(r.occupants) for r in rp.rooms)))
    if m.setting("聯繫人"):
        sub.append(ctx.t("會務組：") + f"{m.setting('聯繫人')} {m.setting('聯繫電話') or ''}".rstrip())
    sheet.subtitle("　　".join(sub))
    sheet.header([ctx.t(h) for h in head])
    i = 0
    for room in rp.rooms:
        # the room on every guest's row, not merged: a merged cell prints only on the page where it starts
        for p in room.occupants:
            i += 1
            checkin, checkout = rp.stays[p.id]
            sheet.row([i, *([room.hotel] if many else []), room.floor if room.floor is not None else "", room.number,
                       ctx.t(room.type), p.name, p.gender, p.unit, p.title, _date(checkin), _date(checkout),
                       guest_note(ctx, p), room.note], align)
    return sheet


def by_name(ctx, rp) -> X.Sheet:
    head = ("序號", "姓名", "單位", "職務", "性別", "房號", "房型", "酒店", "入住日期", "離店日期", "同住人")
    widths = [5, 10, 22, 18, 5, 8, 6, 14, 9, 9, 16]
    sheet = X.Sheet(ctx.t("按姓名"), widths, footer=ctx.t("第 &P 頁，共 &N 頁"))
    sheet.title(ctx.meeting.name + ctx.t("住宿人員名單"))
    sheet.header([ctx.t(h) for h in head])
    none = ctx.t("未安排")
    for i, p in enumerate(ctx.ordered(rp.lodgers), start=1):
        room = rp.room_by_person.get(p.id)
        checkin, checkout = rp.stays[p.id]
        if room is None:
            sheet.row([i, p.name, p.unit, p.title, p.gender, none, "", "", _date(checkin), _date(checkout), ""],
                      "#nllccccccl")
            continue
        mates = "、".join(o.name for o in room.occupants if o.id != p.id)
        sheet.row([i, p.name, p.unit, p.title, p.gender, room.number, ctx.t(room.type), room.hotel, _date(checkin),
                   _date(checkout), mates], "#nllccccccl")
    return sheet


def per_night(ctx, rp) -> X.Sheet:
    head = ("日期", "房型", "可用間數", "已用間數", "剩餘間數", "入住人數")
    sheet = X.Sheet(ctx.t("用房統計"), [12, 8, 10, 10, 10, 10], landscape=False, footer=ctx.t("第 &P 頁，共 &N 頁"))
    sheet.title(ctx.meeting.name + ctx.t("每晚用房統計"))
    sheet.header([ctx.t(h) for h in head])
    have = {k: sum(1 for s in rp.available if s.type == k) for k in (SINGLE, TWIN)}
    for night in rp.nights():
        for kind in (SINGLE, TWIN):
            rooms = [r for r in rp.rooms if r.type == kind and night in r.nights]
            guests = sum(1 for r in rooms for p in r.occupants if night in nights_between(*rp.stays[p.id]))
            if not rooms and not have[kind]:
                continue
            sheet.row([night_label(night), ctx.t(kind), have[kind], len(rooms), have[kind] - len(rooms), guests],
                      "cccccc")
    return sheet


def render(ctx) -> dict[str, bytes]:
    rp = ctx.plan("rooms")
    if not rp.rooms:
        return {}
    sheets = [by_room(ctx, rp), by_name(ctx, rp), per_night(ctx, rp)]
    return {ctx.t(FILENAME): X.workbook(sheets, ctx.meeting.name + ctx.t(TITLE), ctx.author)}
