"""Meals: who eats what (the 就餐 column), the meal plan workbook and the tickets, read back from the files."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import types

import openpyxl
import pytest
from pptx import Presentation

from pipeline.check import load
from pipeline.context import Context
from pipeline.new import build_workbook
from pipeline.plan.meals import meals_of, parse_meal_list
from pipeline.render import meal_tickets, meals
from pipeline.sample import meeting_data
from pipeline.text import display_width

EMU_PER_MM = 36000
PT_MM = 25.4 / 72
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}

# Four meals over two days; the sample's three plus a 18日晚餐 buffet.
MEALS = [
    {"日期": dt.date(2026, 12, 17), "餐次": "晚餐", "地點": "示範區賓館二樓宴會廳", "形式": "桌餐", "每桌人數": 10, "標準": "80元/人"},
    {"日期": dt.date(2026, 12, 18), "餐次": "早餐", "地點": "示範區賓館一樓餐廳", "形式": "自助", "標準": "30元/人"},
    {"日期": dt.date(2026, 12, 18), "餐次": "午餐", "地點": "示範區賓館二樓宴會廳", "形式": "桌餐", "每桌人數": 8, "標準": "80元/人"},
    {"日期": dt.date(2026, 12, 18), "餐次": "晚餐", "地點": "示範區賓館一樓餐廳", "形式": "自助", "標準": "40元/人"},
]


def make(tmp_path, edit=None, settings_edit=None, people=24, meal_rows=MEALS):
    settings, rows, tables = meeting_data(people=people)
    tables["就餐"] = [dict(r) for r in meal_rows]
    if settings_edit:
        settings.update(settings_edit)
    if edit:
        edit(rows, tables)
    path = tmp_path / "m.xlsx"
    build_workbook(settings, rows, tables).save(path)
    return load(path)


def edit_people(rows, tables):
    rows[0]["就餐"] = "17日晚,18日午"  # 趙建國
    rows[1]["就餐"] = "12月18日早餐"  # 錢志明
    rows[2]["出席情況"] = "請假"  # 孫海林
    rows[2]["備註"] = "由區人大常委會副主任張強代會"
    rows[3]["就餐"] = "18日早中"  # 李秀英: 早 and 中(午)
    rows[4]["就餐"] = "17日晚至18日午"  # 周文斌: a range of three meals
    rows[5]["類別"] = "工作人員"  # 吳鵬 works for the meeting: still eats
    rows[6]["飲食"] = "素食"


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    m, report, _ = make(tmp_path_factory.mktemp("meals"), edit_people)
    assert report.valid, report.to_text()
    return m


def by_name(meeting, name):
    return next(p for p in meeting.people if p.name == name)


# -- the 就餐 column ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("", ["17晚", "18早", "18午", "18晚"]),
    ("全部", ["17晚", "18早", "18午", "18晚"]),
    ("不就餐", []),
    ("17日晚,18日午", ["17晚", "18午"]),
    ("17日晚，18日午", ["17晚", "18午"]),  # full-width comma
    ("17日晚、18日中", ["17晚", "18午"]),
    ("17晚 18午", ["17晚", "18午"]),
    ("12月18日午餐", ["18午"]),
    ("12月17日晚飯;12月18日早餐", ["17晚", "18早"]),
    ("2026-12-18晚", ["18晚"]),
    ("12/18早", ["18早"]),
    ("18日", ["18早", "18午", "18晚"]),  # a whole day
    ("晚餐", ["17晚", "18晚"]),  # every dinner
    ("18日早午晚", ["18早", "18午", "18晚"]),
    ("17日晚至18日午", ["17晚", "18早", "18午"]),
    ("17日晚-18日早", ["17晚", "18早"]),
    ("１８日午", ["18午"]),  # full-width digits
    ("18号午餐", ["18午"]),  # simplified 號
])
def test_meal_column_forms(meeting, text, expected):
    table = meals_of(meeting)
    short = {m.key: f"{m.date.day}{m.kind[0]}" for m in table}
    keys, problems = parse_meal_list(text, table)
    assert problems == []
    assert [short[k] for k in keys] == expected


@pytest.mark.parametrize(("text", "problem"), [
    ("明天晚上", ("明天晚上", "bad")),
    ("19日晚", ("19日晚", "missing")),
    ("17日早", ("17日早", "missing")),
    ("12月", ("12月", "bad")),
    ("18日晚至17日晚", ("18日晚至17日晚", "missing")),
])
def test_meal_column_problems(meeting, text, problem):
    keys, problems = parse_meal_list("18日午," + text, meals_of(meeting))
    assert problems == [problem]
    assert len(keys) == 1  # the readable part is still used


def test_check_reports_meal_cells_and_sheet_rows(tmp_path):
    def edit(rows, tables):
        rows[0]["就餐"] = "17日晚,明天"
        rows[1]["就餐"] = "19日午"
        tables["就餐"].append({"日期": dt.date(2026, 12, 18), "餐次": "午餐", "地點": "別處", "形式": "自助"})
        tables["就餐"][0]["每桌人數"] = 0

    _, report, _ = make(tmp_path, edit)
    found = {(p.code, p.sheet, p.row, p.column) for p in report.errors}
    assert ("bad_meal_list", "參會人員", 2, "就餐") in found
    assert ("unknown_meal", "參會人員", 3, "就餐") in found
    assert ("duplicate_meal", "就餐", 6, "餐次") in found
    assert ("bad_table_size", "就餐", 2, "每桌人數") in found
    bad = next(p for p in report.errors if p.code == "bad_meal_list")
    assert "「明天」看不懂" in bad.msg.text()
    missing = next(p for p in report.errors if p.code == "unknown_meal")
    assert "「19日午」" in missing.msg.text() and "12月17日晚餐" in missing.msg.text()


def test_plan_who_eats(meeting):
    plan = Context(meeting).plan("meals")
    labels = {m.key: m.label for m in plan.meals}

    def eaten(name):
        return [labels[k] for k in plan.eats.get(by_name(meeting, name).id, ())]

    assert eaten("趙建國") == ["12月17日晚餐", "12月18日午餐"]
    assert eaten("錢志明") == ["12月18日早餐"]
    assert eaten("孫海林") == []  # on leave
    assert eaten("李秀英") == ["12月18日早餐", "12月18日午餐"]
    assert eaten("周文斌") == ["12月17日晚餐", "12月18日早餐", "12月18日午餐"]
    assert len(eaten("吳鵬")) == 4  # 工作人員 in 參會人員 eat
    staff = [plan.people[i] for i in plan.staff_ids]
    assert [p.name for p in staff] == ["李明", "張靜", "陳濤", "劉洋", "楊帆", "黃磊", "周敏"]
    assert all(len(plan.eats[p.id]) == 4 for p in staff)


# -- tickets ------------------------------------------------------------------------------------------------


def tickets_in(data: bytes, per_day: bool = False) -> list[dict]:
    """Each ticket on the slides as {part: text}, read back from the saved deck.

    A ticket is a text box of stacked lines (header, name, then date and meal and place, or the day and
    one line per meal), followed by its table number and diet mark when it has them.
    """
    prs = Presentation(io.BytesIO(data))
    out = []
    for slide in prs.slides:
        for shape in slide.shapes:
            kind = shape.name.split(" ")[0]
            if kind == "Ticket":
                lines = [p.text for p in shape.text_frame.paragraphs]
                ticket = {"Header": lines[0], "Name": lines[1], "shape": shape}
                if per_day:
                    ticket.update(Day=lines[2], Meals=lines[3:])
                else:
                    ticket.update(Meal=lines[2], Place=lines[3])
                out.append(ticket)
            elif kind in ("Table", "Diet"):
                out[-1][kind] = shape.text_frame.text
                out[-1][kind + "_shape"] = shape
    return out


def run_width(run) -> float:
    return display_width(run.text) * run.font.size.pt * PT_MM


def assert_fits(data: bytes) -> None:
    """Every run names an East Asian font; no text is wider than its box, no box lies off the slide;
    stacked lines fit their box; a ticket's name clears its diet mark and its meal line its table number."""
    prs = Presentation(io.BytesIO(data))
    for slide in prs.slides:
        for shape in slide.shapes:
            assert 0 <= shape.left and shape.left + shape.width <= prs.slide_width, shape.name
            assert 0 <= shape.top and shape.top + shape.height <= prs.slide_height, shape.name
            if not shape.has_text_frame:
                continue
            for p in shape.text_frame.paragraphs:
                for r in p.runs:
                    assert r._r.find("a:rPr/a:ea", NS) is not None
                    assert run_width(r) <= shape.width / EMU_PER_MM + 0.05, (shape.name, r.text)
            spacing = shape._element.findall(".//a:lnSpc/a:spcPts", NS)
            if spacing:
                assert sum(int(s.get("val")) for s in spacing) / 100 * PT_MM <= shape.height / EMU_PER_MM + 0.05
    for per_day in (False, True):
        for t in tickets_in(data, per_day):
            box = t["shape"]
            name_run = box.text_frame.paragraphs[1].runs[0]
            if "Diet_shape" in t:
                assert box.left + run_width(name_run) * EMU_PER_MM <= t["Diet_shape"].left
                assert run_width(name_run) > 0
            if "Table_shape" in t:
                meal_run = box.text_frame.paragraphs[2].runs[0]
                assert box.left + run_width(meal_run) * EMU_PER_MM <= t["Table_shape"].left + \
                    t["Table_shape"].width - run_width(t["Table_shape"].text_frame.paragraphs[0].runs[0]) * EMU_PER_MM


