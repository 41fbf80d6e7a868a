"""A small on-disk cache for work that depends only on a file's bytes (prepared Word templates).

It lives in the user's cache folder (HUIWU_CACHE, else XDG_CACHE_HOME/huiwu,
~/.cache/huiwu, or %LOCALAPPDATA%\\huiwu on Windows). Entries are named by a
digest of everything they were made from, so a stale entry is never found;
any failure to read or write simply means the work is done again.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path

scope = ""  # the document being made (a kind's key), for tables kept per document (list rows)


def folder() -> Path | None:
    given = os.environ.get("HUIWU_CACHE")
    if given is not None:
        return Path(given) if given else None  # HUIWU_CACHE= (empty) turns the cache off
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "huiwu"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "huiwu"


def installed(package: str) -> str:
    """Where a library is and when it was installed, without importing it (or importlib.metadata, 40 ms):
    part of a key, so entries made by another version of the library are never found."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.origin:
        return "missing"
    st = os.stat(spec.origin)
    return f"{spec.origin}:{st.st_mtime_ns}:{st.st_size}"


def get(key: str):
    """The value stored under `key`, or None."""
    where = folder()
    if where is None:
        return None
    try:
        return marshal.loads((where / key).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def put(key: str, value, replacing: tuple[str, ...] = ()) -> None:
    """Store `value` (marshal-able: str, bytes, numbers, tuples, lists, dicts, sets, code) under `key`.

    `replacing`: prefixes of keys this one replaces (the same table made by an earlier version of the
    program); their files are removed, so the folder does not grow with every upgrade.
    """
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        tmp = where / f".{key}.{os.getpid()}.tmp"
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, where / key)
        for prefix in replacing:
            for old in where.glob(prefix + "*"):
                if old.name != key:
                    old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass


class Kept:
    """A table kept in the cache folder between runs (OpenCC conversions, names' stroke keys, list
    rows, QR codes): read on first use, and written back by save_all() when this process added to it.

    `name()` gives its key (a digest of what its values depend on); past `limit` entries it starts
    afresh; `replacing` as for put(). With `used_only`, what is written back is only what this
    process looked up with get() or added (list rows: the table then holds one list, not every
    version of it). Without it, what the file holds when this process writes it back is kept too:
    the forked workers of one build each add what they alone worked out.

    A table is written back only when what the file lacks is at least a fiftieth of what it holds:
    after a deputy steps in, a list gains a row or two of thousands, and writing its 3 MB table
    again cost 0.02 s a list. A row the file lacks is made again by the next build, in microseconds.
    An entry added as `dear` (one that cost loading data of its own, as a character's stroke key)
    is written back however few.
    """

    SMALL = 50  # write back when the entries the file lacks reach 1/SMALL of those it has

    def __init__(self, name, limit: int | None = None, replacing: tuple[str, ...] = (), used_only: bool = False):
        self.name, self.limit, self.replacing, self.used_only = name, limit, replacing, used_only
        self._data: dict | None = None
        self._in_file: set = set()  # the keys the file holds, as read or last written
        self._lacking = 0  # entries to write that the file does not hold
        self._dear = False  # one of them is dear: write back whatever the count
        self._saved = False  # this process wrote the file: what it holds is what it used then
        self._used: dict = {}
        self._grown = False

    @property
    def data(self) -> dict:
        if self._data is None:
            found = get(self.name())
            self._data = found if isinstance(found, dict) else {}
            self._in_file = set(self._data)
        return self._data

    def get(self, key):
        data = self._data
        if data is None:
            data = self.data
        value = data.get(key)
        if value is not None and self.used_only:
            used = self._used
            if key not in used:
                used[key] = value
                if self._saved and key not in self._in_file:  # read from the file, then left out of it
                    self._lacking += 1
                    self._grown = True  # (save() is already registered: this process saved)
        return value

    def add(self, key, value, dear: bool = False) -> None:
        data = self.data
        if self.limit is not None and len(data) >= self.limit:
            data.clear()
        data[key] = value
        if self.used_only:
            self._used[key] = value
        self._lacking += 1
        self._dear = self._dear or dear
        if not self._grown:
            self._grown = True
            save_later(self.save)

    def save(self) -> None:
        if not self._grown or (self._lacking * self.SMALL < len(self._in_file) and not self._dear):
            return  # nothing new, or not worth writing yet: a later save of this process may find more
        if self.used_only:
            table = self._used
        else:  # what other processes of this build wrote meanwhile (forked workers each keep their own) stays
            found = get(self.name())
            table = self.data
            if isinstance(found, dict) and not found.keys() <= table.keys():
                table.update((k, v) for k, v in found.items() if k not in table)
        put(self.name(), table, self.replacing)
        self._in_file, self._lacking, self._saved, self._grown, self._dear = set(table), 0, True, False, False

    def forget(self) -> None:
        """As a new process finds it: read again from the cache folder on next use."""
        self._data, self._in_file, self._used, self._grown = None, set(), {}, False
        self._lacking, self._saved, self._dear = 0, False, False


# Tables filled during a run are written back when the process ends. Forked render workers
# leave by os._exit, so they call save_all() after each document.
_savers: list = []


def save_later(save) -> None:
    """Have `save()` called by save_all(), which runs at exit."""
    if save in _savers:
        return
    if not _savers:
        import atexit

        atexit.register(save_all)
    _savers.append(save)


def save_all() -> None:
    for save in _savers:
        save()
