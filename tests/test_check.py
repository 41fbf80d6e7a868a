"""`huiwu check`: every problem with its sheet, Excel row, column, value and a fix; exit codes."""

import json
import os

import openpyxl
import pytest
from click.testing import CliRunner

from pipeline.check import load
from pipeline.cli import main


def problems(path):
    _, report, _ = load(path)
    return {(p.severity, p.code, p.sheet, p.row, p.column): p for p in report.problems}


def person(**kw):
    base = {"編號": kw.pop("編號", None), "單位": "區財政局", "姓名": "張三", "性別": "男", "民族": "漢族", "類別": "出席"}
    base.update(kw)
    return base


def test_sample_meeting_is_clean(sample):
    meeting, report, _ = load(sample)
    assert report.problems == []
    assert meeting.name == "中共示範區委十屆五次全體（擴大）會議"
    assert len(meeting.people) == 88
    assert len(set(p.unit for p in meeting.people)) >= 12


def test_every_problem_is_reported_in_one_run(write, data):
    settings, _, tables = data
    people = [
        person(編號="A1", 姓名="張三", 手機=13800138000.0),                      # row 2: fine, phone from a float
        person(編號="A2", 姓名="張三"),                                         # row 3: same person twice
        person(編號="A2", 姓名="李四", 性別="M", 民族="火星"),                  # row 4: duplicate id, bad ethnic
        person(編號="A4", 姓名="", 職務="科長"),                                # row 5: empty name
        person(編號="A5", 姓名="王五", 需接站="是", 到達時間="12月17日下午3點"),   # row 6: no station
        person(編號="A6", 姓名="趙六", 到達時間="下週一", 手機="1380013800"),     # row 7: bad date, short mobile
        person(編號="A7", 姓名="張三", 單位="區教育局", 到達時間="12月19日9:00"),  # row 8: same name elsewhere; late
        person(編號="A8", 姓名="孫七", 住宿="也許", 類別="嘉賓"),                  # row 9: bad yes/no, bad category
    ]
    found = problems(write(settings, people, tables))
    sheet = "參會人員"
    expected = {
        ("error", "duplicate_person", sheet, 3, "姓名"),
        ("error", "duplicate_id", sheet, 4, "編號"),
        ("error", "bad_ethnic", sheet, 4, "民族"),
        ("error", "empty_name", sheet, 5, "姓名"),
        ("error", "missing_for_pickup", sheet, 6, "到達站點"),
        ("error", "bad_date", sheet, 7, "到達時間"),
        ("warning", "bad_mobile", sheet, 7, "手機"),
        ("warning", "same_name_other_unit", sheet, 8, "姓名"),
        ("warning", "late_arrival", sheet, 8, "到達時間"),
        ("error", "bad_yes_no", sheet, 9, "住宿"),
        ("error", "bad_choice", sheet, 9, "類別"),
    }
    assert expected <= set(found)
    assert not any(k[1] == "bad_gender" for k in found)  # "M" is a man
    dup = found[("error", "duplicate_person", sheet, 3, "姓名")]
    assert dup.msg.text() == ("「區財政局」的「張三」與第2行重複。請刪除重複的一行；確是兩人時請在姓名後加註區分，如「張三（大）」。")
    assert found[("error", "duplicate_id", sheet, 4, "編號")].msg.text() == "編號「A2」與第3行重複。每人的編號必須不同。"
    assert found[("error", "missing_for_pickup", sheet, 6, "到達站點")].msg.text() == (
        "「需接站」為「是」，但沒有填寫「到達站點」。請填寫到達站點，或把「需接站」改為「否」。")
    assert found[("warning", "late_arrival", sheet, 8, "到達時間")].value == "2026-12-19 09:00"


