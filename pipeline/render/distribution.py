"""紀要分送單.docx and 簽收單.xlsx: who receives the minutes, how many copies, which 份號.

The list comes from the 紀要分送 sheet or, when it has no row for this meeting, the standard
workflow's defaults for 書記會, 常委會 and 黨政聯席會 (pipeline.plan.distribution). Classified
minutes get one 份號 per copy, consecutive from 份號起始, shown on the 簽收單 and, copy by copy,
in its 份號登記 sheet.
"""

from __future__ import annotations

from . import _docx
from . import _xlsxfast as X
from .minutes import mark
from .notice import cached, people_list

KIND = "distribution"
TITLE = "紀要分送單"
FILENAME = "紀要分送單.docx"
SIGN_FILE = "簽收單.xlsx"
READS = ("會議", "單位排序", "議程", "工作人員", "紀要分送",
         *(f"參會人員.{c}" for c in ("編號", "姓名", "單位", "職務", "職級序號", "類別", "出席情況", "備註")))
ORDER = 64
PLANS = ("distribution",)
TEMPLATES = ("distribution_tpl.docx",)

SIGN_HEADERS = ("序號", "收文單位", "文件名稱/文號", "密級", "份號(起止)", "份數", "簽收人", "簽收時間", "備註")
SIGN_WIDTHS = (6, 26, 34, 7, 17, 6, 12, 26, 12)
REGISTER_HEADERS = ("份號", "收文單位", "密級", "簽收人", "簽收時間", "清退/銷毀", "備註")
REGISTER_WIDTHS = (10, 30, 8, 12, 26, 14, 16)
TIME_BLANK = "　年　月　日　時　分"  # filled in by hand


def copy_range(r) -> str:
    if r.first is None:
        return ""
    first, last = _docx.copy_number(r.first), _docx.copy_number(r.last)
    return first if first == last else f"{first}—{last}"


def rows(ctx) -> list[_docx.Fields]:
    dist = ctx.plan("distribution")
    out = []
    for i, r in enumerate(dist.recipients, start=1):
        out.append(_docx.Fields({
            "序號": i, "分送對象": ctx.t(r.name) if r.fixed else r.name, "份數": r.copies,
            "密級": ctx.t(r.secret), "份號": copy_range(r), "備註": ctx.t("不列入版記") if r.archive else "",
        }))
    return out


def context(ctx) -> dict:
    def make():
        m = ctx.meeting
        dist = ctx.plan("distribution")
        v = _docx.meeting_variables(ctx)
        secret = dist.secret
        period = m.setting("保密期限", "")
        v.update({
            "參會人員": people_list(ctx),
            "紀要標志": mark(m.name, ctx.t),
            "印發機關": v["發文機關"],
            "印發日期": _docx.cn_date(m.end.date() if m.end else (m.start.date() if m.start else None)),
            "分送": dist.line(ctx.script),
            "分送名單": rows(ctx),
            "合計份數": dist.copies,
            "首份號": _docx.copy_number(dist.first) if dist.first is not None else "",
            "末份號": _docx.copy_number(dist.last) if dist.last is not None else "",
            "密級": ctx.t(secret),
            "密級標誌": (ctx.t(secret) + ("★" + period if period else "")) if secret else "",
            "涉密": bool(secret),
        })
        return v

    return cached(ctx, "distribution", make)


def document_title(ctx) -> str:
    """文件名稱/文號 on the 簽收單: the 紀要標志 and its 期號."""
    m = ctx.meeting
    number = m.setting("紀要期號", "")
    return mark(m.name, ctx.t) + (f"（{number}）" if number else "")


def sign_sheet(ctx) -> bytes:
    dist = ctx.plan("distribution")
    footer = ctx.t("第 &P 頁，共 &N 頁")
    title = document_title(ctx)
    body = [[i, ctx.t(r.name) if r.fixed else r.name, title, ctx.t(r.secret), copy_range(r), r.copies, "",
             ctx.t(TIME_BLANK), ""] for i, r in enumerate(dist.recipients, start=1)]
    subtitle = ctx.t("共{n}份").format(n=dist.copies)
    if dist.first is not None:
        subtitle += ctx.t("，份號{a}—{b}").format(a=_docx.copy_number(dist.first), b=_docx.copy_number(dist.last))
    sign = X.Sheet(ctx.t("簽收單"), list(SIGN_WIDTHS), footer=footer)
    sign.title(mark(ctx.meeting.name, ctx.t) + ctx.t("簽收單"))
    sign.subtitle(subtitle)
    sign.table([ctx.t(h) for h in SIGN_HEADERS], body, "cllcccclc", height=30)
    sheets = [sign]
    if dist.numbered:
        reg = X.Sheet(ctx.t("份號登記"), list(REGISTER_WIDTHS), landscape=False, footer=footer)
        reg.title(title + ctx.t("份號登記"))
        lines = [[_docx.copy_number(n), ctx.t(r.name) if r.fixed else r.name, ctx.t(r.secret), "", ctx.t(TIME_BLANK),
                  "", ""] for r in dist.numbered for n in r.numbers()]
        reg.table([ctx.t(h) for h in REGISTER_HEADERS], lines, "clccccl", height=24)
        sheets.append(reg)
    return X.workbook(sheets, mark(ctx.meeting.name, ctx.t) + ctx.t("簽收單"), ctx.author)


def render(ctx) -> dict[str, bytes]:
    template = _docx.load(ctx.template(TEMPLATES[0]), ctx.script)
    return {ctx.t(FILENAME): template.render(context(ctx), ctx.author), ctx.t(SIGN_FILE): sign_sheet(ctx)}
