"""Check and build times for a synthetic meeting; per-plate time at 500 and N people (growth shows here).

    python bench/build.py --people 3000 [--kinds registration,name_plates]

Prints figures, asserts nothing: speed is read, not tested.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.build import build  # noqa: E402
from pipeline.check import load  # noqa: E402
from pipeline.context import Context  # noqa: E402
from pipeline.render import kinds  # noqa: E402
from pipeline.sample import save_sample  # noqa: E402


def timed(fn, *args, **kw):
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t0


def run(people: int, only: tuple[str, ...], work: Path) -> dict:
    path = work / f"bench{people}.xlsx"
    save_sample(path, people=people)
    (meeting, report, _), t_check = timed(load, path)
    ctx = Context(meeting)
    per_kind = {}
    for key in only:
        _, per_kind[key] = timed(kinds()[key].render, ctx)
    result, t_build = timed(build, path, work / f"out{people}", only=only, force=True)
    plates = sum(1 for p in meeting.people if p.seated and p.attendance != "請假")
    return {"people": people, "check": t_check, "build": t_build, "kinds": per_kind, "plates": plates, "ok": result.ok}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--people", type=int, default=3000)
    ap.add_argument("--kinds", default="registration,name_plates")
    args = ap.parse_args()
    only = tuple(args.kinds.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        rows = [run(n, only, Path(tmp)) for n in sorted({500, args.people})]
    print(f"{'people':>7} {'check s':>8} {'build s':>8}  " + "  ".join(f"{k + ' s':>14}" for k in only) + "  ms/plate")
    for r in rows:
        per_plate = r["kinds"].get("name_plates", 0) / max(r["plates"], 1) * 1000
        print(f"{r['people']:>7} {r['check']:>8.2f} {r['build']:>8.2f}  "
              + "  ".join(f"{r['kinds'][k]:>14.3f}" for k in only) + f"  {per_plate:8.3f}")
    if len(rows) == 2 and "name_plates" in only:
        a, b = rows
        growth = (b["kinds"]["name_plates"] / b["plates"]) / (a["kinds"]["name_plates"] / a["plates"])
        print(f"per-plate time ratio {b['people']} vs {a['people']} people: {growth:.2f} (1.0 = linear)")
    print("build = check + render + write, in process; `time huiwu build` adds ~0.2 s of start-up")


if __name__ == "__main__":
    main()
