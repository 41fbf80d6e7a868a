"""The task plan, 會務工作分派表.xlsx, 會務日程.ics and 會前檢查單.docx, opened and read as staff would."""

from __future__ import annotations

import copy
import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from pipeline.check import load
from pipeline.context import Context
from pipeline.new import build_workbook
from pipeline.plan import tasks as task_plan
from pipeline.render import calendar, checklist
from pipeline.render import tasks as task_sheet
from pipeline.sample import meeting_data

SH = ZoneInfo("Asia/Shanghai")
BASE = meeting_data(people=30)


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SH)


def make(tmp, settings=None, tables=None, people=None, script="繁體", name="m.xlsx"):
    s, p, t = copy.deepcopy(BASE)
    s.update(settings or {})
    t.update(tables or {})
    path = tmp / name
    build_workbook(s, people if people is not None else p, t, script=script).save(path)
    meeting, report, _ = load(path)
    return meeting, report


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return make(tmp_path_factory.mktemp("sample"))


def sheet_rows(files: dict) -> list[tuple]:
    (data,) = files.values()
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "序號" or r[0] == "序号")
    return [r for r in rows[head:] if r[2]]


def by_text(plan, start: str):
    return next(t for t in plan.tasks if t.text.startswith(start))


# -- the plan -----------------------------------------------------------------------------------

def test_deadlines_are_absolute_beijing_times_from_start_and_end(sample):
    meeting, report = sample
    assert not [p for p in report.problems if p.code.startswith(("role_", "no_"))]
    plan = task_plan.plan(meeting)
    assert plan.flow.name == "全體會議"
    assert by_text(plan, "會場音響等設備調試").due == at(2026, 12, 18, 7, 0)
    assert by_text(plan, "會前10分鐘重試").due == at(2026, 12, 18, 8, 50)
    assert by_text(plan, "會務工作人員提前30分鐘").due == at(2026, 12, 18, 8, 30)
    assert by_text(plan, "會前5分鐘").due == at(2026, 12, 18, 8, 55)
    assert by_text(plan, "確定就餐").due == at(2026, 12, 16, 9, 0)
    assert by_text(plan, "錄音整理").due == at(2026, 12, 19, 17, 30)
    assert by_text(plan, "會議紀要").due == at(2026, 12, 20, 17, 30)
    water = by_text(plan, "主席臺熱水填補")
    assert (water.begin, water.due) == (at(2026, 12, 18, 9), at(2026, 12, 18, 17, 30))
    assert by_text(plan, "錄音整理").due.utcoffset() == dt.timedelta(hours=8)


def test_deadlines_cross_midnight_month_and_year_ends(tmp_path):
    meeting, _ = make(tmp_path, {"開始時間": dt.datetime(2026, 12, 1, 0, 30), "結束時間": dt.datetime(2026, 12, 31, 23, 0)})
    plan = task_plan.plan(meeting)
    assert by_text(plan, "會場音響等設備調試").due == at(2026, 11, 30, 22, 30)
    assert by_text(plan, "會前10分鐘重試").due == at(2026, 12, 1, 0, 20)
    assert by_text(plan, "確定就餐").due == at(2026, 11, 29, 0, 30)
    assert by_text(plan, "錄音整理").due == at(2027, 1, 1, 23, 0)
    assert by_text(plan, "會議紀要").due == at(2027, 1, 2, 23, 0)
    rows = {r[2]: r for r in sheet_rows(task_sheet.render(Context(meeting)))}
    sound = next(r for text, r in rows.items() if text.startswith("會場音響等設備調試"))
    assert sound[5] == "11月30日 週一 22:30"
    minutes = next(r for text, r in rows.items() if text.startswith("會議紀要"))
    assert minutes[5] == "2027年1月2日 週六 23:00"  # another year: the year is printed


def test_deadlines_after_a_february_month_end(tmp_path):
    meeting, _ = make(tmp_path, {"開始時間": dt.datetime(2026, 2, 28, 14, 0), "結束時間": dt.datetime(2026, 2, 28, 22, 30)})
    plan = task_plan.plan(meeting)
    assert by_text(plan, "錄音整理").due == at(2026, 3, 1, 22, 30)
    assert by_text(plan, "會議紀要").due == at(2026, 3, 2, 22, 30)
    assert by_text(plan, "確定就餐").due == at(2026, 2, 26, 14, 0)


