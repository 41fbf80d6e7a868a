"""Build a meeting's print pack: check, render what changed, write atomically, record a manifest.

Order of work, so that a failure or a kill at any point leaves the last good
pack: decide from the workbook's bytes and the manifest whether anything
changed (no heavy imports); read and check; render every changed kind, its
files written to temporary names as they come; once all are made, rename them
into place, then write the change report, the state and last the manifest.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, cache, workers
from .context import TEMPLATES
from .deps import code_digest, file_digests, sha256_bytes, sha256_file, template_digests
from .i18n import TRADITIONAL, t

MANIFEST = "manifest.json"
STATE = ".huiwu-state"  # marshal: a third of JSON's time for the 3,000-person snapshot; the program's own cache
STATE_VERSION = 2  # 2: the snapshot and each kind's page digests as marshal bytes
REPORT_FILE = "校驗結果.xlsx"
CHANGES_FILE = "變更說明.xlsx"
REPRINT_DIR = "補打"
LOCK = ".huiwu.lock"
PLAN_LABELS = {"rooms": "住宿安排變了"}  # plan:<name> in a reason; a plan module with fingerprint() adds its line here


class BuildLocked(Exception):
    """Another build of the same meeting is running."""


@dataclass
class KindResult:
    key: str
    title: str
    status: str  # rebuilt | unchanged
    reason: str
    seconds: float
    files: list[str] = field(default_factory=list)
    reprint: int = 0  # items in the reprint pack


@dataclass
class BuildResult:
    out_dir: Path
    ok: bool
    script: str = TRADITIONAL
    report: object = None
    kinds: list[KindResult] = field(default_factory=list)
    seconds: float = 0.0
    nothing_changed: bool = False
    changes: object = None  # pipeline.changes.Changes when an earlier build existed


def default_out_dir(workbook: Path) -> Path:
    return Path("outputs") / workbook.stem


def _write_tmp(path: Path, data: bytes) -> Path:
    """`data` in a temporary file beside `path`, on disk (fsync); the caller renames it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return tmp


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: a crash never leaves half a file."""
    os.replace(_write_tmp(path, data), path)


class Staging:
    """Files written beside their places while the rest of the pack is still being made, and renamed
    into place together once everything is made: a failed build leaves the last pack as it was."""

    def __init__(self):
        self.staged: dict[Path, Path] = {}

    def write(self, path: Path, data: bytes) -> None:
        self.staged[path] = _write_tmp(path, data)

    def commit(self) -> None:
        for path, tmp in self.staged.items():
            os.replace(tmp, path)
        self.staged.clear()

    def discard(self) -> None:
        for tmp in self.staged.values():
            tmp.unlink(missing_ok=True)
        self.staged.clear()


class Lock:
    """An exclusive, non-blocking lock on the output folder."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / LOCK
        self.fh = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a+")
        try:
            _lock(self.fh)
        except OSError:
            self.fh.close()
            raise BuildLocked(str(self.path.parent)) from None
        workers.HELD.append(self.fh)
        return self

    def __exit__(self, *exc):
        workers.HELD.remove(self.fh)
        _unlock(self.fh)
        self.fh.close()


if os.name == "nt":  # offices run Windows too: the lock must not need fcntl
    import msvcrt

    def _lock(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fh) -> None:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh) -> None:
        fcntl.flock(fh, fcntl.LOCK_UN)


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def read_state(path: Path) -> dict:
    """What the last build left for this one (digests, page texts, snapshot); {} when absent or unreadable."""
    import marshal

    try:
        version, state = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    # version 1 kept the snapshot and page digests as dicts, not as bytes: their readers take both
    return state if version in (1, STATE_VERSION) and isinstance(state, dict) else {}


def _files_intact(out_dir: Path, files: dict) -> bool:
    """Every recorded file still there with its size (hashing a large pack on every run costs too much)."""
    for name, info in files.items():
        try:
            if (out_dir / name).stat().st_size != info["size"]:
                return False
        except (OSError, KeyError, TypeError):
            return False
    return True


