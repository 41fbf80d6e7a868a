"""Problems found in a workbook, and their text, JSON and annotated-workbook forms.

Modelled on frictionless-py: bad data is a report, not an exception; every
problem carries a stable code and the cell as Excel numbers it.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

from .i18n import TRADITIONAL, Msg, t
from .text import term_table

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    severity: str
    code: str
    sheet: str
    row: int | None
    column: str | None
    value: object
    msg: Msg
    col_index: int | None = None  # 1-based Excel column, for the annotated copy

    def as_dict(self, script: str = TRADITIONAL) -> dict:
        value = self.value
        if value is not None and not isinstance(value, (int, float, bool, str)):
            value = str(value)
        return {"severity": self.severity, "code": self.code, "sheet": self.sheet, "row": self.row,
                "column": self.column, "value": value, "message": self.msg.text(script)}


@dataclass
class Report:
    """Every problem found in one run; never stops at the first."""

    problems: list[Problem] = field(default_factory=list)
    script: str = TRADITIONAL

    def add(self, severity, code, sheet, row, column, value, msg: Msg, col_index=None) -> None:
        self.problems.append(Problem(severity, code, sheet, row, column, value, msg, col_index))

    def error(self, code, sheet, row, column, value, template, /, col_index=None, **params) -> None:
        self.add(ERROR, code, sheet, row, column, value, Msg(template, **params), col_index)

    def warning(self, code, sheet, row, column, value, template, /, col_index=None, **params) -> None:
        self.add(WARNING, code, sheet, row, column, value, Msg(template, **params), col_index)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.severity != ERROR, p.sheet, p.row or 0, p.col_index or 0))

    def to_json(self) -> str:
        return json.dumps([p.as_dict(self.script) for p in self.sorted()], ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        s = self.script
        if not self.problems:
            return t("檢查通過：沒有發現問題。", s)
        head = [t(h, s) for h in ("級別", "工作表", "行", "列", "值", "說明")]
        rows = []
        for p in self.sorted():
            level = t("錯誤", s) if p.severity == ERROR else t("警告", s)
            value = "" if p.value is None else str(p.value)
            if len(value) > 24:
                value = value[:23] + "…"
            rows.append([level, p.sheet, "" if p.row is None else str(p.row), p.column or "", value, p.msg.text(s)])
        summary = t("共 {e} 個錯誤，{w} 個警告。", s).format(e=len(self.errors), w=len(self.warnings))
        if self.errors:
            summary += t("請修改工作簿後重新運行。", s)
        return "\n".join([term_table([head, *rows]), "", summary])

    def annotated_copy(self, path) -> bytes:
        """The workbook with every problem cell filled and commented (the input file is only read)."""
        marks: dict[str, dict[tuple[int, int], tuple[str, str]]] = {}
        for p in self.sorted():
            if p.row:
                cell = marks.setdefault(p.sheet, {}).get((p.row, p.col_index or 1))
                text = p.msg.text(self.script)
                severity = p.severity if cell is None or cell[0] == WARNING else ERROR
                marks[p.sheet][(p.row, p.col_index or 1)] = (severity, text if cell is None else cell[1] + "\n" + text)
        from .annotate import NeedsOpenpyxl, annotate

        try:
            return annotate(path, marks)
        except NeedsOpenpyxl:
            return self._annotated_by_openpyxl(path, marks)

    @staticmethod
    def _annotated_by_openpyxl(path, marks) -> bytes:
        import openpyxl
        from openpyxl.comments import Comment
        from openpyxl.styles import PatternFill

        wb = openpyxl.load_workbook(path)  # formulas kept as written
        fills = {ERROR: PatternFill("solid", fgColor="FFC7CE"), WARNING: PatternFill("solid", fgColor="FFEB9C")}
        for sheet, cells in marks.items():
            if sheet not in wb.sheetnames:
                continue
            for (row, col), (severity, text) in cells.items():
                cell = wb[sheet].cell(row=row, column=col)
                cell.fill = fills[severity]
                cell.comment = Comment(text, "huiwu", width=320, height=120)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
