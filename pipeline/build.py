"""Build a meeting's print pack: check, render what changed, write atomically, record a manifest."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .i18n import TRADITIONAL, Msg, t

MANIFEST = "manifest.json"
REPORT_FILE = "校驗結果.xlsx"
LOCK = ".huiwu.lock"


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


@dataclass
class BuildResult:
    out_dir: Path
    ok: bool
    script: str = TRADITIONAL
    report: object = None
    kinds: list[KindResult] = field(default_factory=list)
    seconds: float = 0.0
    fast_path: bool = False


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    return sha256_bytes(path.read_bytes())


def default_out_dir(workbook: Path) -> Path:
    return Path("outputs") / workbook.stem


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Lock:
    """An exclusive, non-blocking lock on the output folder."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / LOCK
        self.fh = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "w")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            raise BuildLocked(str(self.path.parent)) from None
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def read_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _files_intact(out_dir: Path, files: dict[str, str]) -> bool:
    for name, digest in files.items():
        path = out_dir / name
        if not path.exists() or sha256_file(path) != digest:
            return False
    return True


def _template_digest(ctx_templates: Path, names) -> dict[str, str]:
    out = {}
    for name in names:
        path = ctx_templates / name
        out["template:" + name] = sha256_file(path) if path.exists() else "missing"
    return out


def kind_inputs(kind, digests: dict[str, str], templates: Path, script: str) -> dict[str, str]:
    """What a kind was built from: its sheets' hashes, its templates, the script, the code version."""
    deps = {"version": __version__, "script": script}
    for sheet in kind.reads:
        deps["sheet:" + sheet] = digests.get(sheet, "absent")
    deps.update(_template_digest(templates, kind.templates))
    return deps


def _why(old: dict, new: dict, script: str) -> str:
    if not old:
        return t("首次生成", script)
    changed = [k for k in new if old.get(k) != new[k]]
    if not changed:
        return t("文件缺失或被改動", script)
    labels = []
    for k in changed:
        if k.startswith("sheet:"):
            labels.append(t("「{s}」表有改動", script).format(s=t(k[6:], script)))
        elif k.startswith("template:"):
            labels.append(t("模板 {s} 有改動", script).format(s=k[9:]))
        elif k == "version":
            labels.append(t("程序版本更新", script))
        else:
            labels.append(t("文字設定改變", script))
    return "，".join(labels)


def build(workbook: str | Path, out_dir: str | Path | None = None, only=(), force: bool = False,
          templates: str | Path | None = None, progress=None) -> BuildResult:
    """Build one meeting; raises WorkbookError for unreadable files and BuildLocked when busy."""
    started = time.perf_counter()
    workbook = Path(workbook)
    out_dir = Path(out_dir) if out_dir else default_out_dir(workbook)
    say = progress or (lambda msg: None)
    with Lock(out_dir):
        from .check import load, sheet_digests
        from .context import Context
        from .render import kinds as all_kinds

        meeting, report, raw = load(workbook)
        script = meeting.script
        result = BuildResult(out_dir, ok=report.valid, script=script, report=report)
        report_path = out_dir / t(REPORT_FILE, script)
        if report.problems:
            write_atomic(report_path, report.annotated_copy(workbook))
        elif report_path.exists():
            report_path.unlink()
        if not report.valid:
            result.seconds = time.perf_counter() - started
            return result
        registry = all_kinds()
        selected = [registry[k] for k in (only or registry)]
        ctx = Context(meeting, Path(templates) if templates else None)
        digests = sheet_digests(raw)
        manifest = read_manifest(out_dir)
        old_kinds = manifest.get("kinds", {})
        rendered: dict[str, tuple] = {}
        for kind in selected:
            t0 = time.perf_counter()
            deps = kind_inputs(kind, digests, ctx.templates, script)
            old = old_kinds.get(kind.key, {})
            if not force and old.get("depends") == deps and _files_intact(out_dir, old.get("files", {})):
                result.kinds.append(KindResult(kind.key, t(kind.title, script), "unchanged", "", 0.0,
                                               list(old.get("files", {}))))
                continue
            say(Msg("正在生成 {title}…", title=t(kind.title, script)).text(script))
            files = kind.render(ctx)
            rendered[kind.key] = (files, deps)
            result.kinds.append(KindResult(kind.key, t(kind.title, script), "rebuilt",
                                           _why(old.get("depends", {}), deps, script) if not force else t("強制重建", script),
                                           time.perf_counter() - t0, list(files)))
        # everything rendered in memory first: a failure above leaves the last good pack untouched
        now = dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")
        new_kinds = dict(old_kinds)
        for key, (files, deps) in rendered.items():
            for name, data in files.items():
                write_atomic(out_dir / name, data)
            for stale in set(old_kinds.get(key, {}).get("files", {})) - set(files):
                (out_dir / stale).unlink(missing_ok=True)
            new_kinds[key] = {"title": registry[key].title, "files": {n: sha256_bytes(d) for n, d in files.items()},
                              "depends": deps, "built": now}
        for key in list(new_kinds):
            if key not in registry:
                del new_kinds[key]
        manifest = {
            "huiwu": __version__,
            "meeting": meeting.name,
            "workbook": {"name": workbook.name, "sha256": sha256_file(workbook)},
            "script": script,
            "kinds": {k: new_kinds[k] for k in registry if k in new_kinds},
        }
        write_atomic(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False).encode())
        result.seconds = time.perf_counter() - started
        return result
