"""Banquet tables (issue 3, conventions §2): 主人/主賓 seats, table numbering, diets, and the documents read back.

The sample meeting has two 桌餐 meals at 10 a table; 馬伊斯哈格 (rank 9) and a
few others eat 清真, some 素食.
"""

from __future__ import annotations

import io
import math

import openpyxl
from pptx import Presentation

from pipeline.check import load
from pipeline.context import Context
from pipeline.plan import banquet
from pipeline.plan.order import order_people
from pipeline.render import banquet_chart

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TOP10 = ["趙建國", "錢志明", "孫海林", "李秀英", "周文斌", "吳鵬", "鄭雲峰", "王芳", "馬伊斯哈格", "歐陽曉晨"]


def meeting_of(write, settings, people, tables):
    meeting, report, _ = load(write(settings, people, tables))
    assert report.valid, report.to_text()
    return meeting


def base(shape) -> str:
    return shape.name.rsplit(" ", 1)[0]


def test_seat_precedence_round_the_table():
    # k runs from 主人 (k=0, facing the door) towards 主人's right hand
    assert banquet.precedence(10, "右為上") == [
        (0, "主人"), (1, "主賓"), (9, "第二主賓"), (5, "副主人"), (6, "第三主賓"), (4, "第四主賓"),
        (2, ""), (8, ""), (3, ""), (7, "")]
    assert banquet.precedence(10, "左為上") == [
        (0, "主人"), (9, "主賓"), (1, "第二主賓"), (5, "副主人"), (4, "第三主賓"), (6, "第四主賓"),
        (8, ""), (2, ""), (7, ""), (3, "")]
    for size in range(1, 15):
        ks = [k for k, _ in banquet.precedence(size)]
        assert sorted(ks) == list(range(size))  # every seat once


def test_main_table_host_and_guests(sample):
    meeting, _, _ = load(sample)
    plan = banquet.plan(meeting)
    main = plan.tables[0]
    assert main.number == 1 and main.main
    assert [p.name for _, p in main.seats] == TOP10
    assert [label for label, _ in main.seats][:6] == ["主人", "主賓", "第二主賓", "副主人", "第三主賓", "第四主賓"]
    assert main.diet == "清真"  # 馬伊斯哈格 eats 清真: the whole main table is served halal
    assert plan.table_of[meeting.people[0].id] == 1


def test_tables_numbered_by_rank_and_place(sample):
    meeting, _, _ = load(sample)
    plan = banquet.plan(meeting)
    assert [t.number for t in plan.tables] == list(range(1, len(plan.tables) + 1))
    heads = [min(p.rank_key for p in t.people) for t in plan.tables]
    assert heads == sorted(heads)  # tables in the rank order of their first person
    row1 = sorted((t for t in plan.tables if t.grid_row == 1), key=lambda t: t.col)
    # seen from the audience: the main table's right hand (2) left of centre, its left hand (3) right
    assert [t.number for t in row1] == [4, 2, 3, 5]
    row2 = sorted((t for t in plan.tables if t.grid_row == 2), key=lambda t: t.col)
    assert [t.number for t in row2] == [8, 6, 7, 9]
    for t in plan.tables:
        assert [p.rank_key for _, p in t.seats] == sorted(p.rank_key for _, p in t.seats)


def test_diets_and_nobody_twice(write, data):
    settings, people, tables = data
    people[60]["就餐"] = "18日早"  # only the buffet breakfast: no banquet seat
    people[61]["就餐"] = "17日晚"
    people[62]["出席情況"] = "請假"
    people[63]["類別"] = "工作人員"
    meeting = meeting_of(write, settings, people, tables)
    plan = banquet.plan(meeting)
    seated = [p.id for t in plan.tables for p in t.people]
    assert len(seated) == len(set(seated)) == len(plan.table_of)
    assert people[60]["編號"] not in plan.table_of and people[61]["編號"] in plan.table_of
    assert people[62]["編號"] not in plan.table_of and people[63]["編號"] not in plan.table_of
    assert len(seated) == 88 - 3
    for t in plan.tables:
        for _, p in t.seats:
            if p.diet:  # 清真 and 素食 guests sit at tables of their diet (清真 main table included)
                assert t.diet == p.diet or (t.main and p.diet == "素食"), (t.number, p.name, p.diet)
    halal = [t for t in plan.tables if t.diet == "清真" and not t.main]
    assert halal and all(t.size == 10 for t in halal)


