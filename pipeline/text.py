"""Text helpers shared by every stage: script conversion, width folding, name padding."""

from __future__ import annotations

import functools
import re
import unicodedata

from . import cache

FULL_SPACE = "\u3000"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@functools.cache
def _converter(config: str):
    # opencc loads its dictionaries once per process; keep one converter per direction.
    import opencc

    return opencc.OpenCC(config)


# Loading OpenCC's dictionaries costs 40 ms per direction, and a build converts the same few
# hundred labels, headers and meeting types every time: the last run's conversions are kept
# in the cache folder, and OpenCC is loaded only for text it has not seen.
def _table_key(config: str) -> str:
    import hashlib

    return f"opencc-{config}-" + hashlib.sha256(cache.installed("opencc").encode()).hexdigest()[:16]


_KEPT = {config: cache.Kept(functools.partial(_table_key, config), limit=20000)  # conversions per direction
         for config in ("t2s", "s2t")}


def _convert(config: str, text: str) -> str:
    kept = _KEPT[config]
    out = kept.data.get(text)
    if out is None:
        out = _converter(config).convert(text)
        kept.add(text, out, dear=True)  # it loaded OpenCC: worth writing back, however few
    return out


@functools.lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Traditional -> simplified (offline, OpenCC t2s)."""
    return _convert("t2s", text) if text else text


@functools.lru_cache(maxsize=65536)
def to_traditional(text: str) -> str:
    """Simplified -> traditional (offline, OpenCC s2t)."""
    return _convert("s2t", text) if text else text


def xml_escape(data: str, entities: dict | None = None) -> str:
    """&, < and > (and `entities`) escaped, as xml.sax.saxutils.escape does.

    Kept here because importing xml.sax.saxutils pulls in urllib and http.client:
    40 ms a rebuild pays for three replacements.
    """
    data = data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for key, value in (entities or {}).items():
        data = data.replace(key, value)
    return data


def strip_control(text: str) -> str:
    """Drop characters that are illegal in XML (Excel lets them in, Office files break)."""
    if text.isprintable():  # no control character in it: most cells, checked in C
        return text
    return _CONTROL.sub("", text)


_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: " "}


def halfwidth(text: str) -> str:
    """Full-width ASCII (１２３ＡＢＣ：) -> half-width; other characters unchanged."""
    if text.isascii():
        return text
    return text.translate(_HALFWIDTH)


def is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def clean_name(name: str) -> str:
    """A person's name as staff meant it: no spaces between Chinese characters.

    "王 芳" and "王　芳" (typed to align columns) both become "王芳"; spaces
    inside Latin names ("John Smith") are kept.
    """
    name = strip_control(name).strip().replace(FULL_SPACE, " ")
    name = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", name)
    return re.sub(r"\s+", " ", name).strip()


def pad_name(name: str, pad: str = FULL_SPACE) -> str:
    """Two-character names get one padding character between them (王芳 -> 王　芳)."""
    if len(name) == 2 and all(is_cjk(c) for c in name):
        return name[0] + pad + name[1]
    return name


class _PerCharacter(dict):
    """character -> its value under `rule`, worked out once per character: a 3,000-person list measures
    some 50,000 characters, and looking one up costs a thirtieth of asking unicodedata again."""

    def __init__(self, rule):
        super().__init__()
        self.rule = rule

    def __missing__(self, ch: str):
        value = self[ch] = self.rule(ch)
        return value


def _wide(ch: str) -> bool:
    return is_cjk(ch) or ch in "·•"


_EM = _PerCharacter(lambda c: 1.0 if _wide(c) else 0.55)
UNITS = _PerCharacter(lambda c: 2 if _wide(c) else 1)  # Excel width units: a CJK character takes two


@functools.lru_cache(maxsize=65536)
def display_width(text: str) -> float:
    """Width in em: CJK and full-width characters 1, others about 0.55 (names and units repeat: cached)."""
    return sum(map(_EM.__getitem__, text))


def term_width(text: str) -> int:
    """Columns a string takes in a terminal: 2 for CJK and full-width characters."""
    return sum(2 if is_cjk(c) else 1 for c in text)


def term_table(rows: list[list[str]], last_free: bool = True) -> str:
    """Rows aligned in columns for a terminal; the last column is left ragged."""
    n = len(rows[0])
    fixed = n - 1 if last_free else n
    widths = [max(term_width(r[i]) for r in rows) for i in range(fixed)]
    out = []
    for r in rows:
        cells = [c + " " * (widths[i] - term_width(c)) for i, c in enumerate(r[:fixed])]
        out.append("  ".join(cells + list(r[fixed:])).rstrip())
    return "\n".join(out)
