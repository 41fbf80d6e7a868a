"""會議代表登記表.xlsx: the columns, the order, text kept as text, ready to print."""

import io

import openpyxl

from pipeline.check import load
from pipeline.context import Context
from pipeline.render import registration

HEADERS = ["序號", "單位", "姓名", "職務", "性別", "民族", "手機", "到達時間", "航班車次", "需接站", "住宿", "備註"]


def sheet(path):
    meeting, report, _ = load(path)
    assert report.valid, report.to_text()
    files = registration.render(Context(meeting))
    return meeting, openpyxl.load_workbook(io.BytesIO(files["會議代表登記表.xlsx"])).active


def table(ws):
    header = next(r for r in range(1, 6) if ws.cell(row=r, column=1).value in ("序號", "序号"))
    return header, [[c.value for c in row] for row in ws.iter_rows(min_row=header + 1)]


def test_title_columns_and_rank_order(write, data):
    settings, people, tables = data
    settings["名單排序"] = "職級"
    people[5]["職級序號"], people[0]["職級序號"] = 1, 6  # swap the top two ranks
    people[3]["類別"] = "工作人員"
    meeting, ws = sheet(write(settings, people, tables))
    assert ws["A1"].value == "中共示範區委十屆五次全體（擴大）會議代表登記表"
    header, rows = table(ws)
    assert [c.value for c in ws[header]] == HEADERS
    names = [r[2] for r in rows]
    assert people[3]["姓名"] not in names  # staff are not delegates
    top = [people[i]["姓名"] for i in (5, 1, 2, 4, 0, 6)]  # ranks 1..7 without the staff member (rank 4)
    assert names[:6] == top
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    first = rows[0]
    assert first[6] == people[5]["手機"] and isinstance(first[6], str)


def test_original_order_ties_and_text_cells(write, data):
    settings, people, tables = data
    settings["名單排序"] = "原順序"
    people[10]["備註"] = "=SUM(A1:A3)"
    people[11]["手機"] = 13912345678
    meeting, ws = sheet(write(settings, people, tables))
    header, rows = table(ws)
    assert [r[2] for r in rows] == [p["姓名"] for p in people]
    by_name = {r[2]: (i, r) for i, r in enumerate(rows)}
    i, row = by_name[people[10]["姓名"]]
    cell = ws.cell(row=header + 1 + i, column=12)
    assert cell.value == "=SUM(A1:A3)" and cell.data_type == "s"  # text, never a formula
    assert by_name[people[11]["姓名"]][1][6] == "13912345678"
    arrival = people[11].get("到達時間")
    if arrival:
        assert by_name[people[11]["姓名"]][1][7] == f"{arrival.month}月{arrival.day}日 {arrival:%H:%M}"


def test_print_setup(sample):
    _, ws = sheet(sample)
    header, rows = table(ws)
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == f"$1:${header}"
    assert "&P" in ws.oddFooter.center.text
    body = ws.cell(row=header + 1, column=3)
    assert body.font.name == "宋体" and body.border.left.style == "thin"
    assert ws.cell(row=header, column=1).font.bold


def test_simplified_meeting_gets_simplified_wording_but_names_as_typed(write, data, tmp_path):
    from pipeline.build import build

    settings, people, tables = data
    settings["文字"] = "簡體"
    people[20]["姓名"] = "劉德華"  # traditional characters in a name stay as typed
    out = tmp_path / "out"
    result = build(write(settings, people, tables), out)
    assert result.ok and result.script == "簡體"
    names = {p.name for p in out.iterdir()}
    assert {"会议代表登记表.xlsx", "桌签.pptx", "manifest.json"} <= names
    assert "會議代表登記表.xlsx" not in names
    ws = openpyxl.load_workbook(out / "会议代表登记表.xlsx").active
    header, rows = table(ws)
    assert [c.value for c in ws[header]][:4] == ["序号", "单位", "姓名", "职务"]
    assert ws["A1"].value == "中共示範區委十屆五次全體（擴大）會議代表登记表"  # the meeting's name is data
    assert "劉德華" in [r[2] for r in rows]
