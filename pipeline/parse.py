"""Turn what staff typed into typed values; each parser returns (value, problem or None).

A problem is a (code, Msg) pair; normalize adds the sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re

from .i18n import Msg
from .schema import ETHNIC_GROUPS
from .text import clean_name, halfwidth, strip_control, to_simplified

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_TRUE = {"是", "y", "yes", "√", "✓", "✔", "1", "true", "t", "對", "对", "有", "要", "需要", "○", "是的"}
_FALSE = {"否", "n", "no", "×", "✗", "✘", "x", "0", "false", "f", "不", "無", "无", "不要", "不需要", "-"}
_GENDER = {"男": "男", "男性": "男", "m": "男", "male": "男", "女": "女", "女性": "女", "f": "女", "female": "女"}
_ETHNIC = {}
for _g in ETHNIC_GROUPS:
    for _form in (_g, _g + "族", to_simplified(_g), to_simplified(_g) + "族"):
        _ETHNIC[_form] = _g + "族"
_ETHNIC.update({"漢": "漢族", "汉": "漢族", "蒙": "蒙古族", "维": "維吾爾族", "朝鲜": "朝鮮族"})

_DATE_Y = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号號]?")
_DATE_MD = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*[日号號]|(?=\D|$))")
_PERIOD = re.compile(r"^(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜間|夜间|晚|am|pm|a\.m\.|p\.m\.)", re.I)
_TIME = re.compile(r"^(\d{1,2})\s*(?:[:：]|[點点時时])\s*(\d{1,2}|半|一刻|三刻)?\s*(?:分)?\s*(?:[:：](\d{1,2}))?\s*$")
_TRAIL_PERIOD = re.compile(r"\s*(am|pm|a\.m\.|p\.m\.)$", re.I)

Result = tuple[object, "tuple[str, Msg] | None"]


def _bad(code: str, template: str, **params) -> Result:
    return None, (code, Msg(template, **params))


def as_text(value) -> str:
    """Any cell value as the text Excel shows (12.0 -> '12')."""
    if value.__class__ is str:  # most cells: no conversion to make
        return strip_control(value).strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    return strip_control(str(value)).strip()


def parse_text(value, **_) -> Result:
    return as_text(value), None


def parse_name(value, **_) -> Result:
    if value.__class__ is str and value.isprintable() and " " not in value:
        return value, None  # most names: no space and no control character, nothing to clean
    return clean_name(as_text(value)), None


def parse_int(value, **_) -> Result:
    if isinstance(value, bool):
        return _bad("bad_number", "「{v}」不是整數。請填寫阿拉伯數字，如 1、2、3。", v=value)
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            return int(value), None
        return _bad("bad_number", "「{v}」不是整數。請填寫整數，如 1、2、3。", v=value)
    text = halfwidth(as_text(value)).replace(" ", "")
    text = re.sub(r"^第|[排號号桌座]$", "", text)
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(float(text)), None
    return _bad("bad_number", "「{v}」不是整數。請填寫阿拉伯數字，如 1、2、3。", v=as_text(value))


_SPACES = re.compile(r"\s+")


def parse_phone(value, **_) -> Result:
    if value.__class__ is str and value.isascii() and value.isdigit():
        return value, None  # most phones: digits only
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel turned 13800138000 into 1.38e10
    return _SPACES.sub("", halfwidth(as_text(value))), None


def parse_code(value, **_) -> Result:
    """Flight and train numbers, ids: half-width, upper case, no spaces."""
    if value.__class__ is str and value.isascii() and value.isalnum():
        return value.upper(), None  # most codes: letters and digits only
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub("", halfwidth(as_text(value))).upper(), None


def parse_bool(value, **_) -> Result:
    if isinstance(value, bool):
        return value, None
    text = halfwidth(as_text(value)).strip().lower()
    if text in _TRUE:
        return True, None
    if text in _FALSE:
        return False, None
    return _bad("bad_yes_no", "「{v}」不是「是」或「否」。請填寫「是」或「否」（也可以用 Y/N、√/×）。", v=as_text(value))


def parse_gender(value, **_) -> Result:
    text = halfwidth(as_text(value)).strip().lower()
    if text in _GENDER:
        return _GENDER[text], None
    return _bad("bad_gender", "性別「{v}」無法識別。請填寫「男」或「女」。", v=as_text(value))


def parse_ethnic(value, **_) -> Result:
    text = as_text(value).replace(" ", "")
    if text in _ETHNIC:
        return _ETHNIC[text], None
    return _bad("bad_ethnic", "民族「{v}」不是56個民族的名稱。請從下拉列表中選擇，如「漢族」「回族」。", v=text)


def parse_choice(value, choices=(), **_) -> Result:
    text = as_text(value).replace(" ", "")
    if not text and "" in choices:
        return "", None
    key = to_simplified(text)
    for choice in choices:
        if choice and (text == choice or key == to_simplified(choice) or key == to_simplified(choice).replace("台", "臺")):
            return choice, None
    shown = "、".join(c for c in choices if c)
    return _bad("bad_choice", "「{v}」不是允許的值。請填寫：{choices}。", v=text, choices=shown)


def parse_list(value, **_) -> Result:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer():
            return [int(value)], None
    text = halfwidth(as_text(value))
    parts = [p for p in re.split(r"[,，、;；\s]+", text) if p]
    if all(re.fullmatch(r"\d+", p) for p in parts):
        return [int(p) for p in parts], None
    return _bad("bad_list", "「{v}」應是用逗號分隔的數字，如「9,11」。", v=text)


def _from_serial(value: float) -> dt.datetime:
    return EXCEL_EPOCH + dt.timedelta(days=float(value))


def _parse_clock(text: str) -> tuple[int, int] | None:
    """'下午3點半' -> (15, 30); '15:30' -> (15, 30); '9時' -> (9, 0)."""
    text = text.strip()
    if not text:
        return None
    period = ""
    m = _PERIOD.match(text)
    if m:
        period = m.group(1).lower()
        text = text[m.end():].strip()
    m = _TRAIL_PERIOD.search(text)
    if m:
        period = m.group(1).lower()
        text = text[: m.start()]
    m = _TIME.match(text)
    if not m:
        return None
    hour = int(m.group(1))
    minute = {"半": 30, "一刻": 15, "三刻": 45, None: 0}.get(m.group(2))
    if minute is None:
        minute = int(m.group(2))
    if period in ("下午", "傍晚", "晚上", "夜間", "夜间", "晚", "pm", "p.m.") and hour < 12:
        hour += 12
    elif period == "中午" and hour < 6:
        hour += 12
    elif period in ("凌晨", "am", "a.m.", "上午", "早上", "早晨") and hour == 12:
        hour = 0 if period in ("凌晨", "am", "a.m.") else 12
    if hour > 23 or minute > 59:
        return None
    return hour, minute


def parse_datetime(value, year: int | None = None, date_only: bool = False, **_) -> Result:
    """Real Excel dates, serial numbers, and the text forms staff type (year taken from the meeting)."""
    if isinstance(value, dt.datetime):
        out = value.replace(second=0, microsecond=0)
    elif isinstance(value, dt.date):
        out = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value < 100000:
        out = _from_serial(value).replace(second=0, microsecond=0)
    else:
        text = _SPACES.sub(" ", halfwidth(as_text(value)).strip())
        out = None
        m = _DATE_Y.match(text)
        if m:
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            m = _DATE_MD.match(text)
            if m:
                y, mo, d = year, int(m.group(1)), int(m.group(2))
        if m:
            rest = text[m.end():].strip().lstrip("T").strip()
            clock = _parse_clock(rest) if rest else (0, 0)
            if y is None:
                return _bad("no_year", "「{v}」沒有年份，會議也沒有開始時間可參照。請寫完整日期，如 2026-12-01 15:30。", v=text)
            try:
                if clock is not None:
                    out = dt.datetime(y, mo, d, *clock)
            except ValueError:
                return _bad("bad_date", "日期「{v}」不存在。請檢查月和日。", v=text)
        if out is None:
            example = "2026-12-01" if date_only else "2026-12-01 15:30 或 12月1日下午3點半"
            return _bad("bad_date", "「{v}」無法識別為日期時間。請寫成 {example}。", v=text, example=example)
    return (out.date() if date_only else out), None


def parse_date(value, year: int | None = None, **_) -> Result:
    return parse_datetime(value, year=year, date_only=True)


def parse_time(value, **_) -> Result:
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0), None
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0), None
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60), None
    text = halfwidth(as_text(value))
    clock = _parse_clock(text)
    if clock is None:
        return _bad("bad_time", "「{v}」無法識別為時間。請寫成 09:00 或 上午9點。", v=text)
    return dt.time(*clock), None


PARSERS = {
    "text": parse_text, "name": parse_name, "int": parse_int, "phone": parse_phone, "code": parse_code,
    "bool": parse_bool, "gender": parse_gender, "ethnic": parse_ethnic, "choice": parse_choice,
    "list": parse_list, "datetime": parse_datetime, "date": parse_date, "time": parse_time,
}


def parse(kind: str, value, **options) -> Result:
    """Parse one non-empty cell value as `kind`."""
    return PARSERS[kind](value, **options)
