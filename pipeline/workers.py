"""Rendering the document kinds a build decided to make: in forked workers on two cores, or in this process.

build.py decides what to make and writes what comes back; this module only renders. The
workers are forked, so they inherit the checked meeting and its plans: nothing is read twice.
Kinds that draw on no plan start in a process of their own before the planners' checks; the
rest go to processes forked once the checks have passed (Renderers, render_all), which take
the kinds one by one and hand each back through a file beside the pack.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path

from . import cache
from .deps import sha256_bytes
from .i18n import Msg, t

HELD: list = []  # the lock files this process holds (see forked_worker)


def forked_worker(parent: int) -> None:
    """First thing in a process forked to render: let go of the copy of the output folder's lock
    that fork gave it, and end with the build's process. Otherwise a build killed with -9 leaves
    its workers waiting for work for ever, holding the lock: every later build is refused."""
    for fh in HELD:
        try:
            os.close(fh.fileno())  # the build's own process still holds the lock
        except OSError:
            pass
    prctl = death_signal()
    if prctl is not None:
        import signal

        prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: killed when the build's process ends
    if os.getppid() != parent:  # the build ended before that took hold
        os._exit(1)


@functools.cache
def death_signal():
    """libc's prctl (Linux), found before the processes fork: each would otherwise import ctypes
    and open libc for itself, 5-20 ms before its first document on a busy machine."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None).prctl
    except (OSError, AttributeError):
        return None


_CTX = None  # the build's Context, inherited by forked render workers
_MAIN_PID = os.getpid()


def render_one(key: str, previous: bytes | dict | None, old_content: str | None = None, salt: str = ""):
    """Render one kind (in a worker or in process): its files, page digests and reprint subset.

    `previous` holds the page digests of the last build (marshal bytes of {page: digest}, as the
    state keeps them); the page digests come back in that form too.

    A kind with content() reports its content digest, and renders nothing when that equals
    `old_content` (files None: the last pack's file stands). `salt` stands for the kind's
    inputs other than the people's rows (see deck_salt).
    """
    try:
        return _render_kind(key, previous, old_content, salt)
    finally:
        if os.getpid() != _MAIN_PID:  # a forked worker leaves by os._exit: its atexit hooks never run
            cache.save_all()


def _render_kind(key: str, previous: bytes | dict | None, old_content: str | None, salt: str):
    from .deps import content_digest
    from .render import kinds

    kind = kinds()[key]
    t0 = time.perf_counter()
    content = content_digest(kind, _CTX) if kind.summarised else None
    if content is not None and content == old_content:
        return key, None, None, None, time.perf_counter() - t0, content, {}
    _CTX.deck_salt = salt
    _CTX.made_keys.clear()
    cache.scope = key  # tables kept per document (list rows) are this kind's
    try:
        files = kind.render(_CTX)
        decks = dict(_CTX.made_keys)  # the slide keys of the files just made (not of the reprint subset below)
        pages, changed_items = None, None
        if kind.per_item:
            import marshal

            pages = {k: sha256_bytes(v.encode())[:16] for k, v in kind.module.pages(_CTX).items()}
            if previous is not None:
                if previous.__class__ is bytes:
                    previous = marshal.loads(previous)
                changed = [k for k, v in pages.items() if previous.get(k) != v]
                if changed:
                    changed_items = (len(changed), kind.render(_CTX, keys=set(changed)))
            # kept in the build's state as bytes, read back only by the worker of this kind next time:
            # not by the build's start, nor pickled on the way to a worker and back (9,000 meal tickets)
            pages = marshal.dumps(pages)
    finally:
        cache.scope = ""
    _CTX.made_keys.clear()
    return key, files, pages, changed_items, time.perf_counter() - t0, content, decks


def deck_salt(deps: dict) -> str:
    """A digest of everything a kind read but the people's rows and the plans made from them (settings,
    other sheets, templates, script, program): a slide is copied from the last pack only under the
    same salt. What the rows and plans put on a slide (names, seats, rooms) is in the slide's own key."""
    rest = sorted((k, v) for k, v in deps.items()
                  if k != "參會人員" and not k.startswith(("參會人員.", "plan:")))
    return sha256_bytes(repr(rest).encode())[:16]


def share(ctx, todo) -> None:
    """Make here, before the workers fork, what two of `todo`'s kinds or more would each make in
    their own worker: the plans they share (the meals plan: 3 kinds) and the Word templates'
    Jinja (35 ms to import). The workers inherit them."""
    if jobs(len(todo)) == 1:
        return
    needs: dict[str, int] = {}
    for kind, *_ in todo:
        for name in getattr(kind.module, "PLANS", ()):
            needs[name] = needs.get(name, 0) + 1
    for name, count in needs.items():
        if count > 1:
            ctx.plan(name)
    if sum(1 for kind, *_ in todo if kind.fills_word_templates) > 1:
        from .render import _docx

        _docx.environment()


