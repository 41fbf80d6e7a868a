"""Raw sheets -> a typed Meeting and a Report of every problem (collects, never raises)."""

from __future__ import annotations

import hashlib
import re
from operator import itemgetter
from types import MappingProxyType

from . import schema
from .i18n import SIMPLIFIED, TRADITIONAL
from .model import PERSON_DEFAULTS, PERSON_FIELDS, Meeting, Person, Record, make_person
from .parse import as_text, parse
from .report import Report
from .schema import MEETING, PEOPLE, Sheet
from .text import to_simplified
from .workbook import RawSheet, RawWorkbook

EXAMPLE_ID = "示例"
_FIELD_ITEMS = tuple(PERSON_FIELDS.items())
_FIELD_ATTRS = tuple(attr for _, attr in _FIELD_ITEMS)
_field_values = itemgetter(*(col for col, _ in _FIELD_ITEMS))  # a record's value per person field, in one call
_PERSON_TEXT = {attr: d for attr, d in PERSON_DEFAULTS.items() if attr in _FIELD_ATTRS and isinstance(d, str)}
_text_values = itemgetter(*_PERSON_TEXT)
_NON_DIGIT = re.compile(r"\D")
_HEADER_NOISE = re.compile(r"[\s*＊]|[（(](必填|選填|选填|可選|可选|可空)[）)]")


def _key(text: str) -> str:
    """Compare names across scripts and 台/臺 spellings."""
    return to_simplified(_HEADER_NOISE.sub("", text)).replace("臺", "台")


def _lookup(names, extra_aliases=None) -> dict[str, str]:
    table = {}
    for name in names:
        table[_key(name)] = name
        for alias in (extra_aliases or {}).get(name, ()):
            table[_key(alias)] = name
    return table


_SHEET_ALIASES = {"參會人員": ("參會人員名單", "人員", "名單", "與會人員"), "會議": ("會議信息", "基本信息")}
_COLUMN_ALIASES = {"姓名": ("名字",), "手機": ("手機號", "手機號碼", "電話", "聯繫電話"), "航班車次": ("航班號", "車次", "航班/車次"),
                   "職級序號": ("職級", "排序號"), "單位": ("工作單位",), "備註": ("備注",)}


def detect_script(raw: RawWorkbook, declared: str) -> str:
    """The 文字 setting, or the script the sheet names are written in."""
    if declared in (TRADITIONAL, SIMPLIFIED):
        return declared
    traditional = sum(1 for s in schema.SHEETS if s.name in raw.sheets and s.name != to_simplified(s.name))
    simplified = sum(1 for s in schema.SHEETS if to_simplified(s.name) in raw.sheets and s.name != to_simplified(s.name))
    return SIMPLIFIED if simplified > traditional else TRADITIONAL


