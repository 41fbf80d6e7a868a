"""會務手冊 read back: sections as Word headings with a table of contents, the list in order, phones masked."""

from __future__ import annotations

import io
import re
import zipfile
from types import SimpleNamespace

import docx
import pytest
from docx.oxml.ns import qn

from pipeline.check import load
from pipeline.context import Context
from pipeline.render import handbook
from pipeline.sample import meeting_data

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def small():
    return meeting_data(people=24)


def context(path, plans: dict | None = None, missing=()):
    """A Context whose named plans are replaced by fakes, or absent as if their module did not exist."""
    meeting, report, _ = load(path)
    assert report.valid, report.to_text()
    ctx = Context(meeting)
    real = ctx.plan

    def plan(name):
        if name in missing:
            raise ModuleNotFoundError(f"No module named 'pipeline.plan.{name}'", name=f"pipeline.plan.{name}")
        if plans and name in plans:
            return plans[name]
        return real(name)

    ctx.plan = plan
    return ctx


def open_book(ctx):
    data = handbook.render(ctx)["會務手冊.docx"]
    return docx.Document(io.BytesIO(data)), data


def people_table(doc):
    return next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["序號", "姓名"]
                and t.rows[0].cells[-1].text == "手機")


def test_sections_are_word_headings_listed_in_the_table_of_contents(write, small):
    ctx = context(write(*small), missing=("banquet", "transport", "seating"))
    doc, data = open_book(ctx)
    headings = [p.text for p in doc.paragraphs if p.style.style_id == "Heading1"]
    assert headings == ["會議須知", "日程安排", "參會人員名單", "就餐安排", "會務組"]
    heading1 = doc.styles.element.xpath('w:style[@w:styleId="Heading1"]')[0]
    assert heading1.find(f"{W}pPr/{W}outlineLvl").get(qn("w:val")) == "0"  # the navigation pane shows it
    assert heading1.find(f"{W}rPr/{W}rFonts").get(qn("w:eastAsia")) == "黑体"
    body = doc.element.body
    marks = {b.get(qn("w:name")): b for b in body.iter(f"{W}bookmarkStart")}
    toc = [(h.get(qn("w:anchor")), "".join(t.text for t in h.iter(f"{W}t")).rstrip("0123456789"))
           for h in body.iter(f"{W}hyperlink")]
    assert [title for _, title in toc] == headings
    assert all(anchor in marks for anchor, _ in toc)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert xml.count(" PAGEREF _Toc_hw_") == len(headings)  # page numbers filled by Word / LibreOffice
    cover = [p.text for p in doc.paragraphs[:20] if p.text]
    assert cover[:2] == [small[0]["會議名稱"], "會務手冊"] and "2026年12月18日" in cover


def test_people_in_list_order_with_masked_phones_and_known_rooms(write, small):
    settings, people, tables = small
    settings["名單排序"] = "姓氏筆畫"
    people[8]["類別"] = "工作人員"
    ctx = context(write(settings, people, tables), plans={"rooms": SimpleNamespace(room_of={"D0003": "808"})},
                  missing=("banquet", "transport", "seating"))
    doc, data = open_book(ctx)
    rows = people_table(doc).rows[1:]
    expected = [p for p in ctx.ordered() if p.category != "工作人員"]
    assert [r.cells[1].text for r in rows] == [p.name for p in expected]
    assert people[8]["姓名"] not in [r.cells[1].text for r in rows]
    assert [r.cells[0].text for r in rows] == [str(i) for i in range(1, len(expected) + 1)]
    for row, p in zip(rows, expected):
        assert row.cells[-1].text == p.phone[:3] + "****" + p.phone[-4:]
        assert row.cells[4].text == ("808" if p.id == "D0003" else p.room_no)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert not any(p.phone in xml for p in expected)


def test_phones_shown_in_full_when_the_setting_says_so(write, small):
    settings, people, tables = small
    settings["顯示手機"] = "是"
    ctx = context(write(settings, people, tables), missing=("banquet", "transport", "seating", "rooms"))
    doc, _ = open_book(ctx)
    phones = [r.cells[-1].text for r in people_table(doc).rows[1:]]
    assert all(re.fullmatch(r"1\d{10}", ph) for ph in phones)


