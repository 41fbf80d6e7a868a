"""Rebuild speed on a large meeting, process start included (prints figures, asserts nothing).

    python bench/rebuild.py [--people 3000]

Steps, each a fresh `python -m pipeline build` process as staff run it:
full build; no-change rebuild; one person's flight changed; one person replaced
by a deputy. Peak memory is the largest resident set of those processes.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.new import build_workbook  # noqa: E402
from pipeline.sample import meeting_data  # noqa: E402


def run(args: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0,):
        print(proc.stdout[-2000:], proc.stderr[-2000:])
        raise SystemExit(f"build failed with exit code {proc.returncode}")
    return elapsed, proc.stdout


def save(settings, people, tables, path: Path) -> None:
    build_workbook(settings, people, tables).save(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--people", type=int, default=3000)
    args = ap.parse_args()
    settings, people, tables = meeting_data(args.people)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        book, out = work / "bench.xlsx", work / "out"
        save(settings, people, tables, book)
        build = ["-m", "pipeline", "build", str(book), "-o", str(out)]
        figures = {}
        figures["python -c pass"] = min(run(["-c", "pass"])[0] for _ in range(3))
        figures["full build"], _ = run(build)
        figures["no-change rebuild"] = min(run(build)[0] for _ in range(3))
        flyer = next(i for i, p in enumerate(people) if p.get("到達時間") and not p.get("主席台"))
        people[flyer]["到達時間"] = people[flyer]["到達時間"].replace(hour=(people[flyer]["到達時間"].hour + 3) % 24)
        people[flyer]["航班車次"] = "MU9999"
        save(settings, people, tables, book)
        figures["one flight changed"], flight_out = run(build)
        people[flyer + 1].update({"編號": "DEPUTY1", "姓名": "代會人甲", "備註": "代" + people[flyer + 1]["姓名"]})
        save(settings, people, tables, book)
        figures["deputy replaces one person"], deputy_out = run(build)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        reprint = sorted(p.name for p in (out / "補打").glob("*")) if (out / "補打").exists() else []
    print(f"{args.people} people, every document kind, each step a new process")
    for name, seconds in figures.items():
        print(f"  {name:<28} {seconds:7.2f} s")
    print(f"  no-change rebuild / python -c pass: {figures['no-change rebuild'] / figures['python -c pass']:.1f}x")
    print(f"  peak memory (largest build process): {peak_mb:.0f} MB")
    print(f"  reprint pack after the deputy: {', '.join(reprint) or 'none'}")
    print("  rebuilt after the flight change:")
    for line in flight_out.splitlines():
        if "已生成" in line:
            print("    " + line)


if __name__ == "__main__":
    main()