class Normalizer:
    """One pass over a raw workbook, filling a Report as it goes."""

    def __init__(self, raw: RawWorkbook):
        self.raw = raw
        self.report = Report()
        self.year: int | None = None
        self._cols: dict[tuple[str, int], dict[str, int]] = {}  # (sheet, row) -> column -> Excel column
        titles = _lookup([s.name for s in schema.SHEETS], _SHEET_ALIASES)
        self.found: dict[str, RawSheet] = {}
        for title, sheet in raw.sheets.items():
            canonical = titles.get(_key(title))
            if canonical and canonical not in self.found:
                self.found[canonical] = sheet

    # -- settings sheets (項目 | 內容) -------------------------------------------------
    def settings(self, sheet_name: str) -> tuple[dict, dict]:
        sheet = self.found.get(sheet_name)
        specs = schema.settings_of(sheet_name)
        values = {s.name: s.default for s in specs}
        extra: dict[str, str] = {}
        if sheet is None:
            return values, extra
        names = _lookup([s.name for s in specs])
        rows = [(r, cells) for r, cells in sheet.rows if cells and as_text(cells[0])]
        if rows and _key(as_text(rows[0][1][0])) in (_key("項目"), _key("項")):
            rows = rows[1:]
        seen = {}
        pending = []
        for r, cells in rows:
            label = as_text(cells[0])
            name = names.get(_key(label))
            value = cells[1] if len(cells) > 1 else None
            if name is None:
                extra[label] = as_text(value)
                continue
            if name in seen:
                self.report.warning("duplicate_setting", sheet.name, r, "項目", label,
                                    "「{name}」在第{first}行已經填寫過，這一行被忽略。請刪除重複的一行。",
                                    col_index=1, name=name, first=seen[name])
                continue
            seen[name] = r
            pending.append((r, name, value))
        # the year of 12月1日 comes from the meeting's start, so read that first
        pending.sort(key=lambda item: item[1] != "開始時間")
        for r, name, value in pending:
            spec = schema.SETTINGS_BY_NAME[name]
            if value is None or as_text(value) == "":
                continue
            if (r, 2) in sheet.missing_values:
                self._no_cache(sheet.name, r, 2, name)
                continue
            parsed, problem = parse(spec.type, value, choices=spec.choices, year=self.year)
            if problem:
                code, msg = problem
                self.report.add("error", code, sheet.name, r, name, as_text(value), msg, 2)
                continue
            values[name] = parsed
            if name == "開始時間" and parsed is not None:
                self.year = parsed.year
        for spec in specs:
            if spec.required and not values.get(spec.name):
                self.report.error("missing_setting", sheet.name, None, spec.name, None,
                                  "「{sheet}」表缺少「{name}」。請在「項目」列加一行「{name}」，在「內容」列填寫{help}。",
                                  sheet=sheet.name, name=spec.name, help=spec.help or "內容")
        return values, extra

    def _no_cache(self, sheet, row, col, column):
        self.report.error("formula_no_value", sheet, row, column, None,
                          "公式沒有計算結果（文件可能由其他程序生成）。請在 Excel 中打開並保存一次，或改填數值。",
                          col_index=col)

    # -- table sheets ------------------------------------------------------------------
    def table(self, spec: Sheet) -> list[Record]:
        sheet = self.found.get(spec.name)
        if sheet is None:
            if spec.required:
                self.report.error("missing_sheet", spec.name, None, None, None,
                                  "工作簿缺少工作表「{sheet}」。請添加名為「{sheet}」的工作表，第一行為表頭（可用 huiwu new 生成模板對照）。",
                                  sheet=spec.name)
            return []
        names = _lookup([c.name for c in spec.columns], _COLUMN_ALIASES)
        header_row, mapping = self._find_header(sheet, spec, names)
        if header_row is None:
            if sheet.rows or spec.required:
                key = spec.key_column or spec.columns[0].name
                self.report.error("missing_column", sheet.name, None, key, None,
                                  "「{sheet}」表找不到表頭（應有「{col}」列）。請在第1行填寫表頭：{cols}。",
                                  sheet=sheet.name, col=key, cols="、".join(c.name for c in spec.columns))
            return []
        present = set(mapping.values())
        for col in spec.columns:
            if col.required and col.name not in present:
                self.report.error("missing_column", sheet.name, header_row, col.name, None,
                                  "「{sheet}」表缺少「{col}」列。請在第{row}行表頭添加「{col}」列。",
                                  sheet=sheet.name, col=col.name, row=header_row)
        columns = {c.name: c for c in spec.columns}
        headers = {i: as_text(v) for i, v in enumerate(self._cells(sheet, header_row)) if as_text(v)}
        records = []
        # defaults for empty cells: text-like columns read as "", the rest as None
        defaults = {c.name: c.default if c.default is not None else
                    ("" if c.type in ("text", "name", "phone", "code", "choice", "gender", "ethnic") else None)
                    for c in spec.columns}
        present_cols = {name: i + 1 for i, name in mapping.items()}
        # per sheet, not per cell: which cell feeds which column, each column's parse memo
        known = [(i, mapping[i], i + 1, columns[mapping[i]], {}) for i in headers if i in mapping]
        unknown = [(i, h) for i, h in headers.items() if i not in mapping]
        width = max(headers) + 1 if headers else 0
        example_at = present_cols["編號"] - 1 if spec.name == PEOPLE and "編號" in present_cols else None
        missing = sheet.missing_values
        year = self.year
        add = self.report.add
        for r, cells in sheet.rows:
            if r <= header_row:
                continue
            if example_at is not None and _is_example(cells, example_at):
                self.report.warning("example_row", sheet.name, r, "編號", EXAMPLE_ID,
                                    "這是模板中的示例行，已略過。填好名單後可刪除這一行。", col_index=example_at + 1)
                continue
            if len(cells) < width:
                cells = cells + [None] * (width - len(cells))
            values: dict = defaults.copy()  # every column, in the sheet's order; filled below
            extra: dict = {}
            problems = []
            filled = False
            for i, header in unknown:
                value = cells[i]
                if value is None or (value.__class__ is str and (not value or value.isspace())):
                    extra[header] = ""
                else:
                    extra[header] = as_text(value)
                    filled = True
            for i, name, ci, col, memo in known:
                value = cells[i]
                if value is None or (value.__class__ is str and (not value or value.isspace())):
                    continue
                filled = True
                # many cells repeat (units, 是/否, 男/女): each value parsed once per column; 1, 1.0
                # and True are equal keys, so only text is looked up by itself
                key = value if value.__class__ is str else (value.__class__, value)
                hit = memo.get(key)
                if hit is None:
                    hit = memo[key] = _stored(col, value, year)
                values[name] = hit[0]
                if hit[1] is not None:
                    problems.append((name, value, ci, hit[1]))
            if not filled:
                continue
            if missing:
                for name, ci in present_cols.items():
                    if (r, ci) in missing:
                        self._no_cache(sheet.name, r, ci, name)
            for name, value, ci, (code, msg) in problems:
                add("error", code, sheet.name, r, name, as_text(value), msg, ci)
            record = Record(spec.name, r, MappingProxyType(values), MappingProxyType(extra))
            records.append(record)
            self._cols[(spec.name, r)] = present_cols
        return records

    def col(self, sheet: str, row: int, name: str) -> int | None:
        return self._cols.get((sheet, row), {}).get(name)

    @staticmethod
    def _cells(sheet: RawSheet, row: int) -> list:
        return next((cells for r, cells in sheet.rows if r == row), [])

    def _find_header(self, sheet: RawSheet, spec: Sheet, names: dict) -> tuple[int | None, dict[int, str]]:
        """The first of the top rows that names the sheet's key column (a title row may sit above)."""
        key = spec.key_column or spec.columns[0].name
        for r, cells in sheet.rows[:10]:
            mapping = {}
            for i, v in enumerate(cells):
                name = names.get(_key(as_text(v))) if as_text(v) else None
                if name and name not in mapping.values():
                    mapping[i] = name
            if key in mapping.values() or len(mapping) >= max(2, len(spec.columns) // 2):
                return r, mapping
        return None, {}


def _stored(col, value, year) -> tuple:
    """(what the record keeps, the problem or None) for one non-empty cell of a column."""
    parsed, problem = parse(col.type, value, choices=col.choices, year=year)
    if problem:
        return col.default, problem
    if col.default is not None and parsed == "":
        return col.default, None
    return parsed, None


def _is_example(cells: list, i: int) -> bool:
    return i < len(cells) and cells[i] is not None and as_text(cells[i]) == EXAMPLE_ID


def _stable_id(unit: str, name: str, taken: set[str]) -> str:
    digest = hashlib.sha1(f"{unit}|{name}".encode()).hexdigest().upper()
    for size in range(5, 40):
        candidate = "P" + digest[:size]
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")


def _people(n: Normalizer, records: list[Record], start) -> list[Person]:
    rep = n.report
    sheet = n.found[PEOPLE].name if PEOPLE in n.found else PEOPLE
    people: list[Person] = []
    ids: dict[str, int] = {}
    by_key: dict[tuple[str, str], int] = {}
    units_of: dict[str, dict[str, int]] = {}
    taken = {r.get("編號") for r in records if r.get("編號")}

    def ci(rec, name):
        return n.col(PEOPLE, rec.row, name)

    for rec in records:
        values = rec.values  # read directly: Record.get is a Python call, and this runs for every person
        name = values.get("姓名") or ""
        if not name:
            rep.error("empty_name", sheet, rec.row, "姓名", None, "這一行有內容但沒有姓名。請填寫姓名，或刪除這一行。",
                      col_index=ci(rec, "姓名"))
            continue
        unit = values.get("單位") or ""
        pid = values.get("編號") or ""
        if pid:
            if pid in ids:
                rep.error("duplicate_id", sheet, rec.row, "編號", pid,
                          "編號「{pid}」與第{other}行重複。每人的編號必須不同。", col_index=ci(rec, "編號"), pid=pid, other=ids[pid])
        else:
            pid = _stable_id(unit, name, taken)
            taken.add(pid)
            rep.warning("id_assigned", sheet, rec.row, "編號", None,
                        "沒有編號，已自動分配「{pid}」。建議把它填入編號列，以後修改名單時此人的編號保持不變。",
                        col_index=ci(rec, "編號") or 1, pid=pid)
        ids.setdefault(pid, rec.row)
        if (name, unit) in by_key:
            rep.error("duplicate_person", sheet, rec.row, "姓名", name,
                      "「{unit}」的「{name}」與第{other}行重複。請刪除重複的一行；確是兩人時請在姓名後加註區分，如「{name}（大）」。",
                      col_index=ci(rec, "姓名"), unit=unit or "（無單位）", name=name, other=by_key[(name, unit)])
        by_key.setdefault((name, unit), rec.row)
        units_of.setdefault(name, {}).setdefault(unit, rec.row)
        phone = values.get("手機") or ""
        if phone and not (len(phone) == 11 and phone.isdecimal()) and len(_NON_DIGIT.sub("", phone)) != 11:
            rep.warning("bad_mobile", sheet, rec.row, "手機", phone, "手機號「{v}」不是11位數字。請核對。",
                        col_index=ci(rec, "手機"), v=phone)
        for flag, time_col, place_col, what in (("需接站", "到達時間", "到達站點", "接站"), ("需送站", "返程時間", "返程站點", "送站")):
            if values.get(flag):
                for col in (time_col, place_col):
                    if not values.get(col) and not _had_error(rep, sheet, rec.row, col):
                        rep.error("missing_for_" + ("pickup" if what == "接站" else "dropoff"), sheet, rec.row, col, None,
                                  "「{flag}」為「是」，但沒有填寫「{col}」。請填寫{col}，或把「{flag}」改為「否」。",
                                  col_index=ci(rec, col) or ci(rec, flag), flag=flag, col=col)
        arrival = values.get("到達時間")
        if arrival and start and arrival > start:
            rep.warning("late_arrival", sheet, rec.row, "到達時間", arrival.strftime("%Y-%m-%d %H:%M"),
                        "到達時間晚於會議開始時間（{start}）。請核對。", col_index=ci(rec, "到達時間"),
                        start=start.strftime("%Y-%m-%d %H:%M"))
        checkin, checkout = values.get("入住日期"), values.get("離店日期")
        if checkin and checkout and checkout < checkin:
            rep.error("checkout_before_checkin", sheet, rec.row, "離店日期", str(checkout),
                      "離店日期早於入住日期（{d}）。請核對。", col_index=ci(rec, "離店日期"), d=str(checkin))
        rostrum = values.get("主席台")
        if rostrum is not None and rostrum < 1:
            rep.error("bad_rostrum_row", sheet, rec.row, "主席台", rostrum,
                      "主席台排號應為 1、2…。不上主席台請留空。", col_index=ci(rec, "主席台"))
        # every column at once (a record holds them all); an empty cell already reads as the person's
        # default, but a text cell that could not be read is None: the default then
        fields = dict(zip(_FIELD_ATTRS, _field_values(values)))
        if None in _text_values(fields):
            fields.update((attr, _PERSON_TEXT[attr]) for attr in _PERSON_TEXT if fields[attr] is None)
        fields.update(id=pid, name=name, unit=unit)
        people.append(make_person(seq=len(people), row=rec.row, extra=rec.extra, **fields))
    for name, units in units_of.items():
        if len(units) > 1:
            rows = sorted(units.values())
            for row in rows[1:]:
                rep.warning("same_name_other_unit", sheet, row, "姓名", name,
                            "「{name}」也出現在第{first}行（{unit}）。如是同一人請刪除一行；如是兩人請核對。",
                            col_index=_col_of(n, row, "姓名"), name=name, first=rows[0],
                            unit=next(u for u, r in units.items() if r == rows[0]) or "無單位")
    return people


def _col_of(n: Normalizer, row: int, name: str):
    return n.col(PEOPLE, row, name)


def _had_error(rep: Report, sheet: str, row: int, column: str) -> bool:
    """The cell already has a problem (an unreadable time): say nothing more about it."""
    return any(p.row == row and p.column == column and p.sheet == sheet for p in rep.problems)


def normalize(raw: RawWorkbook) -> tuple[Meeting | None, Report]:
    """Typed Meeting plus Report; the Meeting is None only when the people cannot be read at all."""
    n = Normalizer(raw)
    meeting_sheet = n.found.get(MEETING)
    settings, extra = n.settings(MEETING)
    venue, venue_extra = n.settings(schema.VENUE)
    if meeting_sheet is None:
        n.report.error("missing_sheet", MEETING, None, None, None,
                       "工作簿缺少工作表「會議」。請添加名為「會議」的工作表，兩列「項目」「內容」，至少填寫「會議名稱」。")
    settings.update(venue)
    extra.update(venue_extra)
    script = detect_script(raw, settings.get("文字") or "")
    n.report.script = script
    tables = {}
    for spec in schema.SHEETS:
        if not spec.settings:
            tables[spec.name] = tuple(n.table(spec))
    people = _people(n, list(tables.get(PEOPLE, ())), settings.get("開始時間"))
    meeting = Meeting(
        name=settings.get("會議名稱") or raw.path.stem,
        stem=raw.path.stem,
        script=script,
        settings=MappingProxyType(settings),
        people=tuple(people),
        tables=MappingProxyType(tables),
        extra_settings=MappingProxyType(extra),
    )
    return meeting, n.report


