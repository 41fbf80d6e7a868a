"""What each document was built from: digests of sheets, columns, settings, templates and code.

Kept free of heavy imports: the no-change path of a rebuild runs on this
module and the standard library alone.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def salted_key(salt: str, key: str) -> str:
    """A slide's or a file's key as the state keeps it: what it shows (`key`) under everything else
    its kind read (`salt`, see workers.deck_salt)."""
    return hashlib.sha1(f"{salt}\x1f{key}".encode()).hexdigest()[:20]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """One hash of the package's code and data: any change to the program rebuilds everything.

    Files copy unchanged members still compressed from the last build, so the deflate library's
    version (deflate_engine) counts as code too: another version may compress differently. Every
    rebuild, the no-change one included, starts here: the package is walked with os.walk and the
    zip module is not imported (importing it and walking with pathlib took 35-45 ms; this takes 5).
    """
    import os

    h = hashlib.sha256()
    h.update(deflate_engine().encode())
    found = []
    for root, dirs, names in os.walk(PACKAGE):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += [os.path.join(root, n) for n in names if n.endswith((".py", ".toml", ".txt", ".json"))]
    for path in sorted(found):
        h.update(os.path.relpath(path, PACKAGE).encode())
        with open(path, "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()[:16]


def deflate_engine() -> str:
    """The libraries that deflate the packs' members, and their versions (render._zip uses the same):
    libdeflate for whole members, zlib for pieces of slides (and for all, without libdeflate)."""
    import zlib

    try:
        import deflate
    except ImportError:
        return f"zlib {zlib.ZLIB_RUNTIME_VERSION}"
    return f"libdeflate (deflate {deflate.__version__}), zlib {zlib.ZLIB_RUNTIME_VERSION}"


def _digest(values) -> str:
    """A digest of `values` that equal values give in any process.

    Values of Python's own types (text, numbers, None, lists, tuples, dicts) are hashed as marshal
    writes them in version 2, which writes no references and ignores interning, so that equal
    values give equal bytes: a fifth of repr's time for a handbook's content (300,000 characters).
    Anything else (dates, times) goes through repr, stable across runs for the values the build
    digests. The two never meet: marshal's bytes are hashed after a NUL, which no repr starts with.
    """
    import marshal

    try:
        data = b"\x00" + marshal.dumps(values, 2)
    except ValueError:  # a type marshal does not write
        data = repr(values).encode()
    return hashlib.sha256(data).hexdigest()[:16]


def _column_digest(values: tuple) -> str:
    """_digest's equal for a column: a column of text (most of them) is hashed joined, a fifth of
    repr's time for 3,000 names; a column holding numbers, dates or empty cells goes through _digest."""
    try:
        text = "\x00".join(values)
    except TypeError:  # not all text
        return _digest(values)
    if text.count("\x00") != len(values) - 1:  # a value holds the separator itself (or no value at all)
        return _digest(values)
    # "s" + the joined text never equals what _digest hashes (a NUL and marshal's bytes, or a repr,
    # which starts with a bracket)
    return hashlib.sha256(("s" + text).encode()).hexdigest()[:16]


def meeting_digests(meeting) -> dict[str, str]:
    """Digest per sheet ("參會人員"), per column ("參會人員.到達時間") and per setting ("會議.地點")."""
    from operator import itemgetter

    from . import schema

    out: dict[str, str] = {}
    settings = dict(meeting.settings)
    for sheet in (schema.MEETING, schema.VENUE):
        names = [s.name for s in schema.settings_of(sheet)]
        for name in names:
            out[f"{sheet}.{name}"] = _digest(settings.get(name))
        extra = dict(meeting.extra_settings) if sheet == schema.MEETING else {}
        out[sheet] = _digest([[settings.get(n) for n in names], sorted(extra.items())])
    for spec in schema.SHEETS:
        if spec.settings:
            continue
        records = meeting.table(spec.name)
        names = [c.name for c in spec.columns]
        # a row's values in the columns' order, taken in one call (normalize gives every record every column)
        row_of = itemgetter(*names) if len(names) > 1 else (lambda values, _n=names[0]: (values[_n],))
        try:
            rows = [row_of(r.values) for r in records]
        except KeyError:
            rows = [tuple(map(r.values.get, names)) for r in records]
        columns = list(zip(*rows)) if rows else [()] * len(names)
        for name, values in zip(names, columns):
            out[f"{spec.name}.{name}"] = _column_digest(values)
        # the sheet as a whole: its columns' digests (not the rows again), its size and its extra columns
        # (the rows that have any: most have none)
        out[spec.name] = _digest([[out[f"{spec.name}.{n}"] for n in names], len(rows),
                                  [(i, sorted(r.extra.items())) for i, r in enumerate(records) if r.extra]])
    # People keep their list position: a moved row changes the order of every list.
    out["參會人員.順序"] = out.get("參會人員.姓名", "")
    return out


def template_digests(templates: Path, names) -> dict[str, str]:
    out = {}
    for name in names:
        path = templates / name
        out["template:" + name] = sha256_file(path)[:16] if path.exists() else "missing"
    return out


def file_digests(paths) -> dict[str, str]:
    """Digests of files outside the workbook that a kind reads (an office's own flow files)."""
    return {"file:" + str(p): (sha256_file(Path(p))[:16] if Path(p).exists() else "missing") for p in paths}


def plan_digest(ctx, name: str) -> str:
    """Digest of what a planner decided ("plan:rooms"): its module's fingerprint(plan), once per build.

    A kind that reads a column only through a plan (check-in dates come from arrival
    times) declares the plan instead of the column, so a flight moved by an hour
    rebuilds the rooming list only when somebody's nights change.
    """
    import importlib

    def make():
        module = importlib.import_module(f"pipeline.plan.{name}")
        return _digest(module.fingerprint(ctx.plan(name)))

    return ctx.memo("plan-digest:" + name, make)


def content_digest(kind, ctx) -> str:
    """Digest of what a kind with content() makes its file from (worked out where it is rendered)."""
    return _digest(kind.content(ctx))


PENDING = "pending"  # a plan's digest not worked out yet (see kind_inputs)


def kind_inputs(kind, digests: dict[str, str], templates: Path, script: str, meeting=None, ctx=None,
                plans: bool = True) -> dict[str, str]:
    """What a kind depends on: the sheets/columns/settings/plans it READS, its templates and files, the script, the code.

    With `plans` False, a plan's entry is PENDING, for plan_inputs() to fill in later.
    """
    deps = {"code": code_digest(), "script": script}
    for item in kind.reads:
        if item.startswith("plan:"):
            deps[item] = plan_digest(ctx, item[5:]) if plans else PENDING
        else:
            deps[item] = digests.get(item, "absent")
    deps.update(template_digests(templates, kind.templates))
    input_files = getattr(kind.module, "input_files", None)
    if input_files is not None and meeting is not None:
        deps.update(file_digests(input_files(meeting)))
    return deps


def plan_inputs(deps: dict[str, str], ctx) -> None:
    """Fill in the PENDING plan entries of kind_inputs(..., plans=False)."""
    for item, value in deps.items():
        if value == PENDING and item.startswith("plan:"):
            deps[item] = plan_digest(ctx, item[5:])
