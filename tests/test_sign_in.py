"""簽到表: order, per-unit sheets, leave and stand-ins, expected counts and print setup, read back from the file."""

from __future__ import annotations

import io

import openpyxl
import pytest

from pipeline.check import load
from pipeline.context import Context
from pipeline.new import build_workbook
from pipeline.render import sign_in
from pipeline.sample import meeting_data

HEADERS = ["序號", "姓名", "單位", "職務", "簽名", "備註"]


def make(tmp_path, settings_edit=None, people=30):
    settings, rows, tables = meeting_data(people=people)
    settings.update(settings_edit or {})
    rows[1]["出席情況"] = "請假"
    rows[1]["備註"] = "由區政府副區長孫強代會"
    rows[-1]["出席情況"] = "請假"
    rows[6]["類別"] = "工作人員"
    rows.append({"編號": "X001", "姓名": "無名氏", "類別": "特邀"})  # no unit
    path = tmp_path / "m.xlsx"
    build_workbook(settings, rows, tables).save(path)
    meeting, report, _ = load(path)
    assert report.valid, report.to_text()
    return meeting


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    return make(tmp_path_factory.mktemp("sign_in"))


@pytest.fixture(scope="module")
def book(meeting):
    return openpyxl.load_workbook(io.BytesIO(sign_in.render(Context(meeting))["簽到表.xlsx"]))


def body(ws):
    """The numbered rows under the header (row 3), and the summary line after them."""
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    people = [r for r in rows if isinstance(r[0], int)]
    return people, rows[len(people)][0]


def test_whole_list_in_meeting_order(meeting, book):
    ws = book.worksheets[0]
    assert ws.title == "全體"
    assert ws["A1"].value == meeting.name + "簽到表"
    assert [c.value for c in ws[3]] == HEADERS
    people, _ = body(ws)
    want = [p for p in Context(meeting).ordered() if p.category != "工作人員"]
    assert [r[1] for r in people] == [p.name for p in want]  # 姓氏筆畫, as the meeting says
    assert [r[0] for r in people] == list(range(1, len(want) + 1))
    assert [(r[2] or "", r[3] or "") for r in people] == [(p.unit, p.title) for p in want]
    assert all(r[4] in (None, "") for r in people)  # the signature cell is left blank
    assert meeting.people[6].name not in {r[1] for r in people}  # 工作人員 do not sign in


def test_leave_and_stand_in(meeting, book):
    people, _ = body(book.worksheets[0])
    remarks = {r[1]: r[5] for r in people}
    assert remarks[meeting.people[1].name] == "請假（由區政府副區長孫強代會）"
    assert remarks[meeting.people[-2].name] == "請假（R&D <試點> 負責人）"  # the sample's last note
    assert sum(1 for v in remarks.values() if v) == 2


def test_expected_counts(meeting, book):
    people, summary = body(book.worksheets[0])
    signing = [p for p in meeting.people if p.category != "工作人員"]
    counts = {c: sum(1 for p in signing if p.category == c) for c in ("出席", "列席", "特邀")}
    assert summary == (f"應到{len(signing)}人（出席{counts['出席']}人、列席{counts['列席']}人、特邀{counts['特邀']}人），"
                       "請假2人，實到＿＿＿人。")
    assert len(people) == len(signing)


def test_one_sheet_per_unit_in_unit_order(meeting, book):
    ctx = Context(meeting)
    signing = [p for p in ctx.ordered() if p.category != "工作人員"]
    units = [u for u in dict.fromkeys(meeting.units) if any(p.unit == u for p in signing)]
    assert book.sheetnames == ["全體", *units, "未填單位"]
    for unit in units:
        ws = book[unit]
        people, summary = body(ws)
        mine = [p for p in signing if p.unit == unit]
        assert [r[1] for r in people] == [p.name for p in mine]
        assert [r[0] for r in people] == list(range(1, len(mine) + 1))
        assert summary.startswith(f"應到{len(mine)}人")
        assert ws["A2"].value.startswith("單位：" + unit)
    people, _ = body(book["未填單位"])
    assert [r[1] for r in people] == ["無名氏"]


def test_print_setup(book):
    for ws in book.worksheets:
        assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "portrait"
        assert ws.print_title_rows == "$1:$3"  # title, subtitle and header on every page
        assert ws.column_dimensions["E"].width >= 20  # wide enough to sign
        first, last = 4, 3 + len(body(ws)[0])
        assert all(ws.row_dimensions[r].height >= 28 for r in range(first, last + 1))  # tall enough to sign
        assert ws.cell(row=first, column=5).border.left.style == "thin"


def test_sheet_titles_are_legal():
    taken: set[str] = set()
    assert sign_in.sheet_title("區委/區政府辦公室[聯合]", taken) == "區委_區政府辦公室_聯合_"
    long = "示範區" * 12
    first, second = sign_in.sheet_title(long, taken), sign_in.sheet_title(long, taken)
    assert len(first) == 31 and len(second) == 31 and first != second


