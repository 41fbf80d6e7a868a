"""就餐安排表.xlsx: each meal's place, form, head count, 清真/素食 counts and tables, and the hotel's count sheet."""

from __future__ import annotations

from . import _xlsxfast

KIND = "meals"
TITLE = "就餐安排表"
FILENAME = "就餐安排表.xlsx"
READS = ("會議", "就餐", "工作人員", "會場", "座次", "單位排序",
         *(f"參會人員.{c}" for c in ("編號", "姓名", "單位", "職級序號", "類別", "飲食", "就餐", "出席情況")))
ORDER = 50
PLANS = ("banquet", "meals")

PLAN_HEADERS = ("序號", "日期", "餐次", "地點", "形式", "標準", "就餐人數", "清真", "素食", "其中工作人員", "桌數", "備註")
PLAN_WIDTHS = (6, 11, 7, 24, 7, 11, 9, 7, 7, 12, 7, 34)
HOTEL_HEADERS = ("日期", "餐次", "地點", "形式", "人數", "桌數", "清真", "素食", "標準", "備註")
HOTEL_WIDTHS = (13, 7, 24, 7, 8, 7, 7, 7, 11, 28)
TABLE_HEADERS = ("桌號", "人數", "清真", "素食", "就餐人員")
TABLE_WIDTHS = (8, 7, 7, 7, 80)


def banquet_table_of(ctx) -> dict:
    """person id -> table number from the banquet seating plan; empty while that planner does not exist."""
    try:
        return dict(ctx.plan("banquet").table_of)
    except ModuleNotFoundError as exc:
        if exc.name not in ("pipeline.plan.banquet", "pipeline.plan"):
            raise
        return {}


def table_label(ctx, table) -> str:
    """第3桌 for a number; a named table (主桌) as written."""
    if table is None or table == "":
        return ""
    if isinstance(table, int) or str(table).isdigit():
        return ctx.t("第{n}桌").format(n=int(table))
    return str(table)


def _table_sort(table) -> tuple:
    return (0, int(table), "") if isinstance(table, int) or str(table).isdigit() else (1, 0, str(table))


def meal_tables(ctx, meal_key: str, table_of: dict) -> dict:
    """table -> diner ids of one meal, in table order; diners without a table under None (last)."""
    plan = ctx.plan("meals")
    out: dict = {}
    for pid in plan.diners.get(meal_key, ()):
        out.setdefault(table_of.get(pid), []).append(pid)
    seated = sorted((k for k in out if k is not None), key=_table_sort)
    return {k: out[k] for k in seated + ([None] if None in out else [])}


def _date(d) -> str:
    return f"{d.month}月{d.day}日"