def jobs(n_kinds: int) -> int:
    """Two cores render two documents at once; HUIWU_JOBS=1 keeps everything in one process."""
    try:
        n = int(os.environ.get("HUIWU_JOBS", "0"))
    except ValueError:
        n = 0
    n = n or min(os.cpu_count() or 1, 4)
    return max(1, min(n, n_kinds))


def longest_first(todo) -> list:
    """By the last build's times: workers that take the longest first finish close together."""
    return sorted(todo, key=lambda entry: -entry[2].get("seconds", 0.5))


def _arguments(entry, old_pages: dict) -> tuple:
    """render_one's arguments for a todo entry (kind, deps, old, old_content)."""
    kind, deps, _, old_content = entry
    return kind.key, old_pages.get(kind.key), old_content, deck_salt(deps)


class Renderers:
    """The build's render processes, forked from it: first one for the kinds that draw on no plan
    (Kind.needs_plans), before the planners' checks, so that the second core does not wait while
    this process checks; then, once the checks pass, more() forks the rest for the other kinds.

    They inherit everything by fork (the checked meeting, the plans, each kind's arguments): nothing
    is pickled on the way in, and a process begins its first kind at once. Each takes the next kind
    none has begun (a byte per kind in shared memory, under a lock), renders it, and hands it over
    in a file beside the pack (a pipe would fill while this process is busy), telling this process
    which kind through a pipe. A process leaves when no kind is left; a build that stops before
    taking the results (stop()) kills them.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.parent = os.getpid()  # the build's process: the result files carry its number
        self.todo: list = []  # the first process's kinds (after take_back: those it has begun)
        self.pids: list[int] = []  # processes not yet waited for
        self.groups: list[tuple] = []  # (entries, claims, lock) per fork()
        self.pipe: tuple[int, int] | None = None
        self.expected = 0  # results promised and not yet read

    def start(self, ctx, todo, old_pages) -> None:
        """Fork one process for `todo`, where two processes may render at once; else take_back()
        gives them all back."""
        self.todo = longest_first(todo)
        if not todo or jobs(2) == 1 or not hasattr(os, "fork"):
            return
        self._fork(ctx, self.todo, old_pages, 1)

    def more(self, ctx, todo, old_pages, processes: int) -> None:
        """Fork `processes` more for `todo` (the kinds that needed the plans, and those taken back)."""
        self._fork(ctx, longest_first(todo), old_pages, processes)

    def _fork(self, ctx, entries, old_pages, processes: int) -> None:
        global _CTX
        import mmap

        _CTX = ctx
        death_signal()
        if self.pipe is None:
            self.pipe = os.pipe()
        group = len(self.groups)
        claims = mmap.mmap(-1, max(1, len(entries)))  # per kind: 0 free, 1 begun, 2 taken back
        lock = _Mutex()
        self.groups.append((entries, claims, lock))
        self.expected += len(entries)
        for _ in range(processes):
            pid = os.fork()
            if pid == 0:
                self._child(self.parent, group, entries, claims, lock, old_pages)  # never returns
            self.pids.append(pid)

    def _result_path(self, group: int, index: int) -> Path:
        return self.out_dir / f".render-{self.parent}-{group}-{index}.tmp"

    def _child(self, parent, group, entries, claims, lock, old_pages) -> None:
        """A forked process: render kinds until none is left, then leave without the build's exit hooks."""
        import pickle
        import struct

        try:
            forked_worker(parent)
            os.close(self.pipe[0])
            while True:
                with lock:
                    index = claims.find(b"\0")
                    if index < 0 or index >= len(entries):
                        break
                    claims[index] = 1
                try:
                    outcome = ("ok", render_one(*_arguments(entries[index], old_pages)))
                except BaseException as exc:  # raised again in the build's own process
                    outcome = ("error", exc)
                try:
                    data = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
                except Exception:  # an exception that does not pickle: its text still tells what went wrong
                    data = pickle.dumps(("error", RuntimeError(repr(outcome[1]))))
                self._result_path(group, index).write_bytes(data)
                os.write(self.pipe[1], struct.pack("<HI", group, index))
                if outcome[0] == "error":
                    break
        finally:
            _exit(0)

    def take_back(self) -> list:
        """The first process's kinds it has not begun (all, when it was not started), now for the
        caller to render."""
        if not self.groups:
            back, self.todo = self.todo, []
            return back
        entries, claims, lock = self.groups[0]
        if not lock.acquire(timeout=10):  # not in time: it keeps them all
            return []
        try:
            back = [i for i in range(len(entries)) if not claims[i]]
            for i in back:
                claims[i] = 2
        finally:
            lock.release()
        self.expected -= len(back)
        self.todo = [entry for i, entry in enumerate(entries) if i not in back]
        return [entries[i] for i in back]

    def results(self):
        """Each result as it is handed over (raising what a process raised), until all are in."""
        import pickle
        import select
        import struct

        if self.pipe is None:
            return
        buffer = b""
        while self.expected:
            ready, _, _ = select.select([self.pipe[0]], [], [], 0.5)
            if not ready:
                if all(self._ended(pid) for pid in list(self.pids)):  # and nothing more in the pipe
                    if not select.select([self.pipe[0]], [], [], 0)[0]:
                        raise RuntimeError("a render worker stopped without handing over its documents")
                continue
            buffer += os.read(self.pipe[0], 6 * 64)
            while len(buffer) >= 6:
                group, index = struct.unpack_from("<HI", buffer)
                buffer = buffer[6:]
                path = self._result_path(group, index)
                try:
                    outcome, value = pickle.loads(path.read_bytes())
                finally:
                    path.unlink(missing_ok=True)
                self.expected -= 1
                if outcome == "error":
                    raise value
                yield value

    def _ended(self, pid: int) -> bool:
        try:
            ended = os.waitpid(pid, os.WNOHANG)[0] != 0
        except ChildProcessError:
            ended = True
        if ended:
            self.pids.remove(pid)
        return ended

    def wait(self) -> None:
        """Wait for the processes to leave (each leaves once no kind is left)."""
        for pid in self.pids:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        self.pids = []
        self._close()

    def stop(self) -> None:
        """The build will not take the results: end the processes and remove their files."""
        import signal

        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.pids = []
        self._close()
        for group, (entries, _, _) in enumerate(self.groups):
            for index in range(len(entries)):
                self._result_path(group, index).unlink(missing_ok=True)

    def _close(self) -> None:
        for fd in [*(self.pipe or ()), *(fd for _, _, lock in self.groups for fd in lock.fds)]:
            try:
                os.close(fd)
            except OSError:
                pass
        self.pipe = None
        for _, _, lock in self.groups:
            lock.fds = ()  # closed: never closed twice