def test_suggested_deadlines_skip_weekends_but_the_seed_times_do_not(sample):
    plan = task_plan.plan(sample[0])
    # 登記表 -5d from Friday 18 December is Sunday the 13th: suggested, so moved to Friday the 11th
    reg = by_text(plan, "按會議回執")
    assert reg.step.default and reg.due == at(2026, 12, 11, 9, 0)
    # +24h after Friday evening is a Saturday, and the seed says 24 hours
    assert by_text(plan, "錄音整理").due.weekday() == 5


def test_tasks_are_in_stage_then_deadline_order(sample):
    plan = task_plan.plan(sample[0])
    stages = [t.stage for t in plan.tasks]
    assert stages == sorted(stages, key=["會前準備", "會中", "會後"].index)
    for stage in ("會前準備", "會後"):
        dues = [t.due for t in plan.tasks if t.stage == stage]
        assert dues == sorted(dues)
    assert [t.seq for t in plan.tasks] == list(range(1, len(plan.tasks) + 1))


def test_people_come_from_the_staff_sheet_by_role(sample):
    plan = task_plan.plan(sample[0])
    assert [a.label for a in by_text(plan, "會場音響等設備調試").assignees] == ["劉洋"]
    assert [a.label for a in by_text(plan, "文件材料印刷").assignees] == ["張靜", "楊帆"]
    assert [a.label for a in by_text(plan, "住宿安排").assignees] == ["劉洋（公務員）"]  # stand-in for 後勤保障小組
    assert [a.label for a in by_text(plan, "編制《接站安排表》").assignees] == ["黃磊", "周敏"]
    everyone = by_text(plan, "會務工作人員提前30分鐘").assignees
    assert [a.staff.name for a in everyone] == ["李明", "張靜", "陳濤", "劉洋", "楊帆", "黃磊", "周敏"]


def test_one_person_may_hold_several_roles(tmp_path):
    staff = [{"姓名": "王強", "崗位": "秘書、公務員", "手機": "13900000001"}, {"姓名": "李娜", "崗位": "文書/打字員/副主任"},
             {"姓名": "趙軍", "崗位": "接站員"}]
    meeting, report = make(tmp_path, tables={"工作人員": staff})
    plan = task_plan.plan(meeting)
    assert [a.label for a in by_text(plan, "會場布置").assignees] == ["王強"]
    assert [a.label for a in by_text(plan, "錄音整理").assignees] == ["王強", "李娜"]
    assert not [p for p in report.problems if p.code == "role_unstaffed"]


def test_roles_nobody_holds_are_warned_once_each(tmp_path):
    staff = [{"姓名": "王強", "崗位": "秘書"}, {"姓名": "李娜", "崗位": "文書"}]
    meeting, report = make(tmp_path, tables={"工作人員": staff})
    warned = {p.value: p for p in report.problems if p.code == "role_unstaffed"}
    # 後勤保障小組 falls back to 秘書; 接站員's stand-ins (後勤保障小組, 公務員) are not on the sheet either
    assert set(warned) == {"副主任", "公務員", "打字員", "接站員"}
    msg = warned["公務員"].msg.text()
    assert "「工作人員」表中沒有崗位為「公務員」的人員" in msg and warned["公務員"].sheet == "工作人員"
    plan = task_plan.plan(meeting)
    assert by_text(plan, "會場音響等設備調試").assignees == ()
    assert [a.label for a in by_text(plan, "住宿安排").assignees] == ["王強（秘書）"]


def test_no_staff_and_no_start_time_are_warnings(tmp_path):
    meeting, report = make(tmp_path, {"開始時間": None, "結束時間": None}, tables={"工作人員": []})
    codes = {p.code for p in report.warnings}
    assert {"no_start_time", "no_staff"} <= codes
    plan = task_plan.plan(meeting)
    assert plan.tasks and not plan.timed
    assert calendar.render(Context(meeting)) == {}  # nothing to put in a calendar
    rows = sheet_rows(task_sheet.render(Context(meeting)))
    assert all(r[5] in (None, "") for r in rows[1:])


def test_types_without_a_seed_chart_use_the_general_flow(tmp_path):
    meeting, report = make(tmp_path, {"會議類型": "座談會"})
    plan = task_plan.plan(meeting)
    assert plan.flow.name == "通用"
    assert by_text(plan, "確定會議名稱").assignees[0].staff.name == "張靜"
    assert not [p for p in report.problems if p.code == "no_flow"]


