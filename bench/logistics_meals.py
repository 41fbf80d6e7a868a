"""Time the meals, tickets, badges and sign-in documents at 500 and 3,000 people, 9 meals (python bench/logistics_meals.py).

Prints figures, asserts nothing. The issue's budget is 6 s for all logistics
planning and documents at 3,000 people on this machine; this prints this
half's share of it (meal plan, 就餐安排表, 餐券, 出席證, 簽到表) and the
per-item costs. Reading the workbook is shown apart: every kind shares it.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def meeting(people: int, folder: Path, full: bool = True):
    """A synthetic meeting with 9 meals; `full`: everyone eats every meal (people x 9 tickets, as the issue counts)."""
    from pipeline.check import load
    from pipeline.new import build_workbook
    from pipeline.sample import meeting_data

    settings, rows, tables = meeting_data(people=people)
    settings["報到時間"] = dt.datetime(2026, 12, 16, 8, 0)
    meals = []
    for day in (16, 17, 18):
        for kind, form in (("早餐", "自助"), ("午餐", "桌餐"), ("晚餐", "桌餐")):
            meals.append({"日期": dt.date(2026, 12, day), "餐次": kind, "地點": "示範區賓館二樓宴會廳" if form == "桌餐" else "一樓餐廳",
                          "形式": form, "每桌人數": 10 if form == "桌餐" else None, "標準": "80元/人"})
    tables["就餐"] = meals
    if not full:
        for i, row in enumerate(rows):
            if i % 7 == 3:
                row["就餐"] = "17日早午晚,18日午"  # some people come for part of the meeting
            if i % 50 == 11:
                row["出席情況"] = "請假"
    path = folder / f"bench{people}.xlsx"
    build_workbook(settings, rows, tables).save(path)
    t0 = time.perf_counter()
    m, report, _ = load(path)
    return m, time.perf_counter() - t0, report


def run(people: int, folder: Path, full: bool = True) -> None:
    from pipeline.context import Context
    from pipeline.render import badges, meal_tickets, meals, sign_in

    m, load_s, report = meeting(people, folder, full)
    what = "everyone eats all 9 meals" if full else "some eat part, 2% on leave"
    print(f"\n{people} people, {what} ({len(report.errors)} errors, {len(report.warnings)} warnings); "
          f"reading the workbook and all checks: {load_s:.2f} s")
    ctx = Context(m)
    timings = []

    def step(label, fn):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        timings.append((label, time.perf_counter() - t0, time.process_time() - c0))
        return out

    plan = step("meal plan", lambda: ctx.plan("meals"))
    banquet_s = None
    try:
        t0 = time.perf_counter()
        ctx.plan("banquet")
        banquet_s = time.perf_counter() - t0
    except ModuleNotFoundError:
        pass
    files = {}
    files.update(step("就餐安排表.xlsx", lambda: meals.render(ctx)))
    files.update(step("餐券.pptx", lambda: meal_tickets.render(ctx)))
    files.update(step("出席證.pptx", lambda: badges.render(ctx)))
    files.update(step("簽到表.xlsx", lambda: sign_in.render(ctx)))
    step("餐券 pages()", lambda: meal_tickets.pages(ctx))
    step("出席證 pages()", lambda: badges.pages(ctx))
    n_tickets = plan.ticket_count
    n_badges = len(badges.badges(ctx))
    print(f"  {'':16s} {'wall':>7s} {'cpu':>7s}")
    for label, seconds, cpu in timings:
        print(f"  {label:16s} {seconds:6.2f}s {cpu:6.2f}s")
    total, total_cpu = sum(t[1] for t in timings), sum(t[2] for t in timings)
    print(f"  {'total':16s} {total:6.2f}s {total_cpu:6.2f}s   (banquet seating, planned elsewhere: "
          + (f"{banquet_s:.2f} s)" if banquet_s is not None else "not present)"))
    tickets_s = next(t[2] for t in timings if t[0] == "餐券.pptx")
    badges_s = next(t[2] for t in timings if t[0] == "出席證.pptx")
    print(f"  {len(plan.meals)} meals, {n_tickets} tickets: {tickets_s / n_tickets * 1e6:.0f} µs cpu a ticket; "
          f"{n_badges} badges: {badges_s / n_badges * 1e6:.0f} µs cpu a badge")
    print("  sizes: " + ", ".join(f"{name} {len(data) / 1e6:.1f} MB" for name, data in files.items()))


def calibrate() -> float:
    """CPU seconds for ten million additions: compare runs on a busy or slower machine."""
    c0 = time.process_time()
    x = 0
    for i in range(10_000_000):
        x += i
    return time.process_time() - c0


def main() -> None:
    print(f"calibration: 10M additions take {calibrate():.2f} s cpu (about 0.4 s on an idle modern core)")
    from pipeline.render import _pptx

    _pptx._base_parts(*_pptx.A4_PORTRAIT)  # python-pptx's import and empty deck: once per build, not per kind
    with tempfile.TemporaryDirectory() as tmp:
        for people in (500, 3000):
            run(people, Path(tmp))
        run(3000, Path(tmp), full=False)


if __name__ == "__main__":
    main()