def test_rules_default_from_the_seed_or_the_setting(write, small):
    settings, people, tables = small
    settings["密級"] = "秘密"
    ctx = context(write(settings, people, tables), missing=("banquet", "transport", "seating"))
    doc, _ = open_book(ctx)
    paras = [p.text for p in doc.paragraphs]
    start = paras.index("會議須知")
    rules = paras[start + 1: paras.index("日程安排")]
    assert rules[0] == "1.請提前30分鐘到達會場，按指定座位就座。"
    assert any("手機關閉" in r for r in rules) and any("不準隨意走動" in r for r in rules)
    assert any("涉密會議" in r and "保密紀律" in r for r in rules)
    settings["會議須知"] = "一、請佩戴出席證。\n二、請勿帶隨行人員。"
    settings["密級"] = ""
    ctx = context(write(settings, people, tables, name="b.xlsx"), missing=("banquet", "transport", "seating"))
    doc, _ = open_book(ctx)
    paras = [p.text for p in doc.paragraphs]
    assert paras[paras.index("會議須知") + 1: paras.index("日程安排")] == ["一、請佩戴出席證。", "二、請勿帶隨行人員。"]


def test_schedule_from_the_agenda_and_staff_contacts(write, small):
    ctx = context(write(*small), missing=("banquet", "transport", "seating"))
    doc, _ = open_book(ctx)
    schedule = next(t for t in doc.tables if [c.text for c in t.rows[0].cells] == ["時間", "內容", "地點", "主持人"])
    cells = [[c.text for c in r.cells] for r in schedule.rows[1:]]
    assert cells[0][0] == "12月18日（星期五）"
    assert cells[1] == ["9:00—9:10", "主持人宣布會議開始", "一號會議室", "錢志明"]
    assert len(cells) == 1 + len(small[2]["議程"])
    staff = next(t for t in doc.tables if [c.text for c in t.rows[0].cells] == ["姓名", "崗位", "手機"])
    assert [c.text for c in staff.rows[1].cells] == ["李明", "副主任", "13900001111"]  # staff reachable in full


def test_plan_sections_appear_only_where_the_plans_exist(write, small):
    seat = SimpleNamespace(label="主席台第1排5號")
    plans = {"seating": SimpleNamespace(seat_of={"D0001": seat}),
             "transport": SimpleNamespace(car_of={"D0002": 1, "D0003": 1, "D0004": 2}),
             "banquet": SimpleNamespace(table_of={"D0001": 1, "D0002": 1})}
    ctx = context(write(*small), plans=plans)
    doc, _ = open_book(ctx)
    headings = [p.text for p in doc.paragraphs if p.style.style_id == "Heading1"]
    assert headings == ["會議須知", "日程安排", "參會人員名單", "就餐安排", "乘車安排", "座次安排", "會務組"]
    seats = next(t for t in doc.tables if t.rows[0].cells[-1].text == "座位")
    assert [c.text for c in seats.rows[1].cells] == ["1", "趙建國", "區委", "主席台第1排5號"]
    cars = next(t for t in doc.tables if t.rows[0].cells[0].text == "車號")
    assert [c.text for c in cars.rows[1].cells][:6] == ["1", "浙A·10037", "考斯特", "司機1", "13700000001", "2"]
    tables = next(t for t in doc.tables if t.rows[0].cells[0].text == "桌號")
    assert [c.text for c in tables.rows[1].cells] == ["1", "2", "趙建國、錢志明"]
    ctx = context(write(*small, name="b.xlsx"), missing=("banquet", "transport", "seating"))
    doc, _ = open_book(ctx)
    toc = ["".join(t.text for t in h.iter(f"{W}t")).rstrip("0123456789") for h in doc.element.body.iter(f"{W}hyperlink")]
    assert "乘車安排" not in toc and "座次安排" not in toc


def test_simplified_handbook_keeps_names_as_typed(write, small):
    settings, people, tables = small
    settings["文字"] = "簡體"
    ctx = context(write(settings, people, tables), missing=("banquet", "transport", "seating"))
    data = handbook.render(ctx)["会务手册.docx"]
    doc = docx.Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.style_id == "Heading1"]
    assert headings[:3] == ["会议须知", "日程安排", "参会人员名单"]
    names = [r.cells[1].text for r in people_table_simplified(doc).rows[1:]]
    assert "趙建國" in names  # the people's own data is never converted


def people_table_simplified(doc):
    return next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["序号", "姓名"])