class _Mutex:
    """A lock the forked processes share: one byte in a pipe, taken by reading it and given back by
    writing it. multiprocessing's Lock would do, but importing it costs every build 45 ms (it brings
    tempfile, random and socket)."""

    def __init__(self):
        self.fds = os.pipe()
        os.write(self.fds[1], b"\0")

    def acquire(self, timeout: float | None = None) -> bool:
        if timeout is not None:
            import select

            if not select.select([self.fds[0]], [], [], timeout)[0]:
                return False
        os.read(self.fds[0], 1)  # another process may take it first: then this waits for its release
        return True

    def release(self) -> None:
        os.write(self.fds[1], b"\0")

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


_exit = os._exit  # how a render process leaves (a test makes it slow)
_ending: list = []  # the Renderers whose processes the build waits for before it returns


def wait_ended() -> None:
    """Wait for the render processes to leave (they leave once the last kind is handed over)."""
    while _ending:
        _ending.pop().wait()


def render_all(ctx, todo, old_pages, progress, script, renderers: Renderers, meanwhile=lambda: None):
    """Yield ((kind, deps, old), files, pages, reprint, seconds, content, decks) per kind, two at a time where possible.

    `todo` holds (kind, deps, old, old_content): old_content set when only the content can tell.
    `renderers`: its first process was given its kinds (not in `todo`) before the checks: those it
    has not begun are rendered here, the results of the others yielded here too. `meanwhile()` runs
    in this process while the workers render.
    """
    global _CTX
    _CTX = ctx
    todo = [*todo, *renderers.take_back()]
    entries = {kind.key: (kind, deps, old) for kind, deps, old, _ in [*renderers.todo, *todo]}
    total = len(entries)
    if progress and total:
        progress(0, total, Msg("正在生成 {n} 種文件…", n=total).text(script))
    count = 0

    def finished(results):
        nonlocal count
        for key, files, pages, changed, seconds, content, decks in results:
            count += 1
            if progress:
                said = "已生成 {title}" if files is not None else "{title} 內容未變"
                progress(count, total, Msg(said, title=t(entries[key][0].title, script)).text(script))
            yield entries[key], files, pages, changed, seconds, content, decks

    handed_over = False
    try:
        n_jobs = jobs(len(todo))
        if not todo:
            meanwhile()
        elif n_jobs == 1 or not hasattr(os, "fork"):
            meanwhile()
            yield from finished(render_one(*_arguments(entry, old_pages)) for entry in todo)
        else:
            # Fork: the processes inherit the checked meeting and the plans already made; nothing is re-read.
            renderers.more(ctx, todo, old_pages, n_jobs)
            meanwhile()
        yield from finished(renderers.results())
        handed_over = True
    finally:
        if handed_over:  # every kind is in: the processes are leaving, waited for once the pack is written
            _ending.append(renderers)
        else:
            renderers.stop()
        _CTX = None
