"""Rebuild speed on a large meeting, process start included (prints figures, asserts nothing).

    python bench/rebuild.py [--people 3000] [--repeat 7]

Steps, each a fresh `python -m pipeline build` process as staff run it: a full build; a
rebuild with nothing changed; one person's flight changed; one person replaced by a deputy.
The two change steps are repeated, undoing and redoing the change, so every run is a real
change; the median and the fastest run are printed, since a shared machine's speed drifts
from minute to minute. Peak memory is the largest resident set of those processes.

The package is byte-compiled first, as an installed package is: otherwise every process
would compile the sources again when bytecode writing is off (PYTHONDONTWRITEBYTECODE).
"""

from __future__ import annotations

import argparse
import compileall
import copy
import resource
import statistics
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
    if proc.returncode != 0:
        print(proc.stdout[-2000:], proc.stderr[-2000:])
        raise SystemExit(f"build failed with exit code {proc.returncode}")
    return elapsed, proc.stdout


def save(settings, people, tables, path: Path) -> None:
    build_workbook(settings, people, tables).save(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--people", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=7, help="runs of each change step (median and fastest shown)")
    args = ap.parse_args()
    compileall.compile_dir(ROOT / "pipeline", quiet=1)
    settings, people, tables = meeting_data(args.people)
    flyer = next(i for i, p in enumerate(people) if p.get("到達時間") and not p.get("主席台"))
    moved = copy.deepcopy(people)
    moved[flyer]["到達時間"] = moved[flyer]["到達時間"].replace(hour=(moved[flyer]["到達時間"].hour + 3) % 24)
    moved[flyer]["航班車次"] = "MU9999"
    deputy = copy.deepcopy(people)
    deputy[flyer + 1].update({"編號": "DEPUTY1", "姓名": "代會人甲", "備註": "代" + deputy[flyer + 1]["姓名"]})
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        book, out = work / "bench.xlsx", work / "out"
        variants = {}
        for name, rows in (("base", people), ("flight", moved), ("deputy", deputy)):
            save(settings, rows, tables, work / f"{name}.xlsx")
            variants[name] = (work / f"{name}.xlsx").read_bytes()
        build = ["-m", "pipeline", "build", str(book), "-o", str(out)]
        figures: dict[str, list[float]] = {}
        figures["python -c pass"] = [run(["-c", "pass"])[0] for _ in range(5)]
        book.write_bytes(variants["base"])
        figures["full build"] = [run(build)[0]]
        figures["no-change rebuild"] = [run(build)[0] for _ in range(5)]
        outputs = {}
        for step, variant in (("one flight changed", "flight"), ("deputy replaces one person", "deputy")):
            times = []
            for i in range(2 * args.repeat):
                book.write_bytes(variants[variant if i % 2 == 0 else "base"])
                seconds, stdout = run(build)
                if i % 2 == 0:  # the change itself; odd runs undo it
                    times.append(seconds)
                    outputs[step] = stdout
                    reprint = sorted(p.name for p in (out / "補打").glob("*")) if (out / "補打").exists() else []
            figures[step] = times
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    base = statistics.median(figures["python -c pass"])
    print(f"{args.people} people, every document kind, each step a new process (median, fastest of n runs)")
    for name, times in figures.items():
        print(f"  {name:<28} {statistics.median(times):6.2f} s   fastest {min(times):5.2f} s   n={len(times)}")
    print(f"  no-change rebuild / python -c pass: {statistics.median(figures['no-change rebuild']) / base:.1f}x")
    print(f"  peak memory (largest build process): {peak_mb:.0f} MB")
    print(f"  reprint pack after the deputy: {', '.join(reprint) or 'none'}")
    for step in outputs:
        print(f"  rebuilt after '{step}':")
        for line in outputs[step].splitlines():
            if "已生成" in line and not line.lstrip().startswith("["):
                print("    " + line)


if __name__ == "__main__":
    main()
