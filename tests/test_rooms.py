"""Room allocation, the rooming lists and the door labels, checked the way a person checks them."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from pptx import Presentation
from pptx.util import Emu

from pipeline.check import load
from pipeline.context import Context
from pipeline.new import build_workbook
from pipeline.plan import rooms
from pipeline.plan.rooms import nights_between
from pipeline.render import door_labels
from pipeline.render import rooms as rooms_doc
from pipeline.sample import meeting_data
from pipeline.text import display_width

PT_MM = 25.4 / 72
D16, D17, D18 = dt.date(2026, 12, 16), dt.date(2026, 12, 17), dt.date(2026, 12, 18)


def guest(pid, name, unit, gender, rank=30, **more):
    row = {"編號": pid, "姓名": name, "單位": unit, "性別": gender, "職級序號": rank, "住宿": "是",
           "入住日期": D17, "離店日期": D18}
    row.update(more)
    return row


def room(number, kind="標間", beds=None, note=""):
    return {"酒店": "示範區賓館", "房號": number, "房型": kind, "樓層": int(number[0]),
            "床位數": beds or (1 if kind == "單間" else 2), "備註": note}


def make(tmp_path, people=None, room_rows=None, settings_edit=None, sample_people=40, name="m.xlsx"):
    settings, rows, tables = meeting_data(sample_people)
    if people is not None:
        rows = people
    if room_rows is not None:
        tables["房間"] = room_rows
    if settings_edit:
        settings_edit(settings)
    path = tmp_path / name
    build_workbook(settings, rows, tables).save(path)
    meeting, report, _ = load(path)
    return meeting, report


def rooms_of(rp) -> list[set[str]]:
    return [{p.name for p in r.occupants} for r in rp.rooms]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return make(tmp_path_factory.mktemp("r"), sample_people=88)


def test_everyone_staying_is_housed_every_night_without_mixed_twins(sample):
    meeting, report = sample
    rp = rooms.plan(meeting)
    lodgers = [p for p in meeting.people if p.lodging and p.attendance != "請假"]
    assert lodgers and set(rp.room_of) == {p.id for p in lodgers} and not rp.unhoused
    for r in rp.rooms:
        for night in r.nights:
            there = [p for p in r.occupants if night in nights_between(*rp.stays[p.id])]
            assert len(there) <= r.beds
            if r.type == "標間":
                assert len({p.gender for p in there}) == 1, r.number
    for p in lodgers:  # the room is theirs on each night of their stay
        r = rp.room_by_person[p.id]
        assert set(nights_between(*rp.stays[p.id])) <= set(r.nights)
    assert not [x for x in report.problems if x.sheet == "房間" or x.code.startswith("fixed_room")]


def test_single_rooms_for_rank_or_request(tmp_path):
    people = [guest("A1", "趙建國", "區委", "男", rank=1), guest("A2", "王芳", "區委組織部", "女", rank=8),
              guest("A3", "李強", "區財政局", "男", rank=40, 房型="單間"), guest("A4", "張偉", "區財政局", "男", rank=41),
              guest("A5", "陳明", "區財政局", "男", rank=42)]
    rooms_ = [room("801", "單間"), room("802", "單間"), room("803", "單間"), room("301"), room("302")]
    meeting, report = make(tmp_path, people, rooms_, lambda s: s.update({"單間職級": 8}))
    rp = rooms.plan(meeting)
    single = {p.name for r in rp.rooms if r.type == "單間" for p in r.occupants}
    assert single == {"趙建國", "王芳", "李強"}
    assert {"張偉", "陳明"} in rooms_of(rp)
    assert report.valid


def test_twins_pair_colleagues_first_then_nearest_rank(tmp_path):
    people = [guest("B1", "甲一", "區財政局", "男", 20), guest("B2", "乙一", "區教育局", "男", 21),
              guest("B3", "甲二", "區財政局", "男", 22), guest("B4", "乙二", "區教育局", "男", 23),
              guest("B5", "丙一", "西湖鎮", "男", 30), guest("B6", "丁一", "南山鄉", "男", 60),
              guest("B7", "戊一", "東城街道", "男", 31), guest("B8", "己一", "區財政局", "女", 24)]
    rooms_ = [room(f"3{i:02d}") for i in range(1, 8)]
    meeting, _ = make(tmp_path, people, rooms_)
    got = rooms_of(rooms.plan(meeting))
    assert {"甲一", "甲二"} in got and {"乙一", "乙二"} in got  # same unit, though ranks interleave
    assert {"丙一", "戊一"} in got  # units of one: nearest rank (30, 31), not 60
    assert {"丁一"} in got and {"己一"} in got  # the only woman never shares with a man


def test_fixed_room_is_kept_and_holds_only_its_people(tmp_path):
    people = [guest("C1", "周文", "區委辦公室", "男", 30, 房號="305"), guest("C2", "吳鵬", "區委辦公室", "男", 31),
              guest("C3", "鄭雲", "區委辦公室", "男", 32)]
    meeting, report = make(tmp_path, people, [room("301"), room("305")])
    rp = rooms.plan(meeting)
    assert rp.room_of["C1"] == "305" and rooms_of(rp) == [{"吳鵬", "鄭雲"}, {"周文"}]
    assert report.valid
    assert [r.fixed for r in rp.rooms] == [False, True]


def test_fixed_room_missing_or_mixed_is_an_error(tmp_path):
    people = [guest("E1", "孫海", "區委", "男", 30, 房號="999"), guest("E2", "李秀英", "區政協", "女", 31, 房號="301"),
              guest("E3", "周剛", "區政協", "男", 32, 房號="301")]
    meeting, report = make(tmp_path, people, [room("301"), room("302")])
    codes = {(p.code, p.row) for p in report.errors}
    rows = {p.id: p.row for p in meeting.people}
    assert ("fixed_room_missing", rows["E1"]) in codes and ("fixed_room_mixed", rows["E3"]) in codes
    missing = next(p for p in report.errors if p.code == "fixed_room_missing")
    assert missing.column == "房號" and "999" in missing.msg.text()


def test_too_few_rooms_is_an_error_with_counts_per_type_and_date(tmp_path):
    people = [guest(f"F{i}", f"人員{'甲乙丙丁戊己庚辛壬癸'[i]}", "區財政局", "男", 30 + i) for i in range(10)]
    people[0]["入住日期"] = D16  # stays two nights
    meeting, report = make(tmp_path, people, [room("301"), room("302"), room("801", "單間")])
    errors = [p for p in report.errors if p.code == "rooms_too_few"]
    assert len(errors) == 1 and errors[0].sheet == "房間"
    text = errors[0].msg.text()
    # ten men want 標間 on 17 December: five rooms, the sheet has two (plus one 單間 taken as a fallback)
    assert text.startswith("12月17日標間不夠") and "需要5間（10人）" in text and "標間2間、4個床位" in text
    assert "還有5人沒有房間" in text
    rp = rooms.plan(meeting)
    assert len(rp.unhoused) == 5 and len(rp.room_of) == 5


def test_a_room_serves_different_people_on_different_nights(tmp_path):
    people = [guest("G1", "先生", "區委", "男", 30, 入住日期=D16, 離店日期=D17),
              guest("G2", "女士", "區委", "女", 31, 入住日期=D17, 離店日期=D18)]
    meeting, report = make(tmp_path, people, [room("301")])
    rp = rooms.plan(meeting)
    assert report.valid and rp.room_of == {"G1": "301", "G2": "301"}
    assert rp.rooms[0].nights == (D16, D17)
    labels = door_labels.pages(Context(meeting))
    assert "12月16日—12月17日" in labels["301"] and "12月17日—12月18日" in labels["301"]


def test_too_few_singles_falls_back_to_a_twin_alone_with_a_warning(tmp_path):
    people = [guest("H1", "趙甲", "區委", "男", 1), guest("H2", "錢乙", "區委", "女", 2), guest("H3", "孫丙", "區委", "男", 40)]
    meeting, report = make(tmp_path, people, [room("801", "單間"), room("301"), room("302")],
                           lambda s: s.update({"單間職級": 5}))
    rp = rooms.plan(meeting)
    assert report.valid and [p.name for p in rp.downgraded] == ["錢乙"]
    warn = [p for p in report.warnings if p.code == "singles_too_few"]
    assert len(warn) == 1 and "需要單間2間" in warn[0].msg.text() and "1人已改為標間單住" in warn[0].msg.text()
    assert rooms_of(rp) == [{"錢乙"}, {"孫丙"}, {"趙甲"}]


def test_rooming_list_sorted_by_room_and_by_name_with_notes_for_the_hotel(sample):
    meeting, _ = sample
    ctx = Context(meeting)
    rp = ctx.plan("rooms")
    wb = openpyxl.load_workbook(io.BytesIO(rooms_doc.render(ctx)["房間分配表.xlsx"]))
    assert wb.sheetnames == ["按房號", "按姓名", "用房統計"]
    ws = wb["按房號"]
    head = [c.value for c in ws[3]]
    assert head[:6] == ["序號", "樓層", "房號", "房型", "姓名", "性別"]
    body = list(ws.iter_rows(min_row=4, values_only=True))
    numbers = []
    names_in_room: dict[str, list[str]] = {}
    for r in body:  # the room on every guest's row
        if not numbers or numbers[-1] != r[2]:
            numbers.append(r[2])
        names_in_room.setdefault(r[2], []).append(r[4])
    assert numbers == sorted(numbers, key=rooms.natural_key) == [r.number for r in rp.rooms]
    assert names_in_room == {r.number: [p.name for p in r.occupants] for r in rp.rooms}
    halal = [p for p in rp.lodgers if p.diet == "清真"]
    assert halal
    for p in halal:
        row = next(r for r in body if r[4] == p.name)
        assert "清真" in row[head.index("客人備註")]
    listed = [r for r in wb["按姓名"].iter_rows(min_row=3, values_only=True)]
    assert [r[1] for r in listed] == [p.name for p in ctx.ordered(rp.lodgers)]
    assert all(r[5] == rp.room_of[p.id] for r, p in zip(listed, ctx.ordered(rp.lodgers)))
    stats = list(wb["用房統計"].iter_rows(min_row=3, values_only=True))
    assert sum(r[3] for r in stats) == len(rp.rooms) and sum(r[5] for r in stats) == len(rp.lodgers)


def test_door_labels_one_per_occupied_room_names_large_and_inside(sample):
    meeting, _ = sample
    ctx = Context(meeting)
    rp = ctx.plan("rooms")
    prs = Presentation(io.BytesIO(door_labels.render(ctx)["房門貼.pptx"]))
    assert len(prs.slides) == len(rp.rooms)
    for slide, r in zip(prs.slides, rp.rooms):
        shapes = {s.name.split(" ")[0]: [] for s in slide.shapes}
        for s in slide.shapes:
            shapes[s.name.split(" ")[0]].append(s)
        names = [s.text_frame.text.replace("\u3000", "") for s in shapes["Name"]]
        assert names == [p.name for p in r.occupants]
        assert r.number in shapes["Room"][0].text_frame.text
        for s in slide.shapes:
            assert s.left >= 0 and s.top >= 0
            assert s.left + s.width <= prs.slide_width and s.top + s.height <= prs.slide_height
            if not s.has_text_frame:
                continue
            for run in (run for para in s.text_frame.paragraphs for run in para.runs):
                assert run._r.find(".//{*}ea").get("typeface") in ("黑体", "楷体")
                assert display_width(run.text) * run.font.size.pt * PT_MM <= Emu(s.width).mm + 0.5
        assert min(run.font.size.pt for s in shapes["Name"] for run in s.text_frame.paragraphs[0].runs) >= 60
    assert list(door_labels.pages(ctx)) == [r.key for r in rp.rooms]
    one = rp.rooms[3]
    again = Presentation(io.BytesIO(door_labels.render(ctx, keys={one.key})["房門貼.pptx"]))
    assert len(again.slides) == 1


def test_no_rooms_sheet_means_no_documents_and_no_complaints(tmp_path):
    meeting, report = make(tmp_path, room_rows=[])
    ctx = Context(meeting)
    assert rooms_doc.render(ctx) == {} and door_labels.render(ctx) == {}
    assert not [p for p in report.problems if p.sheet == "房間" or p.code.startswith(("fixed_room", "rooms_"))]


def test_rooms_but_nobody_staying_means_no_documents(tmp_path):
    people = [{"編號": "K1", "姓名": "王偉", "單位": "區委", "性別": "男", "住宿": "否"}]
    meeting, report = make(tmp_path, people)
    ctx = Context(meeting)
    assert rooms_doc.render(ctx) == {} and door_labels.render(ctx) == {} and report.valid


def test_same_workbook_same_bytes(sample):
    meeting, _ = sample
    for module in (rooms_doc, door_labels):
        assert module.render(Context(meeting)) == module.render(Context(meeting))


def test_more_people_fixed_to_a_room_than_beds_is_an_error(tmp_path):
    people = [guest("M1", "王強", "區委", "男", 30, 房號="801"), guest("M2", "李軍", "區委", "男", 31, 房號="801")]
    meeting, report = make(tmp_path, people, [room("801", "單間"), room("301")])
    full = [p for p in report.errors if p.code == "fixed_room_full"]
    assert len(full) == 1 and full[0].row == meeting.people[1].row and "801" in full[0].msg.text()
