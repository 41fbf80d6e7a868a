"""`huiwu status`: a filled-in task sheet read back into done, due within 24 hours and overdue."""

from __future__ import annotations

import copy
import datetime as dt
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from pipeline.context import Context
from pipeline.new import build_workbook
from pipeline.render import tasks as task_sheet
from pipeline.sample import meeting_data
from pipeline.status import StatusError, parse_deadline, parse_now, state, status

SH = ZoneInfo("Asia/Shanghai")
BASE = meeting_data(people=20)
MARK, TEXT = 8, 3  # 完成情況 and 任務 columns


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """(workbook, printed task sheet) of a 20-person sample meeting."""
    from pipeline.check import load

    tmp = tmp_path_factory.mktemp("status")
    book = tmp / "m.xlsx"
    build_workbook(*copy.deepcopy(BASE)).save(book)
    meeting, _, _ = load(book)
    ((name, data),) = task_sheet.render(Context(meeting)).items()
    sheet = tmp / name
    sheet.write_bytes(data)
    return book, sheet


def fill(src, dst, marks: dict[str, str], extra: list | None = None):
    """Copy the printed sheet, writing `marks` (task text prefix -> 完成情況) as staff would."""
    wb = openpyxl.load_workbook(src)
    ws = wb.active
    for row in ws.iter_rows(min_row=4):
        text = row[TEXT - 1].value or ""
        for prefix, mark in marks.items():
            if str(text).startswith(prefix):
                row[MARK - 1].value = mark
    if extra:
        ws.insert_rows(5)
        for c, v in enumerate(extra, start=1):
            ws.cell(row=5, column=c, value=v)
    wb.save(dst)
    return dst


def names(items):
    return [i.short for i in items]


def test_status_counts_on_a_filled_in_sheet(made, tmp_path):
    book, sheet = made
    filled = fill(sheet, tmp_path / "filled.xlsx", {
        "擬定會議籌備方案": "已完成", "會議預備通知": "√", "會議正式通知": "已发",  # 已… in either script
        "會議材料準備": "未完成", "表態發言材料的把關": "", "住宿安排": "不適用", "會議車輛安排": "✓",
    })
    result = status(book, filled, now=dt.datetime(2026, 12, 15, 10, 0))
    assert names(result.done) == ["擬定會議籌備方案", "會議預備通知", "會議正式通知", "會議車輛安排"]
    assert names(result.skipped) == ["住宿安排"]
    # past by 10:00 on Tuesday the 15th: 登記表 and 材料準備 (-5d, a Sunday, moved to Friday the 11th),
    # 表態發言 and 製作證牌 (-3d: the 15th 09:00)
    assert names(result.overdue) == ["按會議回執登錄報名情況，形成《會議代表登記表》，製作會議名冊", "會議材料準備",
                                     "表態發言材料的把關", "製作證牌"]
    # by 10:00 on the 16th: the -2d steps at 09:00
    assert names(result.due) == ["編制《接站安排表》", "確定就餐地點、食譜", "文件材料印刷", "參觀點安排"]
    total = sum(len(b) for b in (result.done, result.skipped, result.overdue, result.due, result.later, result.untimed))
    assert total == 34 and not result.untimed
    text = result.to_text()
    assert text.splitlines()[0] == "中共示範區委十屆五次全體（擴大）會議 會務工作完成情況（截至 2026年12月15日 週二 10:00）"
    assert "已完成 4 項，24小時內到期 4 項，已逾期 4 項，以後到期 21 項，未定時限 0 項，不適用 1 項。" in text
    assert "  6. 表態發言材料的把關 — 張靜 — 時限 12月15日 週二 09:00，已過 1小時" in text


def test_status_the_morning_of_the_meeting(made, tmp_path):
    book, sheet = made
    done = ["擬定", "會議預備", "會議正式", "按會議回執", "會議材料準備", "表態發言", "住宿", "會議車輛", "製作證牌", "編制",
            "確定就餐", "文件材料印刷", "參觀點", "會議材料裝袋", "統一領取", "會場布置"]
    filled = fill(sheet, tmp_path / "f.xlsx", {d: "已完成" for d in done})
    result = status(book, filled, now=dt.datetime(2026, 12, 18, 7, 30, tzinfo=SH))
    assert len(result.done) == 16
    assert names(result.overdue) == ["會場音響等設備調試"]  # 07:00
    assert names(result.due)[:3] == ["正式會前檢查會場安排", "會務工作人員提前30分鐘到達會場", "會議簽到"]
    assert "會議紀要" not in names(result.due)  # 20th 17:30: more than 24 hours away
    assert names(result.later) == ["錄音整理工作", "會議紀要", "會務總結、後續工作", "會後督查"]
    assert names(result.due)[-2:] == ["信息及宣傳報道", "退房、送站"]
    text = result.to_text()
    assert "  24. 主席臺熱水填補 — 劉洋 — 會中 12月18日 週五 09:00–17:30" in text


