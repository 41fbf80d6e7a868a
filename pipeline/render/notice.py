"""會議通知.docx: the meeting notice (GB/T 9704) with its 回執 attached, from templates/notice_tpl.docx.

The same template prints the notice to each unit (unit_notices); this module builds the variables
both share. Staff reword the template in Word; the README lists every variable.
"""

from __future__ import annotations

from ..i18n import say
from . import _docx

KIND = "notice"
TITLE = "會議通知"
FILENAME = "會議通知.docx"
READS = ("會議", "單位排序", "議程", "工作人員",
         *(f"參會人員.{c}" for c in ("編號", "姓名", "單位", "類別", "出席情況")))
ORDER = 60
PLANS = ()
TEMPLATES = ("notice_tpl.docx",)

BLANK_RECEIPT_ROWS = 8  # the general notice's 回執: rows for a unit to fill in
SPARE_RECEIPT_ROWS = 2  # a unit's 回執: its people, then rows for substitutes
RECEIPT_KEYS = ("單位", "姓名", "職務", "性別", "民族", "手機", "到達", "住宿", "備註")


def cached(ctx, key: str, make):
    """Notices, handbook and minutes share these values through the Context's per-build memo."""
    return ctx.memo("docx:" + key, make)


def invited(ctx) -> list:
    """Everyone the notice must reach (not 工作人員), in the meeting's 名單排序."""
    return cached(ctx, "invited", lambda: [p for p in ctx.ordered() if p.category != "工作人員"])


def fields_by_id(ctx) -> dict[str, _docx.Fields]:
    return cached(ctx, "fields_by_id", lambda: {f["編號"]: f for f in people_fields(ctx)})


def fields_of(ctx, people) -> list[_docx.Fields]:
    fields = fields_by_id(ctx)
    return [fields[p.id] for p in people if p.id in fields]


def people_list(ctx, rooms: bool = False) -> _docx.Lazy:
    """參會人員 as a template variable: made only if the template reads it, with the entries it reads."""
    return _docx.Lazy(lambda keys: people_fields(ctx, rooms=rooms, keys=keys), shaped=True)


def people_fields(ctx, rooms: bool = False, keys: frozenset | None = None) -> list[_docx.Fields]:
    """參會人員 as every template sees them; phones masked unless 顯示手機 says otherwise.

    With `rooms`, 房號 is the rooms plan's where it has one (the handbook, which reads 房間);
    otherwise it is the 房號 typed in 參會人員, so a notice does not depend on the room plan.
    With `keys`, each person holds only those entries (what the template reads: see _docx.Lazy).
    """
    def make():
        show = bool(ctx.meeting.setting("顯示手機", False))
        plan = _docx.optional_plan(ctx, "rooms") if rooms else None
        room_of = getattr(plan, "room_of", None) or {}
        return [_docx.person_fields(ctx, p, i, show, str(room_of.get(p.id, "") or ""), keys)
                for i, p in enumerate(invited(ctx), start=1)]

    name = "people+rooms" if rooms else "people"
    return cached(ctx, name if keys is None else f"{name}:{sorted(keys)}", make)


def scope(ctx, people) -> str:
    """參會範圍: the setting, or the units on the list and the head count."""
    given = ctx.meeting.setting("參會範圍")
    if given:
        return str(given).rstrip("。")
    present = {p.unit for p in people}
    units = [u for u in dict.fromkeys(ctx.meeting.units) if u in present]
    if not units:
        return say("參會同志共{n}人", ctx.script, n=len(people))
    return say("{units}的參會同志，共{n}人", ctx.script, units="、".join(units), n=len(people))


def base_context(ctx) -> dict:
    """The general notice's variables (a unit's notice changes a few of them)."""
    def make():
        m = ctx.meeting
        v = _docx.meeting_variables(ctx)
        people = invited(ctx)
        issuer = v["發文機關"]
        date = v["成文日期"] or ctx.t("　　　　年　　月　　日")
        v["署名行"], v["日期行"] = _docx.signature_lines(issuer, date)
        secret = bool(m.setting("密級"))
        v.update({
            "參會人員": people_list(ctx),
            "參會範圍": scope(ctx, people),
            "發文機關標志": issuer + ctx.t("文件") if issuer else "",
            "主送": v["主送機關"],
            "本單位": "",
            "本單位人員": [],
            "本單位名單": "",
            "份號": _docx.copy_number(m.setting("份號起始", 1) or 1) if secret else "",
            "回執行": [_docx.Fields.fromkeys(RECEIPT_KEYS, "") for _ in range(BLANK_RECEIPT_ROWS)],
        })
        return v

    return cached(ctx, "notice", make)


def name_with_title(ctx, p) -> str:
    """王芳（局長）, 李強（主任，列席）: how a unit's notice lists its people."""
    notes = [x for x in (p.title, ctx.t(p.category) if p.category in ("列席", "特邀") else "") if x]
    return p.name + (f"（{'，'.join(notes)}）" if notes else "")


def unit_context(ctx, base: dict, unit: str, people: list, copy_no: int | None) -> dict:
    """The notice to one unit: addressed to it, its people listed and pre-filled on the 回執."""
    v = dict(base)
    rows = []
    for p in people:
        row = _docx.Fields.fromkeys(RECEIPT_KEYS, "")
        row.update({"單位": p.unit, "姓名": p.name, "職務": p.title, "性別": p.gender, "民族": ctx.t(p.ethnic)})
        rows.append(row)
    rows += [_docx.Fields.fromkeys(RECEIPT_KEYS, "") for _ in range(SPARE_RECEIPT_ROWS)]
    v.update({
        "主送": unit or (people[0].name + ctx.t("同志") if people else ""),
        "本單位": unit,
        "本單位人員": _docx.Lazy(lambda: fields_of(ctx, people)),
        "本單位名單": "、".join(name_with_title(ctx, p) for p in people),
        "份號": _docx.copy_number(copy_no) if copy_no is not None else "",
        "回執行": rows,
    })
    return v


def content(ctx):
    """What the template reads: its list of units and head count, not who they are (unless staff make it print them)."""
    template = _docx.load(ctx.template(TEMPLATES[0]), ctx.script)
    return template.read_view(base_context(ctx)), ctx.author


def render(ctx) -> dict[str, bytes]:
    template = _docx.load(ctx.template(TEMPLATES[0]), ctx.script)
    context = base_context(ctx)
    return {ctx.t(FILENAME): template.render(context, ctx.author)}
