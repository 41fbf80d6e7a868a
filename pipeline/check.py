"""Read, normalize and check a workbook: the first step of every command."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from . import plan as plan_pkg
from .model import Meeting
from .normalize import normalize
from .report import Report
from .workbook import RawWorkbook, read_workbook


def planners() -> list:
    """Every planner module, imported."""
    return [importlib.import_module(f"{plan_pkg.__name__}.{info.name}") for info in pkgutil.iter_modules(plan_pkg.__path__)]


def plan_checks(meeting: Meeting, report: Report) -> None:
    """Let every planner add its problems (seats too few, rooms short, ...)."""
    for module in planners():
        check = getattr(module, "check", None)
        if check is not None:
            check(meeting, report)


def load(path: str | Path, raw: RawWorkbook | None = None) -> tuple[Meeting, Report, RawWorkbook]:
    """The Meeting, every problem found, and the raw sheets (for dependency hashes).

    `raw` is the workbook already read (read_workbook(path)), when the caller read it meanwhile.
    """
    if raw is None:
        raw = read_workbook(path)
    meeting, report = normalize(raw)
    check_plans(meeting, report)
    return meeting, report, raw


def check_plans(meeting: Meeting, report: Report) -> None:
    """The planners' checks of a normalized meeting, unless a sheet or column they need is missing."""
    if not any(p.code in ("missing_sheet", "missing_column") for p in report.errors):
        plan_checks(meeting, report)
