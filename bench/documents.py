"""Official documents at scale: notices per unit, the handbook, minutes and distribution.

Prints seconds (not a test): python bench/documents.py [people ...]
Targets (issue 5): notices for 150 units and the handbook for 3,000 people under 3 s together.
Also compares the two ways of zipping many small documents: re-zipping every part per document
(as docxtpl + python-docx save would) against reusing the parts compressed once.
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
from pipeline.render import _docx, _zip, distribution, handbook, minutes, notice, unit_notices  # noqa: E402
from pipeline.sample import meeting_data  # noqa: E402

UNITS = 150


def meeting(people: int, tmp: Path):
    settings, rows, tables = meeting_data(people=people)
    for i, row in enumerate(rows[11:]):  # the rostrum keeps its units; the rest spread over 150 units
        row["單位"] = f"示範區第{i % UNITS + 1}單位"
    tables["單位排序"] = []
    path = tmp / f"bench_{people}.xlsx"
    build_workbook(settings, rows, tables).save(path)
    m, report, _ = load(path)
    assert report.valid, report.to_text()
    return m


def timed(label: str, fn, n_items: int | None = None):
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    per = f"  ({dt / n_items * 1000:.2f} ms each of {n_items})" if n_items else ""
    print(f"  {label:<34}{dt:7.3f} s{per}")
    return out, dt


def zip_compare(ctx) -> None:
    """Per-document zip cost: every part deflated again vs unchanged parts reused."""
    template = _docx.load(ctx.template("notice_tpl.docx"), ctx.script)
    base = notice.base_context(ctx)
    items = unit_notices.recipients(ctx)[:50]
    rendered = [template.render_xml(notice.unit_context(ctx, base, u, ps, None)) for _, u, ps in items]
    raw_static = _zip.read_parts(template.package(rendered[0]))

    def rezip():
        for xml in rendered:
            parts = dict(raw_static, **{k: v.encode() for k, v in xml.items()})
            _zip.write_parts(parts, ctx.author)

    def reuse():
        for xml in rendered:
            template.package(xml, ctx.author)

    packed_docs = [_docx.pack("word/document.xml", xml["word/document.xml"].encode()) for xml in rendered]
    static = [e for n, e in template.static.items() if n != "word/document.xml"]

    def assemble():
        for doc in packed_docs:
            _docx.write_zip([*static, doc])

    _, a = timed("zip: re-zip every part", rezip, len(rendered))
    _, b = timed("zip: reuse compressed parts", reuse, len(rendered))
    timed("  of which writing the zip alone", assemble, len(rendered))
    print(f"  {'':<34}reuse is {a / b:.1f}x faster; the rest is deflating each unit's own document.xml")


def run(people: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        m = meeting(people, Path(tmp))
        print(f"{people} people, {len({p.unit for p in m.people})} units (workbook made and checked in "
              f"{time.perf_counter() - t0:.1f} s)")
        ctx = Context(m)
        ctx.ordered()  # the list order is shared by every kind; time it apart
        files, a = timed("unit_notices (docx + per unit)", lambda: unit_notices.render(ctx),
                         len(unit_notices.recipients(ctx)))
        _, b = timed("handbook", lambda: handbook.render(ctx))
        print(f"  {'notices + handbook':<34}{a + b:7.3f} s   (target < 3 s)")
        timed("notice", lambda: notice.render(ctx))
        timed("minutes", lambda: minutes.render(ctx))
        timed("distribution", lambda: distribution.render(ctx))
        big = max(files.values(), key=len)
        print(f"  {'largest unit_notices file':<34}{len(big) / 1024:7.0f} KB")
        zip_compare(ctx)


def main(argv: list[str]) -> None:
    for n in [int(a) for a in argv[1:]] or [500, 3000]:
        run(n)


if __name__ == "__main__":
    main(sys.argv)