def test_ticket_count_and_content(meeting):
    ctx = Context(meeting)
    plan = ctx.plan("meals")
    data = meal_tickets.render(ctx)["餐券.pptx"]
    found = tickets_in(data)
    eaters = [p for p in meeting.people if p.attendance != "請假"]
    expected = sum(len(plan.eats[p.id]) for p in eaters) + 7 * 4  # attendees' meals, plus 7 staff x 4 meals
    assert len(found) == expected == plan.ticket_count
    assert len(Presentation(io.BytesIO(data)).slides) == -(-expected // 24)
    zhao = [t for t in found if t["Name"] == "趙建國"]
    assert [t["Meal"] for t in zhao] == ["12月17日　晚餐", "12月18日　午餐"]
    assert [t["Place"] for t in zhao] == ["示範區賓館二樓宴會廳"] * 2
    assert not [t for t in found if t["Name"] == "孫海林"]
    assert all(t["Header"] == meeting.name + "　就餐券" for t in found)
    assert len([t for t in found if t["Name"] == "李　明"]) == 4  # staff sheet; two-character names padded
    assert_fits(data)


def test_diet_marks(meeting):
    ctx = Context(meeting)
    found = tickets_in(meal_tickets.render(ctx)["餐券.pptx"])
    plan = ctx.plan("meals")
    for p in meeting.people:
        if p.attendance == "請假":
            continue
        mine = [t for t in found if t["Name"].replace("\u3000", "") == p.name]
        assert len(mine) == len(plan.eats[p.id])
        assert all(t.get("Diet", "") == p.diet for t in mine), p.name
    assert any(t.get("Diet") == "清真" for t in found) and any(t.get("Diet") == "素食" for t in found)
    deck = Presentation(io.BytesIO(meal_tickets.render(ctx)["餐券.pptx"]))
    marks = [s for slide in deck.slides for s in slide.shapes if s.name.startswith("Diet")]
    assert marks and all(str(s.fill.fore_color.rgb) in ("00693E", "7B4A12") for s in marks)  # a solid block


def test_tickets_per_day(tmp_path, monkeypatch):
    m, report, _ = make(tmp_path, edit_people, {"餐券方式": "每天"})
    monkeypatch.setitem(sys.modules, "pipeline.plan.banquet", None)  # no table numbers: simpler lines to compare
    ctx = Context(m)
    plan = ctx.plan("meals")
    data = meal_tickets.render(ctx)["餐券.pptx"]
    found = tickets_in(data, per_day=True)
    assert len(found) == sum(len(plan.days(pid)) for pid in plan.eats)
    assert_fits(data)
    li = [t for t in found if t["Name"] == "李秀英"]
    assert [(t["Day"], t["Meals"]) for t in li] == [("12月18日", ["早餐　示範區賓館一樓餐廳", "午餐　示範區賓館二樓宴會廳"])]
    zhou = [t for t in found if t["Name"] == "周文斌"]
    assert [t["Day"] for t in zhou] == ["12月17日", "12月18日"]
    assert set(meal_tickets.pages(ctx)) == {f"{pid}|{d.isoformat()}" for pid in plan.eats for d in plan.days(pid)}


def test_pages_keys_and_partial_render(meeting):
    ctx = Context(meeting)
    pages = meal_tickets.pages(ctx)
    zhao = by_name(meeting, "趙建國").id
    assert [k for k in pages if k.startswith(zhao + "|")] == [f"{zhao}|2026-12-17晚餐", f"{zhao}|2026-12-18午餐"]
    one = tickets_in(meal_tickets.render(ctx, keys={f"{zhao}|2026-12-18午餐"})["餐券.pptx"])
    assert [(t["Name"], t["Meal"]) for t in one] == [("趙建國", "12月18日　午餐")]
    assert meal_tickets.render(ctx)["餐券.pptx"] == meal_tickets.render(Context(meeting))["餐券.pptx"]


def _fake_banquet(monkeypatch, table_of):
    module = types.ModuleType("pipeline.plan.banquet")
    module.plan = lambda meeting: types.SimpleNamespace(table_of=table_of)
    monkeypatch.setitem(sys.modules, "pipeline.plan.banquet", module)


def test_table_numbers_from_banquet_plan(meeting, monkeypatch):
    """Tickets of 桌餐 meals show the banquet table; 自助 ones show none (banquet planner stubbed)."""
    ids = [p.id for p in meeting.people]
    table_of = {pid: 1 + i // 8 for i, pid in enumerate(ids) if i != 9}  # the tenth person not seated
    _fake_banquet(monkeypatch, table_of)
    ctx = Context(meeting)
    found = tickets_in(meal_tickets.render(ctx)["餐券.pptx"])
    for p in meeting.people[:12]:
        for t in (t for t in found if t["Name"].replace("\u3000", "") == p.name):
            banquet = t["Meal"].endswith(("12月17日　晚餐", "12月18日　午餐"))
            want = f"第{table_of[p.id]}桌" if banquet and p.id in table_of else None
            assert t.get("Table") == want, (p.name, t)
    book = openpyxl.load_workbook(io.BytesIO(meals.render(ctx)["就餐安排表.xlsx"]))
    seating = book[book.sheetnames[2]]
    assert seating.title == "12月17日晚餐桌次"
    rows = [[c.value for c in r] for r in seating.iter_rows(min_row=4)]
    plan = ctx.plan("meals")
    dinner = set(plan.diners["2026-12-17晚餐"])
    first = [p for p in ctx.ordered() if table_of.get(p.id) == 1 and p.id in dinner]
    assert len(first) == 5  # of the eight at table 1: 錢志明 and 李秀英 skip this dinner, 孫海林 is on leave
    veg = sum(1 for p in first if p.diet == "素食") or None
    assert rows[0] == ["第1桌", 5, None, veg, "、".join(p.name for p in first)]
    assert rows[-1][:2] == ["未排桌", 1 + 7]  # the tenth person and the staff
    overview = [c.value for c in book["就餐安排"][4]]
    assert overview[10] == 3 + 1  # tables 1-3, and one more for the eight without a table
    assert "含未排桌8人（其中工作人員7人）" in overview[11]
    assert seating.cell(row=2, column=1).value == "示範區賓館二樓宴會廳"


def test_table_numbers_with_real_banquet_plan(meeting):
    """Once pipeline.plan.banquet exists, every 桌餐 ticket carries the table it assigns."""
    pytest.importorskip("pipeline.plan.banquet", reason="the banquet planner is not in this tree yet")
    ctx = Context(meeting)
    table_of = ctx.plan("banquet").table_of
    plan = ctx.plan("meals")
    tickets = meal_tickets.tickets(ctx)
    assert table_of, "the banquet plan seated nobody"
    for tk in tickets:
        pid, key = tk.key.split("|")
        banquet = plan.meal(key).banquet
        want = meals.table_label(ctx, table_of.get(pid)) if banquet else ""
        assert tk.lines[0][2] == want
    printed = tickets_in(meal_tickets.render(ctx)["餐券.pptx"])
    assert sum(1 for t in printed if t.get("Table")) == sum(1 for tk in tickets if tk.lines[0][2])


# -- the plan workbook -------------------------------------------------------------------------------------


def test_meal_plan_workbook(meeting, monkeypatch):
    monkeypatch.setitem(sys.modules, "pipeline.plan.banquet", None)  # as if no banquet planner: tables estimated
    ctx = Context(meeting)
    book = openpyxl.load_workbook(io.BytesIO(meals.render(ctx)["就餐安排表.xlsx"]))
    assert book.sheetnames[:2] == ["就餐安排", "報餐單"]
    ws = book["就餐安排"]
    assert ws["A1"].value == meeting.name + "就餐安排表"
    header = [c.value for c in ws[3]]
    assert header == ["序號", "日期", "餐次", "地點", "形式", "標準", "就餐人數", "清真", "素食", "其中工作人員", "桌數", "備註"]
    body = [[c.value for c in r] for r in ws.iter_rows(min_row=4, max_row=7)]
    present = [p for p in meeting.people if p.attendance != "請假"]
    # everyone present but the ones whose 就餐 narrows it, plus the 7 staff
    dinner17 = [p for p in present if p.name not in ("錢志明", "李秀英")]
    assert body[0][:7] == [1, "12月17日", "晚餐", "示範區賓館二樓宴會廳", "桌餐", "80元/人", len(dinner17) + 7]
    halal = sum(1 for p in dinner17 if p.diet == "清真")
    veg = sum(1 for p in dinner17 if p.diet == "素食")
    assert veg >= 1 and (body[0][7] or 0) == halal and (body[0][8] or 0) == veg
    assert body[0][9] == 8  # 吳鵬 and the 7 staff
    regular = len(dinner17) + 7 - halal - veg
    assert body[0][10] == -(-regular // 10) + -(-halal // 10) + -(-veg // 10)  # 清真, 素食 at tables of their own
    assert "估算" in body[0][11]
    assert body[1][4] == "自助" and body[1][10] in ("", None)
    assert body[2][6] == len(present) - 1 + 7  # 18日午餐: all present but 錢志明 (breakfast only), and staff
    total = ws.cell(row=ws.max_row, column=1).value
    plan = ctx.plan("meals")
    assert f"餐券{plan.ticket_count}張" in total
    hotel = book["報餐單"]
    assert [c.value for c in hotel[3]][:6] == ["日期", "餐次", "地點", "形式", "人數", "桌數"]
    assert [r[4].value for r in hotel.iter_rows(min_row=4, max_row=7)] == [r[6] for r in body]
    assert "聯繫人：李明" in hotel["A2"].value
    assert int(ws.page_setup.paperSize) == 9 and ws.print_title_rows  # A4, headers on every page


def test_no_meals_no_documents(tmp_path):
    m, report, _ = make(tmp_path, meal_rows=[])
    assert report.valid
    ctx = Context(m)
    assert meals.render(ctx) == {} and meal_tickets.render(ctx) == {} and meal_tickets.pages(ctx) == {}


def test_simplified_meeting(tmp_path):
    m, _, _ = make(tmp_path, edit_people, {"文字": "簡體"})
    ctx = Context(m)
    files = meals.render(ctx)
    assert list(files) == ["就餐安排表.xlsx"]
    book = openpyxl.load_workbook(io.BytesIO(files["就餐安排表.xlsx"]))
    assert book.sheetnames[:2] == ["就餐安排", "报餐单"]
    found = tickets_in(meal_tickets.render(ctx)["餐券.pptx"])
    assert found[0]["Header"].endswith("就餐券")
    assert any(t.get("Diet") == "素食" for t in found)
    assert any(re.search("趙建國", t["Name"]) for t in found)  # people's names are never converted
