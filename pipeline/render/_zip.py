"""Deterministic Office zip packages: same parts, same order, same timestamps, same bytes."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from typing import NamedTuple

try:  # libdeflate: deflate, inflate and CRC-32, each faster than zlib's (see LEVEL)
    import deflate as _libdeflate
except ImportError:  # a platform without its wheel: zlib, named in the code digest instead
    _libdeflate = None

FIXED_TIME = (2000, 1, 1, 0, 0, 0)
# Deflate level 1: a 3,000-plate deck compresses in a third of the time of level 6 for files
# about a third larger; a print pack is written far more often than it is mailed.
# The bytes of a deflated member are a function of the input, the level and the library's
# version (deflate_engine, part of the code digest: files copy members deflated by the last
# build). libdeflate compresses each member with a fresh compressor, so nothing of an earlier
# member can leak into the next one. On a 3,000-person pack's 117 MB of XML it deflates in
# 0.39 s against zlib's 0.59 s, to 12.4 MB against 13.7 MB, and inflates in half zlib's time.
# ISA-L was faster still (0.21 s) but not deterministic: the same docProps/core.xml came out
# as other bytes of the same length, in about one test run in fifteen.
LEVEL = 1
if _libdeflate is not None:
    crc32 = _libdeflate.crc32
    error = (_libdeflate.DeflateError,)

    def _deflate(raw: bytes) -> bytes:
        return bytes(_libdeflate.deflate_compress(raw, LEVEL))

    def inflate(data: bytes, size: int) -> bytes:
        """A member's raw deflate data, inflated to its `size` bytes."""
        out = _libdeflate.deflate_decompress(data, size)
        if len(out) != size:  # libdeflate stops short of a size given too large
            raise _libdeflate.DeflateError("size differs")
        return bytes(out)
else:
    crc32 = zlib.crc32
    error = (zlib.error,)

    def _deflate(raw: bytes) -> bytes:
        co = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
        return co.compress(raw) + co.flush()

    def inflate(data: bytes, size: int) -> bytes:
        """A member's raw deflate data, inflated to its `size` bytes."""
        out = zlib.decompress(data, -15)
        if len(out) != size:
            raise zlib.error("size differs")
        return out


FIXED_ISO = "2000-01-01T00:00:00Z"
_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
_APP_TIME = re.compile(rb"<TotalTime>\d+</TotalTime>")


def fix_core(data: bytes, author: str | None = None) -> bytes:
    """docProps/core.xml with fixed dates (and the meeting's organiser as author)."""
    data = _CORE_TIMES.sub(lambda m: m.group(1) + FIXED_ISO.encode() + m.group(3), data)
    if author is not None:
        from ..text import xml_escape as escape

        for tag in (b"dc:creator", b"cp:lastModifiedBy"):
            data = re.sub(rb"<" + tag + rb"\s*/>|<" + tag + rb">[^<]*</" + tag + rb">",
                          b"<" + tag + b">" + escape(author).encode() + b"</" + tag + b">", data)
    return data


def _order(name: str) -> tuple:
    # [Content_Types].xml first as Office expects, then _rels, then the rest sorted
    return (name != "[Content_Types].xml", not name.startswith("_rels/"), name)


def write_parts(parts: dict[str, bytes], author: str | None = None, previous: bytes | None = None) -> bytes:
    """Zip `parts` deterministically (sorted names, fixed times, deflate).

    With `previous` (the same document as last built), members whose bytes did not change
    are copied still compressed; the result is the same bytes either way. A part given as a
    Packed is written as it is.
    """
    fixed = dict(parts)
    if "docProps/core.xml" in fixed:
        fixed["docProps/core.xml"] = fix_core(fixed["docProps/core.xml"], author)
    if "docProps/app.xml" in fixed:
        fixed["docProps/app.xml"] = _APP_TIME.sub(b"<TotalTime>0</TotalTime>", fixed["docProps/app.xml"])
    old = previous_parts(previous)
    # a Packed value is a member taken from `previous` already (a slide known to be unchanged)
    return write_zip([data if data.__class__ is Packed else reuse_or_pack(name, data, old)
                      for name, data in fixed.items()])


