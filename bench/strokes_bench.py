"""Time stroke-data loading and sorting 3,000 names (python bench/strokes_bench.py)."""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
    "蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段"
    "雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力国春梅鑫波斌宇浩"
    "凯健俊帆帅旭宁龙林欣晨瑶婷雪琳晶颖佳慧莹鹏飞彬涵博志翔德喆堃玥珺彧翀"
)
TRADITIONAL_SURNAMES = ("歐陽", "諸葛", "司馬", "劉", "張", "陳", "趙", "馬", "黃")


def make_names(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    names = []
    for _ in range(count):
        surname = rng.choice(SURNAMES) if rng.random() > 0.05 else rng.choice(TRADITIONAL_SURNAMES)
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        note = "（列席）" if rng.random() < 0.05 else ""
        names.append(surname + given + note)
    return names


def main() -> None:
    t0 = time.perf_counter()
    from pipeline import strokes

    t1 = time.perf_counter()
    strokes.load()
    t2 = time.perf_counter()
    names = make_names(3000)
    t3 = time.perf_counter()
    strokes.sort_names(names)  # cold: per-character keys and OpenCC computed here
    t4 = time.perf_counter()
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        strokes.sort_names(names)
        runs.append(time.perf_counter() - start)
    t5 = time.perf_counter()
    strokes.sort_names(names, as_written=True)
    t6 = time.perf_counter()
    print(f"import pipeline.strokes   {1000 * (t1 - t0):7.1f} ms")
    print(f"load stroke data          {1000 * (t2 - t1):7.1f} ms")
    print(f"sort 3000 names, cold     {1000 * (t4 - t3):7.1f} ms")
    print(f"sort 3000 names, warm     {1000 * min(runs):7.1f} ms (best of 5)")
    print(f"sort 3000 as_written cold {1000 * (t6 - t5):7.1f} ms")


if __name__ == "__main__":
    main()