def test_a_type_with_no_flow_at_all_warns_and_falls_back(tmp_path):
    meeting, _ = make(tmp_path, {"會議類型": "座談會"})
    by_type = {k: v for k, v in task_plan.flows.load_flows().items() if k != "座談會"}
    assert task_plan.plan(meeting, by_type).flow.name == "通用"

    class Rep:
        warnings = []

        def warning(self, code, *args, **kw):
            self.warnings.append(code)

        def error(self, code, *args, **kw):
            raise AssertionError(code)

    rep = Rep()
    original = task_plan.flows.load_flows
    task_plan.flows.load_flows = lambda folder=None: by_type
    try:
        task_plan.check(meeting, rep)
    finally:
        task_plan.flows.load_flows = original
    assert "no_flow" in rep.warnings


def test_an_office_flow_folder_from_the_setting(tmp_path):
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "座談會.toml").write_text(
        'title = "本單位座談會"\ntypes = ["座談會"]\n\n[[step]]\nid = "a"\nstage = "會前準備"\ntext = "擬定座談提綱"\n'
        'owner = ["主任"]\ndue = "-3d"\n', "utf-8")
    (folder / "_roles.toml").write_text('[fallback]\n"主任" = ["副主任"]\n', "utf-8")
    meeting, report = make(tmp_path, {"會議類型": "座談會", "流程文件夾": str(folder)})
    plan = task_plan.plan(meeting)
    assert plan.flow.office and [t.text for t in plan.tasks] == ["擬定座談提綱"]
    assert plan.tasks[0].assignees[0].label == "李明（副主任）"
    (folder / "座談會.toml").write_text('types = ["座談會"]\n[[step]]\ntext = "x"\nstage = "會前"\n', "utf-8")
    _, report = make(tmp_path, {"會議類型": "座談會", "流程文件夾": str(folder)}, name="n.xlsx")
    (bad,) = [p for p in report.errors if p.code == "bad_flow"]
    assert bad.msg.text().startswith("流程文件「座談會.toml」第1步：stage 應為")
    _, report = make(tmp_path, {"流程文件夾": str(tmp_path / "nowhere")}, name="o.xlsx")
    assert [p.code for p in report.errors] == ["bad_flow"]


# -- what this meeting lacks ---------------------------------------------------------------------

def test_documents_this_meeting_lacks_are_marked_and_the_step_kept(tmp_path):
    people = copy.deepcopy(BASE[1])
    for p in people:
        p.update({"需接站": "否", "住宿": "否", "需送站": "否"})
        for k in ("入住日期", "離店日期", "房型"):
            p.pop(k, None)
    meeting, _ = make(tmp_path, tables={"就餐": [], "房間": []}, people=people)
    have = task_plan.available_docs(meeting)
    assert not {"meals", "banquet_chart", "rooms", "door_labels", "pickup", "dropoff"} & have
    assert {"vehicles", "seat_chart", "name_plates", "sign_in"} <= have
    plan = task_plan.plan(meeting)
    meals = by_text(plan, "確定就餐")
    assert not meals.applicable and set(meals.lacking) == {"meals", "meal_tickets", "banquet_chart"}
    logistics = by_text(plan, "後勤服務安排")
    assert logistics.applicable and logistics.lacking == ("meals", "banquet_chart")
    rows = {r[2]: r for r in sheet_rows(task_sheet.render(Context(meeting)))}
    row = next(r for text, r in rows.items() if text.startswith("確定就餐"))
    assert row[6] == "就餐安排表（本次無）、餐券（本次無）、宴會座次圖（本次無）" and row[7] == "不適用"
    row = next(r for text, r in rows.items() if text.startswith("後勤服務安排"))
    assert row[6] == "車輛安排表、就餐安排表（本次無）、宴會座次圖（本次無）" and row[7] in (None, "")
    assert len(rows) - 1 == len(plan.tasks)  # nothing dropped


# -- 會務工作分派表.xlsx -------------------------------------------------------------------------------