def _rows(ctx, table_of: dict) -> tuple[list[list], list[list], dict[str, dict]]:
    from ..plan.meals import estimated_tables

    plan = ctx.plan("meals")
    plan_rows, hotel_rows, seating = [], [], {}
    for i, meal in enumerate(plan.meals, start=1):
        count = plan.count(meal.key)
        notes = [meal.note] if meal.note else []
        tables: int | str = ""
        if meal.banquet:
            by_table = meal_tables(ctx, meal.key, table_of) if table_of else {}
            if any(k is not None for k in by_table):
                seating[meal.key] = by_table
                tables = sum(1 for k in by_table if k is not None)
                unseated = by_table.get(None, [])
                if unseated:
                    # 工作人員 and late additions are not in the banquet plan but eat: the hotel lays tables for them
                    extra = -(-len(unseated) // meal.per_table)
                    tables += extra
                    staff = sum(1 for i in unseated if plan.people[i].category == "工作人員")
                    notes.append(ctx.t("含未排桌{n}人（其中工作人員{k}人），按每桌{per}人另設{t}桌").format(
                        n=len(unseated), k=staff, per=meal.per_table, t=extra))
            else:
                tables = estimated_tables(count, meal.per_table)
                notes.append(ctx.t("按每桌{n}人估算，清真、素食單獨成桌").format(n=meal.per_table))
        kind, form = ctx.t(meal.kind), ctx.t(meal.form)
        plan_rows.append([i, _date(meal.date), kind, meal.place, form, meal.standard, count.total,
                          count.halal or "", count.vegetarian or "", count.staff or "", tables, "；".join(notes)])
        hotel_rows.append([_date(meal.date), kind, meal.place, form, count.total, tables, count.halal or "",
                           count.vegetarian or "", meal.standard, meal.note])
    return plan_rows, hotel_rows, seating


def _summary(sheet, text: str) -> None:
    """A line of text under the table (one blank row between), across all its columns."""
    sheet.add([])
    sheet.band(text, _xlsxfast.SUBTITLE)


def _table(ctx, name: str, title: str, headers, rows: list[list], widths, subtitle: str | None, align: str):
    sheet = _xlsxfast.Sheet(name, list(widths), footer=ctx.t("第 &P 頁，共 &N 頁"))
    sheet.title(title)
    if subtitle:
        sheet.subtitle(subtitle)
    sheet.table([ctx.t(h) for h in headers], rows, align)
    return sheet


def render(ctx) -> dict[str, bytes]:
    m = ctx.meeting
    plan = ctx.plan("meals")
    if not plan.meals:
        return {}
    table_of = banquet_table_of(ctx)
    plan_rows, hotel_rows, seating = _rows(ctx, table_of)
    per_day = m.setting("餐券方式", "每餐") == "每天"
    sub = ctx.t("餐券：每人每天一張") if per_day else ctx.t("餐券：每人每餐一張")
    sheet = _table(ctx, ctx.t("就餐安排"), m.name + ctx.t("就餐安排表"), PLAN_HEADERS, plan_rows, PLAN_WIDTHS, sub,
                   "ccclcccccccl")
    sheets = [sheet]
    tickets = sum(len(plan.days(pid)) for pid in plan.eats) if per_day else plan.ticket_count
    _summary(sheet, ctx.t("合計：{meals}餐，{n}人次；就餐{people}人；餐券{tickets}張。").format(
        meals=len(plan.meals), n=sum(r[6] for r in plan_rows), people=len(plan.eats), tickets=tickets))

    contact = "　　".join(x for x in (
        ctx.t("報餐單位：") + (m.setting("主辦單位") or ""),
        ctx.t("聯繫人：") + (m.setting("聯繫人") or ""),
        ctx.t("電話：") + (m.setting("聯繫電話") or "")) if not x.endswith("："))
    sheet = _table(ctx, ctx.t("報餐單"), m.name + ctx.t("報餐單"), HOTEL_HEADERS, hotel_rows, HOTEL_WIDTHS,
                   contact or None, "cclcccccll")
    _summary(sheet, ctx.t("酒店確認（簽字）：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿"))
    sheets.append(sheet)

    people = plan.people
    rank = {p.id: i for i, p in enumerate(ctx.ordered(list(people.values())))}  # one sort for every table
    for key, by_table in seating.items():
        meal = plan.meal(key)
        title = _date(meal.date) + ctx.t(meal.kind) + ctx.t("桌次")
        rows = []
        for table, ids in by_table.items():
            diets = [people[i].diet for i in ids]
            names = "、".join(people[i].name for i in sorted(ids, key=rank.__getitem__))
            rows.append([table_label(ctx, table) if table is not None else ctx.t("未排桌"), len(ids),
                         diets.count("清真") or "", diets.count("素食") or "", names])
        sheets.append(_table(ctx, title, m.name + " " + title, TABLE_HEADERS, rows, TABLE_WIDTHS,
                             meal.place or None, "ccccl"))
    return {ctx.t(FILENAME): _xlsxfast.workbook(sheets, m.name + ctx.t(TITLE), ctx.author)}
