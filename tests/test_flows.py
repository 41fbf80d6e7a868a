"""The packaged 會務 flows against the seed: every meeting type, every step of its chain, the seed's times."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from pipeline import flow as flows
from pipeline.flow import DOC_TITLES, STAGES, FlowError, load_file, load_flows, parse_due
from pipeline.schema import MEETING_TYPES
from pipeline.text import halfwidth, to_simplified

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_COPY = Path(__file__).resolve().parent / "data" / "seed_workflow.txt"

# the seed's chain titles -> schema.MEETING_TYPES
CHAIN_TYPES = {
    "黨代會": "黨代會", "區委全體(擴大)會議": "全體會議", "區委書記會": "書記會", "區委常委會議": "常委會",
    "黨政聯席會": "黨政聯席會", "現場會": "現場會", "接待上級領導": "接待", "承辦全區性大會": "全區性大會",
    "分管書記召集的會議": "分管書記會議", "重要會議(重大活動)預備會": "預備會",
}
SMALL = ("書記會", "分管書記會議", "預備會")  # held round a table: no sound check in their flows
ROLES = {"秘書", "文書", "公務員", "打字員", "副主任"}


def seed_text() -> str:
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    return "\n".join(f.read_text("utf-8") for f in files) if files else SEED_COPY.read_text("utf-8")


def norm(text: str) -> str:
    """Compare across scripts and punctuation widths: 會后/會後, (/（, —/——, ,/，."""
    text = to_simplified(halfwidth(text))
    text = re.sub(r"[—–-]+", "-", text)
    return re.sub(r"\s+", "", text)


def seed_chains() -> dict[str, list[str]]:
    """Meeting type -> the steps of its ★ flow chart, as the seed writes them."""
    text = seed_text()
    block = text[text.index("★ 全區重要會議各環節流程圖"):text.index("★ 《會議紀要》")]
    parts = re.split(r"(?:^|\s)\d+\.\s*([^:：\n]+?)[:：]", block)
    out = {}
    for title, body in zip(parts[1::2], parts[2::2]):
        title = title.removesuffix("流程")
        body = body.split("★")[0]
        out[CHAIN_TYPES[title]] = [s.strip() for s in body.split("——") if s.strip()]
    return out


def seed_general() -> list[tuple[str, str, list[tuple[str, tuple[str, ...]]], tuple[str, ...]]]:
    """第一篇's headings: (stage, heading, [(sub-item, owners)], owners)."""
    text = seed_text()
    part = text[text.index("第一篇"):text.index("第二篇")]
    stage_of = {"一": "會前準備", "二": "會中", "三": "會後"}
    out = []
    stage = None
    for line in part.splitlines():
        line = line.strip()
        m = re.match(r"^([一二三])、", line)
        if m:
            stage = stage_of[m.group(1)]
            continue
        m = re.match(r"^\(([一二三四五六七八九])\)(.+)$", line)
        if m and stage:
            head, owners = split_owner(m.group(2))
            out.append((stage, head, [], owners))
            continue
        m = re.match(r"^\d+、(.+)$", line)
        if m and out and out[-1][0] == stage:
            out[-1][2].append(split_owner(m.group(1).rstrip("；;。")))
    return out


def split_owner(text: str) -> tuple[str, tuple[str, ...]]:
    text = text.rstrip("；;。")
    m = re.match(r"^(.*?)[;；]?\(([^()]+)\)[;；]?$", text)
    if m:
        roles = tuple(re.split("[、，,]", m.group(2)))
        if all(r in ROLES for r in roles):
            return m.group(1).rstrip("；;"), roles
    return text, ()


@pytest.fixture(scope="module")
def by_type():
    return load_flows()


def test_every_meeting_type_has_a_flow(by_type):
    assert set(MEETING_TYPES) <= set(by_type)
    for kind in ("工作會", "研討會", "座談會", "匯報會", "其他"):
        assert by_type[kind].name == "通用"
    for kind in CHAIN_TYPES.values():
        assert by_type[kind].name == kind


def test_the_seed_has_ten_chains_and_each_step_is_in_its_flow(by_type):
    chains = seed_chains()
    assert set(chains) == set(CHAIN_TYPES.values())
    assert len(chains["黨代會"]) == 16 and len(chains["預備會"]) == 4
    for kind, steps in chains.items():
        texts = [norm(s.text) for s in by_type[kind].steps]
        missing = [s for s in steps if norm(s) not in texts]
        assert not missing, f"{kind}: {missing}"


def test_every_standard_step_of_part_one_is_in_the_general_flow_with_its_owner(by_type):
    general = by_type["其他"]
    headings = seed_general()
    assert len(headings) == 14  # 7 before, 4 during, 3 after

    def find(text):
        key = norm(re.split("[，,]詳見", text)[0])
        hits = [s for s in general.steps if key in norm(s.text)]
        return sorted(hits, key=lambda s: not norm(s.text).startswith(key))

    for stage, head, subs, owners in headings:
        found = find(head)
        if found:
            step = found[0]
            assert step.stage == stage, head
            assert set(owners) <= set(step.owners), head
            continue
        assert subs, f"{head} is neither a step nor split into its items"
        for item, item_owners in subs:
            hits = find(item)
            assert hits, f"{head}: {item}"
            assert hits[0].stage == stage
            assert set(item_owners) <= set(hits[0].owners), item


def _one(flow, pattern):
    hits = [s for s in flow.steps if re.search(pattern, s.text)]
    assert len(hits) == 1, (flow.name, pattern, [s.text for s in hits])
    return hits[0]


def test_the_seed_times_are_in_every_flow_they_apply_to(by_type):
    hour, minute = dt.timedelta(hours=1), dt.timedelta(minutes=1)
    for flow in {f.name: f for f in by_type.values()}.values():
        assert _one(flow, "提前30分鐘到達").due == flows.Due("start", -30 * minute)
        assert _one(flow, "會前5分鐘").due == flows.Due("start", -5 * minute)
        assert _one(flow, "^錄音整理").due == flows.Due("end", 24 * hour)
        water = [s for s in flow.steps if s.due and s.due.every]
        assert len(water) == 1 and water[0].due.anchor == "during"
        assert water[0].due.every == ("10-15" if flow.name in ("黨政聯席會", "接待") else "15-20")
        if flow.name not in SMALL:
            assert _one(flow, "音響等設備調試").due == flows.Due("start", -2 * hour)
            assert _one(flow, "會前10分鐘重試").due == flows.Due("start", -10 * minute)
        minutes = [s for s in flow.steps if s.text.startswith("會議紀要")]
        for s in minutes:
            assert s.due == flows.Due("end", 48 * hour) and not s.default
        meals = [s for s in flow.steps if "meals" in s.docs and s.stage == "會前準備"]
        for s in meals:
            assert s.due == flows.Due("start", -2 * 24 * hour) and not s.default
    for kind in ("書記會", "常委會", "黨政聯席會", "全體會議", "其他"):
        assert any(s.text.startswith("會議紀要") for s in by_type[kind].steps), kind
    for kind in ("黨代會", "全體會議", "接待", "其他"):
        assert any("meals" in s.docs for s in by_type[kind].steps if s.stage == "會前準備"), kind


def test_steps_are_well_formed(by_type):
    start, end = dt.datetime(2026, 12, 18, 9), dt.datetime(2026, 12, 18, 17, 30)
    for flow in {f.name: f for f in by_type.values()}.values():
        ids = [s.id for s in flow.steps]
        assert len(ids) == len(set(ids)), flow.name
        texts = [s.text for s in flow.steps]
        assert len(texts) == len(set(texts)), flow.name  # huiwu status matches lines by their text
        for s in flow.steps:
            assert s.stage in STAGES and s.owners and set(s.docs) <= set(DOC_TITLES)
            assert s.due is not None, (flow.name, s.text)  # every packaged step has a time
            begin, due = s.due.at(start, end)
            if s.stage == "會前準備":
                assert due <= start, (flow.name, s.text)
            if s.stage == "會後":
                assert begin >= end, (flow.name, s.text)
        assert {"會前準備", "會中", "會後"} == {s.stage for s in flow.steps}, flow.name


@pytest.mark.parametrize("text,expected", [
    ("-2d", flows.Due("start", -dt.timedelta(days=2))),
    ("-2h", flows.Due("start", -dt.timedelta(hours=2))),
    ("-10min", flows.Due("start", -dt.timedelta(minutes=10))),
    ("+24h", flows.Due("end", dt.timedelta(hours=24))),
    ("+48h", flows.Due("end", dt.timedelta(hours=48))),
    ("end-10min", flows.Due("end", -dt.timedelta(minutes=10))),
    ("start+15min", flows.Due("start", dt.timedelta(minutes=15))),
    ("start", flows.Due("start")),
    ("+0min", flows.Due("end")),
    ("結束後", None),
])
def test_due_offsets(text, expected):
    if expected is None:
        with pytest.raises(ValueError):
            parse_due(text)
    else:
        assert parse_due(text) == expected


def test_during_steps_repeat():
    due = parse_due("during", "15-20min")
    assert due.anchor == "during" and due.every_text == "每15–20分鐘"
    start, end = dt.datetime(2026, 12, 18, 9), dt.datetime(2026, 12, 18, 17, 30)
    assert due.at(start, end) == (start, end)
    assert parse_due("") is None


OFFICE_FLOW = """
title = "本單位工作會"
types = ["工作會", "座談會"]

[[step]]
id = "notice"
stage = "會前準備"
text = "電話通知各參會單位"
owner = "文書、秘書"
due = "-3d"
docs = ["notice"]

[[step]]
id = "water"
stage = "會中"
text = "每隔20分鐘續水"
owner = ["公務員"]
due = "during"
every = "20min"
"""


def test_an_office_flow_replaces_the_packaged_one_for_its_types(tmp_path):
    (tmp_path / "工作會.toml").write_text(OFFICE_FLOW, "utf-8")
    by_type = load_flows(tmp_path)
    assert by_type["工作會"].office and by_type["座談會"].title == "本單位工作會"
    assert by_type["研討會"].name == "通用"  # types it does not list keep the packaged flow
    step = by_type["工作會"].steps[0]
    assert step.owners == ("文書", "秘書") and step.due == flows.Due("start", -dt.timedelta(days=3))
    assert by_type["工作會"].steps[1].due.every == "20"


@pytest.mark.parametrize("change,message", [
    (('docs = ["notice"]', 'docs = ["notices"]'), "流程文件「bad.toml」第1步：docs 中的「notices」不是 huiwu 的文件種類。"),
    (('due = "-3d"', 'due = "三天前"'), "流程文件「bad.toml」第1步：時限「三天前」無法識別。"),
    (('stage = "會中"', 'stage = "會議中"'), "流程文件「bad.toml」第2步：stage 應為「會前準備」「會中」或「會後」之一，現在是「會議中」。"),
    (('types = ["工作會", "座談會"]', 'types = ["表彰會"]'), "流程文件「bad.toml」的 types 應列出它適用的會議類型"),
    (('[[step]]\nid = "water"', '[[step]\nid = "water"'), "流程文件「bad.toml」格式有誤："),
])
def test_a_bad_office_flow_says_which_file_and_step(tmp_path, change, message):
    path = tmp_path / "bad.toml"
    path.write_text(OFFICE_FLOW.replace(*change), "utf-8")
    with pytest.raises(FlowError) as err:
        load_file(path, office=True)
    assert str(err.value).startswith(message)


def test_simplified_names_in_an_office_flow_are_understood(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text(OFFICE_FLOW.replace('["工作會", "座談會"]', '["工作会"]').replace('"會中"', '"会中"'), "utf-8")
    flow = load_file(path)
    assert flow.types == ("工作會",) and flow.steps[1].stage == "會中"


def test_short_text_drops_nested_details():
    assert flows.short_text("製作證牌（座位牌、出席證（列席證）、工作證）") == "製作證牌"
    assert flows.short_text("環境布置（鮮花、製作歡迎牌等）、電梯準備") == "環境布置、電梯準備"
