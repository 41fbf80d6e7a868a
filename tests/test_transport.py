"""Pickup and drop-off groups, cars and greeters, checked the way a person checks the lists."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import openpyxl
import pytest
from pptx import Presentation
from pptx.util import Emu

from pipeline.check import load
from pipeline.context import Context
from pipeline.new import build_workbook
from pipeline.plan import transport
from pipeline.render import dropoff, pickup, pickup_signs, vehicles
from pipeline.sample import meeting_data
from pipeline.text import display_width

PT_MM = 25.4 / 72


def make(tmp_path, people=40, edit=None, name="m.xlsx"):
    settings, rows, tables = meeting_data(people)
    if edit:
        edit(settings, rows, tables)
    path = tmp_path / name
    build_workbook(settings, rows, tables).save(path)
    meeting, report, _ = load(path)
    return meeting, report


def group_of(plan_) -> dict[str, str]:
    return {p.id: g.id for g in plan_.pickups for p in g.people}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return make(tmp_path_factory.mktemp("t"), people=88)


def test_every_pickup_person_in_exactly_one_group_within_the_window(sample):
    meeting, report = sample
    tp = transport.plan(meeting)
    wanted = {p.id for p in meeting.people if p.pickup and p.attendance != "請假"}
    seen = Counter(p.id for g in tp.pickups for p in g.people)
    assert set(seen) == wanted and set(seen.values()) == {1}
    for g in tp.pickups:
        assert {p.arrival_station for p in g.people} == {g.station}
        assert all(g.slot <= p.arrival_time < g.slot + dt.timedelta(minutes=60) for p in g.people)
        assert g.time == min(p.arrival_time for p in g.people)
    times = [(g.time, g.station) for g in tp.pickups]
    assert times == sorted(times)
    assert not [p for p in report.problems if p.code in ("cars_too_few", "station_no_trip")]


def test_no_car_over_capacity_or_in_two_places(tmp_path):
    def crowd(settings, rows, tables):
        tables["車輛"] = tables["車輛"][:5]  # cars 1-5 for 120 people: runs must queue
        settings["站點行程"] = "高鐵站:40,機場:70"

    meeting, report = make(tmp_path, people=120, edit=crowd)
    tp = transport.plan(meeting)
    seats = {c.number: c.seats for c in tp.cars}
    for number, runs in tp.runs_by_car.items():
        for run in runs:
            assert len(run.passengers) <= seats[number]
        for a, b in zip(runs, runs[1:]):
            assert a.end <= b.start, (number, a.job, b.job)
    for g in tp.groups():
        trip = dt.timedelta(minutes=70 if g.station == "機場" else 40)
        for run in g.cars:
            assert run.start == g.at_station - trip
            back_from = g.last if g.kind == "接站" else g.at_station
            assert run.end == back_from + trip  # the trip both ways
    short = [p for p in report.warnings if p.code == "cars_too_few"]
    assert short, "five cars cannot carry 120 people without someone waiting"
    s = tp.shortages[0]
    assert f"共{s.people}人" in short[0].msg.text() and f"{s.seats}個座位" in short[0].msg.text()
    # nobody rides twice in one group, and the unseated are exactly those without a car
    for g in tp.pickups:
        riders = [p.id for r in g.cars for p in r.passengers]
        assert len(riders) == len(set(riders))
        assert {p.id for p in g.unseated} == {p.id for p in g.people} - set(riders)
        assert all(tp.car_of.get(p.id) is None for p in g.unseated)


def test_changing_one_arrival_moves_that_person_and_nobody_else(tmp_path):
    before, _ = make(tmp_path, people=88, name="a.xlsx")
    moved = next(p for p in before.people if p.pickup and p.arrival_time.hour < 18)

    def later(settings, rows, tables):
        row = next(r for r in rows if r["編號"] == moved.id)
        row["到達時間"] = row["到達時間"] + dt.timedelta(hours=2, minutes=10)

    after, _ = make(tmp_path, people=88, edit=later, name="b.xlsx")
    old, new = group_of(transport.plan(before)), group_of(transport.plan(after))
    changed = {pid for pid in old if old[pid] != new[pid]}
    assert changed == {moved.id}


def test_greeters_come_from_staff_and_are_never_at_two_stations_at_once(sample):
    meeting, _ = sample
    tp = transport.plan(meeting)
    greeters = {r.get("姓名") for r in meeting.table("工作人員") if r.get("崗位") == "接站員"}
    assert {g.greeter for g in tp.pickups} <= greeters and all(g.greeter for g in tp.pickups)
    for name in greeters:
        mine = [g for g in tp.pickups if g.greeter == name]
        for a in mine:
            for b in mine:
                if a is not b and a.station != b.station:
                    assert transport._run_end(a) <= b.leave or transport._run_end(b) <= a.leave


def test_pickup_list_one_sheet_a_day_with_cars_drivers_and_totals(tmp_path):
    def two_days(settings, rows, tables):
        for r in rows[:6]:
            if r.get("需接站") == "是":
                r["到達時間"] = r["到達時間"] - dt.timedelta(days=1)

    meeting, _ = make(tmp_path, people=60, edit=two_days)
    ctx = Context(meeting)
    tp = ctx.plan("transport")
    files = pickup.render(ctx)
    wb = openpyxl.load_workbook(io.BytesIO(files["接站安排表.xlsx"]))
    days = sorted({g.day for g in tp.pickups})
    assert wb.sheetnames == [f"{d.month}月{d.day}日" for d in days] and len(days) == 2
    by_name = {p.name: p for g in tp.pickups for p in g.people}
    seen = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0][0] == meeting.name + "接站安排表"
        assert rows[2][:3] == ("序號", "姓名", "單位")
        bands = [r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("第")]
        day = next(d for d in days if ws.title == f"{d.month}月{d.day}日")
        groups = [g for g in tp.pickups if g.day == day]
        assert len(bands) == len(groups)
        for band, g in zip(bands, groups):
            assert g.station in band and f"共{len(g.people)}人" in band and g.greeter in band
        total = rows[-1][0]
        assert total == f"合計：{len(groups)}組，{sum(len(g.people) for g in groups)}人，用車{sum(len(g.cars) for g in groups)}輛次"
        cars = {c.number: c for c in tp.cars}
        for r in rows[3:]:
            if isinstance(r[0], int):  # the car on every row, so every printed page shows it
                p = by_name[r[1]]
                car = cars[tp.car_of[p.id]]
                assert r[2] == p.unit and r[5] == p.arrival_no
                assert r[7:] == (f"{car.number}號", car.plate, car.driver, car.phone)
                seen.append(p.id)
        # sorted by time: within each group, and groups by their first arrival
        blocks, current = [], None
        for r in rows[3:]:
            if isinstance(r[0], str) and r[0].startswith("第"):
                current = []
                blocks.append(current)
            elif isinstance(r[0], int):
                current.append(by_name[r[1]].arrival_time)
        assert all(b == sorted(b) for b in blocks)
        assert [b[0] for b in blocks] == sorted(b[0] for b in blocks)
    assert sorted(seen) == sorted(p.id for g in tp.pickups for p in g.people)


def test_dropoff_list_says_when_cars_leave_the_hotel(sample):
    meeting, _ = sample
    ctx = Context(meeting)
    tp = ctx.plan("transport")
    wb = openpyxl.load_workbook(io.BytesIO(dropoff.render(ctx)["送站安排表.xlsx"]))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0].endswith("送站安排表") and rows[2][6] == "出發時間"
    g = tp.dropoffs[0]
    band = next(r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("第1組"))
    assert f"酒店{g.leave:%H:%M}發車" in band
    lead = 90 if any(p.return_mode == "飛機" for p in g.people) else 45
    assert g.at_station == g.time - dt.timedelta(minutes=lead)


def _shape_text(shape) -> str:
    if not shape.has_text_frame:
        return ""
    return "".join(r.text for p in shape.text_frame.paragraphs for r in p.runs)


def test_sign_boards_name_and_unit_per_group_and_fit(sample):
    meeting, _ = sample
    ctx = Context(meeting)
    tp = ctx.plan("transport")
    data = pickup_signs.render(ctx)["接站牌.pptx"]
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == len(tp.pickups)  # every group fits one board here
    for slide, g in zip(prs.slides, tp.pickups):
        texts = [_shape_text(s) for s in slide.shapes if s.has_text_frame]
        assert texts[0] == meeting.name
        for p in g.people:
            shown = p.name if len(p.name) != 2 else p.name[0] + "\u3000" + p.name[1]
            assert shown in texts and p.unit in texts
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height
            if not shape.has_text_frame:
                continue
            for para in shape.text_frame.paragraphs:
                for run in para.runs:
                    assert run._r.find(".//{*}ea").get("typeface") in ("黑体", "楷体", "宋体")
                    width_mm = display_width(run.text) * run.font.size.pt * PT_MM
                    assert width_mm <= Emu(shape.width).mm + 0.5
    assert set(pickup_signs.pages(ctx)) == {g.id for g in tp.pickups}
    one = tp.pickups[2]
    only = Presentation(io.BytesIO(pickup_signs.render(ctx, keys={one.id})["接站牌.pptx"]))
    assert len(only.slides) == 1 and one.people[0].unit in [_shape_text(s) for s in only.slides[0].shapes]


def test_big_group_spreads_over_boards(tmp_path):
    def flock(settings, rows, tables):
        for r in rows[:40]:
            r.update({"需接站": "是", "到達站點": "機場", "到達方式": "飛機", "航班車次": "CA1001",
                      "到達時間": dt.datetime(2026, 12, 17, 10, 5)})

    meeting, _ = make(tmp_path, people=44, edit=flock)
    ctx = Context(meeting)
    big = max(ctx.plan("transport").pickups, key=lambda g: len(g.people))
    assert len(big.people) >= 40
    prs = Presentation(io.BytesIO(pickup_signs.render(ctx, keys={big.id})["接站牌.pptx"]))
    assert len(prs.slides) == -(-len(big.people) // pickup_signs.PER_PAGE)
    names = [_shape_text(s) for slide in prs.slides for s in slide.shapes if s.name.startswith("Name")]
    assert len(names) == len(big.people)


def test_station_missing_from_trip_setting_warns_and_uses_sixty_minutes(tmp_path):
    def no_rail(settings, rows, tables):
        settings["站點行程"] = "機場:50"

    meeting, report = make(tmp_path, edit=no_rail)
    warn = [p for p in report.warnings if p.code == "station_no_trip"]
    assert [w.value for w in warn] == ["高鐵站"]
    first = min((p for p in meeting.people if "高鐵站" in (p.arrival_station, p.return_station)), key=lambda p: p.row)
    assert warn[0].row == first.row and "60分鐘" in warn[0].msg.text()
    tp = transport.plan(meeting)
    assert {g.trip for g in tp.pickups if g.station == "高鐵站"} == {60}
    assert {g.trip for g in tp.pickups if g.station == "機場"} == {50}


def test_without_cars_groups_still_form_and_wait_for_cars(tmp_path):
    def no_cars(settings, rows, tables):
        tables["車輛"] = []

    meeting, report = make(tmp_path, edit=no_cars)
    ctx = Context(meeting)
    tp = ctx.plan("transport")
    assert tp.pickups and all(not g.cars for g in tp.pickups) and not tp.car_of
    assert not [p for p in report.problems if p.code == "cars_too_few"]
    assert vehicles.render(ctx) == {}
    wb = openpyxl.load_workbook(io.BytesIO(pickup.render(ctx)["接站安排表.xlsx"]))
    body = [r for r in wb.worksheets[0].iter_rows(values_only=True) if isinstance(r[0], int)]
    assert body and {r[7] for r in body} == {"待派車"}


def test_vehicle_list_in_number_order_with_runs_and_visit_cars(sample):
    meeting, _ = sample
    ctx = Context(meeting)
    tp = ctx.plan("transport")
    wb = openpyxl.load_workbook(io.BytesIO(vehicles.render(ctx)["車輛安排表.xlsx"]))
    assert wb.sheetnames == ["車輛一覽", "出車任務", "參觀用車"]
    listed = [r for r in wb["車輛一覽"].iter_rows(min_row=4, values_only=True)]
    assert [r[0] for r in listed] == sorted(c.number for c in tp.cars)
    assert all(r[7] == len(tp.runs_by_car[r[0]]) for r in listed)
    runs = list(wb["出車任務"].iter_rows(min_row=3, values_only=True))
    bands = [r[0] for r in runs if isinstance(r[0], str)]
    assert [b.split("號車")[0] for b in bands] == [str(n) for n, rs in tp.runs_by_car.items() if rs]
    assert len(wb["出車任務"].row_breaks.brk) == len(bands) - 1  # one page per driver
    visit = tp.visits[0]
    assert "參觀" in visit.content and visit.seated == len(visit.people)
    assert 4 in [r.car for r in visit.cars]  # the car kept for 參觀 goes first
    vrows = list(wb["參觀用車"].iter_rows(min_row=3, values_only=True))
    assert visit.content in vrows[0][0]
    assert sum(r[6] for r in vrows[1:]) == len(visit.people)


def test_simplified_meeting_gets_simplified_labels_but_names_as_written(tmp_path):
    def simple(settings, rows, tables):
        settings["文字"] = "簡體"

    meeting, _ = make(tmp_path, edit=simple)
    ctx = Context(meeting)
    files = vehicles.render(ctx)
    assert list(files) == ["车辆安排表.xlsx"]
    wb = openpyxl.load_workbook(io.BytesIO(files["车辆安排表.xlsx"]))
    assert wb.sheetnames[0] == "车辆一览"
    wb = openpyxl.load_workbook(io.BytesIO(pickup.render(ctx)["接站安排表.xlsx"]))
    cells = [c for r in wb.worksheets[0].iter_rows(values_only=True) for c in r if isinstance(c, str)]
    assert any(c.startswith("合计：") for c in cells)
    traditional = [p.unit for p in meeting.people if p.pickup and "區" in p.unit]
    assert traditional and traditional[0] in cells  # the people's own data is never converted


def test_same_workbook_same_bytes(sample):
    meeting, _ = sample
    for module in (pickup, dropoff, pickup_signs, vehicles):
        assert module.render(Context(meeting)) == module.render(Context(meeting))


def test_a_repeated_car_number_is_an_error_and_seatless_cars_carry_nobody(tmp_path):
    def twice(settings, rows, tables):
        tables["車輛"] = tables["車輛"] + [dict(tables["車輛"][1], 車牌="浙A·99999")]
        tables["車輛"][2]["座位數"] = 0

    meeting, report = make(tmp_path, edit=twice)
    dup = [p for p in report.errors if p.code == "duplicate_car"]
    assert len(dup) == 1 and dup[0].value == 2 and dup[0].row == len(meeting.table("車輛")) + 1
    assert [p.row for p in report.warnings if p.code == "car_no_seats"] == [4]
    tp = transport.plan(meeting)
    assert [c.plate for c in tp.cars if c.number == 2] != ["浙A·99999"] and not tp.runs_by_car[3]


def test_pickup_and_dropoff_lists_each_keep_their_rows(write, data, tmp_path, monkeypatch, rows_made):
    """The 接站 and 送站 lists have equal column widths and are made in different processes: each keeps
    its own rows between builds, so after one person's change only that person's rows are made again."""
    from pipeline.build import build
    from pipeline.render import _xlsxfast

    monkeypatch.setenv("HUIWU_JOBS", "2")
    settings, people, tables = data
    out = tmp_path / "out"
    build(write(settings, people, tables), out, only=("pickup", "dropoff"))
    who = next(p for p in people if p.get("需接站") == "是" and p.get("需送站") == "是"
               and p.get("出席情況") != "請假")
    who["職務"] = "新任職務"
    monkeypatch.setenv("HUIWU_JOBS", "1")  # counted in this process
    _xlsxfast._ROWS.clear()  # as a new process finds them
    rows_made.clear()
    result = build(write(settings, people, tables), out, only=("pickup", "dropoff"))
    assert {k.key for k in result.kinds if k.status == "rebuilt"} == {"pickup", "dropoff"}
    assert rows_made and all("新任職務" in key for key in rows_made), rows_made