def test_task_sheet_columns_and_lines(sample):
    files = task_sheet.render(Context(sample[0]))
    assert list(files) == ["會務工作分派表.xlsx"]
    rows = sheet_rows(files)
    assert rows[0] == ("序號", "階段", "任務", "責任崗位", "責任人", "完成時限", "所需材料", "完成情況", "簽字")
    first = rows[1]
    assert first[:5] == (1, "會前準備", "擬定會議籌備方案", "副主任", "李明")
    assert first[5] == "12月4日 週五 09:00＊" and first[6] == "會務工作分派表、會務日程"
    lines = {r[2]: r for r in rows[1:]}
    venue = next(r for t, r in lines.items() if t.startswith("會場布置"))
    assert venue[3:7] == ("秘書、公務員", "張靜、劉洋", "12月17日 週四 09:00＊", "座次圖、桌簽")
    water = next(r for t, r in lines.items() if t.startswith("主席臺熱水填補"))
    assert water[1] == "會中" and water[5] == "12月18日 週五 09:00–17:30 每15–20分鐘"
    transcribe = next(r for t, r in lines.items() if t.startswith("錄音整理"))
    assert transcribe[5] == "12月19日 週六 17:30"  # the seed's own time: no ＊
    ws = openpyxl.load_workbook(io.BytesIO(next(iter(files.values())))).active
    assert ws.page_setup.orientation == "landscape" and ws.cell(row=4, column=3).font.name == "宋体"
    assert task_sheet.render(Context(sample[0])) == files  # same workbook, same bytes


def test_task_sheet_in_simplified_script(tmp_path):
    meeting, _ = make(tmp_path, script="簡體", settings={"文字": "簡體"})
    files = task_sheet.render(Context(meeting))
    assert list(files) == ["会务工作分派表.xlsx"]
    rows = sheet_rows(files)
    assert rows[0][:3] == ("序号", "阶段", "任务")
    assert rows[1][2] == "拟定会议筹备方案" and rows[1][5] == "12月4日 周五 09:00＊"


# -- 會務日程.ics --------------------------------------------------------------------------------------

def test_calendar_has_one_event_per_timed_step_with_a_reminder(sample):
    import icalendar

    meeting = sample[0]
    files = calendar.render(Context(meeting))
    assert list(files) == ["會務日程.ics"]
    data = files["會務日程.ics"]
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    plan = task_plan.plan(meeting)
    timed = [t for t in plan.tasks if t.timed and t.applicable]
    assert len(events) == len(timed) == len(plan.tasks)
    assert len({str(e["uid"]) for e in events}) == len(events)
    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["tzid"]) == "Asia/Shanghai"
    for ev, task in zip(events, timed):
        start = ev.decoded("dtstart")
        assert start == task.begin and str(start.tzinfo) == "Asia/Shanghai"
        assert ev["dtstart"].params["TZID"] == "Asia/Shanghai"
        (alarm,) = ev.walk("VALARM")
        assert alarm.decoded("trigger") < dt.timedelta(0)
    sound = next(e for e in events if str(e["summary"]).startswith("會場音響等設備調試"))
    assert sound.decoded("dtstart") == at(2026, 12, 18, 7, 0) and str(sound["summary"]).endswith("【劉洋】")
    assert sound.walk("VALARM")[0].decoded("trigger") == -dt.timedelta(hours=1)
    assert str(sound["location"]) == "示範區行政中心一號會議室"
    assert "責任人：劉洋 13900004444" in str(sound["description"])
    water = next(e for e in events if str(e["summary"]).startswith("主席臺熱水填補"))
    assert water.decoded("dtend") == at(2026, 12, 18, 17, 30)
    plan_event = next(e for e in events if str(e["summary"]).startswith("擬定會議籌備方案"))
    assert plan_event.walk("VALARM")[0].decoded("trigger") == -dt.timedelta(days=1)
    assert b"\r\n" in data and calendar.render(Context(meeting))["會務日程.ics"] == data


def test_calendar_uids_survive_a_change_of_time(tmp_path):
    import icalendar

    one, _ = make(tmp_path, name="m.xlsx")
    two, _ = make(tmp_path, {"開始時間": dt.datetime(2026, 12, 19, 14, 0), "結束時間": dt.datetime(2026, 12, 19, 18, 0)},
                  name="m.xlsx")
    uids = [[str(e["uid"]) for e in icalendar.Calendar.from_ical(next(iter(calendar.render(Context(m)).values())))
             .walk("VEVENT")] for m in (one, two)]
    assert sorted(uids[0]) == sorted(uids[1])  # re-importing updates the events in place