def test_simplified_meeting(tmp_path):
    meeting = make(tmp_path, {"文字": "簡體"}, people=14)
    files = sign_in.render(Context(meeting))
    assert list(files) == ["签到表.xlsx"]
    book = openpyxl.load_workbook(io.BytesIO(files["签到表.xlsx"]))
    ws = book.worksheets[0]
    assert ws.title == "全体"
    assert [c.value for c in ws[3]] == ["序号", "姓名", "单位", "职务", "签名", "备注"]
    names = {r[1] for r in body(ws)[0]}
    assert "趙建國" in names  # people's own names stay as written
    assert sign_in.render(Context(meeting)) == files


def test_rows_kept_between_builds_equal_rows_made_afresh(write, data, tmp_path, monkeypatch, rows_made):
    """A list's rows are kept in the cache folder between builds: a changed title makes that person's
    rows again and no other. A rename then moves rows (and their 序號); the list made with kept rows
    is the one a fresh build makes."""
    from pipeline.build import build
    from pipeline.render import _xlsxfast

    monkeypatch.setenv("HUIWU_JOBS", "1")
    settings, people, tables = data
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build(write(settings, people, tables), out, only=("sign_in",))
    first_before = body(openpyxl.load_workbook(out / "簽到表.xlsx").worksheets[0])[0][0][1]
    who = next(p for p in reversed(people) if p.get("出席情況") != "請假" and p.get("類別", "出席") != "工作人員")
    who["職務"] = "新任職務"
    rows_made.clear()
    build(write(settings, people, tables), out, only=("sign_in",))
    # the person's row on the whole list and on the unit's sheet, and the line in 變更說明
    assert len(rows_made) == 3 and all("新任職務" in key for key in rows_made), rows_made

    who["姓名"] = "丁一"  # two strokes: first in stroke order, everyone before them a line down
    changed = write(settings, people, tables)
    rows_made.clear()
    build(changed, out, only=("sign_in",))
    # rows that moved down keep their XML: their 序號 is not part of it
    assert rows_made and all(any("丁一" in value for value in key[2:]) for key in rows_made), rows_made
    rows = body(openpyxl.load_workbook(out / "簽到表.xlsx").worksheets[0])[0]
    assert [r[1] for r in rows[:2]] == ["丁一", first_before]
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    monkeypatch.setenv("HUIWU_CACHE", str(tmp_path / "empty"))
    _xlsxfast._ROWS.clear()  # as a new process finds them
    build(changed, fresh, only=("sign_in",))
    assert (out / "簽到表.xlsx").read_bytes() == (fresh / "簽到表.xlsx").read_bytes()


def test_numbers_and_text_that_look_alike_stay_apart():
    """1 and 1.0 are one key to a dict; a kept row must not turn one into the other."""
    from pipeline.render import _xlsxfast

    a, b = _xlsxfast.Sheet("a", [8, 8]), _xlsxfast.Sheet("b", [8, 8])
    a.row([1, "1"], "cc")
    b.row([1.0, "1"], "cc")
    a_xml, b_xml = a.xml(True).decode(), b.xml(True).decode()
    assert '<c r="A1" s="4"><v>1</v>' in a_xml and '<c r="A1" s="4"><v>1.0</v>' in b_xml
    assert '<c r="B1" s="4" t="inlineStr"><is><t xml:space="preserve">1</t>' in b_xml
    # True and 1 are one key too, and None and "" print alike: each row as its own values print it
    c = _xlsxfast.Sheet("c", [8, 8])
    for first in (True, 1, None, "", 1.0):
        c.row([first, "1"], "cc")
    c_xml = c.xml(True).decode()
    assert '<c r="A1" s="4" t="inlineStr"><is><t xml:space="preserve">是</t>' in c_xml
    assert '<c r="A2" s="4"><v>1</v>' in c_xml and '<c r="A5" s="4"><v>1.0</v>' in c_xml
    assert '<c r="A3" s="4"/>' in c_xml and '<c r="A4" s="4"/>' in c_xml


def test_list_cells_read_back_as_written_numbers_filled_in_control_characters_dropped(tmp_path):
    """A row of printable text takes the quick path; one with a control character, a number or a
    date the careful one. Row numbers and running numbers are filled in at the end: all read back right."""
    import datetime as dt

    import openpyxl

    from pipeline.render import _xlsxfast

    sheet = _xlsxfast.Sheet("名單", [6, 10, 10])
    sheet.title("標題")
    sheet.row([1, "王\x07芳", "處長"], "#cc")
    sheet.row([2, "李四", 3.5], "#cc")
    sheet.row([3, "張三", dt.date(2026, 12, 1)], "#cc")
    sheet.row(["", "趙六", "\x01\x04"], "#cc")  # a cell that looks like the running-number mark is text
    sheet.row([4, "錢七", "科員"], "#cc")  # plain text again, after rows that were not (cell by cell now)
    path = tmp_path / "list.xlsx"
    path.write_bytes(_xlsxfast.workbook([sheet]))
    ws = openpyxl.load_workbook(path)["名單"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=6)] == [
        ["標題", None, None],
        [1, "王芳", "處長"],
        [2, "李四", 3.5],
        [3, "張三", "12月1日"],
        [None, "趙六", None],
        [4, "錢七", "科員"],
    ]
