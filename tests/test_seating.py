"""Rostrum and hall seating (issue 3): protocol order, fixed seats, the hall grid, and the documents read back.

Rostrum sequences are listed from the audience's left to right, as conventions
§1 prints them; the rest of the numbers come from the sample meeting (88
people, 11 on the rostrum: 7 in row 1 of 9 seats, 4 in row 2 of 7 seats; a
hall of 10 rows × 20 seats, aisles after seats 5 and 15, row 1 reserved,
單雙號 numbering).
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from pptx import Presentation

from pipeline.check import load
from pipeline.context import Context
from pipeline.plan import seating
from pipeline.plan.order import order_people
from pipeline.render import name_plates, seat_chart, seat_list
from pipeline.text import display_width

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PT_MM = 25.4 / 72
ROW1 = ["鄭雲峰", "周文斌", "孫海林", "趙建國", "錢志明", "李秀英", "吳鵬"]  # ranks 7 5 3 1 2 4 6
ROW2 = ["歐陽曉晨", "王芳", "馬伊斯哈格", "阿依古麗·買買提"]  # ranks 10 8 9 11

# conventions §1: 左為上 from the audience's left; 右為上 is the mirror image
LEFT = {
    1: [1], 2: [1, 2], 3: [3, 1, 2], 4: [3, 1, 2, 4], 5: [5, 3, 1, 2, 4], 6: [5, 3, 1, 2, 4, 6],
    7: [7, 5, 3, 1, 2, 4, 6], 8: [7, 5, 3, 1, 2, 4, 6, 8], 9: [9, 7, 5, 3, 1, 2, 4, 6, 8],
    10: [9, 7, 5, 3, 1, 2, 4, 6, 8, 10], 11: [11, 9, 7, 5, 3, 1, 2, 4, 6, 8, 10],
    12: [11, 9, 7, 5, 3, 1, 2, 4, 6, 8, 10, 12],
}
TABLE = {5: ("5 3 1 2 4", "4 2 1 3 5"), 6: ("5 3 1 2 4 6", "6 4 2 1 3 5"),
         7: ("7 5 3 1 2 4 6", "6 4 2 1 3 5 7"), 8: ("7 5 3 1 2 4 6 8", "8 6 4 2 1 3 5 7")}


def meeting_of(write, settings, people, tables, script="繁體"):
    meeting, report, _ = load(write(settings, people, tables, script=script))
    return meeting, report


def names(row):
    return [p.name if p else None for _, p in row]


# -- the rostrum rule ---------------------------------------------------------------------

@pytest.mark.parametrize("n", range(1, 13))
def test_rostrum_sequences_both_conventions(n):
    assert seating.rostrum_sequence(n, "左為上") == LEFT[n]
    assert seating.rostrum_sequence(n, "右為上") == LEFT[n][::-1]
    if n in TABLE:
        left, right = TABLE[n]
        assert " ".join(map(str, seating.rostrum_sequence(n, "左為上"))) == left
        assert " ".join(map(str, seating.rostrum_sequence(n, "右為上"))) == right
    # the formula of §1, zero-based from the audience's left
    for r in range(1, n + 1):
        if n % 2:
            c = (n - 1) // 2
            expected = c if r == 1 else (c + r // 2 if r % 2 == 0 else c - (r - 1) // 2)
        else:
            c = n // 2 - 1
            expected = c if r == 1 else (c + r // 2 if r % 2 == 0 else c - (r - 1) // 2)
        assert seating.rostrum_position(r, n, "左為上") == expected
        assert seating.rostrum_position(r, n, "右為上") == n - 1 - expected


def test_two_rostrum_rows_by_rank_with_empty_outer_seats(sample):
    meeting, _, _ = load(sample)
    plan = seating.plan(meeting)
    assert len(plan.rostrum) == 2
    assert names(plan.rostrum[0]) == [None, *ROW1, None]  # 9 seats, 7 people: seats 8 and 9 stay empty
    assert names(plan.rostrum[1]) == [None, None, *ROW2, None]  # 7 seats: 7 5 | 3 1 2 4 | 6
    assert [s.number for s, _ in plan.rostrum[1]] == [7, 5, 3, 1, 2, 4, 6]
    seat = plan.seat_of[meeting.people[0].id]  # 趙建國, #1
    assert (seat.area, seat.row, seat.number, seat.position, seat.label) == ("主席台", 1, 1, 5, "主席台第1排1號")
    assert [p.name for p in plan.order[:11]] == ROW1 + ROW2


def test_right_high_mirrors_the_rostrum_and_ties_keep_list_order(write, data):
    settings, people, tables = data
    settings["座次慣例"] = "右為上"
    settings["主席台每排座位數"] = ""  # as many seats as people
    people[3]["職級序號"] = 3  # 李秀英 ties 孫海林 (rank 3): list order decides, 孫海林 first
    meeting, report = meeting_of(write, settings, people, tables)
    assert report.valid, report.to_text()
    plan = seating.plan(meeting)
    assert names(plan.rostrum[0]) == ["吳鵬", "李秀英", "錢志明", "趙建國", "孫海林", "周文斌", "鄭雲峰"]
    assert names(plan.rostrum[1]) == ["阿依古麗·買買提", "馬伊斯哈格", "王芳", "歐陽曉晨"]  # 4 3 1 2 -> 4 2 1 3


def test_fixed_seats_win_and_the_rest_plan_around_them(write, data):
    settings, people, tables = data
    tables["座次"] = [
        {"姓名": "王芳", "區域": "主席台", "排": 1, "座": 2},  # a leader's instruction: row 1, #1's left hand
        {"編號": people[40]["編號"], "區域": "台下", "排": 2, "座": 1},
    ]
    meeting, report = meeting_of(write, settings, people, tables)
    assert report.valid, report.to_text()
    plan = seating.plan(meeting)
    assert names(plan.rostrum[0]) == [None, "吳鵬", "李秀英", "錢志明", "趙建國", "王芳", "孫海林", "周文斌", "鄭雲峰"]
    assert names(plan.rostrum[1]) == [None, None, "阿依古麗·買買提", "馬伊斯哈格", "歐陽曉晨", None, None]
    fixed = plan.seat_of[people[40]["編號"]]
    assert (fixed.row, fixed.number, fixed.position, fixed.label) == (2, 1, 11, "台下2排1座")
    others = [p for (s, p) in plan.hall[1] if p is not None and p.id != people[40]["編號"]]
    assert len({p.id for p in others}) == len(others)  # nobody else on the fixed seat


def test_conflicts_are_check_errors_naming_both_people_and_rows(write, data):
    settings, people, tables = data
    settings["主席台每排座位數"] = "9,3"
    tables["座次"] = [
        {"姓名": "吳鵬", "區域": "主席台", "排": 1, "座": 2},
        {"姓名": "周文斌", "區域": "主席台", "排": 1, "座": 2},  # the same seat again
        {"姓名": "鄭雲峰", "區域": "主席台", "排": 1, "座": 12},  # row 1 has 9 seats
        {"姓名": "不存在", "區域": "台下", "排": 3, "座": 1},
    ]
    meeting, report = meeting_of(write, settings, people, tables)
    by_code = {}
    for p in report.errors:
        by_code.setdefault(p.code, []).append(p)
    twice = by_code["seat_taken_twice"][0]
    assert (twice.sheet, twice.row, twice.column) == ("座次", 3, "座")
    assert "吳鵬" in twice.msg.text() and "周文斌" in twice.msg.text()
    assert "第2行" in twice.msg.text() and "第3行" in twice.msg.text() and "主席台第1排2號" in twice.msg.text()
    outside = by_code["seat_outside_row"][0]
    assert (outside.row, outside.value) == (4, 12) and "9個座位" in outside.msg.text()
    full = by_code["rostrum_full"]  # 4 people in row 2 of 3 seats: the last one does not fit
    assert [(p.sheet, p.row, p.column) for p in full] == [("參會人員", 12, "主席台")]
    assert "阿依古麗·買買提" in full[0].msg.text() and "歐陽曉晨" in full[0].msg.text()  # the last one seated
    assert by_code["seat_unknown_person"][0].row == 5


def test_hall_skips_aisles_reserved_rows_and_keeps_blocks_whole(sample):
    meeting, _, _ = load(sample)
    plan = seating.plan(meeting)
    assert names(plan.hall[0]) == [None] * 20  # 預留排 1
    placed = {p.id: s for p, s in ((p, plan.seat_of[p.id]) for p in plan.order) if s.area == "台下"}
    hall_people = [p for p in meeting.people
                   if p.seated and not p.rostrum and p.attendance != "請假"]
    assert set(placed) == {p.id for p in hall_people}
    # unit blocks that fit a section (5, 10 and 5 seats) sit in one row and one section
    for unit, category, people in plan.blocks:
        seats = {(placed[p.id].row, placed[p.id].section) for p in people}
        if len(people) <= 5:
            assert len(seats) == 1, (unit, category, seats)
    # blocks follow the 單位排序 front to back, left to right; 出席 before 列席 before 特邀
    stream = [(placed[p.id].row, placed[p.id].position) for _, _, people in plan.blocks for p in people]
    assert stream == sorted(stream)
    rank = {"出席": 0, "列席": 1, "特邀": 2}
    assert [rank[c] for _, c, _ in plan.blocks] == sorted(rank[c] for _, c, _ in plan.blocks)
    units = meeting.units
    attending = [u for u, c, _ in plan.blocks if c == "出席"]
    assert attending == sorted(attending, key=units.index)
    for _, _, people in plan.blocks:  # within a unit: 職級序號, then list order
        assert [p.rank_key for p in people] == sorted(p.rank_key for p in people)


def test_staff_leave_and_rostrum_people_are_not_in_the_hall(write, data):
    settings, people, tables = data
    people[30]["類別"] = "工作人員"
    people[31]["出席情況"] = "請假"
    people[0]["出席情況"] = "請假"  # #1 on leave: #2 takes the centre
    meeting, report = meeting_of(write, settings, people, tables)
    plan = seating.plan(meeting)
    assert people[30]["編號"] not in plan.seat_of and people[31]["編號"] not in plan.seat_of
    assert people[0]["編號"] not in plan.seat_of
    assert plan.seat_of[people[1]["編號"]].number == 1
    rostrum = {p.id for row in plan.rostrum for _, p in row if p}
    hall = {p.id for row in plan.hall for _, p in row if p}
    assert not rostrum & hall and len(plan.order) == len(rostrum) + len(hall) == 85


def test_odd_even_and_sequential_hall_numbering(write, data):
    settings, people, tables = data
    assert seating.hall_numbers(7, "單雙號") == [6, 4, 2, 1, 3, 5, 7]
    assert seating.hall_numbers(6, "單雙號") == [6, 4, 2, 1, 3, 5]
    assert seating.hall_numbers(4, "順序") == [1, 2, 3, 4]
    meeting, _ = meeting_of(write, settings, people, tables)
    plan = seating.plan(meeting)
    row = plan.hall[1]
    assert [s.number for s, _ in row] == [20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]
    assert [s.position for s, _ in row] == list(range(1, 21))
    assert row[10][0].label == "台下2排1座"
    settings["台下座號"] = "順序"
    meeting, _ = meeting_of(write, settings, people, tables)
    plan = seating.plan(meeting)
    assert [s.number for s, _ in plan.hall[1]] == list(range(1, 21))


def test_too_few_hall_seats_is_an_error_with_both_counts(write, data):
    settings, people, tables = data
    settings.update({"台下排數": 3, "台下每排座位數": 10, "預留排": "1"})
    meeting, report = meeting_of(write, settings, people, tables)
    found = [p for p in report.errors if p.code == "hall_too_small"]
    assert len(found) == 1
    text = found[0].msg.text()
    assert "需要77個座位" in text and "只有20個" in text and found[0].sheet == "會場"


def test_hall_shape_defaults_when_the_venue_sheet_is_empty(write, data):
    settings, people, tables = data
    for key in ("主席台排數", "主席台每排座位數", "台下排數", "台下每排座位數", "過道", "預留排"):
        settings[key] = ""
    meeting, report = meeting_of(write, settings, people, tables)
    assert report.valid, report.to_text()
    plan = seating.plan(meeting)
    assert [len(r) for r in plan.rostrum] == [7, 4]  # as many seats as people
    assert [len(r) for r in plan.hall] == [20, 20, 20, 20]  # 77 people, 20 a row
    assert len(plan.order) == 88


# -- documents ------------------------------------------------------------------------------

def base(shape) -> str:
    """The shape's name without the id the deck writer appends ("Hall 3-7 215" -> "Hall 3-7")."""
    return shape.name.rsplit(" ", 1)[0]