def test_calendar_skips_steps_that_do_not_apply(tmp_path):
    import icalendar

    meeting, _ = make(tmp_path, tables={"就餐": []})
    cal = icalendar.Calendar.from_ical(next(iter(calendar.render(Context(meeting)).values())))
    summaries = [str(e["summary"]) for e in cal.walk("VEVENT")]
    plan = task_plan.plan(meeting)
    assert len(summaries) == sum(1 for t in plan.tasks if t.timed and t.applicable) == len(plan.tasks) - 1
    assert not any(s.startswith("確定就餐") for s in summaries)


# -- 會前檢查單.docx -----------------------------------------------------------------------------------

def test_checklist_is_made_from_this_meeting(sample):
    import docx
    from docx.oxml.ns import qn

    meeting = sample[0]
    ctx = Context(meeting)
    files = checklist.render(ctx)
    assert list(files) == ["會前檢查單.docx"]
    doc = docx.Document(io.BytesIO(files["會前檢查單.docx"]))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert doc.paragraphs[0].text == "會前檢查單" and doc.paragraphs[1].text == meeting.name
    (table,) = doc.tables
    rows = {r.cells[1].text: r.cells[2].text for r in table.rows[1:]}
    assert [r.cells[3].text for r in table.rows[1:]] == ["□已落實"] * (len(table.rows) - 1)
    # rostrum row 1 as the audience sees it: the seating plan's order, 左為上
    front = [p.name for _, p in ctx.plan("seating").rostrum[0] if p]
    assert front[len(front) // 2] == "趙建國"
    line = rows["主席台座次"].replace("\n", "").replace("　　", "　")
    assert "　".join(front) in line
    assert "桌簽共30張（主席台11張、台下19張）" in rows["桌簽"]
    assert "07:00調試（劉洋），08:50重試" in rows["音響設備"]
    assert "08:30到崗（7人）" in rows["簽到"] and "08:55催促未到人員（陳濤）" in rows["簽到"]
    assert "每座一份：" in rows["會議材料"] and "共30份" in rows["會議材料"]
    assert "每15–20分鐘補水（劉洋）" in rows["茶水"]
    cars = rows["車輛"].splitlines()
    assert cars[0] == "1號車 浙A·10037 考斯特 司機1 13700000001（接送站）" and len(cars) == 9
    assert rows["就餐"].splitlines()[0].startswith("12月17日晚餐 示範區賓館二樓宴會廳 桌餐：")
    # every run carries an East Asian font: 黑体 for headings, 仿宋_GB2312 for the body
    fonts = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for p in doc.paragraphs for r in p.runs}
    fonts |= {r._element.rPr.rFonts.get(qn("w:eastAsia")) for row in table.rows for c in row.cells
              for p in c.paragraphs for r in p.runs}
    assert fonts == {"黑体", "仿宋_GB2312"}
    assert doc.paragraphs[0].runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert checklist.render(Context(meeting)) == files


def test_checklist_without_rostrum_meals_or_cars(tmp_path):
    import docx

    people = copy.deepcopy(BASE[1])
    for p in people:
        p.pop("主席台", None)
    meeting, _ = make(tmp_path, {"密級": "秘密"}, tables={"就餐": [], "車輛": []}, people=people)
    doc = docx.Document(io.BytesIO(next(iter(checklist.render(Context(meeting)).values()))))
    rows = {r.cells[1].text: r.cells[2].text for r in doc.tables[0].rows[1:]}
    assert rows["主席台座次"].startswith("本次會議不設主席台。")
    assert rows["就餐"] == "本次會議不安排就餐。" and rows["車輛"] == "本次會議不安排車輛。"
    assert rows["會議紀律"].startswith("秘密會議：按保密規定辦理")


def test_the_three_kinds_build_into_the_pack(tmp_path):
    from pipeline.build import build

    s, p, t = copy.deepcopy(BASE)
    path = tmp_path / "m.xlsx"
    build_workbook(s, p, t).save(path)
    result = build(path, tmp_path / "out", only=("tasks", "calendar", "checklist"))
    assert result.ok
    assert sorted(f.name for f in (tmp_path / "out").iterdir() if not f.name.startswith(".")) == [
        "manifest.json", "會前檢查單.docx", "會務工作分派表.xlsx", "會務日程.ics"]
