"""Time transport and room planning plus their documents at 500 and 3,000 people (python bench/logistics_transport.py).

The synthetic meeting has 400 rooms (80 單間, 320 標間), 60 cars (20 buses of
19 seats, 40 cars of 6) and about a quarter of the people staying one or two
nights, so everything fits and every document is full size. Prints figures,
asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KINDS = ("pickup", "dropoff", "pickup_signs", "vehicles", "rooms", "door_labels")


def make_meeting(people: int, folder: Path):
    from pipeline.check import load
    from pipeline.new import build_workbook
    from pipeline.sample import meeting_data

    settings, rows, tables = meeting_data(people)
    rng = random.Random(people)
    stay_share = min(1.0, 690 / people)
    for row in rows:
        row.pop("房號", None)
        if rng.random() < stay_share:
            two = rng.random() < 0.3
            row.update({"住宿": "是", "入住日期": dt.date(2026, 12, 16 if two else 17), "離店日期": dt.date(2026, 12, 18)})
        else:
            row.update({"住宿": "否", "入住日期": None, "離店日期": None})
    tables["房間"] = [{"酒店": "示範區賓館" if i < 250 else "示範區會議中心酒店", "房號": f"{3 + i // 40}{i % 40 + 1:02d}",
                     "房型": "單間" if i % 5 == 0 else "標間", "樓層": 3 + i // 40, "床位數": 1 if i % 5 == 0 else 2}
                    for i in range(400)]
    tables["車輛"] = [{"車號": i, "車牌": f"浙A·{20000 + i * 37}", "車型": "考斯特" if i <= 20 else "商務車",
                     "座位數": 19 if i <= 20 else 6, "司機": f"司機{i}", "司機電話": f"1370000{i:04d}",
                     "用途": "參觀" if i in (19, 20) else "接送站"} for i in range(1, 61)]
    path = folder / f"bench{people}.xlsx"
    build_workbook(settings, rows, tables).save(path)
    t0 = time.perf_counter()
    meeting, report, _ = load(path)
    return meeting, report, time.perf_counter() - t0


def run(people: int, folder: Path) -> None:
    import importlib

    from pipeline.context import Context
    from pipeline.plan import rooms, transport
    from pipeline.report import Report

    meeting, report, load_s = make_meeting(people, folder)
    mine = [p for p in report.problems if p.code in ("rooms_too_few", "cars_too_few", "singles_too_few")]
    print(f"\n== {people} people: {len(meeting.table('房間'))} rooms, {len(meeting.table('車輛'))} cars ==")
    print(f"read + check workbook (all areas)   {load_s:7.3f} s   ({len(mine)} logistics problems)")
    t0 = time.perf_counter()
    tp = transport.build_plan(meeting)
    t1 = time.perf_counter()
    rp = rooms.build_plan(meeting)
    t2 = time.perf_counter()
    transport._CACHE[:] = [None, None]  # time the checks cold: each computes its plan once
    rooms._CACHE[:] = [None, None]
    transport.check(meeting, Report())
    rooms.check(meeting, Report())
    t3 = time.perf_counter()
    runs = sum(len(r) for r in tp.runs_by_car.values())
    print(f"transport plan                      {t1 - t0:7.3f} s   ({len(tp.pickups)} pickup, {len(tp.dropoffs)} "
          f"drop-off groups, {runs} car runs, {len(tp.shortages)} short of seats)")
    print(f"rooms plan                          {t2 - t1:7.3f} s   ({len(rp.rooms)} rooms for {len(rp.lodgers)} "
          f"guests, {len(rp.unhoused)} without)")
    print(f"checks, plans computed afresh       {t3 - t2:7.3f} s")
    ctx = Context(meeting)
    total = t3 - t2  # the build runs each plan once: inside the checks
    for kind in KINDS:
        mod = importlib.import_module(f"pipeline.render.{kind}")
        t = time.perf_counter()
        files = mod.render(ctx)
        dt_ = time.perf_counter() - t
        total += dt_
        size = sum(len(b) for b in files.values())
        items = ""
        if hasattr(mod, "pages"):
            n = len(mod.pages(ctx))
            items = f", {n} items, {1000 * dt_ / max(n, 1):.2f} ms/item"
        print(f"render {kind:<28} {dt_:7.3f} s   ({size // 1024} KB{items})")
    print(f"total: plans, checks and documents  {total:7.3f} s")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for people in (500, 3000):
            run(people, Path(tmp))


if __name__ == "__main__":
    main()