def is_seat(shape, area: str) -> bool:
    head, _, tail = base(shape).partition(" ")
    return head == area and "-" in tail


def _deck(meeting):
    files = seat_chart.render(Context(meeting))
    return Presentation(io.BytesIO(files["座次圖.pptx"]))


def _check_fits(prs):
    """Every shape inside the slide, every text run with a:ea, no line wider or taller than its box."""
    for slide in prs.slides:
        for shape in slide.shapes:
            assert 0 <= shape.left and shape.left + shape.width <= prs.slide_width, shape.name
            assert 0 <= shape.top and shape.top + shape.height <= prs.slide_height, shape.name
            if not shape.has_text_frame:
                continue
            w, h = shape.width / 36000, shape.height / 36000
            tall = 0.0
            for para in shape.text_frame.paragraphs:
                runs = para.runs
                if not runs:
                    continue
                size = max(r.font.size.pt for r in runs)
                tall += size * 1.2 * PT_MM
                wide = sum(display_width(r.text) * r.font.size.pt * PT_MM for r in runs)
                assert wide <= w + 0.01, (shape.name, para.text, wide, w)
                for r in runs:
                    assert r._r.find(f"{A}rPr/{A}ea") is not None
            assert tall <= h + 0.01, (shape.name, shape.text_frame.text, tall, h)


