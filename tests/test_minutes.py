"""會議紀要, 紀要分送單 and 簽收單 read back: attendance lines, 分送 line, copies and 份號."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

from pipeline.check import load
from pipeline.context import Context
from pipeline.plan import distribution as plan
from pipeline.render import distribution, minutes
from pipeline.sample import meeting_data

SIGN_HEADERS = ["序號", "收文單位", "文件名稱/文號", "密級", "份號(起止)", "份數", "簽收人", "簽收時間", "備註"]


@pytest.fixture
def small():
    settings, people, tables = meeting_data(people=16)
    tables.pop("紀要分送", None)
    settings.update({"會議名稱": "區委常委會", "會議類型": "常委會", "紀要期號": "第12期"})
    return settings, people, tables


def ctx_of(path):
    meeting, report, _ = load(path)
    assert report.valid, report.to_text()
    return Context(meeting), report


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def imprint(data: bytes) -> list[str]:
    doc = docx.Document(io.BytesIO(data))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("分送："))
    return [r.cells[0].text for r in table.rows]


def test_minutes_head_attendance_lines_and_imprint(write, small):
    settings, people, tables = small
    people[3]["出席情況"] = "請假"
    people[4]["備註"] = "請假（出差）"
    people[5]["類別"] = "列席"
    people[6]["類別"] = "工作人員"
    ctx, _ = ctx_of(write(settings, people, tables))
    data = minutes.render(ctx)["會議紀要.docx"]
    doc = docx.Document(io.BytesIO(data))
    paras = [p.text for p in doc.paragraphs]
    assert "區委常委會議紀要" in paras and "第12期" in paras
    assert "中共示範區委辦公室\t2026年12月18日" in paras
    order = [p for p in ctx.ordered() if p.category != "工作人員"]
    leave = {people[3]["姓名"], people[4]["姓名"]}
    attended = [p.name for p in order if p.name not in leave and p.category != "列席"]
    assert f"出席：{'、'.join(attended)}" in paras
    on_leave = [p.name + ("（出差）" if p.name == people[4]["姓名"] else "") for p in order if p.name in leave]
    assert f"請假：{'、'.join(on_leave)}" in paras
    sitting_in = [p.name for p in order if p.category == "列席" and p.name not in leave]
    assert people[5]["姓名"] in sitting_in and f"列席：{'、'.join(sitting_in)}" in paras
    assert people[6]["姓名"] not in "".join(paras)
    label = next(p for p in doc.paragraphs if p.text.startswith("出席："))
    assert label.runs[0].text == "出席：" and 'w:eastAsia="黑体"' in label.runs[0]._r.xml
    assert imprint(data) == ["分送：區四套班子領導，區人大辦、政府辦、政協辦，區委各部委辦局、各有關單位。",
                             "中共示範區委辦公室\t2026年12月18日印發"]


@pytest.mark.parametrize("kind, line", [
    ("書記會", "區四套班子領導，區人大辦、政府辦、政協辦，相關單位。"),
    ("黨政聯席會", "區四套班子領導，區人大辦、政府辦、政協辦，各普發單位。"),
])
def test_default_distribution_per_meeting_type(write, small, kind, line):
    settings, people, tables = small
    settings["會議類型"] = kind
    ctx, _ = ctx_of(write(settings, people, tables))
    files = distribution.render(ctx)
    assert imprint(files["紀要分送單.docx"])[0] == "分送：" + line
    names = [r.name for r in ctx.plan("distribution").recipients]
    assert names[-1] == "存檔" and ctx.plan("distribution").source == "default"


def test_sheet_overrides_defaults_and_classified_copies_get_consecutive_numbers(write, small):
    settings, people, tables = small
    settings.update({"密級": "機密", "保密期限": "1年", "份號起始": 5})
    tables["紀要分送"] = [
        {"紀要類型": "常委會", "分送對象": "區委書記", "份數": 2},
        {"紀要類型": "書記會", "分送對象": "不適用的對象", "份數": 9},
        {"分送對象": "區紀委監委 & <辦>", "份數": 1},
        {"分送對象": "存檔", "份數": 3},
    ]
    ctx, _ = ctx_of(write(settings, people, tables))
    files = distribution.render(ctx)
    data = files["紀要分送單.docx"]
    assert imprint(data)[0] == "分送：區委書記，區紀委監委 & <辦>。"
    doc = docx.Document(io.BytesIO(data))
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["序號", "分送對象", "份數", "密級", "份號", "備註"]
    assert [[c.text for c in r.cells][:5] for r in table.rows[1:]] == [
        ["1", "區委書記", "2", "機密", "000005—000006"],
        ["2", "區紀委監委 & <辦>", "1", "機密", "000007"],
        ["3", "存檔", "3", "機密", "000008—000010"]]
    assert "合計：6份。" in [p.text for p in doc.paragraphs]

    wb = openpyxl.load_workbook(io.BytesIO(files["簽收單.xlsx"]))
    ws = wb["簽收單"]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "序號")
    assert list(header) == SIGN_HEADERS
    rows = [r for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert [(r[1], r[3], r[4], r[5]) for r in rows] == [
        ("區委書記", "機密", "000005—000006", 2), ("區紀委監委 & <辦>", "機密", "000007", 1),
        ("存檔", "機密", "000008—000010", 3)]
    assert rows[0][2] == "區委常委會議紀要（第12期）" and "年" in rows[0][7] and "分" in rows[0][7]
    register = wb["份號登記"]
    numbers = [r[0] for r in register.iter_rows(values_only=True) if r[0] and str(r[0]).isdigit()]
    assert numbers == [f"{n:06d}" for n in range(5, 11)]  # one 份號 per copy, consecutive

    minutes_doc = docx.Document(io.BytesIO(minutes.render(ctx)["會議紀要.docx"]))
    heads = [p.text for p in minutes_doc.paragraphs[:2]]
    assert heads == ["000005", "機密★1年"]


def test_unclassified_copies_have_no_numbers_and_no_register(write, small):
    settings, people, tables = small
    tables["紀要分送"] = [{"分送對象": "區委書記", "份數": 2}]
    ctx, _ = ctx_of(write(settings, people, tables))
    wb = openpyxl.load_workbook(io.BytesIO(distribution.render(ctx)["簽收單.xlsx"]))
    assert wb.sheetnames == ["簽收單"]
    row = next(r for r in wb["簽收單"].iter_rows(values_only=True) if r[0] == 1)
    assert row[3] in ("", None) and row[4] in ("", None) and row[5] == 2


def test_distribution_problems_are_reported(write, small):
    settings, people, tables = small
    tables["紀要分送"] = [{"分送對象": "區委書記", "份數": 0}, {"分送對象": "區委書記", "份數": 1}]
    meeting, report, _ = load(write(settings, people, tables))
    codes = {p.code: p for p in report.problems}
    assert codes["bad_copies"].row == 2 and codes["bad_copies"].severity == "error"
    assert codes["duplicate_recipient"].row == 3
    settings["會議類型"] = "全體會議"
    meeting, report, _ = load(write(settings, people, {k: v for k, v in tables.items() if k != "紀要分送"}, name="b.xlsx"))
    assert any(p.code == "no_distribution" and "紀要分送" in p.msg.text() for p in report.problems)


def test_simplified_minutes_convert_wording_and_defaults_not_names(write, small):
    settings, people, tables = small
    settings["文字"] = "簡體"
    people[3]["出席情況"] = "請假"
    ctx, _ = ctx_of(write(settings, people, tables))
    files = minutes.render(ctx)
    paras = paragraphs(files["会议纪要.docx"])
    assert "區委常委會议纪要" in paras  # the meeting's name as typed, the marking's own word converted
    assert any(p.startswith("请假：" + people[3]["姓名"]) for p in paras)
    assert imprint(files["会议纪要.docx"])[0].startswith("分送：区四套班子领导，区人大办、政府办、政协办")
    assert set(distribution.render(ctx)) == {"纪要分送单.docx", "签收单.xlsx"}


def test_plan_is_pure_and_numbers_follow_the_list(write, small):
    settings, people, tables = small
    settings.update({"密級": "秘密", "份號起始": 1})
    meeting, _, _ = load(write(settings, people, tables))
    a, b = plan.plan(meeting), plan.plan(meeting)
    assert a == b
    assert [(r.first, r.last) for r in a.recipients] == [(i, i) for i in range(1, len(a.recipients) + 1)]
    assert a.line() == "區四套班子領導，區人大辦、政府辦、政協辦，區委各部委辦局、各有關單位。"
