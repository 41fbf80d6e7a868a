"""Rendering the document kinds a build decided to make: in forked workers on two cores, or in this process.

build.py decides what to make and writes what comes back; this module only renders. The
workers are forked, so they inherit the checked meeting and its plans: nothing is read twice.
Kinds that draw on no plan start in a process of their own before the planners' checks
(Early); the rest go to a pool forked once the checks have passed (render_all).
"""

from __future__ import annotations

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
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: killed when the build's process ends
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the build ended before that took hold
        os._exit(1)


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


class Early:
    """Kinds that draw on no plan (Kind.needs_plans), rendered in a process forked before the
    planners' checks: while this process checks, the second core would otherwise wait.

    When the checks pass, take_back() hands the kinds it has not begun to the workers forked
    then, so no core waits for it. It writes its results to a file beside the pack (a pipe
    would fill while this process is busy checking); a build that stops before using them kills it.
    """

    def __init__(self, out_dir: Path):
        self.path = out_dir / f".early-{os.getpid()}.tmp"
        self.pid: int | None = None  # the process, until its results are taken
        self.exited = False
        self.todo: list = []  # the kinds it renders (after take_back: those it has begun)

    def start(self, ctx, todo, old_pages) -> None:
        """Fork the process for `todo`, where two processes may render at once; else take_back()
        gives them all back."""
        global _CTX
        import mmap
        import multiprocessing

        self.todo = longest_first(todo)
        if not todo or jobs(2) == 1 or not hasattr(os, "fork"):
            return
        _CTX = ctx
        # per kind, who renders it: 0 not decided, 1 this process, 2 the later workers
        self.claims = mmap.mmap(-1, len(self.todo))
        self.lock = multiprocessing.get_context("fork").Lock()
        parent = os.getpid()
        pid = os.fork()
        if pid:
            self.pid = pid
            return
        try:  # the child: render, hand over, and leave without running the build's exit hooks
            import pickle

            forked_worker(parent)
            try:
                results = []
                for i, entry in enumerate(self.todo):
                    with self.lock:
                        if self.claims[i]:
                            break  # taken back: so are the rest
                        self.claims[i] = 1
                    results.append(render_one(*_arguments(entry, old_pages)))
                outcome = ("ok", results)
            except BaseException as exc:  # raised again in the build's own process
                outcome = ("error", exc)
            try:
                data = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
            except Exception:  # an exception that does not pickle: its text still tells what went wrong
                data = pickle.dumps(("error", RuntimeError(repr(outcome[1]))))
            self.path.write_bytes(data)
        finally:
            os._exit(0)

    def take_back(self) -> list:
        """The kinds it has not begun (all, when it was not started), now for the caller to render."""
        if self.pid is None:
            back, self.todo = self.todo, []
            return back
        if not self.lock.acquire(timeout=10):  # not in time: it keeps them all
            return []
        try:
            back = [i for i in range(len(self.todo)) if not self.claims[i]]
            for i in back:
                self.claims[i] = 2
        finally:
            self.lock.release()
        kept = [entry for i, entry in enumerate(self.todo) if i not in back]
        back = [self.todo[i] for i in back]
        self.todo = kept
        return back

    def done(self) -> bool:
        """Whether the process has finished (its results then wait in the file)."""
        if self.pid is not None and not self.exited:
            self.exited = os.waitpid(self.pid, os.WNOHANG)[0] != 0
        return self.pid is not None and self.exited

    def results(self) -> list:
        """Its kinds' results, waiting for them if need be (raises what the process raised); then []."""
        import pickle

        if self.pid is None:
            return []
        if not self.exited:
            os.waitpid(self.pid, 0)
        self.pid = None
        try:
            outcome, value = pickle.loads(self.path.read_bytes())
        except (OSError, EOFError, pickle.UnpicklingError):
            raise RuntimeError("a render worker stopped without handing over its documents") from None
        finally:
            self.path.unlink(missing_ok=True)
        if outcome == "error":
            raise value
        return value

    def stop(self) -> None:
        """The build will not take the results: end the process and remove its file."""
        if self.pid is not None:
            import signal

            try:
                if not self.exited:
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None
        self.path.unlink(missing_ok=True)


_ending: list = []  # threads waiting for a pool's workers to end


def _in_background(wait):
    import threading

    thread = threading.Thread(target=wait, name="huiwu-pool-end", daemon=True)
    thread.start()
    return thread


def wait_ended() -> None:
    """Wait for the render workers to end (render_all leaves them ending: 15 ms a build)."""
    while _ending:
        _ending.pop().join()


def render_all(ctx, todo, old_pages, progress, script, early: Early, meanwhile=lambda: None):
    """Yield ((kind, deps, old), files, pages, reprint, seconds, content, decks) per kind, two at a time where possible.

    `todo` holds (kind, deps, old, old_content): old_content set when only the content can tell.
    `early`: an Early given its kinds (not in `todo`): those it has not begun are rendered here, the
    results of the others yielded here too. `meanwhile()` runs in this process while the workers render.
    """
    global _CTX
    _CTX = ctx
    todo = [*todo, *early.take_back()]
    entries = {kind.key: (kind, deps, old) for kind, deps, old, _ in [*early.todo, *todo]}
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

    try:
        n_jobs = jobs(len(todo))
        if not todo:
            meanwhile()
        elif n_jobs == 1 or not hasattr(os, "fork"):
            meanwhile()
            yield from finished(render_one(*_arguments(entry, old_pages)) for entry in todo)
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor, as_completed

            # Fork: the workers inherit the checked meeting and the plans already made; nothing is re-read.
            pool = ProcessPoolExecutor(n_jobs, mp_context=multiprocessing.get_context("fork"),
                                       initializer=forked_worker, initargs=(os.getpid(),))
            try:
                futures = [pool.submit(render_one, *_arguments(entry, old_pages)) for entry in longest_first(todo)]
                meanwhile()
                for future in as_completed(futures):
                    yield from finished([future.result()])
                    if early.done():
                        yield from finished(early.results())
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
            # Every document is in: the workers end while this process writes the pack (wait_ended)
            _ending.append(_in_background(pool.shutdown))
        yield from finished(early.results())
    finally:
        early.stop()
        _CTX = None
