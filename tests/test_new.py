"""`huiwu new`: the blank workbook staff start from."""

import openpyxl
from click.testing import CliRunner

from pipeline import schema
from pipeline.check import load
from pipeline.cli import main


def test_blank_workbook_has_every_sheet_headers_and_dropdowns(tmp_path):
    path = tmp_path / "會議.xlsx"
    result = CliRunner().invoke(main, ["new", str(path)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "說明"
    for spec in schema.SHEETS:
        assert spec.name in wb.sheetnames
    people = wb["參會人員"]
    headers = [c.value for c in people[1]]
    assert headers == [c.name for c in schema.SHEETS_BY_NAME["參會人員"].columns]
    assert people.freeze_panes == "A2"
    letter = {h: openpyxl.utils.get_column_letter(i) for i, h in enumerate(headers, start=1)}
    lists = {}
    for dv in people.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            lists[rng.coord.split(":")[0].rstrip("0123456789")] = dv.formula1
    assert lists[letter["性別"]] == '"男,女"'
    assert lists[letter["類別"]] == '"出席,列席,特邀,工作人員"'
    assert lists[letter["需接站"]] == '"是,否"'
    assert lists[letter["到達方式"]] == '"飛機,火車,自駕,其他"'
    assert lists[letter["房型"]] == '"單間,標間"'
    assert lists[letter["民族"]] == "'選項'!$A$1:$A$56"
    options = [wb["選項"].cell(row=i, column=1).value for i in range(1, 57)]
    assert options[:3] == ["漢族", "蒙古族", "回族"] and len(set(options)) == 56
    assert people[f"{letter['手機']}2"].number_format == "@"
    assert people[f"{letter['航班車次']}2"].number_format == "@"
    meeting = wb["會議"]
    kinds = {meeting.cell(row=r, column=1).value: r for r in range(2, meeting.max_row + 1)}
    validations = {str(dv.sqref): dv.formula1 for dv in meeting.data_validations.dataValidation}
    assert "黨代會" in validations[f"B{kinds['會議類型']}"]
    assert validations[f"B{kinds['名單排序']}"] == '"原順序,姓氏筆畫,職級"'
    assert validations[f"B{kinds['座次慣例']}"] == '"左為上,右為上"'
    rows = [[c.value for c in r] for r in wb["說明"].iter_rows(min_row=2)]
    name_row = next(r for r in rows if r[1] == "姓名")
    assert name_row[2] == "是" and name_row[4] == "王芳"
    assert next(r for r in rows if r[1] == "性別")[3] == "男或女"
    assert len([r for r in rows if r[1]]) == sum(len(s.columns) if not s.settings else len(schema.settings_of(s.name))
                                                  for s in schema.SHEETS)


def test_blank_workbook_checks_with_only_the_example_warning_and_missing_name(tmp_path):
    path = tmp_path / "blank.xlsx"
    CliRunner().invoke(main, ["new", str(path)])
    _, report, _ = load(path)
    errors = {(p.code, p.column) for p in report.errors}
    assert errors == {("missing_setting", "會議名稱")}  # fill in 會議名稱 and the list: no other error
    assert "example_row" in {p.code for p in report.warnings}


def test_new_refuses_to_overwrite(tmp_path):
    path = tmp_path / "會議.xlsx"
    path.write_bytes(b"staff data")
    result = CliRunner().invoke(main, ["new", str(path)])
    assert result.exit_code == 1
    assert "已經存在，不會覆蓋" in result.output
    assert path.read_bytes() == b"staff data"


def test_new_in_simplified(tmp_path):
    path = tmp_path / "会议.xlsx"
    CliRunner().invoke(main, ["new", str(path), "--script", "簡體"])
    wb = openpyxl.load_workbook(path)
    assert "参会人员" in wb.sheetnames and "会议" in wb.sheetnames
    meeting, report, _ = load(path)
    assert meeting.script == "簡體"
