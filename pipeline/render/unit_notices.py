"""各單位通知: the notice to every unit with its own invited people, so it reaches every attendee.

One .docx with each unit's notice as its own section (pages numbered from 1, each starting on a
fresh sheet), and the same notices one file per unit in 各單位通知/. The template is the general
notice's (templates/notice_tpl.docx); a person without a unit gets a notice addressed to them.
"""

from __future__ import annotations

from ..deps import sha256_bytes
from . import _docx
from .notice import base_context, invited, name_with_title, unit_context

KIND = "unit_notices"
TITLE = "各單位通知"
FILENAME = "各單位通知.docx"
FOLDER = "各單位通知"
READS = ("會議", "單位排序", "議程", "工作人員",
         *(f"參會人員.{c}" for c in ("編號", "姓名", "單位", "職務", "性別", "民族", "類別", "出席情況")))
ORDER = 61
PLANS = ()
TEMPLATES = ("notice_tpl.docx",)


def recipients(ctx) -> list[tuple[str, str, list]]:
    """(key, unit, people) per notice, units in standing order; people without a unit one by one."""
    people = invited(ctx)
    by_unit: dict[str, list] = {}
    for p in people:
        if p.unit:
            by_unit.setdefault(p.unit, []).append(p)
    # dict.fromkeys: a unit listed twice in 單位排序 still gets one notice
    out = [(unit, unit, by_unit[unit]) for unit in dict.fromkeys(ctx.meeting.units) if unit in by_unit]
    out += [(p.id, "", [p]) for p in people if not p.unit]
    return out


def _numbers(ctx, items) -> dict[str, int | None]:
    """份號 per notice when the meeting is classified: consecutive from 份號起始 in print order."""
    m = ctx.meeting
    if not m.setting("密級"):
        return {key: None for key, _, _ in items}
    start = m.setting("份號起始", 1) or 1
    return {key: start + i for i, (key, _, _) in enumerate(items)}


def pages(ctx) -> dict[str, str]:
    """Each notice's key and what it prints that differs between units (for the reprint pack)."""
    items = recipients(ctx)
    numbers = _numbers(ctx, items)
    return {key: "|".join([unit, *(name_with_title(ctx, p) for p in people), str(numbers[key] or "")])
            for key, unit, people in items}


def file_names(ctx, items) -> dict[str, str]:
    """各單位通知/<單位>.docx with characters file systems refuse replaced; clashes numbered."""
    taken: set[str] = set()
    out = {}
    folder = ctx.t(FOLDER)
    for key, unit, people in items:
        base = _docx.safe_filename(unit or (people[0].name if people else key), ctx.t("未填單位"))
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            name = f"{base}（{n}）"
        taken.add(name.casefold())
        out[key] = f"{folder}/{name}.docx"
    return out


def render(ctx, keys=None) -> dict[str, bytes]:
    template = _docx.load(ctx.template(TEMPLATES[0]), ctx.script)
    base = base_context(ctx)
    items = recipients(ctx)
    numbers = _numbers(ctx, items)
    names = file_names(ctx, items)
    if keys is not None:
        items = [item for item in items if item[0] in keys]
    files: dict[str, bytes] = {}
    documents: list[bytes] = []
    last: dict[str, bytes] | None = {}  # a unit's rendered parts in UTF-8, as the last pack holds them
    for i, (key, unit, people) in enumerate(items):
        context = unit_context(ctx, base, unit, people, numbers[key])
        if i == 0:
            template.check(context)  # every unit's context has the same names: check once, before any render
        # A unit whose notice reads the same as last time keeps its file: a deputy redoes one unit, not all.
        view = sha256_bytes(repr((template.read_view(context), ctx.author)).encode())
        old = ctx.reused_file(names[key], view)
        last = template.parts_of(old) if old is not None else None
        if last is None:
            last = {name: xml.encode("utf-8") for name, xml in template.render_xml(context).items()}
            old = template.package(last, ctx.author)
        documents.append(last["word/document.xml"])
        files[names[key]] = ctx.keyed_file(names[key], view, old)
    if documents:
        joined = dict(last, **{"word/document.xml": _docx.join_documents(documents)})
        files = {ctx.t(FILENAME): template.package(joined, ctx.author), **files}
    return files
