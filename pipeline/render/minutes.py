"""會議紀要.docx: the 紀要 head, a body for the secretary, 出席/請假/列席 lines and the 版記.

From templates/minutes_tpl.docx (GB/T 9704 紀要格式). 出席, 請假 and 列席 come from 參會人員:
請假 is a 出席情況 of 請假 or a 備註 that says 請假 (its other words become the reason); 列席 is the
類別. The 分送 line of the 版記 comes from pipeline.plan.distribution.
"""

from __future__ import annotations

import re

from . import _docx
from .notice import cached, fields_of, invited, people_list

KIND = "minutes"
TITLE = "會議紀要"
FILENAME = "會議紀要.docx"
READS = ("會議", "單位排序", "議程", "工作人員", "紀要分送",
         *(f"參會人員.{c}" for c in ("編號", "姓名", "單位", "職務", "職級序號", "類別", "出席情況", "備註")))
ORDER = 63
PLANS = ("distribution",)
TEMPLATES = ("minutes_tpl.docx",)


def on_leave(p) -> bool:
    return p.attendance == "請假" or "請假" in (p.note or "")


def leave_reason(p) -> str:
    """備註 without the word 請假 and its punctuation: 出差 from 「請假（出差）」."""
    reason = re.sub(r"請假", "", p.note or "")
    return reason.strip(" 　:：,，;；()（）")


def mark(name: str, t=lambda s: s) -> str:
    """紀要標志: 常委會 -> 常委會議紀要, 書記會 -> 書記會議紀要, …會議 -> …會議紀要 (the name itself unconverted)."""
    if name.endswith("會議"):
        return name + t("紀要")
    if name.endswith("會"):
        return name + t("議紀要")
    return name + t("會議紀要")


def attendance(ctx) -> dict[str, list]:
    """出席, 請假 and 列席 people in the meeting's 名單排序."""
    out: dict[str, list] = {"出席": [], "請假": [], "列席": []}
    for p in invited(ctx):
        if on_leave(p):
            out["請假"].append(p)
        elif p.category == "列席":
            out["列席"].append(p)
        else:
            out["出席"].append(p)
    return out


def context(ctx) -> dict:
    def make():
        m = ctx.meeting
        v = _docx.meeting_variables(ctx)
        dist = ctx.plan("distribution")
        groups = attendance(ctx)
        secret = dist.secret or m.setting("密級", "")
        period = m.setting("保密期限", "")
        first_chair = next((r["主持人"] for r in v["議程"] if r.get("主持人")), "")
        leave = []
        for p in groups["請假"]:
            reason = leave_reason(p)
            leave.append(p.name + (f"（{reason}）" if reason else ""))
        v.update({
            "參會人員": people_list(ctx),
            "紀要標志": mark(m.name, ctx.t),
            "印發機關": v["發文機關"],
            "印發日期": _docx.cn_date(m.end.date() if m.end else (m.start.date() if m.start else None)),
            "主持人": m.extra_settings.get("主持人") or first_chair,
            "出席": "、".join(p.name for p in groups["出席"]),
            "請假": "、".join(leave),
            "列席": "、".join(p.name for p in groups["列席"]),
            "出席人員": _docx.Lazy(lambda g=groups["出席"]: fields_of(ctx, g)),
            "請假人員": _docx.Lazy(lambda g=groups["請假"]: fields_of(ctx, g)),
            "列席人員": _docx.Lazy(lambda g=groups["列席"]: fields_of(ctx, g)),
            "分送": dist.line(ctx.script),
            "密級": ctx.t(secret),
            "密級標誌": (ctx.t(secret) + ("★" + period if period else "")) if secret else "",
            "涉密": bool(secret),
            "份號": _docx.copy_number(dist.first) if dist.first is not None else "",
        })
        return v

    return cached(ctx, "minutes", make)


def render(ctx) -> dict[str, bytes]:
    template = _docx.load(ctx.template(TEMPLATES[0]), ctx.script)
    return {ctx.t(FILENAME): template.render(context(ctx), ctx.author)}