def _same_file(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def unchanged_since_last_build(workbook: Path, out_dir: Path, templates: Path, only=()) -> dict | None:
    """The manifest, when the workbook, the code, the templates and the files are as it records; else None."""
    manifest = read_json(out_dir / MANIFEST)
    kinds = manifest.get("kinds")
    if not kinds or manifest.get("code") != code_digest():
        return None
    if manifest.get("workbook", {}).get("sha256") != sha256_file(workbook):
        return None
    if only and not set(only) <= set(kinds):
        return None
    for info in kinds.values():
        deps = info.get("depends", {})
        names = [k[len("template:"):] for k in deps if k.startswith("template:")]
        recorded = {k: v for k, v in deps.items() if k.startswith("template:")}
        files = {k: v for k, v in deps.items() if k.startswith("file:")}
        if template_digests(templates, names) != recorded or not _files_intact(out_dir, info.get("files", {})):
            return None
        if files and file_digests(k[len("file:"):] for k in files) != files:
            return None
    return manifest


def _why(old: dict, new: dict, script: str, digests_old: dict, digests_new: dict) -> str:
    if not old:
        return t("首次生成", script)
    changed = [k for k in new if old.get(k) != new[k]]
    if not changed:
        return t("文件缺失或被改動", script)
    labels = []
    if "content" in changed and len(changed) > 1:
        changed.remove("content")  # the sheets that moved it say more
    for k in changed:
        if k == "content":
            labels.append(t("內容變了", script))
        elif k.startswith("template:"):
            labels.append(t("模板 {s} 改了", script).format(s=k[9:]))
        elif k == "code":
            labels.append(t("程序更新", script))
        elif k == "script":
            labels.append(t("文字設定改了", script))
        elif k.startswith("plan:"):
            labels.append(t(PLAN_LABELS.get(k[5:], k[5:]), script))
        elif "." in k:
            labels.append(t(k, script) + t(" 改了", script))
        else:  # a whole sheet: name the columns that changed
            cols = [c.split(".", 1)[1] for c in digests_new if c.startswith(k + ".") and digests_old.get(c) != digests_new[c]]
            cols = [c for c in cols if c != "順序"] or ["順序"]
            shown = "、".join(f"{k}.{c}" for c in cols[:3]) + ("…" if len(cols) > 3 else "")
            labels.append(t(shown, script) + t(" 改了", script))
    return "；".join(labels)


def _decide(kind, old: dict | None, new: dict) -> str:
    """"same" when the file on disk is what rendering would give, "content" when only the kind's
    content can tell (a kind with content() whose sheets changed), else "render".

    `new` holds no "content": it is worked out in the render worker, beside the rendering it saves.
    """
    if old is None:
        return "render"
    if {k: v for k, v in old.items() if k != "content"} == new:
        return "same"  # equal inputs, equal content
    if kind.summarised and "content" in old and \
            {k: v for k, v in old.items() if k not in kind.reads and k != "content"} == \
            {k: v for k, v in new.items() if k not in kind.reads}:
        return "content"
    return "render"


def _moved_besides_plans(old: dict, new: dict) -> bool:
    """Whether an input other than a plan's digest (and the content) differs: the kind is then
    rendered (or its content compared) whatever its plans' digests are (see _decide)."""
    def rest(deps):
        return {k: v for k, v in deps.items() if k != "content" and not k.startswith("plan:")}

    return rest(old) != rest(new)


def _clean_tmp(out_dir: Path) -> None:
    """Temporary files of a build that was killed: harmless, but not to be left lying about."""
    if out_dir.exists():
        for tmp in out_dir.rglob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def build(workbook: str | Path, out_dir: str | Path | None = None, only=(), force: bool = False,
          templates: str | Path | None = None, progress=None) -> BuildResult:
    """Build one meeting; raises WorkbookError for unreadable files and BuildLocked when busy.

    `progress(done, total, text)` is called before each document is rendered.
    """
    started = time.perf_counter()
    workbook = Path(workbook)
    out_dir = Path(out_dir) if out_dir else default_out_dir(workbook)
    templates = Path(templates) if templates else TEMPLATES
    from .workbook import ensure_readable

    ensure_readable(workbook)
    with Lock(out_dir):
        _clean_tmp(out_dir)
        if not force:
            manifest = unchanged_since_last_build(workbook, out_dir, templates, only)
            if manifest is not None:
                return _nothing_changed(manifest, out_dir, only, started)
        # A build makes hundreds of thousands of objects that live until it ends; the cycle
        # collector would walk them again and again (a fifth of a rebuild's time) to free almost
        # nothing. Peak memory for 3,000 people stays near 250 MB without it.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return _full_build(workbook, out_dir, only, force, templates, progress, started)
        finally:
            workers.wait_ended()
            if collecting:
                gc.enable()


def _nothing_changed(manifest: dict, out_dir: Path, only, started: float) -> BuildResult:
    script = manifest.get("script", TRADITIONAL)
    result = BuildResult(out_dir, ok=True, script=script, nothing_changed=True)
    for key, info in manifest["kinds"].items():
        if not only or key in only:
            result.kinds.append(KindResult(key, t(info.get("title", key), script), "unchanged", "", 0.0, list(info["files"])))
    result.seconds = time.perf_counter() - started
    return result


def _read_meanwhile(workbook: Path):
    """Start reading the workbook's cells in a thread; the returned function waits for the sheets (or raises).

    python-calamine parses without holding the GIL: the tenth of a second it takes for 3,000
    rows passes while this thread imports the checks, the planners and the document kinds.
    """
    import threading

    from .workbook import read_cells

    box: dict = {}

    def read():
        try:
            box["raw"] = read_cells(workbook)
        except BaseException as exc:  # raised again in the build's own thread
            box["error"] = exc

    thread = threading.Thread(target=read, name="huiwu-read", daemon=True)
    thread.start()

    def wait():
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["raw"]

    wait.reading = thread.is_alive
    return wait


def _while_reading(reading, selected) -> None:
    """Work every build would do later, done now if the reader thread is still busy (this process
    would otherwise wait for it, 10 to 100 ms for 3,000 people), in the order it is needed: what
    forking the render processes needs (ctypes for their death signal, pickle for their results), the
    names' kept stroke keys, for sorting the list, and the Word templates' Jinja, which the workers inherit."""

    def forking():
        import pickle  # noqa: F401  (the workers hand their results over pickled)

        workers.death_signal()

    def jinja():
        from .render import _docx

        _docx.environment()

    def stroke_keys():
        from . import strokes

        return strokes._KEPT_KEYS.data  # read from the cache folder on first use

    steps = [stroke_keys]
    if workers.jobs(2) > 1 and hasattr(os, "fork"):
        steps.insert(0, forking)
        if any(kind.fills_word_templates for kind in selected):
            steps.append(jinja)
    for step in steps:
        if not reading():
            return
        step()


def _full_build(workbook, out_dir, only, force, templates, progress, started) -> BuildResult:
    raw = _read_meanwhile(workbook)
    from . import changes as changes_mod
    from .check import check_plans, normalize, planners
    from .context import Context
    from .deps import PENDING, kind_inputs, meeting_digests, plan_inputs
    from .render import kinds as all_kinds
    from .workbook import formula_gaps, with_gaps

    all_kinds()
    planners()
    # while the reader thread is busy: what the last build left, and the formulas without values
    manifest = read_json(out_dir / MANIFEST)
    state = read_state(out_dir / STATE)
    gaps = formula_gaps(workbook)
    _while_reading(raw.reading, [all_kinds()[k] for k in (only or all_kinds())])
    meeting, report = normalize(with_gaps(raw(), gaps))
    script = meeting.script

    registry = all_kinds()
    selected = [registry[k] for k in (only or registry)]
    ctx = Context(meeting, templates)
    # Unchanged slides and members are copied from the last pack, still compressed; only from a pack
    # this program made: another version may have deflated them otherwise, and the files would then
    # differ from a fresh build's (a pack from a version that deflated with ISA-L, say).
    ctx.previous_dir = out_dir if manifest.get("code") == code_digest() else None
    old_kinds = manifest.get("kinds", {})
    old_digests = state.get("digests", {})
    old_pages = state.get("pages", {})
    ctx.deck_keys = {} if force else state.get("decks", {})  # --force: every slide drawn anew
    unchanged: list[KindResult] = []
    todo = []
    refreshed: dict[str, dict] = {}  # unchanged kinds whose recorded inputs moved (content kinds)
    digests: dict = {}

    pending: list[dict] = []  # inputs of kinds to render whose plan digests are worked out while they render

    def decide(kinds_now) -> list:
        """Sort out which of `kinds_now` to render (their todo entries); the rest stand as they are.

        A kind that reads a plan and something else that moved is rendered whatever the plan's digest
        says: that digest (20 ms for the rooms plan of 3,000 people) is then worked out while the
        workers render, not before they fork.
        """
        entries = []
        for kind in kinds_now:
            deps = kind_inputs(kind, digests, templates, script, meeting, ctx, plans=False)
            old = old_kinds.get(kind.key, {})
            if PENDING in deps.values():
                before = old.get("depends")
                if force or before is None or _moved_besides_plans(before, deps):
                    pending.append(deps)
                else:
                    plan_inputs(deps, ctx)
            decision = _decide(kind, old.get("depends"), deps)
            if force or not _files_intact(out_dir, old.get("files", {})):
                decision = "render"
            if decision == "same":
                unchanged.append(KindResult(kind.key, t(kind.title, script), "unchanged", "", 0.0, list(old.get("files", {}))))
                if "content" in old["depends"]:
                    deps["content"] = old["depends"]["content"]
                if old["depends"] != deps:
                    refreshed[kind.key] = deps
            else:
                entries.append((kind, deps, old, old["depends"]["content"] if decision == "content" else None))
        return entries

    renderers = workers.Renderers(out_dir)
    try:
        if report.valid:
            # Kinds that read no plan are decided now, and those that draw on none start rendering
            # while this process runs the planners' checks (what they find still stops the build).
            digests.update(meeting_digests(meeting))
            # Most kinds list everyone in the meeting's order: sorted here, once, the workers forked
            # below inherit it (and the names' stroke keys), instead of each sorting for itself.
            ctx.ordered()
            now = decide([kind for kind in selected if not kind.decided_by_plans])
            todo.extend(entry for entry in now if entry[0].needs_plans)
            renderers.start(ctx, [entry for entry in now if not entry[0].needs_plans], old_pages)
        check_plans(meeting, report)
        result = BuildResult(out_dir, ok=report.valid, script=script, report=report)
        report_path = out_dir / t(REPORT_FILE, script)
        if any(p.row for p in report.problems):  # something to mark in the staff's own sheets
            write_atomic(report_path, report.annotated_copy(workbook))
        elif report_path.exists():
            report_path.unlink()
        if not report.valid:
            renderers.stop()
            result.seconds = time.perf_counter() - started
            return result
        todo.extend(decide([kind for kind in selected if kind.decided_by_plans]))
    except BaseException:
        renderers.stop()
        raise
    result.kinds.extend(unchanged)
    new_pages = dict(old_pages)
    new_decks = dict(ctx.deck_keys)
    rendered: dict[str, tuple[dict, dict, float]] = {}
    changes_mod.prepare(ctx)  # plans shared by the change report, computed once before any fork
    workers.share(ctx, [*todo, *renderers.todo])
    report_of_changes: dict = {}

    def compare_with_last_build():  # while the workers render: what the next build compares against
        import marshal

        for deps in pending:
            plan_inputs(deps, ctx)

        snapshot = changes_mod.snapshot(meeting, ctx)
        # The snapshot goes into the state as marshal bytes of its own, made here and read back here by
        # the next build: the next build's start, which reads the state, does not wait for it.
        report_of_changes["snapshot"] = marshal.dumps(snapshot)
        old = state.get("snapshot")
        if isinstance(old, bytes):
            old = marshal.loads(old)
        if old:
            changes = report_of_changes["changes"] = changes_mod.compare(old, snapshot)
            # its workbook too, now, rather than after the last document (written only if one was made)
            report_of_changes["report"] = changes_mod.workbook_bytes(changes, ctx)

    staging = Staging()  # each kind's files are written beside their places as its worker hands them over
    try:
        for (kind, deps, old), files, pages, changed_items, seconds, content, decks in workers.render_all(
                ctx, todo, old_pages, progress, script, renderers, meanwhile=compare_with_last_build):
            if content is not None:
                deps["content"] = content
            if files is None:  # its content did not move: the file stands, its record follows the sheets
                result.kinds.append(KindResult(kind.key, t(kind.title, script), "unchanged", "", seconds,
                                               list(old.get("files", {}))))
                refreshed[kind.key] = deps
                continue
            item = KindResult(kind.key, t(kind.title, script), "rebuilt",
                              t("強制重建", script) if force else _why(old.get("depends", {}), deps, script, old_digests, digests),
                              seconds, list(files))
            if pages is not None:
                new_pages[kind.key] = pages
            for name in files:
                new_decks.pop(name, None)
            new_decks.update(decks)
            if changed_items:
                for name, data in changed_items[1].items():
                    staging.write(out_dir / t(REPRINT_DIR, script) / name, data)
                item.reprint = changed_items[0]
            records = {}
            for name, data in files.items():
                records[name] = record = {"sha256": sha256_bytes(data), "size": len(data)}
                # a file equal to the one in place is left alone: its time stamp says when it last changed
                if old.get("files", {}).get(name) != record or not _same_file(out_dir / name, data):
                    staging.write(out_dir / name, data)
            rendered[kind.key] = (records, deps, seconds)
            result.kinds.append(item)
    except BaseException:
        staging.discard()
        raise
    order = {k: i for i, k in enumerate(registry)}
    result.kinds.sort(key=lambda k: order[k.key])

    # Change report and state: what the next build compares against.
    if not report_of_changes:  # nothing was handed to the workers
        compare_with_last_build()
    snapshot = report_of_changes["snapshot"]
    change_report = None
    if "changes" in report_of_changes and rendered:
        result.changes = report_of_changes["changes"]
        change_report = report_of_changes["report"]

    # Everything is made: the new files go into place, the manifest last.
    if rendered:  # the reprint pack holds this build's pages only
        reprint_dir = out_dir / t(REPRINT_DIR, script)
        if reprint_dir.exists():
            new = set(staging.staged.values())
            for old_file in reprint_dir.rglob("*"):  # 各單位通知 has a folder of its own in it
                if old_file.is_file() and old_file not in new:
                    old_file.unlink()
    staging.commit()
    if rendered and (out_dir / t(REPRINT_DIR, script)).exists():
        for folder in (out_dir / t(REPRINT_DIR, script)).iterdir():
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()  # no unit's notice to reprint this time
    now = dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")
    new_kinds = {k: v for k, v in old_kinds.items() if k in registry}
    for key, deps in refreshed.items():
        new_kinds[key] = {**new_kinds[key], "depends": deps}
    for key, (files, deps, seconds) in rendered.items():
        for stale in set(old_kinds.get(key, {}).get("files", {})) - set(files):
            (out_dir / stale).unlink(missing_ok=True)
        new_kinds[key] = {"title": registry[key].title, "files": files,
                          "depends": deps, "built": now, "seconds": round(seconds, 2)}
    if rendered:
        if change_report is not None:
            write_atomic(out_dir / t(CHANGES_FILE, script), change_report)
        import marshal

        kept = {name for info in new_kinds.values() for name in info.get("files", {})}
        write_atomic(out_dir / STATE, marshal.dumps((STATE_VERSION, {
            "digests": digests, "pages": new_pages, "snapshot": snapshot,
            "decks": {name: keys for name, keys in new_decks.items() if name in kept}})))
        (out_dir / ".huiwu-state.json").unlink(missing_ok=True)  # the JSON state of earlier versions
    manifest = {
        "huiwu": __version__,
        "code": code_digest(),
        "meeting": meeting.name,
        "workbook": {"name": workbook.name, "sha256": sha256_file(workbook)},
        "script": script,
        "kinds": {k: new_kinds[k] for k in registry if k in new_kinds},
    }
    write_atomic(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    cache.save_all()  # what this process kept (rows rendered in it), for the next build even in this process
    result.seconds = time.perf_counter() - started
    if LEFT_FOR_EXIT is not None:
        LEFT_FOR_EXIT.append(locals())
    return result


# Set to a list by the `huiwu` command, which leaves by os._exit once it has said what it built: a
# build's objects (the workbook's cells, the meeting, the plans, the files' bytes) are then left in it,
# not freed one by one as _full_build returns (7 ms for 3,000 people) just before the process ends.
LEFT_FOR_EXIT: list | None = None