class Packed(NamedTuple):
    """One zip member, already deflated: written as is into every document that shares it.

    A named tuple, not a dataclass: a 3,000-slide deck makes 12,000 of them per build.
    """

    name: str
    data: bytes
    crc: int
    size: int


def pack(name: str, raw: bytes) -> Packed:
    """`raw` deflated at LEVEL, as a zip member named `name`."""
    return Packed(name, _deflate(raw), crc32(raw), len(raw))


class Piece(NamedTuple):
    """Part of a member, deflated on its own into blocks that others may follow (see joined)."""

    data: bytes
    crc: int
    size: int


# Pieces are kept (see _cards.cell) and deflated once, so harder: at level 1 a badge's piece is 38 %
# larger than at 6, and a page of four pieces twice the size of the page deflated whole by libdeflate.
PIECE_LEVEL = 6


def piece(raw: bytes) -> Piece:
    """`raw` deflated by itself, ending on a byte boundary with no final block: pieces deflated
    apart can be joined in any order into one member. zlib, since libdeflate always ends its
    stream; a fresh compressor per piece, so its bytes depend on nothing else."""
    co = zlib.compressobj(PIECE_LEVEL, zlib.DEFLATED, -15)
    return Piece(co.compress(raw) + co.flush(zlib.Z_FULL_FLUSH), crc32(raw), len(raw))


_FINAL = b"\x03\x00"  # an empty final block (fixed codes): what ends a member joined from pieces
_ZEROS = bytes(1 << 16)
_ZERO_CRC: dict[int, int] = {}


def _crc_of_zeros(size: int, crc: int = 0) -> int:
    zeros = memoryview(_ZEROS)
    while size > len(zeros):
        crc = crc32(zeros, crc)
        size -= len(zeros)
    return crc32(zeros[:size], crc)


def _crc_joined(crc_a: int, crc_b: int, size_b: int) -> int:
    """crc32(a + b) from crc32(a), crc32(b) and len(b): a CRC is affine in its start value, so the
    start crc_a (in place of 0) changes crc32(b) as it changes the CRC of as many zero bytes."""
    if not crc_a:
        return crc_b
    zeros = _ZERO_CRC.get(size_b)
    if zeros is None:
        zeros = _ZERO_CRC[size_b] = _crc_of_zeros(size_b)
    return crc_b ^ _crc_of_zeros(size_b, crc_a) ^ zeros


def joined(name: str, pieces) -> Packed:
    """One member made of `pieces` in order, without deflating anything again."""
    crc = size = 0
    for p in pieces:
        crc = _crc_joined(crc, p.crc, p.size)
        size += p.size
    return Packed(name, b"".join([p.data for p in pieces]) + _FINAL, crc, size)


def _dos_time(t: tuple) -> tuple[int, int]:
    y, mo, d, h, mi, s = t
    return h << 11 | mi << 5 | s // 2, (y - 1980) << 9 | mo << 5 | d


_DOS_TIME, _DOS_DATE = _dos_time(FIXED_TIME)
_EXTERNAL_ATTR = 0o600 << 16


def write_zip(entries: list[Packed]) -> bytes:
    """A zip of pre-deflated members, in Office order (what write_parts writes)."""
    out = bytearray()
    central = bytearray()
    entries = sorted(entries, key=lambda e: _order(e.name))
    for e in entries:
        try:
            fname = e.name.encode("ascii")
            flags = 0
        except UnicodeEncodeError:
            fname = e.name.encode("utf-8")
            flags = 0x800
        offset = len(out)
        out += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, flags, 8, _DOS_TIME, _DOS_DATE,
                           e.crc, len(e.data), e.size, len(fname), 0)
        out += fname
        out += e.data
        central += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, flags, 8, _DOS_TIME, _DOS_DATE,
                               e.crc, len(e.data), e.size, len(fname), 0, 0, 0, 0, _EXTERNAL_ATTR, offset)
        central += fname
    start = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)


