"""Tests for pipeline.strokes: names in surname-stroke order (以姓氏笔画为序).

Stroke sequences quoted in comments are GB13000.1 digits, 1 横 2 竖 3 撇 4 点
5 折 (提 counts as 横, 竖钩 as 竖, 捺 as 点), each checked by hand.
"""

from __future__ import annotations

import pytest

from pipeline.strokes import sort_by, sort_names, split_note, stroke_key, strokes


@pytest.mark.parametrize(
    ("ch", "digits"),
    [
        ("王", "1121"),  # 一一丨一
        ("丁", "12"),  # 一亅 (竖钩 counts as 竖)
        ("于", "112"),
        ("马", "551"),  # 𠃍 ㇉ ㇀
        ("刘", "413422"),  # 文 + 刂
        ("张", "5153154"),  # 弓 + 长
        ("李", "1234521"),  # 木 + 子 (its last stroke is a 提 = 横)
        # The brief listed 52154 and 3413534; those are wrong: 陈 is 阝(52) +
        # 东(15234), 7 strokes, and 欧 is 区(1345) + 欠(3534), 8 strokes.
        ("陈", "5215234"),
        ("欧", "13453534"),
        ("黄", "12212512134"),
        ("诸", "4512132511"),  # 讠 + 者
        ("方", "4153"),
        ("达", "134454"),  # 大 + 辶; the shipped table drops a stroke, fixed here
        ("虽", "251251214"),  # 口 + 虫; fixed here too
    ],
)
def test_stroke_sequences(ch, digits):
    assert strokes(ch) == digits


def test_traditional_strokes_default_to_simplified_form():
    assert strokes("劉") == strokes("刘") == "413422"
    assert strokes("馬") == "551"
    # As written: 劉 15 strokes (卯-like part 35453, 金 34112431, 刂 22);
    # 馬 10 strokes 一丨一一丨𠃌 + 4 dots.
    assert strokes("劉", as_written=True) == "354533411243122"
    assert strokes("馬", as_written=True) == "1211254444"
    assert strokes("王", as_written=True) == "1121"


def test_unknown_characters_do_not_crash():
    assert strokes("A") is None
    assert strokes("㐀") is None  # Ext. A: Unihan gives a count, no sequence
    with pytest.raises(ValueError):
        strokes("王芳")


def test_equal_count_split_by_first_stroke():
    # All 4 strokes; the first stroke decides, then the next ones:
    # 王 1121 (横), 韦 1152 (横), 毛 3115 (撇), 方 4153 (点), 尹 5113 (折),
    # 孔 5215 (折, second stroke 竖 after 尹's 横), 邓 5452.
    names = ["邓军", "孔明", "方明", "尹明", "毛明", "韦明", "王明"]
    assert sort_names(names) == ["王明", "韦明", "毛明", "方明", "尹明", "孔明", "邓军"]
    # 7 strokes, both start with 折: 张 5153154 before 陈 5215234 (2nd stroke).
    assert sort_names(["陈伟", "张伟"]) == ["张伟", "陈伟"]
    # Fewer strokes first whatever the shapes: 丁 (2) < 于 (3) < 王 (4).
    assert sort_names(["王一", "于一", "丁一"]) == ["丁一", "于一", "王一"]


def test_full_tie_broken_by_code_point():
    # 于 and 干 are both 一一丨 (112) in GB13000.1 digits: code point decides
    # (于 U+4E8E < 干 U+5E72), whatever the input order.
    assert sort_names(["干露", "于洋"]) == ["于洋", "干露"]
    assert sort_names(["于洋", "干露"]) == ["于洋", "干露"]


def test_single_character_given_name_first():
    # 王芳 before 王一鸣 although 一 (1 stroke) has fewer strokes than 芳 (7).
    assert sort_names(["王一鳴", "王芳"]) == ["王芳", "王一鳴"]
    assert sort_names(["王一鸣", "王建国", "王芳", "王五"]) == ["王五", "王芳", "王一鸣", "王建国"]
    # The rule only applies under the same first character: 丁 (2) before 王.
    assert sort_names(["王芳", "丁一鸣"]) == ["丁一鸣", "王芳"]