def test_seat_chart_reads_back_left_to_right(sample):
    meeting, _, _ = load(sample)
    prs = _deck(meeting)
    assert len(prs.slides) == 1
    slide = prs.slides[0]
    boxes = {}
    for shape in slide.shapes:
        if is_seat(shape, "Rostrum"):
            row = int(base(shape).split()[1].split("-")[0])
            boxes.setdefault(row, []).append(shape)
    for row, expected in ((1, [None, *ROW1, None]), (2, [None, None, *ROW2, None])):
        shapes = sorted(boxes[row], key=lambda s: s.left)
        got = []
        for s in shapes:
            paras = [p.text for p in s.text_frame.paragraphs]
            got.append(paras[0].replace("\u3000", "") if len(paras) == 2 else None)
        assert got == expected
    numbers = [s.text_frame.paragraphs[-1].text for s in sorted(boxes[1], key=lambda s: s.left)]
    assert numbers == ["9", "7", "5", "3", "1", "2", "4", "6", "8"]
    padded = next(s for s in boxes[2] if "王" in s.text_frame.text)
    assert padded.text_frame.paragraphs[0].text == "王\u3000芳"  # padded like the plates
    assert min(s.top for s in boxes[1]) > max(s.top for s in boxes[2])  # row 1 nearest the hall
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert "主席台" in texts and "台下" in texts
    assert any("從台下" in t and "面向主席台" in t for t in texts)  # the view is stated
    hall = [s for s in slide.shapes if is_seat(s, "Hall")]
    assert len(hall) == 9 * 20  # reserved row 1 drawn as 預留 bars
    legend = [s.text_frame.text for s in slide.shapes if base(s) == "Legend"]
    assert legend[:3] == ["區委組織部", "區委宣傳部", "區委辦公室"]  # the 單位排序 order
    _check_fits(prs)


