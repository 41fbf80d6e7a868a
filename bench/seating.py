"""Time seat planning and the seating documents at 500 and 3,000 people (python bench/seating.py [--keep DIR]).

The venue: a hall of 60 rows × 52 seats with two aisles and one reserved
row, a rostrum of 3 rows, and a banquet for a tenth of the people (30 tables
at 3,000). Prints seconds per step and per person so quadratic growth shows (after
one untimed warm-up pass, so one-time loading is not counted); nothing is
asserted.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.check import load  # noqa: E402
from pipeline.context import Context  # noqa: E402
from pipeline.new import build_workbook  # noqa: E402
from pipeline.sample import meeting_data  # noqa: E402

KINDS = ("seat_chart", "seat_list", "banquet_chart", "name_plates")


def workbook(people: int, folder: Path) -> Path:
    settings, rows, tables = meeting_data(people=people)
    settings.update({"台下排數": 60, "台下每排座位數": 52, "過道": "13,39", "預留排": "1",
                     "主席台排數": 3, "主席台每排座位數": "15,21,23", "名單排序": "姓氏筆畫"})
    for i, row in enumerate(rows):
        if 11 <= i < 45:
            row["主席台"] = 2 if i < 28 else 3
        elif i >= 45:
            row["單位"] = f"第{(i - 45) % 150 + 1}代表團"  # 150 delegations of about 20
        if i >= people // 10:
            row["就餐"] = "18日早"  # only a tenth sit at the banquet tables
    path = folder / f"bench_{people}.xlsx"
    build_workbook(settings, rows, tables).save(path)
    return path


def run(people: int, folder: Path, keep: Path | None, quiet: bool = False) -> None:
    import importlib

    from pipeline.plan import banquet, seating

    path = workbook(people, folder)
    t0 = time.perf_counter()
    meeting, report, _ = load(path)
    t_load = time.perf_counter() - t0
    errors = [p for p in report.errors]
    t0 = time.perf_counter()
    seats = seating.plan(meeting)
    t_seat = time.perf_counter() - t0
    t0 = time.perf_counter()
    tables = banquet.plan(meeting)
    t_banquet = time.perf_counter() - t0
    ctx = Context(meeting)
    ctx._plans.update({"seating": seats, "banquet": tables})  # reuse the plans timed above
    times = {}
    for kind in KINDS:
        module = importlib.import_module(f"pipeline.render.{kind}")
        t0 = time.perf_counter()
        files = module.render(ctx)
        times[kind] = time.perf_counter() - t0
        if keep:
            for name, data in files.items():
                (keep / name).with_stem(f"{Path(name).stem}_{people}").write_bytes(data)
    if quiet:
        return
    seated = len(seats.seat_of)
    total = t_seat + t_banquet + sum(times.values())
    print(f"\n{people} people: {seated} seated ({sum(1 for r in seats.rostrum for _, p in r if p)} on the rostrum), "
          f"{len(tables.tables)} banquet tables, {len(errors)} check errors")
    print(f"  read + check workbook  {t_load:7.3f} s   (not part of the target)")
    print(f"  plan rostrum + hall    {t_seat:7.3f} s   {t_seat / people * 1e6:8.1f} µs/person")
    print(f"  plan banquet           {t_banquet:7.3f} s")
    for kind, sec in times.items():
        print(f"  render {kind:15s} {sec:7.3f} s   {sec / people * 1e6:8.1f} µs/person")
    print(f"  planning + documents   {total:7.3f} s   (target: under 3 s at 3,000)")


def main() -> None:
    keep = None
    if "--keep" in sys.argv:
        keep = Path(sys.argv[sys.argv.index("--keep") + 1])
        keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # one untimed pass first: imports, the empty deck, OpenCC and stroke data load once per process
        run(100, Path(tmp), None, quiet=True)
        for people in (500, 3000):
            run(people, Path(tmp), keep)


if __name__ == "__main__":
    main()