def test_fixed_banquet_seat_and_conflict(write, data):
    settings, people, tables = data
    tables["座次"] = [{"姓名": "王芳", "區域": "宴會", "桌": 3, "座": 1}]
    meeting = meeting_of(write, settings, people, tables)
    plan = banquet.plan(meeting)
    assert plan.table_of[people[7]["編號"]] == 3
    assert plan.tables[2].seats[0][1].name == "王芳"
    assert "王芳" not in [p.name for p in plan.tables[0].people]
    tables["座次"].append({"姓名": "歐陽曉晨", "區域": "宴會", "桌": 3, "座": 1})
    tables["座次"].append({"姓名": "吳鵬", "區域": "宴會", "桌": 2, "座": 11})
    meeting, report, _ = load(write(settings, people, tables, name="m2.xlsx"))
    codes = {p.code: p for p in report.errors}
    assert "王芳" in codes["seat_taken_twice"].msg.text() and "歐陽曉晨" in codes["seat_taken_twice"].msg.text()
    assert codes["seat_taken_twice"].row == 3 and codes["seat_outside_table"].row == 4


def test_no_table_meal_no_banquet(write, data):
    settings, people, tables = data
    for meal in tables["就餐"]:
        meal["形式"] = "自助"
    meeting = meeting_of(write, settings, people, tables)
    assert not banquet.plan(meeting).tables
    assert banquet_chart.render(Context(meeting)) == {}


def test_chart_reads_back_host_guests_and_tables(sample):
    meeting, _, _ = load(sample)
    files = banquet_chart.render(Context(meeting))
    assert set(files) == {"宴會座次圖.pptx", "宴會桌次表.xlsx"}
    prs = Presentation(io.BytesIO(files["宴會座次圖.pptx"]))
    assert len(prs.slides) == 1
    shapes = {base(s): s for s in prs.slides[0].shapes}
    host, guest, second, deputy = (shapes[f"Seat 1-{n}"] for n in (1, 2, 3, 4))
    assert [p.text for p in host.text_frame.paragraphs] == ["主人", "趙建國"]
    assert [p.text for p in guest.text_frame.paragraphs] == ["主賓", "錢志明"]
    assert second.text_frame.paragraphs[1].text == "孫海林" and deputy.text_frame.paragraphs[0].text == "副主人"

    def centre(s):
        return s.left + s.width / 2, s.top + s.height / 2

    table = centre(shapes["Table 1"])
    hx, hy = centre(host)
    assert hy < table[1] and abs(hx - table[0]) < 1000  # 主人 at the top, facing the door below
    assert centre(guest)[0] < hx < centre(second)[0]  # 主人's right hand is the chart's left
    assert centre(deputy)[1] > table[1]  # 副主人 opposite
    main_r = shapes["Table 1"].width
    assert all(main_r > shapes[f"Table {n}"].width for n in range(2, 10))  # the main table larger...
    assert all(shapes["Table 1"].top < shapes[f"Table {n}"].top for n in range(2, 10))  # ...and at the top
    assert centre(shapes["Table 2"])[0] < table[0] < centre(shapes["Table 3"])[0]
    assert "清真" in shapes["Table 2"].text_frame.text
    for s in prs.slides[0].shapes:
        assert 0 <= s.left and s.left + s.width <= prs.slide_width
        assert 0 <= s.top and s.top + s.height <= prs.slide_height
    # neighbouring seat boxes never overlap
    boxes = [(name, s.left, s.top, s.left + s.width, s.top + s.height) for name, s in shapes.items()
             if name.startswith("Seat ")]
    for a in boxes:
        for b in boxes:
            if a is not b:
                assert a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2], (a[0], b[0])
    _check_fits(prs)