def test_large_hall_splits_into_readable_pages(write, data):
    settings, people, tables = data
    settings.update({"台下排數": 24, "台下每排座位數": 40, "過道": "10,30", "預留排": ""})
    meeting, report = meeting_of(write, settings, people, tables)
    prs = _deck(meeting)
    assert prs.slide_width == 420 * 36000  # A3 landscape
    assert len(prs.slides) > 2
    hall = [s for slide in list(prs.slides)[1:] for s in slide.shapes if is_seat(s, "Hall")]
    assert sorted(base(s) for s in hall) == sorted(f"Hall {r}-{p}" for r in range(1, 25) for p in range(1, 41))
    assert min(s.width for s in hall) >= 11 * 36000 - 1  # readable boxes
    _check_fits(prs)


def test_seat_list_rows_and_lookup_sheet(sample):
    meeting, _, _ = load(sample)
    wb = openpyxl.load_workbook(io.BytesIO(seat_list.render(Context(meeting))["座次表.xlsx"]))
    ws, look = wb.worksheets
    header = next(r for r in range(1, 5) if ws.cell(row=r, column=1).value == "區域")
    assert [c.value for c in ws[header]] == ["區域", "排", "座號", "位置", "姓名", "單位", "職務"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=header + 1)]
    assert len(rows) == 88
    assert [r[4] for r in rows[:7]] == ROW1 and [r[3] for r in rows[:7]] == [2, 3, 4, 5, 6, 7, 8]
    assert rows[3][:5] == ["主席台", 1, 1, 5, "趙建國"]
    hall = rows[11:]
    assert all(r[0] == "台下" for r in hall)
    assert [(r[1], r[3]) for r in hall] == sorted((r[1], r[3]) for r in hall)
    assert ws.cell(row=header + 1, column=5).font.name == "宋体"
    lheader = next(r for r in range(1, 5) if look.cell(row=r, column=1).value == "姓名")
    lrows = [[c.value for c in r] for r in look.iter_rows(min_row=lheader + 1)]
    by_stroke = [p.name for p in order_people(meeting, meeting.people, by="姓氏筆畫") if p.id in seating.plan(meeting).seat_of]
    assert [r[0] for r in lrows] == by_stroke
    where = {r[4]: (r[0], r[1], r[2]) for r in rows}
    assert all(where[r[0]] == (r[3], r[4], r[5]) for r in lrows)