_END = struct.Struct("<4s4H2LH")  # end of central directory
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # central directory file header
_LOCAL = struct.Struct("<4s5H3L2H")  # local file header


def previous_parts(data: bytes | None) -> dict[str, Packed]:
    """The members of an earlier file, still compressed: {name: Packed}; {} when unreadable.

    The central directory is read with struct rather than zipfile, which builds a ZipInfo per
    member: a third of a second for the two passes over a 3,000-slide deck's 6,000 members.
    A file this reading does not follow (zip64, a comment with a false signature) goes to zipfile.
    """
    if not data:
        return {}
    if data is _last_read[0]:  # a deck and its reprint subset copy from the same file: read it once
        return _last_read[1]
    try:
        parts = _central_directory(data)
    except (struct.error, ValueError, UnicodeDecodeError):
        parts = _with_zipfile(data)
    _last_read[:] = [data, parts]
    return parts


_last_read: list = [None, {}]  # the last file read and its members (holding the file keeps its id unique)


def _with_zipfile(data: bytes) -> dict[str, Packed]:
    out = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if info.compress_type != zipfile.ZIP_DEFLATED:
                    continue
                at = info.header_offset
                sig, *_, name_len, extra_len = _LOCAL.unpack_from(data, at)
                if sig != b"PK\x03\x04":
                    return {}
                start = at + 30 + name_len + extra_len
                out[info.filename] = Packed(info.filename, data[start:start + info.compress_size], info.CRC,
                                            info.file_size)
    except (zipfile.BadZipFile, struct.error, ValueError, OSError):
        return {}
    return out


def _central_directory(data: bytes) -> dict[str, Packed]:
    end = data.rfind(b"PK\x05\x06")
    if end < 0:
        raise ValueError("no end record")
    _, disk, _, _, count, size, start, comment = _END.unpack_from(data, end)
    if disk or end + 22 + comment != len(data) or start + size != end or count == 0xFFFF:
        raise ValueError("not a plain zip")
    out = {}
    pos = start
    central, local = _CENTRAL.unpack_from, _LOCAL.unpack_from
    for _ in range(count):
        sig, _, _, flags, method, _, _, crc, csize, usize, nlen, elen, clen, _, _, _, offset = central(data, pos)
        if sig != b"PK\x01\x02" or 0xFFFFFFFF in (csize, usize, offset):
            raise ValueError("not a plain zip")
        raw = data[pos + 46:pos + 46 + nlen]
        # ASCII names decode the same in both encodings, and the ascii codec is C (cp437's is Python)
        name = raw.decode("utf-8" if flags & 0x800 else "ascii" if raw.isascii() else "cp437")
        pos += 46 + nlen + elen + clen
        if method != 8:
            continue
        lsig, *_, lnlen, lelen = local(data, offset)
        if lsig != b"PK\x03\x04":
            raise ValueError("bad local header")
        begin = offset + 30 + lnlen + lelen
        out[name] = Packed(name, data[begin:begin + csize], crc, usize)
    return out


def reuse_or_pack(name: str, raw: bytes, previous: dict[str, Packed]) -> Packed:
    """`raw` deflated, or the earlier file's member when it holds exactly these bytes.

    Deflating is most of the cost of a 3,000-slide deck, and after one deputy steps in all
    but a slide or two are what they were. The earlier member is inflated and compared byte
    for byte, so a member is reused only when it is the same; the deflate is deterministic for
    its library's version (part of the code digest), so the file equals a fresh one.
    """
    old = previous.get(name)
    if old is not None and old.size == len(raw) and old.crc == crc32(raw):
        try:
            if inflate(old.data, old.size) == raw:
                return old
        except error:
            pass
    return pack(name, raw)


def read_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def normalize(data: bytes, author: str | None = None) -> bytes:
    """Re-zip an Office file written by a library so that equal content gives equal bytes."""
    return write_parts(read_parts(data), author)