def test_missing_sheet_and_column_say_where(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "會議"
    ws.append(["項目", "內容"])
    ws.append(["會議類型", "常委會"])
    people = wb.create_sheet("人員表")
    people.append(["單位", "職務"])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    found = problems(path)
    assert ("error", "missing_setting", "會議", None, "會議名稱") in found
    assert ("error", "missing_sheet", "參會人員", None, None) in found
    assert found[("error", "missing_sheet", "參會人員", None, None)].msg.text().startswith("工作簿缺少工作表「參會人員」")


def test_missing_required_column(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "會議"
    ws.append(["項目", "內容"])
    ws.append(["會議名稱", "測試會"])
    people = wb.create_sheet("參會人員")
    people.append(["單位", "職務", "性別", "民族"])
    people.append(["區財政局", "局長", "男", "漢"])
    path = tmp_path / "nocol.xlsx"
    wb.save(path)
    found = problems(path)
    p = found[("error", "missing_column", "參會人員", None, "姓名")]
    assert "應有「姓名」列" in p.msg.text()


def test_title_row_merged_units_simplified_headers_and_formulas(tmp_path):
    """A title row above the header, a merged 单位 cell, simplified names, a formula with no cached value."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "会议"
    ws.append(["项目", "内容"])
    ws.append(["会议名称", "简体测试会"])
    ws.append(["开始时间", "2026-12-18 9:00"])
    p = wb.create_sheet("参会人员")
    p.append(["简体测试会参会人员名单"])
    p.merge_cells("A1:E1")
    p.append(["单位", "姓名", "性别", "民族", "职级序号"])
    p.append(["区财政局", "王 芳", "女", "回", 3])
    p.append([None, "李四", "男", "汉族", "=1+1"])
    p.merge_cells("A3:A4")
    path = tmp_path / "simp.xlsx"
    wb.save(path)
    meeting, report, _ = load(path)
    assert meeting.script == "簡體"
    assert [(x.name, x.unit, x.ethnic) for x in meeting.people] == [("王芳", "区财政局", "回族"), ("李四", "区财政局", "漢族")]
    codes = {(q.code, q.row, q.column) for q in report.problems}
    assert ("formula_no_value", 4, "職級序號") in codes
    formula = next(q for q in report.problems if q.code == "formula_no_value")
    assert formula.as_dict("簡體")["message"].startswith("公式没有计算结果")
    assert ("id_assigned", 3, "編號") in codes


def test_ids_assigned_deterministically(write, data):
    settings, people, tables = data
    for p in people:
        p["編號"] = None
    m1, _, _ = load(write(settings, people, tables, name="a.xlsx"))
    people.insert(0, people.pop(5))  # reordering rows keeps everyone's id
    m2, _, _ = load(write(settings, people, tables, name="b.xlsx"))
    assert {p.name: p.id for p in m1.people} == {p.name: p.id for p in m2.people}
    assert len({p.id for p in m1.people}) == len(m1.people)


def test_json_format_and_exit_codes(write, data):
    settings, people, tables = data
    people[3]["性別"] = "未知"
    path = write(settings, people, tables)
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json", "-o", str(path.parent / "out")])
    assert result.exit_code == 1
    items = json.loads(result.output)
    assert items[0] == {"severity": "error", "code": "bad_gender", "sheet": "參會人員", "row": 5, "column": "性別",
                        "value": "未知", "message": "性別「未知」無法識別。請填寫「男」或「女」。"}
    assert all(set(i) == {"severity", "code", "sheet", "row", "column", "value", "message"} for i in items)
    # the annotated copy marks the cell and leaves the input alone
    marked = openpyxl.load_workbook(path.parent / "out" / "校驗結果.xlsx")["參會人員"]["F5"]
    assert marked.comment.text == "性別「未知」無法識別。請填寫「男」或「女」。"
    assert marked.fill.fgColor.rgb.endswith("FFC7CE")


def test_text_table_lists_every_problem(write, data):
    settings, people, tables = data
    people[3]["性別"] = "未知"
    people[4]["住宿"] = "大概"
    result = CliRunner().invoke(main, ["check", str(write(settings, people, tables)), "-o", "/tmp/huiwu-test-check"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].split() == ["級別", "工作表", "行", "列", "值", "說明"]
    assert lines[1].split()[:5] == ["錯誤", "參會人員", "5", "性別", "未知"]
    assert lines[2].split()[:5] == ["錯誤", "參會人員", "6", "住宿", "大概"]
    assert "共 2 個錯誤，0 個警告。請修改工作簿後重新運行。" in result.output


def test_clean_workbook_exits_zero(sample):
    result = CliRunner().invoke(main, ["check", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("檢查通過")


@pytest.mark.parametrize("name,content,expected", [
    ("~$m.xlsx", b"x", "是 Excel 打開文件時產生的臨時鎖定文件"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "舊版 Excel 97-2003（.xls）文件"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"), "設有打開密碼"),
    ("list.csv", "姓名,單位\n王芳,財政局\n".encode(), "CSV 文本文件"),
    ("notes.txt", b"hello", "不是 Excel 工作簿"),
    ("broken.xlsx", b"PK\x03\x04garbage", "不是 Excel 工作簿"),
])
def test_unreadable_files_one_line_exit_2(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    for command in ("check", "build"):
        result = CliRunner().invoke(main, [command, str(path), "-o", str(tmp_path / "o")])
        assert result.exit_code == 2, result.output
        assert expected in result.output
        assert len(result.output.strip().splitlines()) == 1
        assert "Traceback" not in result.output


def test_missing_path_exit_2(tmp_path):
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 2
    assert "找不到文件" in result.output


def test_input_workbook_is_never_written(write, data, tmp_path):
    settings, people, tables = data
    people[2]["性別"] = "未知"
    path = write(settings, people, tables)
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    CliRunner().invoke(main, ["check", str(path), "-o", str(tmp_path / "o")])
    CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "o")])
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before


def test_shipped_sample_matches_its_generator_and_the_issue(tmp_path):
    """inputs/ holds what pipeline/sample.py makes: 80+ people, 12+ units, minorities, 清真, planes and 高鐵, rostrum 7 + 4."""
    from pathlib import Path

    from pipeline.sample import save_sample

    shipped = next((Path(__file__).parent.parent / "inputs").glob("*.xlsx"))
    save_sample(tmp_path / "fresh.xlsx")
    a, report, _ = load(shipped)
    b, _, _ = load(tmp_path / "fresh.xlsx")
    assert report.problems == []
    assert [p.fields() for p in a.people] == [p.fields() for p in b.people]
    assert dict(a.settings) == dict(b.settings)
    assert a.setting("會議類型") == "全體會議" and "全體（擴大）會議" in a.name
    assert len(a.people) >= 80 and len({p.unit for p in a.people}) >= 12
    assert any(p.ethnic not in ("", "漢族") for p in a.people) and any(p.diet == "清真" for p in a.people)
    assert {p.arrival_station for p in a.people if p.pickup} == {"機場", "高鐵站"}
    assert [sum(1 for p in a.people if p.rostrum == row) for row in (1, 2)] == [7, 4]


def test_a_cell_that_cannot_be_read_leaves_the_persons_default(write, data):
    """The person is still made (the checks that follow read it): a text field whose cell could not be
    read is empty text, not None; a choice falls back to its default."""
    settings, _, tables = data
    people = [person(編號="A1", 姓名="張三", 民族="火星", 類別="嘉賓", 住宿="也許", 到達時間="下週一"),
              person(編號="A2", 姓名="李四")]
    meeting, report, _ = load(write(settings, people, tables))
    codes = {p.code for p in report.problems}
    assert {"bad_ethnic", "bad_choice", "bad_yes_no", "bad_date"} <= codes
    first = meeting.people[0]
    assert (first.ethnic, first.category, first.lodging, first.arrival_time) == ("", "出席", False, None)
    assert (meeting.people[1].ethnic, meeting.people[1].name) == ("漢族", "李四")