def test_simplified_meeting_gets_simplified_labels_and_unchanged_names(write, data):
    settings, people, tables = data
    settings["文字"] = "簡體"
    meeting, report = meeting_of(write, settings, people, tables, script="簡體")
    ctx = Context(meeting)
    assert set(seat_chart.render(ctx)) == {"座次图.pptx"}
    plan = seating.plan(meeting)
    assert plan.seat_of[meeting.people[0].id].label == "主席台第1排1号"
    pages = name_plates.pages(ctx)
    assert pages[meeting.people[0].id].endswith("|主席台第1排1号")
    wb = openpyxl.load_workbook(io.BytesIO(seat_list.render(ctx)["座次表.xlsx"]))
    assert wb.worksheets[0]["A1"].value.endswith("座次表")
    assert any(c.value == "趙建國" for row in wb.worksheets[0].iter_rows() for c in row)  # names as typed


def test_hall_in_list_order_follows_the_name_order(write, data):
    settings, people, tables = data
    settings.update({"台下排序": "按名單", "名單排序": "姓氏筆畫"})
    meeting, report = meeting_of(write, settings, people, tables)
    plan = seating.plan(meeting)
    hall = [p for p in plan.order if plan.seat_of[p.id].area == "台下"]
    expected = [p for p in order_people(meeting, meeting.people) if p.seated and not p.rostrum]
    rank = {"出席": 0, "列席": 1, "特邀": 2}
    assert hall == sorted(expected, key=lambda p: rank[p.category])  # stroke order within 出席, 列席, 特邀


@pytest.mark.parametrize("mode", ["原順序", "職級", "姓氏筆畫"])
def test_part_of_the_list_is_ordered_as_if_sorted_by_itself(write, data, mode):
    # Context.ordered filters the whole list, sorted once, for people of the list: it must give
    # exactly what sorting the part would, in any order it comes, staff of the 工作人員 sheet too
    from pipeline.plan.meals import staff_members

    settings, people, tables = data
    settings["名單排序"] = mode
    people[5]["姓名"] = people[3]["姓名"]  # the name's keys tie: their places in the list decide
    meeting, report = meeting_of(write, settings, people, tables)
    ctx = Context(meeting)
    everyone = meeting.people
    staff = staff_members(meeting)
    assert staff and everyone
    parts = {
        "every other one": everyone[::2],
        "backwards": everyone[::-1],
        "shuffled": sorted(everyone, key=lambda p: hash(p.id) % 7),
        "with the staff sheet": [*everyone[1::3], *staff],
    }
    for what, part in parts.items():
        assert [p.id for p in ctx.ordered(part)] == [p.id for p in order_people(meeting, part)], what
    assert [p.id for p in ctx.ordered(everyone[::-1])] == [p.id for p in ctx.ordered()]