def test_compound_surname_filed_under_first_character():
    # 欧 is 8 strokes 13453534, like 林 12341234 and 周 35121251:
    # 林 (1234..) < 欧 (1345..) < 周 (3512..). Under 欧, 欧明 is a 单名 and
    # comes first although 明 (8) > 阳 (6); 欧阳修 vs 欧阳娜娜: 修 322354333
    # before 娜 531511352.
    names = ["周涛", "歐陽娜娜", "歐陽修", "林峰", "歐明"]
    assert sort_names(names) == ["林峰", "歐明", "歐陽修", "歐陽娜娜", "周涛"]
    # 诸葛 files under 诸 (10: 4512132511), after 高 (10: 4125125251).
    assert sort_names(["諸葛亮", "高峰"]) == ["高峰", "諸葛亮"]


SIMPLIFIED = ["赵敏", "刘洋", "马丽", "张伟", "陈静", "王芳"]
TRADITIONAL = ["趙敏", "劉洋", "馬麗", "張偉", "陳靜", "王芳"]


def test_traditional_list_sorts_like_its_simplified_twin():
    # 马 3 < 王 4 < 刘 6 < 张 7 (5153154) < 陈 7 (5215234) < 赵 9.
    expected = ["马丽", "王芳", "刘洋", "张伟", "陈静", "赵敏"]
    assert sort_names(SIMPLIFIED) == expected
    twin = dict(zip(TRADITIONAL, SIMPLIFIED))
    assert [twin[name] for name in sort_names(TRADITIONAL)] == expected


def test_as_written_uses_traditional_strokes():
    # 王 4 < 馬 10 (1211254444) < 陳 10 (5212511234) < 張 11 < 趙 14 < 劉 15.
    assert sort_names(TRADITIONAL, as_written=True) == ["王芳", "馬麗", "陳靜", "張偉", "趙敏", "劉洋"]
    # Simplified characters are the same either way.
    assert sort_names(SIMPLIFIED, as_written=True) == sort_names(SIMPLIFIED)


def test_distinct_name_characters_are_not_folded():
    # OpenCC turns 乾 into 干, but 乾 is its own surname (11 strokes).
    assert sort_names(["乾明", "干明"]) == ["干明", "乾明"]
    assert len(strokes("乾")) == 11
    # 於 (8) is a surname apart from 于 (3); 麴 sorts as its simplified 麹 (15), not 曲.
    assert sort_names(["於明", "于明"]) == ["于明", "於明"]
    assert strokes("麴") == strokes("麹") and len(strokes("麹")) == 15


def test_middle_dot_and_spaces_ignored():
    base = stroke_key("阿依古丽买买提")
    for name in ("阿依古丽·买买提", "阿依古丽・买买提", "阿依古丽•买买提", "阿依古丽‧买买提", " 阿依古丽 · 买买提 "):
        assert stroke_key(name) == base
    assert stroke_key("阿依古麗·買買提") == base
    assert stroke_key("王　芳") == stroke_key("王 芳") == stroke_key(" 王芳 ") == stroke_key("王芳")
    # 阿 5212512 for both; then 不 (4) before 依 (8). 阿 (7, 折) sorts after
    # 李 (7, 横 first).
    names = ["阿依古麗·買買提", "阿不都拉·艾則孜", "李娜"]
    assert sort_names(names) == ["李娜", "阿不都拉·艾則孜", "阿依古麗·買買提"]


def test_split_note():
    assert split_note("王剛（黑龍江）") == ("王剛", "（黑龍江）")
    assert split_note(" 王剛 (黑龍江) ") == ("王剛", "(黑龍江)")
    assert split_note("王剛（黑龍江）（女）") == ("王剛", "（黑龍江）（女）")
    assert split_note("王剛") == ("王剛", "")


