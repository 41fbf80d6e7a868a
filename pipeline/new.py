"""Write a meeting workbook: the blank one staff start from, and filled ones for samples and benchmarks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import schema
from .i18n import t
from .render._xlsx import put

HEADER_FILL = "DDEBF7"
EXAMPLE_PERSON = {
    "編號": "示例", "單位": "示範區發展改革局", "姓名": "王芳", "職務": "局長", "職級序號": 12, "性別": "女",
    "民族": "回族", "類別": "出席", "手機": "13800138000", "到達方式": "飛機", "航班車次": "CA1234",
    "到達時間": "2026-12-17 15:30", "到達站點": "機場", "需接站": "是", "住宿": "是", "入住日期": "2026-12-17",
    "離店日期": "2026-12-18", "房型": "標間", "飲食": "清真", "備註": "示例行，填寫名單後請刪除",
}
_LIST_COLUMNS = {"gender": ("男", "女"), "bool": schema.YES_NO}
_TEXT_TYPES = ("phone", "code", "text", "name")


def _choices(col) -> tuple[str, ...] | None:
    if col.type == "choice":
        return tuple(c for c in col.choices if c)
    return _LIST_COLUMNS.get(col.type)


def build_workbook(settings: dict | None = None, people: list[dict] | None = None,
                   tables: dict[str, list[dict]] | None = None, script: str = "繁體"):
    """An openpyxl Workbook with every sheet, headers, drop-downs, frozen headers and a 說明 sheet."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    bold = Font(name="宋體", bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    options = wb.create_sheet(t("選項", script))
    options.sheet_state = "hidden"
    for i, name in enumerate(schema.ETHNIC_NAMES, start=1):
        options.cell(row=i, column=1, value=t(name, script))
    ethnic_range = f"'{options.title}'!$A$1:$A${len(schema.ETHNIC_NAMES)}"

    for spec in schema.SHEETS:
        ws = wb.create_sheet(t(spec.name, script), index=len(wb.sheetnames) - 1)
        if spec.settings:
            ws.append([t("項目", script), t("內容", script)])
            given = settings or {}
            for s in schema.settings_of(spec.name):
                value = given.get(s.name, s.default if settings is None else None)
                if isinstance(value, bool):
                    value = "是" if value else "否"
                if isinstance(value, str):
                    value = t(value, script) if s.type == "choice" else value
                ws.append([t(s.name, script), value])
                if s.type == "choice":
                    dv = DataValidation(type="list", formula1='"' + ",".join(t(c, script) for c in s.choices if c) + '"',
                                        allow_blank=True)
                    ws.add_data_validation(dv)
                    dv.add(f"B{ws.max_row}")
            ws.column_dimensions["A"].width = 18
            ws.column_dimensions["B"].width = 56
        else:
            ws.append([t(c.name, script) for c in spec.columns])
            rows = (tables or {}).get(spec.name)
            if spec.name == schema.PEOPLE:
                rows = people if people is not None else [EXAMPLE_PERSON]
            for record in rows or []:
                r = ws.max_row + 1
                for idx, c in enumerate(spec.columns, start=1):
                    value = _cell(record.get(c.name), c)
                    if value is not None:
                        put(ws.cell(row=r, column=idx), value)
            last = max(ws.max_row, 2) + 500
            for idx, col in enumerate(spec.columns, start=1):
                letter = ws.cell(row=1, column=idx).column_letter
                ws.column_dimensions[letter].width = col.width
                if col.type in ("phone", "code"):
                    for r in range(2, ws.max_row + 1):
                        ws.cell(row=r, column=idx).number_format = "@"
                    ws.column_dimensions[letter].number_format = "@"
                choices = _choices(col)
                formula = None
                if col.type == "ethnic":
                    formula = ethnic_range
                elif choices:
                    formula = '"' + ",".join(t(c, script) for c in choices) + '"'
                if formula:
                    dv = DataValidation(type="list", formula1=formula, allow_blank=True)
                    dv.error = t("請從下拉列表中選擇", script)
                    dv.showErrorMessage = False  # warn in check, never block typing
                    ws.add_data_validation(dv)
                    dv.add(f"{letter}2:{letter}{last}")
        for cell in ws[1]:
            cell.font = bold
            cell.fill = fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.freeze_panes = "A2"
    _help_sheet(wb, script)
    return wb


def _cell(value, col):
    if value is None:
        return None
    if isinstance(value, (dt.datetime, dt.date, int, float)):
        return value
    return str(value)


def _help_sheet(wb, script: str) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(t("說明", script), 0)
    ws.append([t(h, script) for h in ("工作表", "列或項目", "必填", "說明", "示例")])
    for spec in schema.SHEETS:
        ws.append([t(spec.name, script), "", "是" if spec.required else "", t(spec.help, script), ""])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        if spec.settings:
            for s in schema.settings_of(spec.name):
                allowed = ("（" + "／".join(c for c in s.choices if c) + "）") if s.choices else ""
                ws.append(["", t(s.name, script), "是" if s.required else "", t(s.help + allowed, script), s.example])
        else:
            for c in spec.columns:
                allowed = ("（" + "／".join(c.choices) + "）") if c.choices else ""
                ws.append(["", t(c.name, script), "是" if c.required else "", t(c.help + allowed, script),
                           str(EXAMPLE_PERSON.get(c.name, c.example)) if spec.name == schema.PEOPLE else c.example])
    for letter, width in zip("ABCDE", (12, 16, 6, 60, 24)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"


def new_workbook(path: str | Path, script: str = "繁體") -> Path:
    """Create a blank workbook at `path`; refuses to overwrite."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    if path.exists():
        raise FileExistsError(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    build_workbook(script=script).save(path)
    return path
