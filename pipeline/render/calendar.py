"""會務日程.ics: every deadline of the task plan as a calendar event with a reminder.

Opens in Outlook, Apple/Google calendars and phone calendars. Times carry
TZID Asia/Shanghai with its VTIMEZONE. Each event's UID comes from the
workbook, the meeting and the step, so importing a rebuilt file updates the
events instead of duplicating them; DTSTAMP is fixed so equal plans give
equal bytes. Steps marked 不適用 (none of their documents exist for this
meeting) get no event.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from .tasks import deadline_text, docs_text, people_text, person_label, roles_text

KIND = "calendar"
TITLE = "會務日程"
FILENAME = "會務日程.ics"
READS = ("會議", "會場", "房間", "車輛", "就餐", "紀要分送", "工作人員", "單位排序", "座次",
         *(f"參會人員.{c}" for c in ("編號", "姓名", "單位", "類別", "出席情況", "需接站", "需送站", "住宿", "主席台")))

ORDER = 71
PLANS = ("tasks",)

DTSTAMP = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
POINT_LENGTH = dt.timedelta(minutes=15)  # a deadline shows as a short event starting at the deadline
PRODID = "-//huiwu//會務日程//ZH"


def input_files(meeting):
    """An office's own flow files (流程文件夾) are inputs too."""
    from ..flow import office_files

    return office_files(meeting)



def uid(meeting, step_id: str) -> str:
    key = "\x1f".join((meeting.stem, meeting.name, step_id))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:24] + "@huiwu"


def reminder(task) -> dt.timedelta:
    """How long before the event to remind: a day for steps days away from the meeting, less for the rest."""
    if task.during:
        return dt.timedelta(minutes=10)
    offset = abs(task.step.due.offset)
    if offset >= dt.timedelta(days=1):
        return dt.timedelta(days=1)
    if offset >= dt.timedelta(hours=1):
        return dt.timedelta(hours=1)
    return dt.timedelta(minutes=10)


def _vtimezone():
    """Asia/Shanghai as a fixed +08:00 zone (no DST since 1991), written by hand so tzdata versions never change the bytes."""
    from icalendar import Timezone, TimezoneStandard

    tz = Timezone()
    tz.add("tzid", "Asia/Shanghai")
    tz.add("x-lic-location", "Asia/Shanghai")
    std = TimezoneStandard()
    std.add("tzname", "CST")
    std.add("dtstart", dt.datetime(1970, 1, 1))
    std.add("tzoffsetfrom", dt.timedelta(hours=8))
    std.add("tzoffsetto", dt.timedelta(hours=8))
    tz.add_component(std)
    return tz


def _description(ctx, task, year) -> str:
    m = ctx.meeting
    staff = {s.name: s.phone for s in ctx.plan("tasks").staff}
    who = "、".join(person_label(a, ctx.t) + (f" {staff[a.staff.name]}" if staff.get(a.staff.name) else "") for a in task.assignees)
    lines = [
        ctx.t("任務：") + ctx.t(task.text),
        ctx.t("階段：") + ctx.t(task.stage),
        ctx.t("完成時限：") + ctx.t(deadline_text(task, year)),
        ctx.t("責任崗位：") + ctx.t(roles_text(task)),
        ctx.t("責任人：") + (who or ctx.t("（未分派）")),
    ]
    if task.docs:
        lines.append(ctx.t("所需材料：") + docs_text(task, ctx.t))
    lines.append(ctx.t("會議：") + m.name + (f"（{m.setting('地點')}）" if m.setting("地點") else ""))
    return "\n".join(lines)


def _on_site(task) -> bool:
    if task.stage == "會中":
        return True
    due = task.step.due
    return due.anchor == "start" and -dt.timedelta(hours=3) <= due.offset <= dt.timedelta(0)


def entries(ctx) -> list[tuple]:
    """Each timed, applicable step as plain values: everything an event is made of."""
    m = ctx.meeting
    p = ctx.plan("tasks")
    year = p.start.year if p.start else None
    out = []
    for task in p.tasks:
        if not task.timed or not task.applicable:
            continue
        names = people_text(task, ctx.t)
        out.append((uid(m, task.step.id), ctx.t(task.step.short) + (f"【{names}】" if names else ""), task.begin,
                    task.due if task.during else task.due + POINT_LENGTH, _description(ctx, task, year),
                    m.setting("地點") if _on_site(task) else None, ctx.t(task.step.short), reminder(task)))
    return out


def content(ctx):
    """The events and the calendar's name: a deputy or a changed flight leaves them as they are."""
    return ctx.meeting.name, entries(ctx)


def events(ctx) -> list:
    from icalendar import Alarm, Event

    out = []
    for key, summary, begin, end, description, location, short, before in entries(ctx):
        ev = Event()
        ev.add("uid", key)
        ev.add("dtstamp", DTSTAMP)
        ev.add("sequence", 0)
        ev.add("summary", summary)
        ev.add("dtstart", begin)
        ev.add("dtend", end)
        ev.add("description", description)
        if location:
            ev.add("location", location)
        ev.add("categories", [ctx.t("會務")])
        ev.add("transp", "TRANSPARENT")  # a reminder, not a meeting: leaves the day free in scheduling
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", short)
        alarm.add("trigger", -before)
        ev.add_component(alarm)
        out.append(ev)
    return out


def render(ctx) -> dict[str, bytes]:
    from icalendar import Calendar

    m = ctx.meeting
    found = events(ctx)
    if not found:  # no start time, or a flow without times: nothing to put in a calendar
        return {}
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", m.name + ctx.t(TITLE))
    cal.add("x-wr-timezone", "Asia/Shanghai")
    cal.add_component(_vtimezone())
    for ev in found:
        cal.add_component(ev)
    return {ctx.t(FILENAME): cal.to_ical()}
