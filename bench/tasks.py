"""Time the 會務 workflow documents on synthetic 500- and 3,000-person meetings (prints figures, asserts nothing).

Run: .venv/bin/python bench/tasks.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.check import load  # noqa: E402
from pipeline.context import Context  # noqa: E402
from pipeline.new import build_workbook  # noqa: E402
from pipeline.plan import tasks as task_plan  # noqa: E402
from pipeline.render import calendar, checklist  # noqa: E402
from pipeline.render import tasks as task_sheet  # noqa: E402
from pipeline.sample import meeting_data  # noqa: E402
from pipeline.status import status  # noqa: E402


def timed(label: str, fn):
    t0 = time.perf_counter()
    out = fn()
    print(f"  {label:<28} {time.perf_counter() - t0:7.3f} s")
    return out


def run(people: int, tmp: Path) -> None:
    print(f"{people} people")
    book = tmp / f"m{people}.xlsx"
    build_workbook(*meeting_data(people=people)).save(book)
    meeting, _, _ = timed("load + all checks", lambda: load(book))
    plan = timed("task plan", lambda: task_plan.plan(meeting))
    print(f"  {'tasks':<28} {len(plan.tasks):7d}")
    ctx = Context(meeting)
    files = timed("會務工作分派表.xlsx", lambda: task_sheet.render(ctx))
    timed("會務日程.ics", lambda: calendar.render(ctx))
    timed("會前檢查單.docx (with plans)", lambda: checklist.render(ctx))
    timed("會前檢查單.docx (plans cached)", lambda: checklist.render(ctx))
    sheet = tmp / f"tasks{people}.xlsx"
    sheet.write_bytes(next(iter(files.values())))
    timed("status", lambda: status(book, sheet))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for n in (500, 3000):
            run(n, Path(tmp))


if __name__ == "__main__":
    main()
