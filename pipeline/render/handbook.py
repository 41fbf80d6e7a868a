"""會務手冊.docx: cover, 會議須知, 日程, 參會人員名單, 就餐/乘車/座次 where planned, 會務組.

From templates/handbook_tpl.docx. Headings use Word's heading styles and a table of contents
leads the book, so it navigates in Word's navigation pane (Word fills the TOC page numbers when
the file is opened). Phones are masked (138****0000) unless the 顯示手機 setting is 是.
Sections drawn from other plans (rooms, transport, seating, banquet) appear only when those
planners exist.
"""

from __future__ import annotations

import datetime as dt

from . import _docx
from .notice import cached, invited, people_list

KIND = "handbook"
TITLE = "會務手冊"
FILENAME = "會務手冊.docx"
READS = ("會議", "參會人員", "單位排序", "議程", "就餐", "車輛", "房間", "座次", "會場", "工作人員")
ORDER = 62
PLANS = ("banquet", "rooms", "seating", "transport")
TEMPLATES = ("handbook_tpl.docx",)

# (variable that must be non-empty, heading, bookmark in the template); None: always present
SECTIONS = (
    (None, "會議須知", "_Toc_hw_rules"),
    ("日程", "日程安排", "_Toc_hw_schedule"),
    (None, "參會人員名單", "_Toc_hw_people"),
    (("就餐安排", "宴會桌次"), "就餐安排", "_Toc_hw_meals"),
    ("乘車安排", "乘車安排", "_Toc_hw_cars"),
    ("座次", "座次安排", "_Toc_hw_seats"),
    (None, "會務組", "_Toc_hw_staff"),
)


def meals(ctx) -> list[_docx.Fields]:
    """The 就餐 sheet in date and meal order."""
    order = {"早餐": 0, "午餐": 1, "晚餐": 2}
    rows = sorted(ctx.meeting.table("就餐"), key=lambda r: (r.get("日期") or dt.date.min,
                                                           order.get(r.get("餐次"), 9), r.row))
    out = []
    for r in rows:
        f = _docx.Fields({k: _docx.display(v, ctx.t) for k, v in r.values.items()})
        f.update(r.extra)
        for col in ("餐次", "形式"):
            f[col] = ctx.t(f[col]) if f.get(col) else ""
        out.append(f)
    return out


def _groups(people, number_of) -> dict:
    groups: dict = {}
    for p in people:
        n = number_of.get(p.id)
        if n is not None and n != "":
            groups.setdefault(n, []).append(p)
    return dict(sorted(groups.items(), key=lambda kv: (str(type(kv[0])), kv[0])))


def banquet_tables(ctx, people) -> list[_docx.Fields]:
    plan = _docx.optional_plan(ctx, "banquet")
    if plan is None:
        return []
    groups = _groups(people, getattr(plan, "table_of", {}) or {})
    return [_docx.Fields({"桌號": n, "人數": len(ps), "人員": "、".join(p.name for p in ps)}) for n, ps in groups.items()]


def cars(ctx, people) -> list[_docx.Fields]:
    plan = _docx.optional_plan(ctx, "transport")
    if plan is None:
        return []
    vehicles = {r.get("車號"): r for r in ctx.meeting.table("車輛")}
    out = []
    for n, ps in _groups(people, getattr(plan, "car_of", {}) or {}).items():
        v = vehicles.get(n)
        info = {col: (v.get(col, "") if v is not None else "") for col in ("車牌", "車型", "司機", "司機電話")}
        out.append(_docx.Fields({"車號": n, **info, "人數": len(ps), "人員": "、".join(p.name for p in ps)}))
    return out


def seats(ctx, people) -> list[_docx.Fields]:
    plan = _docx.optional_plan(ctx, "seating")
    if plan is None:
        return []
    seat_of = getattr(plan, "seat_of", {}) or {}
    out = []
    for p in people:
        seat = seat_of.get(p.id)
        if seat is not None:
            out.append(_docx.Fields({"序號": len(out) + 1, "姓名": p.name, "單位": p.unit, "職務": p.title,
                                     "座位": getattr(seat, "label", "")}))
    return out


def context(ctx) -> dict:
    def make():
        v = _docx.meeting_variables(ctx)
        people = invited(ctx)
        v.update({
            # made with just the columns the template prints (six of some thirty by default)
            "參會人員": people_list(ctx, rooms=True),
            "人員名單": people_list(ctx, rooms=True),
            "就餐安排": meals(ctx),
            "宴會桌次": banquet_tables(ctx, people),
            "乘車安排": cars(ctx, people),
            "座次": seats(ctx, people),
        })
        toc = []
        for need, heading, mark in SECTIONS:
            names = (need,) if isinstance(need, str) else (need or ())
            if not names or any(v[n] for n in names):
                toc.append(_docx.Fields({"標題": ctx.t(heading), "書籤": mark}))
        v["目錄"] = toc
        return v

    return cached(ctx, "handbook", make)


def content(ctx):
    """What the template reads of the variables (six of thirty columns, say), and the author.

    The handbook reads whole sheets, yet prints a few columns of them: a changed flight rebuilds
    it only when the template prints something that moved.
    """
    template = _docx.load(ctx.template(TEMPLATES[0]), ctx.script)
    return template.read_view(context(ctx)), ctx.author


def render(ctx) -> dict[str, bytes]:
    template = _docx.load(ctx.template(TEMPLATES[0]), ctx.script)
    return {ctx.t(FILENAME): template.render(context(ctx), ctx.author)}