def test_status_follows_the_workbook_when_the_meeting_moves(made, tmp_path):
    from pipeline.check import load

    book, sheet = made
    s, p, t = copy.deepcopy(BASE)
    s.update({"開始時間": dt.datetime(2026, 12, 28, 9, 0), "結束時間": dt.datetime(2026, 12, 28, 12, 0)})
    moved = tmp_path / "moved.xlsx"
    build_workbook(s, p, t).save(moved)
    assert load(moved)[0].start.day == 28
    before = status(book, sheet, now=dt.datetime(2026, 12, 18, 7, 30))
    assert "會場音響等設備調試" in names(before.overdue)
    after = status(moved, sheet, now=dt.datetime(2026, 12, 18, 7, 30))  # the sheet printed for the 18th
    sound = next(i for i in after.later if i.short == "會場音響等設備調試")
    assert sound.due == dt.datetime(2026, 12, 28, 7, 0, tzinfo=SH) and sound.deadline == "12月18日 週五 07:00"


def test_a_line_added_by_hand_counts_from_its_own_deadline(made, tmp_path):
    book, sheet = made
    filled = fill(sheet, tmp_path / "g.xlsx", {}, extra=[99, "會前準備", "聯繫電視台採訪", "秘書", "張靜",
                                                         "12月14日 週一 17:00", "", "", ""])
    result = status(book, filled, now=dt.datetime(2026, 12, 15, 10, 0))
    added = next(i for i in result.overdue if i.text == "聯繫電視台採訪")
    assert added.due == dt.datetime(2026, 12, 14, 17, 0, tzinfo=SH) and added.seq == "99"


@pytest.mark.parametrize("mark,expected", [
    ("已完成", "done"), ("√", "done"), ("✓", "done"), ("完成", "done"), ("已办结", "done"), ("OK", "done"),
    ("已落實", "done"), ("ｙｅｓ", "done"), ("", "open"), (None, "open"), ("未完成", "open"), ("尚未完成", "open"),
    ("進行中", "open"), ("×", "open"), ("否", "open"), ("沒有", "open"), ("不適用", "skip"), ("不适用", "skip"),
    ("無需", "skip"), ("—", "skip"), ("12/16完成", "done"), (dt.date(2026, 12, 16), "done"),
    (dt.datetime(2026, 12, 16, 15, 0), "done"),
])
def test_marks_staff_write(mark, expected):
    assert state(mark) == expected


def test_printed_deadlines_parse_back():
    assert parse_deadline("12月16日 週三 09:00＊", 2026) == (dt.datetime(2026, 12, 16, 9, tzinfo=SH),) * 2
    assert parse_deadline("2027年1月2日 週六 23:00", 2026)[1] == dt.datetime(2027, 1, 2, 23, tzinfo=SH)
    begin, end = parse_deadline("12月18日 週五 09:00–17:30 每15–20分鐘", 2026)
    assert (begin.hour, end.hour, end.minute) == (9, 17, 30)
    begin, end = parse_deadline("12月31日 周四 22:00–1月1日 周五 02:00 会中", 2026)
    assert (begin, end) == (dt.datetime(2026, 12, 31, 22, tzinfo=SH), dt.datetime(2027, 1, 1, 2, tzinfo=SH))
    assert parse_deadline("", 2026) == (None, None)


def test_errors_say_what_to_do(made, tmp_path):
    book, _ = made
    with pytest.raises(StatusError) as err:
        status(book, tmp_path / "nothing.xlsx")
    assert str(err.value).startswith("找不到分派表「") and "用 --sheet 指定填好的副本" in str(err.value)
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "單位"])
    wb.save(other)
    with pytest.raises(StatusError) as err:
        status(book, other)
    assert "沒有找到有「任務」和「完成情況」兩列的分派表" in str(err.value)
    with pytest.raises(StatusError) as err:
        parse_now("下週一")
    assert str(err.value) == "時間「下週一」無法識別。請寫成 2026-12-17 10:00。"
    assert parse_now("2026-12-17 10:00") == dt.datetime(2026, 12, 17, 10, tzinfo=SH)
