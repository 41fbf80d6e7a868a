"""A fast QR encoder for short check-in codes (versions 1-6, byte mode, error correction M, mask 0).

segno spends about a millisecond on each code, mostly trying all eight
masks; 3,000 badges would take seconds. Here the function patterns and the
order of the data modules are worked out once per version, and a whole
batch of codes is encoded at once with numpy: Reed-Solomon over all codes
byte by byte, then every data bit dropped into its precomputed place. Any
mask is valid (decoders read it from the format bits), so one is used
throughout. Data too long for version 6 falls back to segno.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# version -> (data codewords per block, blocks, EC codewords per block) at level M
_BLOCKS = {1: (16, 1, 10), 2: (28, 1, 16), 3: (44, 1, 26), 4: (32, 2, 18), 5: (43, 2, 24), 6: (27, 4, 16)}
_ALIGN = {2: 18, 3: 22, 4: 26, 5: 30, 6: 34}  # the one alignment centre (besides 6) of versions 2-6
_FORMAT_M = 0  # level M's two format bits
MASK = 0  # (row + column) even


def _gf_tables() -> tuple[list[int], list[int]]:
    exp, log = [0] * 512, [0] * 256
    x = 1
    for i in range(255):
        exp[i], log[x] = x, i
        x <<= 1
        if x & 0x100:
            x ^= 0x11D
    for i in range(255, 512):
        exp[i] = exp[i - 255]
    return exp, log


_EXP, _LOG = _gf_tables()


@functools.cache
def _generator(degree: int) -> tuple[int, ...]:
    """Coefficients (highest first, leading 1 dropped) of prod (x - a^i), i < degree."""
    poly = [1]
    for i in range(degree):
        nxt = [0] * (len(poly) + 1)
        for j, c in enumerate(poly):
            nxt[j] ^= c
            if c:
                nxt[j + 1] ^= _EXP[_LOG[c] + i]
        poly = nxt
    return tuple(poly[1:])


@functools.cache
def _products(degree: int) -> tuple[tuple[int, ...], ...]:
    """factor -> the generator's coefficients times factor: one table lookup per data byte."""
    gen = [_LOG[g] for g in _generator(degree)]
    return (tuple([0] * degree),) + tuple(tuple(_EXP[g + _LOG[f]] for g in gen) for f in range(1, 256))


@functools.cache
def _layout(version: int) -> tuple[tuple[tuple[bool, ...], ...], tuple[tuple[int, int, bool], ...]]:
    """(function patterns and format bits as rows, [(row, col, mask bit)] of the data modules in order)."""
    n = 17 + 4 * version
    dark = [[False] * n for _ in range(n)]
    used = [[False] * n for _ in range(n)]

    def put(r, c, v):
        dark[r][c], used[r][c] = v, True

    for i in range(n):  # timing patterns
        put(6, i, i % 2 == 0)
        put(i, 6, i % 2 == 0)
    for cr, cc in ((3, 3), (3, n - 4), (n - 4, 3)):  # finders with their separators
        for dr in range(-4, 5):
            for dc in range(-4, 5):
                r, c = cr + dr, cc + dc
                if 0 <= r < n and 0 <= c < n:
                    d = max(abs(dr), abs(dc))
                    put(r, c, d not in (2, 4))
    if version in _ALIGN:
        a = _ALIGN[version]
        for dr in range(-2, 3):
            for dc in range(-2, 3):
                put(a + dr, a + dc, max(abs(dr), abs(dc)) != 1)
    data = _FORMAT_M << 3 | MASK
    rem = data
    for _ in range(10):
        rem = (rem << 1) ^ ((rem >> 9) * 0x537)
    bits = (data << 10 | rem) ^ 0x5412

    def bit(i):
        return (bits >> i) & 1 == 1

    for i in range(6):
        put(i, 8, bit(i))
    put(7, 8, bit(6))
    put(8, 8, bit(7))
    put(8, 7, bit(8))
    for i in range(9, 15):
        put(8, 14 - i, bit(i))
    for i in range(8):
        put(8, n - 1 - i, bit(i))
    for i in range(8, 15):
        put(n - 15 + i, 8, bit(i))
    put(n - 8, 8, True)
    order = []
    right = n - 1
    while right >= 1:
        if right == 6:
            right = 5
        upward = ((right + 1) & 2) == 0
        for vert in range(n):
            r = n - 1 - vert if upward else vert
            for c in (right, right - 1):
                if not used[r][c]:
                    order.append((r, c, (r + c) % 2 == 0))
        right -= 2
    return tuple(tuple(row) for row in dark), tuple(order)