def test_left_high_puts_the_first_guest_on_the_hosts_left(write, data):
    settings, people, tables = data
    settings["宴會座次慣例"] = "左為上"
    meeting = meeting_of(write, settings, people, tables)
    plan = banquet.plan(meeting)
    guest = next(s for s in plan.tables[0].slots if s.role == "主賓")
    angle = 2 * math.pi * guest.index / 10
    assert -math.sin(angle) > 0  # drawn right of 主人 in the chart: 主人's left hand
    row1 = sorted((t for t in plan.tables if t.grid_row == 1), key=lambda t: t.col)
    assert [t.number for t in row1] == [5, 3, 2, 4]


def test_table_list_workbook(sample):
    meeting, _, _ = load(sample)
    data = banquet_chart.render(Context(meeting))["宴會桌次表.xlsx"]
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws, look = wb.worksheets
    header = next(r for r in range(1, 5) if ws.cell(row=r, column=1).value == "桌號")
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=header + 1)]
    assert len(rows) == 88
    assert rows[0][:3] == [1, "主人", "趙建國"] and rows[1][:3] == [1, "主賓", "錢志明"]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    lheader = next(r for r in range(1, 5) if look.cell(row=r, column=1).value == "姓名")
    names = [r[0].value for r in look.iter_rows(min_row=lheader + 1)]
    assert names == [p.name for p in order_people(meeting, meeting.people, by="姓氏筆畫")]


def _check_fits(prs):
    """Every shape inside the slide; no text line wider or taller than its box; a:ea on every run."""
    from pipeline.text import display_width

    pt_mm = 25.4 / 72
    for slide in prs.slides:
        for shape in slide.shapes:
            assert 0 <= shape.left and shape.left + shape.width <= prs.slide_width, base(shape)
            assert 0 <= shape.top and shape.top + shape.height <= prs.slide_height, base(shape)
            if not shape.has_text_frame:
                continue
            w, h, tall = shape.width / 36000, shape.height / 36000, 0.0
            for para in shape.text_frame.paragraphs:
                if para.runs:
                    size = max(r.font.size.pt for r in para.runs)
                    tall += size * 1.2 * pt_mm
                    assert sum(display_width(r.text) * r.font.size.pt * pt_mm for r in para.runs) <= w + 0.01
                    assert all(r._r.find(f"{A}rPr/{A}ea") is not None for r in para.runs)
            assert tall <= h + 0.01, (base(shape), shape.text_frame.text)


def test_many_tables_spread_over_pages_with_an_overview(write):
    from pipeline.sample import meeting_data

    settings, people, tables = meeting_data(people=300)
    meeting = meeting_of(write, settings, people, tables)
    plan = banquet.plan(meeting)
    assert len(plan.tables) == 30
    prs = Presentation(io.BytesIO(banquet_chart.render(Context(meeting))["宴會座次圖.pptx"]))
    slides = list(prs.slides)
    assert len(slides) > 2
    overview = sorted(base(s) for s in slides[0].shapes if base(s).startswith("Overview "))
    assert overview == sorted(f"Overview {n}" for n in range(1, 31))
    drawn = sorted(base(s) for slide in slides[1:] for s in slide.shapes if base(s).startswith("Table "))
    assert drawn == sorted(f"Table {n}" for n in range(1, 31))  # every table once
    _check_fits(prs)


def test_only_banquet_diners_get_a_table(write, data):
    """就餐 = 18日早 (a buffet breakfast only): no banquet seat; 18日午 (a 桌餐): a seat; 不就餐: none."""
    settings, people, tables = data
    breakfast, lunch, none = people[40], people[41], people[42]
    breakfast["就餐"], lunch["就餐"], none["就餐"] = "18日早", "18日午", "不就餐"
    plan = banquet.plan(meeting_of(write, settings, people, tables))
    assert breakfast["編號"] not in plan.table_of
    assert none["編號"] not in plan.table_of
    assert lunch["編號"] in plan.table_of
