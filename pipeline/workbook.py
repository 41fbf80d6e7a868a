"""Read a meeting workbook once: every sheet's cell values, merged cells filled.

The only module that reads Excel files. It never writes to the input (the file
is opened read-only and its timestamp is left alone).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import Msg

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REF = re.compile(r"([A-Z]+)(\d+)")


class WorkbookError(Exception):
    """The file cannot be read as a workbook at all (exit code 2)."""

    def __init__(self, msg: Msg):
        super().__init__(msg.text("繁體"))
        self.msg = msg


@dataclass
class RawSheet:
    """One sheet's values as Excel shows them: rows keyed by 1-based Excel row number."""

    name: str
    rows: list[tuple[int, list]] = field(default_factory=list)
    missing_values: set[tuple[int, int]] = field(default_factory=set)  # (row, col) formulas with no cached value


@dataclass
class RawWorkbook:
    path: Path
    sheets: dict[str, RawSheet]


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_letter(index: int) -> str:
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def ensure_readable(path: Path) -> None:
    """Raise WorkbookError with a one-line reason when `path` is not a usable .xlsx."""
    name = path.name
    if name.startswith("~$"):
        raise WorkbookError(Msg("「{name}」是 Excel 打開文件時產生的臨時鎖定文件，不是工作簿。請指定不帶「~$」的原文件。", name=name))
    if not path.exists():
        raise WorkbookError(Msg("找不到文件「{path}」。請檢查路徑和文件名。", path=str(path)))
    if path.is_dir():
        raise WorkbookError(Msg("「{path}」是文件夾，不是工作簿。請指定 .xlsx 文件。", path=str(path)))
    with path.open("rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    if head == OLE_MAGIC:
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data or suffix in (".xlsx", ".xlsm"):
            raise WorkbookError(Msg("「{name}」設有打開密碼。請在 Excel 中取消密碼（文件→信息→保護工作簿）後另存。", name=name))
        raise WorkbookError(Msg("「{name}」是舊版 Excel 97-2003（.xls）文件。請在 Excel 中「另存為」Excel 工作簿（.xlsx）。", name=name))
    if suffix == ".csv":
        raise WorkbookError(Msg("「{name}」是 CSV 文本文件。請在 Excel 中打開並「另存為」Excel 工作簿（.xlsx）。", name=name))
    if not zipfile.is_zipfile(path) or suffix not in (".xlsx", ".xlsm"):
        raise WorkbookError(Msg("「{name}」不是 Excel 工作簿（.xlsx）。請用 huiwu new 生成的模板填寫。", name=name))


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> part name inside the zip."""
    from xml.etree import ElementTree as etree  # lxml's import costs a build 30 ms more; these parts are small

    wb = etree.fromstring(zf.read("xl/workbook.xml"))
    rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    out = {}
    for sh in wb.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sh.get(f"{_NS_REL}id"), "")
        target = target.lstrip("/")
        out[sh.get("name")] = target if target.startswith("xl/") else "xl/" + target
    return out


def _scan_xml(data: bytes) -> set[tuple[int, int]]:
    """Formula cells lacking a cached value (calamine shows them as empty), read from the sheet XML."""
    missing: set[tuple[int, int]] = set()
    if b"<f>" in data or b"<f " in data:
        from lxml import etree

        for _, cell in etree.iterparse(io.BytesIO(data), tag=f"{_NS_MAIN}c"):
            if cell.find(f"{_NS_MAIN}f") is not None:
                v = cell.find(f"{_NS_MAIN}v")
                if v is None or not (v.text or "").strip():
                    m = _REF.match(cell.get("r", ""))
                    if m:
                        missing.add((int(m.group(2)), col_index(m.group(1))))
            cell.clear()
    return missing


def formula_gaps(path: str | Path) -> dict[str, set[tuple[int, int]]]:
    """Per sheet title, the formula cells that lack a cached value (see _scan_xml)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            parts = _sheet_parts(zf)
            names = set(zf.namelist())
            return {title: _scan_xml(zf.read(part)) for title, part in parts.items() if part in names}
    except Exception as exc:  # a damaged file: say so in one line, no traceback
        raise _damaged(path, exc) from None


def read_workbook(path: str | Path) -> RawWorkbook:
    """Every sheet's values (cached formula results), merged cells filled from their top-left cell,
    and the formulas without values (read_cells, then formula_gaps)."""
    return with_gaps(read_cells(path), formula_gaps(path))


def with_gaps(raw: RawWorkbook, gaps: dict[str, set[tuple[int, int]]]) -> RawWorkbook:
    """`raw` with formula_gaps() noted on its sheets."""
    for title, missing in gaps.items():
        if title in raw.sheets:
            raw.sheets[title].missing_values = missing
    return raw


def read_cells(path: str | Path) -> RawWorkbook:
    """Every sheet's values (cached formula results), merged cells filled from their top-left cell.

    Cells are read with python-calamine (Rust): about twelve times faster than
    openpyxl on a 3,000-person list, which is most of a check's time. Its parsing
    releases the GIL, so another thread can work meanwhile.
    """
    from python_calamine import CalamineWorkbook

    path = Path(path)
    ensure_readable(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        sheets: dict[str, RawSheet] = {}
        for title in wb.sheet_names:
            ws = wb.get_sheet_by_name(title)
            grid: dict[int, list] = {}
            for r_idx, row in enumerate(ws.to_python(skip_empty_area=False), start=1):
                cells = [None if v == "" else v for v in row]
                if cells.count(None) != len(cells):  # a row with something in it
                    grid[r_idx] = cells
            merges = [(c1 + 1, r1 + 1, c2 + 1, r2 + 1) for (r1, c1), (r2, c2) in (ws.merged_cell_ranges or [])]
            _fill_merged(grid, merges)
            sheets[title] = RawSheet(title, sorted(grid.items()))
    except Exception as exc:
        raise _damaged(path, exc) from None
    return RawWorkbook(path, sheets)


def _damaged(path: Path, exc: Exception) -> WorkbookError:
    if isinstance(exc, WorkbookError):
        return exc
    return WorkbookError(Msg("「{name}」無法讀取（文件損壞或格式不對：{err}）。請用 Excel 打開後重新保存為 .xlsx。",
                             name=path.name, err=type(exc).__name__))


def _fill_merged(grid: dict[int, list], merges) -> None:
    """Every cell of a merged range takes the top-left value (a unit merged down its people)."""
    for c1, r1, c2, r2 in merges:
        top = grid.get(r1, [])
        value = top[c1 - 1] if len(top) >= c1 else None
        if value is None:
            continue
        for r in range(r1, r2 + 1):
            cells = grid.setdefault(r, [])
            if len(cells) < c2:
                cells.extend([None] * (c2 - len(cells)))
            for c in range(c1, c2 + 1):
                if cells[c - 1] is None:
                    cells[c - 1] = value