def _data_codewords(payload: bytes, capacity: int) -> list[int]:
    """Byte mode: 0100, an 8-bit length, the bytes, a 4-bit terminator, then 0xEC 0x11 pads."""
    # every byte straddles two codewords, four bits over
    stream = (len(payload), *payload, 0)
    data = [0x40 | len(payload) >> 4]
    data += [(a & 0xF) << 4 | b >> 4 for a, b in zip(stream, stream[1:])]
    data += [0xEC, 0x11] * ((capacity - len(data)) // 2 + 1)
    return data[:capacity]


@functools.cache
def _placement(version: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(the symbol with every data module at its mask value, rows and columns of the data modules in order)."""
    import numpy as np

    base, order = _layout(version)
    symbol = np.array(base, dtype=bool)
    rows = np.array([r for r, _, _ in order], dtype=np.intp)
    cols = np.array([c for _, c, _ in order], dtype=np.intp)
    symbol[rows, cols] = np.array([f for _, _, f in order], dtype=bool)
    return symbol, rows, cols


def version_for(payload: bytes) -> int | None:
    """The smallest version 1-6 whose level-M byte capacity holds the payload."""
    for v, (per, blocks, _) in _BLOCKS.items():
        if 12 + 8 * len(payload) <= per * blocks * 8:
            return v
    return None


def encode(payloads: list[bytes], version: int) -> np.ndarray:
    """QR symbols (codes x rows x columns, True = dark) of payloads that all fit `version`."""
    import numpy as np

    per, blocks, ec_len = _BLOCKS[version]
    count = len(payloads)
    data = np.array([_data_codewords(p, per * blocks) for p in payloads], dtype=np.uint8).reshape(count, blocks, per)
    products = np.array(_products(ec_len), dtype=np.uint8)
    rem = np.zeros((count, blocks, ec_len), dtype=np.uint8)
    zero = np.zeros((count, blocks, 1), dtype=np.uint8)
    for i in range(per):  # long division by the generator, all codes and blocks at once
        factor = data[:, :, i] ^ rem[:, :, 0]
        rem = np.concatenate((rem[:, :, 1:], zero), axis=2) ^ products[factor]
    # interleave: first codeword of each block, then the second…; data first, then EC
    words = np.concatenate((data.transpose(0, 2, 1).reshape(count, -1), rem.transpose(0, 2, 1).reshape(count, -1)),
                           axis=1)
    bits = np.unpackbits(words, axis=1).astype(bool)
    symbol, rows, cols = _placement(version)
    out = np.repeat(symbol[None], count, axis=0)
    nbits = bits.shape[1]
    out[:, rows[:nbits], cols[:nbits]] ^= bits  # a dark data bit is the opposite of the mask value
    return out


def symbols(datas: list[str]) -> list[np.ndarray]:
    """The QR symbol of each string (rows x columns, True = dark), without the quiet zone."""
    import numpy as np

    out: list = [None] * len(datas)
    groups: dict[int, list[int]] = {}
    payloads = [d.encode("utf-8") for d in datas]
    for i, payload in enumerate(payloads):
        version = version_for(payload)
        if version is None:
            import segno

            out[i] = np.array(segno.make_qr(datas[i], error="m", boost_error=False).matrix, dtype=bool)
        else:
            groups.setdefault(version, []).append(i)
    for version, members in groups.items():
        for i, sym in zip(members, encode([payloads[i] for i in members], version)):
            out[i] = sym
    return out


def matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of `data` as rows of dark (True) modules, without the quiet zone."""
    return tuple(tuple(bool(v) for v in row) for row in symbols([data])[0])


def encode_one(data: str) -> list[list[bool]]:
    """One string's symbol as rows of dark (True) modules, in plain Python: the very modules symbols()
    gives, for a deputy's one new badge without loading numpy (a tenth of a second) for it."""
    payload = data.encode("utf-8")
    version = version_for(payload)
    if version is None:
        import segno

        return [[bool(v) for v in row] for row in segno.make_qr(data, error="m", boost_error=False).matrix]
    per, blocks, ec_len = _BLOCKS[version]
    words = _data_codewords(payload, per * blocks)
    products = _products(ec_len)
    data_blocks, ec_blocks = [], []
    for b in range(blocks):
        block = words[b * per:(b + 1) * per]
        rem = [0] * ec_len
        for word in block:  # long division by the generator, as encode() does for a whole batch
            factor = word ^ rem[0]
            rem = [x ^ y for x, y in zip(rem[1:] + [0], products[factor])]
        data_blocks.append(block)
        ec_blocks.append(rem)
    stream = [blk[i] for i in range(per) for blk in data_blocks] + [blk[i] for i in range(ec_len) for blk in ec_blocks]
    base, order = _layout(version)
    out = [list(row) for row in base]
    for r, c, mask in order:  # every data module at its mask value; the data bits flip it where dark
        out[r][c] = mask
    for i, (r, c, mask) in enumerate(order[:8 * len(stream)]):
        if stream[i >> 3] >> (7 - (i & 7)) & 1:
            out[r][c] = not mask
    return out