def test_notes_kept_and_ignored_identical_names_stable():
    names = ["王剛（黑龍江）", "李明", "王剛（吉林）", "王剛", "王剛 (遼寧)", "丁一（列席）"]
    assert sort_names(names) == ["丁一（列席）", "王剛（黑龍江）", "王剛（吉林）", "王剛", "王剛 (遼寧)", "李明"]
    assert stroke_key("王剛（黑龍江）") == stroke_key("王剛")
    assert stroke_key("王剛（黑龍江") == stroke_key("王剛")  # unclosed note


def test_unknown_and_rare_characters_sort_after_known():
    # 㐀 (Ext. A) has only a Unihan count (5): after every 5-stroke character
    # with a sequence (白 32511, 司 51251), before 6 strokes (朱 311234).
    assert sort_names(["朱一", "㐀一", "司一", "白一"]) == ["白一", "司一", "㐀一", "朱一"]
    # No data at all: after every Han name; an empty name goes last.
    assert sort_names(["", "John Smith", "王芳"]) == ["王芳", "John Smith", ""]


def test_sort_by_records_stable():
    people = [
        {"name": "陈静", "unit": "A"},
        {"name": "王芳（北京）", "unit": "B"},
        {"name": "陳靜", "unit": "C"},
        {"name": "马丽", "unit": "D"},
    ]
    ordered = sort_by(people, lambda person: person["name"])
    assert [person["unit"] for person in ordered] == ["D", "B", "A", "C"]


# A meeting list, simplified. Expected order, by first character (count:
# sequence), checked by hand:
#  3: 于 112 = 干 112 (code point decides)
#  4: 王 1121 < 毛 3115 < 方 4153 < 尹 5113 < 孔 5215 < 邓 5452
#  5: 石 13251 < 叶 25112 < 白 32511 < 冯 41551 < 司 51251
#  6: 朱 311234 < 刘 413422 < 许 453112 < 孙 521234
#  7: 李 1234521 < 杨 1234533 < 吴 2511134 < 何 3212512 < 张 5153154
#     < 阿 5212512 < 陈 5215234 < 邵 5325152
#  8: 林 12341234 < 欧 13453534 < 金 34112431 < 周 35121251
#  9: 赵 121213434 < 胡 122513511 < 段 321113554
# 10: 高 4125125251 < 郭 4125152152 < 唐 4135112251
# 11: 黄 12212512134 < 曹 12512212511 < 梁 44153441234
# 12: 彭 121251431333 < 董 122312511211 < 韩 122511121152 < 谢 453251113124
# 14: 蔡; 15: 潘; 16: 薛; 17: 戴 12125.. < 魏 31234..
# Within a surname: 单名 first (王芳, 刘洋, 李娜, 张伟, 陈静, 欧明), then by the
# second character: 王一鸣 (一 1) < 王建国 (建 8); 刘晓明 after 刘洋.
MEETING = (
    "王芳 王建国 王一鸣 方明 尹力 孔令辉 邓丽 毛晓东 石磊 白雪 叶红 冯刚 司马南 刘洋 "
    "刘晓明 许可 孙伟 朱丹 李娜 李明华 杨帆 吴军 何平 张伟 张志强 陈静 陈小红 邵峰 周涛 "
    "林峰 欧阳娜娜 欧明 金鑫 赵敏 胡军 段誉 高峰 郭涛 唐亮 黄磊 曹颖 梁晨 彭博 董洁 韩雪 "
    "谢娜 蔡明 潘虹 薛刚 魏巍 戴军 阿依古丽·买买提 于洋 干露"
).split()
MEETING_SORTED = (
    "于洋 干露 王芳 王一鸣 王建国 毛晓东 方明 尹力 孔令辉 邓丽 石磊 叶红 白雪 冯刚 司马南 "
    "朱丹 刘洋 刘晓明 许可 孙伟 李娜 李明华 杨帆 吴军 何平 张伟 张志强 阿依古丽·买买提 "
    "陈静 陈小红 邵峰 林峰 欧明 欧阳娜娜 金鑫 周涛 赵敏 胡军 段誉 高峰 郭涛 唐亮 黄磊 曹颖 "
    "梁晨 彭博 董洁 韩雪 谢娜 蔡明 潘虹 薛刚 戴军 魏巍"
).split()
# The same people typed in traditional characters, as a person would
# (于 and 干 stay as they are: they are surnames in both scripts).
MEETING_TRADITIONAL = (
    "王芳 王建國 王一鳴 方明 尹力 孔令輝 鄧麗 毛曉東 石磊 白雪 葉紅 馮剛 司馬南 劉洋 "
    "劉曉明 許可 孫偉 朱丹 李娜 李明華 楊帆 吳軍 何平 張偉 張志強 陳靜 陳小紅 邵峰 周濤 "
    "林峰 歐陽娜娜 歐明 金鑫 趙敏 胡軍 段譽 高峰 郭濤 唐亮 黃磊 曹穎 梁晨 彭博 董潔 韓雪 "
    "謝娜 蔡明 潘虹 薛剛 魏巍 戴軍 阿依古麗·買買提 于洋 干露"
).split()


