"""What staff really type, and the exact messages for what cannot be read."""

import datetime as dt

import pytest

from pipeline.parse import parse


@pytest.mark.parametrize("kind,value,expected", [
    ("phone", 13800138000.0, "13800138000"),
    ("phone", "１３８ ００１３ ８０００", "13800138000"),
    ("code", "ｃａ １２３４", "CA1234"),
    ("code", 1234.0, "1234"),
    ("name", "王 芳", "王芳"),
    ("name", " 王　芳 ", "王芳"),
    ("name", "John  Smith", "John Smith"),
    ("text", "控制\x07字符\x1f", "控制字符"),  # control characters are illegal in Office XML
    ("name", "王\x0b芳", "王芳"),
    # the common cells, which take a quick path, and the ones beside them that must not
    ("name", "歐陽修", "歐陽修"), ("name", "王芳\u00a0", "王芳"), ("name", "李\u3000四", "李四"),
    ("code", "mu5101", "MU5101"), ("code", "D-0017", "D-0017"), ("code", " D0018 ", "D0018"), ("code", "ß7", "SS7"),
    ("phone", "13800138000", "13800138000"), ("phone", "²13800138000", "²13800138000"),
    ("phone", "138-0013-8000", "138-0013-8000"),
    ("gender", "M", "男"), ("gender", "女性", "女"), ("gender", "f", "女"),
    ("bool", "√", True), ("bool", "×", False), ("bool", "Y", True), ("bool", 0, False), ("bool", "TRUE", True),
    ("bool", "否", False),
    ("ethnic", "回", "回族"), ("ethnic", "维吾尔族", "維吾爾族"), ("ethnic", "漢族", "漢族"),
    ("choice", "单间", "單間"),
    ("int", "３", 3), ("int", 2.0, 2), ("int", "第2排", 2),
    ("list", "9，11", [9, 11]), ("list", 20, [20]), ("list", "6、16", [6, 16]),
    ("datetime", "2026-12-01 15:30", dt.datetime(2026, 12, 1, 15, 30)),
    ("datetime", "2026/12/1 15:30", dt.datetime(2026, 12, 1, 15, 30)),
    ("datetime", "12月1日15:30", dt.datetime(2026, 12, 1, 15, 30)),
    ("datetime", "12月1日下午3點半", dt.datetime(2026, 12, 1, 15, 30)),
    ("datetime", "12月1日 上午9時", dt.datetime(2026, 12, 1, 9, 0)),
    ("datetime", "2026/12/1 下午3:30", dt.datetime(2026, 12, 1, 15, 30)),
    ("datetime", "１２月１日　１５：３０", dt.datetime(2026, 12, 1, 15, 30)),
    ("datetime", "12月1日晚上8點", dt.datetime(2026, 12, 1, 20, 0)),
    ("datetime", 46357.625, dt.datetime(2026, 12, 1, 15, 0)),
    ("datetime", dt.datetime(2026, 12, 1, 15, 30, 12), dt.datetime(2026, 12, 1, 15, 30)),
    ("date", "2026年12月1日", dt.date(2026, 12, 1)),
    ("time", 0.375, dt.time(9, 0)), ("time", "下午2:30", dt.time(14, 30)),
])
def test_messy_values_are_normalized(kind, value, expected):
    parsed, problem = parse(kind, value, year=2026, choices=("單間", "標間"))
    assert problem is None
    assert parsed == expected


@pytest.mark.parametrize("kind,value,code,message", [
    ("gender", "男女", "bad_gender", "性別「男女」無法識別。請填寫「男」或「女」。"),
    ("bool", "可能", "bad_yes_no", "「可能」不是「是」或「否」。請填寫「是」或「否」（也可以用 Y/N、√/×）。"),
    ("ethnic", "火星族", "bad_ethnic", "民族「火星族」不是56個民族的名稱。請從下拉列表中選擇，如「漢族」「回族」。"),
    ("datetime", "下週一", "bad_date", "「下週一」無法識別為日期時間。請寫成 2026-12-01 15:30 或 12月1日下午3點半。"),
    ("datetime", "2月30日 10:00", "bad_date", "日期「2月30日 10:00」不存在。請檢查月和日。"),
    ("int", "三", "bad_number", "「三」不是整數。請填寫阿拉伯數字，如 1、2、3。"),
    ("choice", "套房", "bad_choice", "「套房」不是允許的值。請填寫：單間、標間。"),
])
def test_bad_values_say_how_to_fix(kind, value, code, message):
    parsed, problem = parse(kind, value, year=2026, choices=("單間", "標間"))
    assert parsed is None
    assert problem[0] == code
    assert problem[1].text() == message


def test_message_in_simplified_keeps_the_value_as_typed():
    _, problem = parse("gender", "男女", year=2026)
    assert problem[1].text("簡體") == "性别「男女」无法识别。请填写「男」或「女」。"
    _, problem = parse("ethnic", "維吾爾", year=2026)
    assert problem is None