def test_meeting_list():
    assert len(MEETING) == len(MEETING_SORTED) == 54
    assert sort_names(MEETING) == MEETING_SORTED
    assert sort_names(reversed(MEETING)) == MEETING_SORTED  # input order does not matter
    twin = dict(zip(MEETING_TRADITIONAL, MEETING))
    assert [twin[name] for name in sort_names(MEETING_TRADITIONAL)] == MEETING_SORTED


def test_a_name_is_worked_out_once_per_process(monkeypatch):
    """Sorting 3,000 names again works out no key again (the second sort is a lookup per name)."""
    from pipeline import strokes as module

    names = [surname + given for surname in MEETING_SORTED[:50] for given in ("明", "建国", "一")] * 20
    first = sort_names(names)

    def worked_out(name, as_written):
        raise AssertionError(f"key of {name} worked out again")

    monkeypatch.setattr(module, "_stroke_key", worked_out)
    assert len(names) == 3000 and sort_names(names) == first


def new_process():
    """As the next process finds the cache folder: names' and characters' keys worked out or read again."""
    from pipeline import strokes as module

    module._KEPT_KEYS.forget()
    module.stroke_key.cache_clear()
    module._char_key.cache_clear()


def test_stroke_keys_come_back_from_the_cache_folder(tmp_path, monkeypatch):
    """The next process finds the last run's keys: the stroke table is not loaded for names seen before."""
    from pipeline import strokes as module

    monkeypatch.setenv("HUIWU_CACHE", str(tmp_path))
    names = ["王芳", "丁玉", "歐陽修", "李強（女）", "司馬　光"]
    fresh = [module._stroke_key(name, False) for name in names]
    new_process()
    assert [module.stroke_key(name) for name in names] == fresh
    module._KEPT_KEYS.save()
    assert [p.name.startswith("strokes-") for p in tmp_path.iterdir()] == [True]

    def worked_out(name, as_written):
        raise AssertionError(f"key of {name} worked out again")

    new_process()
    monkeypatch.setattr(module, "_stroke_key", worked_out)
    assert [module.stroke_key(name) for name in names] == fresh
    assert module.sort_names(["王芳", "丁玉"]) == ["丁玉", "王芳"]
    module.stroke_key.cache_clear()
    module._KEPT_KEYS.forget()


def test_a_new_name_of_known_characters_needs_no_stroke_table(tmp_path, monkeypatch):
    """A deputy's name made of characters the last run saw is keyed without loading the stroke table
    or OpenCC: the cache folder keeps each character's key too."""
    from pipeline import strokes as module

    monkeypatch.setenv("HUIWU_CACHE", str(tmp_path))
    new_process()
    seen = ["王芳", "丁玉", "劉強"]
    expected = sort_names(["芳王", "玉強丁", *seen])  # worked out from the table, for comparison
    new_process()
    sort_names(seen)
    module._KEPT_KEYS.save()

    def no_table():
        raise AssertionError("stroke table loaded")

    new_process()
    monkeypatch.setattr(module, "_gb_table", no_table)
    monkeypatch.setattr(module, "to_simplified", lambda text: no_table())
    assert sort_names(["芳王", "玉強丁", *seen]) == expected
    new_process()
