"""Builds: manifest, same bytes, only what changed, the reprint pack, safety under kill and lock."""

import datetime as dt
import fcntl
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.build import build
from pipeline.cli import main
from pipeline.new import build_workbook
from pipeline.render import kinds

ROOT = Path(__file__).resolve().parent.parent


def digest_tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".") and p.name != "manifest.json"}


def test_manifest_lists_every_kind_with_hashes(sample, tmp_path):
    out = tmp_path / "out"
    result = build(sample, out)
    assert result.ok
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert list(manifest["kinds"]) == [k for k in kinds() if manifest["kinds"].get(k)]
    assert set(manifest["kinds"]) == {k.key for k in result.kinds}
    reg = manifest["kinds"]["registration"]
    assert reg["title"] == "會議代表登記表"
    info = reg["files"]["會議代表登記表.xlsx"]
    assert info["sha256"] == hashlib.sha256((out / "會議代表登記表.xlsx").read_bytes()).hexdigest()
    assert reg["depends"]["參會人員.姓名"] and reg["depends"]["code"]
    assert manifest["workbook"]["sha256"] == hashlib.sha256(sample.read_bytes()).hexdigest()


def test_same_workbook_same_bytes_for_every_kind(sample, tmp_path):
    build(sample, tmp_path / "a")
    build(sample, tmp_path / "b")
    a, b = digest_tree(tmp_path / "a"), digest_tree(tmp_path / "b")
    assert a == b
    made = {name for info in json.loads((tmp_path / "a" / "manifest.json").read_text())["kinds"].values()
            for name in info["files"]}
    assert made <= set(a)


def test_nothing_changed_rebuilds_nothing(sample, tmp_path):
    out = tmp_path / "out"
    build(sample, out)
    before = digest_tree(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    result = build(sample, out)
    assert result.nothing_changed and all(k.status == "unchanged" for k in result.kinds)
    assert digest_tree(out) == before
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != ".huiwu.lock"} == \
           {p: m for p, m in mtimes.items() if p.name != ".huiwu.lock"}


def test_one_cell_rebuilds_only_dependent_kinds(write, data, tmp_path):
    settings, people, tables = data
    out = tmp_path / "out"
    build(write(settings, people, tables, name="m.xlsx"), out)
    who = next(p for p in people if not p.get("飲食") and not p.get("主席台"))
    who["飲食"] = "素食"  # not on the registration list, not on a plate; on every meal ticket of theirs
    result = build(write(settings, people, tables, name="m.xlsx"), out)
    status = {k.key: k for k in result.kinds}
    for key in ("registration", "name_plates", "seat_chart", "pickup", "badges"):
        assert status[key].status == "unchanged", key
    tickets = status["meal_tickets"]
    assert tickets.status == "rebuilt" and "參會人員.飲食" in tickets.reason
    assert result.changes.edited == [(who["編號"], who["姓名"], "飲食", "", "素食")]
    # reprinted: that person's tickets, and those of diners whose banquet table moved to make a 素食 table
    moved = {name for _, name, what, _, _ in result.changes.moved if what == "宴會桌次"}
    from pptx import Presentation

    deck = Presentation(out / "補打" / "餐券.pptx")
    names = {shape.text_frame.paragraphs[1].text.replace("\u3000", "") for slide in deck.slides
             for shape in slide.shapes if shape.name.startswith("Ticket")}
    assert names == {who["姓名"]} | moved
    who["手機"] = "13700000000"
    result = build(write(settings, people, tables, name="m.xlsx"), out)
    status = {k.key: k for k in result.kinds}
    assert status["registration"].status == "rebuilt"
    assert status["registration"].reason == "參會人員.手機 改了"
    assert status["name_plates"].status == "unchanged"
    assert status["checklist"].status == "unchanged"  # reads 參會人員, prints no phone


def test_a_columns_digest_tells_apart_any_two_columns_that_differ():
    from pipeline.deps import _column_digest

    columns = [(), ("",), ("", ""), ("\x00",), ("a\x00b",), ("a", "b"), ("ab",), ("a", None), (None, "a"),
               ("a", ""), ("1",), (1,), (1.0, "1"), ("王芳", "李明"), ("王芳李明",), ("王芳", "李明", ""),
               ("s王芳",), ("a\x00b", "c"), ("a", "b\x00c"), ("(1,)",)]
    digests = [_column_digest(c) for c in columns]
    assert len(set(digests)) == len(columns)
    assert _column_digest(tuple(["王", "芳"])) == _column_digest(("王", "芳"))  # by value, in any process


def test_a_digest_tells_values_apart_and_not_how_they_were_made():
    """_digest hashes what marshal (version 2) writes for Python's own types and repr for the rest:
    equal values give one digest however their strings were made; look-alike values stay apart."""
    import sys

    from pipeline.deps import _digest

    made = "".join(["王", "芳"])  # equal to an interned "王芳", and not the same object
    assert made is not sys.intern("王芳")
    assert _digest({"名單": [(1, sys.intern("王芳"))]}) == _digest({"名單": [(1, made)]})
    values = [1, 1.0, True, "1", None, "", (), [], {}, ("王芳",), ["王芳"], {"王芳": 1}, {"王芳": 1.0},
              dt.date(2026, 12, 17), (dt.date(2026, 12, 17),), "(datetime.date(2026, 12, 17),)"]
    digests = [_digest(v) for v in values]
    assert len(set(digests)) == len(values)


def test_checklist_rebuilt_only_when_what_it_prints_moves(write, data, tmp_path):
    import docx

    settings, people, tables = data
    out = tmp_path / "out"
    build(write(settings, people, tables), out)
    head = next(p for p in people if p.get("主席台") == 1)
    head["手機"] = "13800000000"
    status = {k.key: k for k in build(write(settings, people, tables), out).kinds}
    assert status["checklist"].status == "unchanged"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kinds"]["checklist"]["depends"]["參會人員"] == manifest["kinds"]["handbook"]["depends"]["參會人員"]
    head["姓名"] = "主持人乙"
    status = {k.key: k for k in build(write(settings, people, tables), out).kinds}
    assert status["checklist"].status == "rebuilt" and "參會人員.姓名" in status["checklist"].reason
    text = "\n".join(c.text for t in docx.Document(out / "會前檢查單.docx").tables for r in t.rows for c in r.cells)
    assert "主持人乙" in text


def test_deputy_yields_exactly_their_pages(write, data, tmp_path):
    """A deputy in an hour before: one plate, one badge, their tickets and the door label of their room."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    settings, people, tables = data
    out = tmp_path / "out"
    build(write(settings, people, tables), out)
    absent = next(p for p in people if p.get("住宿") == "是" and not p.get("主席台") and p["類別"] == "出席")
    old = absent["姓名"]
    absent.update({"編號": "D8888", "姓名": "代表甲", "備註": f"代{old}出席"})
    result = build(write(settings, people, tables), out)
    assert result.changes.added == [("D8888", "代表甲", absent["單位"])]
    assert [r[1] for r in result.changes.removed] == [old]

    def shapes(group):  # a badge is a group of shapes
        for s in group.shapes:
            yield from shapes(s) if s.shape_type == MSO_SHAPE_TYPE.GROUP else [s]

    def texts(file, prefix):
        deck = Presentation(out / "補打" / file)
        return [[s.text_frame.text.replace("\u3000", "") for s in shapes(slide)
                 if s.name.startswith(prefix) and s.has_text_frame] for slide in deck.slides]

    assert texts("桌簽.pptx", "Name front") == [["代表甲"]]
    assert texts("出席證.pptx", "Name") == [["代表甲"]]
    tickets = [t.splitlines()[1] for page in texts("餐券.pptx", "Ticket") for t in page]
    assert tickets and set(tickets) == {"代表甲"}
    labels = texts("房門貼.pptx", "Name")
    assert len(labels) == 1 and "代表甲" in labels[0]
    if (out / "補打" / "接站牌.pptx").exists():  # only when they are met at the station: their group's board
        assert "代表甲" in str(texts("接站牌.pptx", ""))
    result = build(write(settings, people, tables, name="m.xlsx"), out)  # saved again: new bytes, same data
    assert all(k.status == "unchanged" for k in result.kinds)


def test_the_reprint_pack_holds_only_the_last_builds_pages(write, data, tmp_path):
    """補打/ after a second change holds that change's pages, not the first's (the unit notices' folder too)."""
    from pptx import Presentation

    settings, people, tables = data
    out = tmp_path / "out"
    build(write(settings, people, tables), out)
    first = next(p for p in people if p.get("單位") and p["類別"] == "出席" and not p.get("主席台"))
    second = next(p for p in people if p.get("單位") not in ("", None, first["單位"]) and p["類別"] == "出席"
                  and not p.get("主席台"))
    first["姓名"] = "代表甲"
    build(write(settings, people, tables), out)
    assert [p.stem for p in (out / "補打" / "各單位通知").iterdir()] == [first["單位"]]
    second["姓名"] = "代表乙"
    build(write(settings, people, tables), out)
    assert [p.stem for p in (out / "補打" / "各單位通知").iterdir()] == [second["單位"]]
    plates = Presentation(out / "補打" / "桌簽.pptx")
    assert [s.text_frame.text.replace("\u3000", "") for slide in plates.slides for s in slide.shapes
            if s.name.startswith("Name front")] == ["代表乙"]
    second["飲食"] = "清真" if second.get("飲食") != "清真" else "素食"  # on tickets only: no notice to reprint
    build(write(settings, people, tables), out)
    assert "各單位通知" not in [p.name for p in (out / "補打").iterdir()]


def test_rebuild_in_place_equals_a_fresh_build(write, data, tmp_path, monkeypatch):
    """Slides copied compressed from the last pack give the very bytes a build in a new folder gives;
    rendering in workers (some started before the checks) gives what one process gives."""
    settings, people, tables = data
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    monkeypatch.setenv("HUIWU_JOBS", "2")
    build(write(settings, people, tables, name="m.xlsx"), out)
    who = next(p for p in people if p.get("住宿") == "是" and not p.get("主席台"))
    who.update({"編號": "D7777", "姓名": "代表乙"})
    book = write(settings, people, tables, name="m.xlsx")
    result = build(book, out)
    assert {k.key for k in result.kinds if k.status == "rebuilt"} >= {"name_plates", "badges", "door_labels"}
    monkeypatch.setenv("HUIWU_JOBS", "1")
    build(book, fresh)
    in_place = {k: v for k, v in digest_tree(out).items() if not k.startswith(("補打", "變更說明"))}
    assert in_place == digest_tree(fresh)


def test_a_pack_made_by_another_version_is_not_copied_from(sample, tmp_path):
    """Members are copied from the last pack only when this program made it. After an upgrade (a pack
    whose members an earlier version deflated otherwise) the files equal a fresh build's, byte for byte."""
    import zipfile

    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build(sample, out)
    for path in [*out.glob("*.pptx"), *out.glob("*.docx"), *out.glob("*.xlsx")]:  # the same content, deflated at level 9
        with zipfile.ZipFile(path) as old:
            members = [(info, old.read(info)) for info in old.infolist()]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as new:
            for info, data in members:
                new.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    manifest["code"] = "an-earlier-version"
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    build(sample, out)
    build(sample, fresh)
    in_place = {k: v for k, v in digest_tree(out).items() if not k.startswith(("補打", "變更說明"))}
    assert in_place == digest_tree(fresh)


def test_a_moved_flight_rebuilt_in_place_equals_a_fresh_build(write, data, tmp_path):
    """The sign boards of the two groups a traveller leaves and joins are drawn; the rest are copied."""
    settings, people, tables = data
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build(write(settings, people, tables, name="m.xlsx"), out)
    who = next(p for p in people if p.get("需接站") == "是" and p.get("到達時間"))
    who["到達時間"] = who["到達時間"] + dt.timedelta(hours=2)
    book = write(settings, people, tables, name="m.xlsx")
    result = build(book, out)
    assert "pickup_signs" in {k.key for k in result.kinds if k.status == "rebuilt"}
    build(book, fresh)
    in_place = {k: v for k, v in digest_tree(out).items() if not k.startswith(("補打", "變更說明"))}
    assert in_place == digest_tree(fresh)


def test_a_deputy_redraws_only_the_pages_that_moved(write, data, tmp_path, monkeypatch):
    """Slides whose people did not move are copied from the last pack without being drawn again."""
    from pipeline.render import _docx, badges, name_plates

    monkeypatch.setenv("HUIWU_JOBS", "1")  # render in this process, where the drawing is counted
    settings, people, tables = data
    out = tmp_path / "out"
    build(write(settings, people, tables, name="m.xlsx"), out)
    drawn = {"badges": 0, "plates": 0, "rooms": 0, "unit notices": 0}
    real_draw, real_plate_text, real_render_xml = badges.draw, name_plates._pptx.Slide.text, _docx.Template.render_xml

    def count_notice(self, context):
        if context.get("本單位"):
            drawn["unit notices"] += 1
        return real_render_xml(self, context)

    def count_badge(*args, **kw):
        drawn["badges"] += 1
        return real_draw(*args, **kw)

    def count_plate(self, *args, **kw):
        if kw.get("name") == "Name front":
            drawn["plates"] += 1
        elif kw.get("name") == "Room":  # a door label's room number
            drawn["rooms"] += 1
        return real_plate_text(self, *args, **kw)

    monkeypatch.setattr(badges, "draw", count_badge)
    monkeypatch.setattr(name_plates._pptx.Slide, "text", count_plate)
    monkeypatch.setattr(_docx.Template, "render_xml", count_notice)
    who = next(i for i, p in enumerate(people)
               if not p.get("主席台") and p.get("類別", "出席") == "出席" and p.get("住宿") == "是")
    people[who].update({"編號": "D8888", "姓名": "代表丙"})
    badges_before = (out / "出席證.pptx").read_bytes()
    result = build(write(settings, people, tables, name="m.xlsx"), out)
    assert {"badges", "name_plates", "door_labels"} <= {k.key for k in result.kinds if k.status == "rebuilt"}
    # the deputy's plate (the same seat) and door label (the same room), each with its copy in the reprint pack
    assert drawn["plates"] == 2 and drawn["rooms"] == 2, drawn
    # the notice to the deputy's unit, for the pack and for 補打; the other units' files are kept
    assert drawn["unit notices"] == 2, drawn
    assert len(list((out / "各單位通知").iterdir())) > 2
    # badges in name order: every page between the old and the new name changed, yet only the deputy's
    # badge was drawn; the others moved a quarter on, each copied from where it was kept
    slides = [{n: z.read(n) for n in z.namelist() if n.startswith("ppt/slides/slide")}
              for z in (zipfile.ZipFile(io.BytesIO(badges_before)), zipfile.ZipFile(out / "出席證.pptx"))]
    moved = [n for n in slides[1] if slides[0].get(n) != slides[1][n]]
    assert len(moved) >= 3 and len(moved) < len(slides[1]), (moved, len(slides[1]))
    assert drawn["badges"] == 1, drawn


@pytest.fixture(scope="module")
def hall_of_400():
    """A meeting whose seat chart (3 pages) and banquet chart (4 pages) take several pages."""
    from pipeline.sample import meeting_data

    return meeting_data(400)


@pytest.mark.parametrize("change", ["deputy", "unit", "diet", "rostrum"])
def test_seat_and_banquet_chart_pages_copied_only_while_what_they_show_stands(change, hall_of_400, tmp_path,
                                                                               monkeypatch):
    """The seat chart's and the banquet chart's pages are keyed by what they show: after a change,
    the pages it touches are drawn and the rest copied, and the pack equals a fresh one."""
    import copy

    from pipeline.render import _pptx

    settings, people, tables = copy.deepcopy(hall_of_400)
    only = ("seat_chart", "banquet_chart")
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    book = tmp_path / "m.xlsx"
    build_workbook(settings, people, tables).save(book)
    build(book, out, only=only)
    seated = [p for p in people if not p.get("主席台") and p.get("出席情況") != "請假"
              and p.get("類別", "出席") == "出席"]
    if change == "deputy":
        seated[-5].update({"編號": "D9999", "姓名": "代表戊"})
    elif change == "unit":  # the seat's colour, and the legend's units
        seated[-5]["單位"] = next(p["單位"] for p in seated if p["單位"] != seated[-5]["單位"])
    elif change == "diet":  # marked beside the seat at the banquet
        seated[-5]["飲食"] = "素食" if seated[-5].get("飲食") != "素食" else ""
    else:
        next(p for p in people if p.get("主席台"))["姓名"] = "台上甲"
    build_workbook(settings, people, tables).save(book)
    drawn = []
    real = _pptx.Deck.new_slide
    monkeypatch.setattr(_pptx.Deck, "new_slide", lambda self, key=None: drawn.append(self.title) or real(self, key))
    monkeypatch.setenv("HUIWU_JOBS", "1")  # drawn in this process, where they are counted
    build(book, out, only=only)
    monkeypatch.setattr(_pptx.Deck, "new_slide", real)
    build(book, fresh, only=only)
    assert {k: v for k, v in digest_tree(out).items() if not k.startswith("變更說明")} == digest_tree(fresh)
    assert drawn, "nothing was drawn again"
    pages = {name: len([n for n in zipfile.ZipFile(out / name).namelist() if n.startswith("ppt/slides/slide")])
             for name in ("座次圖.pptx", "宴會座次圖.pptx")}
    assert pages["座次圖.pptx"] >= 3 and pages["宴會座次圖.pptx"] >= 3, pages
    if change == "deputy":  # one part of the hall and the page of the deputy's table
        assert 1 <= len(drawn) <= 3 < sum(pages.values()), (drawn, pages)


@pytest.mark.parametrize("change", ["meeting name", "stale record"])
def test_copied_slides_never_outlive_what_they_were_made_of(change, write, data, tmp_path):
    """A setting no slide key names (the name on every meal ticket) or a deck file that is not the
    one its keys describe (a build killed while writing): the rebuilt pack still equals a fresh one."""
    settings, people, tables = data
    out, fresh, other = tmp_path / "out", tmp_path / "fresh", tmp_path / "other"
    build(write(settings, people, tables, name="m.xlsx"), out)
    if change == "meeting name":
        settings["會議名稱"] = settings["會議名稱"] + "（第二次）"
    else:
        changed = [dict(p) for p in people]
        changed[3]["姓名"] = "另一人"
        build(write(settings, changed, tables, name="o.xlsx"), other)
        for name in ("桌簽.pptx", "出席證.pptx", "餐券.pptx", "房門貼.pptx", "接站牌.pptx", "座次圖.pptx", "宴會座次圖.pptx"):
            (out / name).write_bytes((other / name).read_bytes())
        for unit_file in (other / "各單位通知").iterdir():  # the notice of person 3's unit differs
            (out / "各單位通知" / unit_file.name).write_bytes(unit_file.read_bytes())
        people[5]["姓名"] = "代表丁"
    book = write(settings, people, tables, name="m.xlsx")
    build(book, out)
    build(book, fresh)
    in_place = {k: v for k, v in digest_tree(out).items() if not k.startswith(("補打", "變更說明"))}
    assert in_place == digest_tree(fresh)


def test_unchanged_members_are_copied_compressed():
    from pipeline.render import _zip

    parts = {"[Content_Types].xml": b"<Types/>", "ppt/slides/slide1.xml": "<p:sld>王芳</p:sld>".encode() * 50,
             "ppt/slides/slide2.xml": "<p:sld>李強</p:sld>".encode() * 50}
    old = _zip.write_parts(parts)
    changed = dict(parts, **{"ppt/slides/slide2.xml": "<p:sld>張偉</p:sld>".encode() * 50})
    assert _zip.write_parts(changed, previous=old) == _zip.write_parts(changed)
    previous = _zip.previous_parts(old)
    assert _zip.reuse_or_pack("ppt/slides/slide1.xml", parts["ppt/slides/slide1.xml"], previous) is \
        previous["ppt/slides/slide1.xml"]
    assert _zip.reuse_or_pack("ppt/slides/slide2.xml", changed["ppt/slides/slide2.xml"], previous) is not \
        previous["ppt/slides/slide2.xml"]
    assert _zip.write_parts(parts, previous=b"not a zip") == old


def test_a_member_deflates_to_the_same_bytes_whatever_was_deflated_before():
    """The deflate behind every pack: the same part gives the same bytes after any other parts
    (ISA-L's did not, now and then), zipfile reads them back, and a wrong size is an error."""
    import random

    from pipeline.deps import deflate_engine
    from pipeline.render import _zip

    rng = random.Random(6)
    names = ["王芳", "李強", "歐陽明月", "張偉", "代會人甲"]
    parts = [("".join(f'<a:t sz="{rng.randint(900, 2400)}">{rng.choice(names)}</a:t>' for _ in range(rng.randint(1, 400)))
              ).encode() for _ in range(60)]
    first = [_zip.pack(f"p{i}.xml", raw) for i, raw in enumerate(parts)]
    for _ in range(3):
        order = list(range(len(parts)))
        rng.shuffle(order)
        for i in order:
            _zip.pack("noise.xml", bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 3000))))
            assert _zip.pack(f"p{i}.xml", parts[i]) == first[i]
    with zipfile.ZipFile(io.BytesIO(_zip.write_zip(first))) as zf:
        assert zf.testzip() is None
        assert [zf.read(f"p{i}.xml") for i in range(len(parts))] == parts
    assert _zip.inflate(first[0].data, first[0].size) == parts[0]
    with pytest.raises(_zip.error):
        _zip.inflate(first[0].data, first[0].size + 1)
    assert deflate_engine().startswith("libdeflate")  # the wheel is a dependency: zlib is only a fallback


def test_pieces_deflated_apart_join_into_one_member_in_any_order():
    """A slide joined from pieces kept deflated (badges moved a quarter on): zipfile reads it back and
    checks its CRC, whatever the pieces' order and sizes (empty, and past the 64 KB of zeros the CRC uses)."""
    import random

    from pipeline.render import _zip

    rng = random.Random(9)
    raws = [b"", b"<p:sp/>", *(bytes(rng.choice(b"<a:t>\xe7\x8e\x8b</>0123") for _ in range(rng.randint(1, 150_000)))
                               for _ in range(6))]
    pieces = [_zip.piece(raw) for raw in raws]
    assert [_zip.piece(raw) for raw in raws] == pieces  # a piece depends on its bytes alone
    members = []
    for i in range(5):
        order = list(range(len(raws)))
        rng.shuffle(order)
        members.append((_zip.joined(f"s{i}.xml", [pieces[j] for j in order]), b"".join(raws[j] for j in order)))
    with zipfile.ZipFile(io.BytesIO(_zip.write_zip([m for m, _ in members]))) as zf:
        assert zf.testzip() is None  # every member's CRC-32 holds
        assert [zf.read(f"s{i}.xml") for i in range(5)] == [raw for _, raw in members]


def test_no_change_rebuild_imports_no_office_library(sample, tmp_path):
    """Decided from the workbook's bytes and the manifest: openpyxl, python-pptx, docxtpl stay unloaded."""
    out = tmp_path / "out"
    build(sample, out)
    code = ("import sys; from click.testing import CliRunner; from pipeline.cli import main; "
            f"r = CliRunner().invoke(main, ['build', {str(sample)!r}, '-o', {str(out)!r}]); "
            "heavy = [m for m in ('openpyxl', 'pptx', 'docx', 'docxtpl', 'python_calamine', 'pandas', 'numpy', 'lxml') "
            "if m in sys.modules]; print(r.exit_code, heavy); print(r.output)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    first = proc.stdout.splitlines()[0]
    assert first == "0 []", proc.stdout + proc.stderr
    assert "無需重新生成" in proc.stdout


def test_failed_build_keeps_last_good_pack(write, data, tmp_path):
    settings, people, tables = data
    out = tmp_path / "out"
    path = write(settings, people, tables)
    build(path, out)
    before = digest_tree(out)
    manifest = (out / "manifest.json").read_bytes()
    people[3]["性別"] = "？"
    write(settings, people, tables)
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert "沒有生成任何文件" in result.output
    after = {k: v for k, v in digest_tree(out).items() if k != "校驗結果.xlsx"}
    assert after == before and (out / "manifest.json").read_bytes() == manifest


def test_a_check_failing_while_documents_render_stops_the_build(write, data, tmp_path, monkeypatch):
    """Kinds that draw on no plan start before the planners' checks; a check that fails still
    stops the build: nothing is written, and the early worker and its file are gone."""
    settings, people, tables = data
    out = tmp_path / "out"
    monkeypatch.setenv("HUIWU_JOBS", "2")
    path = write(settings, people, tables)
    build(path, out)
    before = digest_tree(out)
    people[4]["姓名"] = "改名者"  # badges, sign-in sheet and the rest start at once
    tables["房間"][1]["房號"] = tables["房間"][0]["房號"]  # found only by the rooms planner's check
    write(settings, people, tables)
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert "duplicate_room" in {p.code for p in build(path, out).report.errors}
    assert {k: v for k, v in digest_tree(out).items() if k != "校驗結果.xlsx"} == before
    assert not [f.name for f in out.iterdir() if f.name.endswith(".tmp")]  # no worker's result file
    if sys.platform.startswith("linux"):
        assert not _processes_naming(out)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers")
def test_a_worker_that_dies_stops_the_build_and_the_pack_stands(write, data, tmp_path, monkeypatch):
    """A worker killed before it hands a document over (out of memory, say) is noticed: the build
    stops with an error instead of waiting for ever, and leaves the last pack, no worker and no file."""
    from pipeline import workers

    settings, people, tables = data
    out = tmp_path / "out"
    monkeypatch.setenv("HUIWU_JOBS", "2")
    build(write(settings, people, tables), out)
    before = digest_tree(out)
    render_one = workers.render_one

    def dying(key, *args):
        if key == "handbook":
            os._exit(3)
        return render_one(key, *args)

    monkeypatch.setattr(workers, "render_one", dying)
    people[4]["姓名"] = "改名者"
    with pytest.raises(RuntimeError, match="stopped without handing over"):
        build(write(settings, people, tables), out)
    assert digest_tree(out) == before
    assert not [f.name for f in out.iterdir() if f.name.endswith(".tmp")]
    if sys.platform.startswith("linux"):
        assert _children() == []


@pytest.mark.parametrize("kind", list(kinds()))
def test_each_kind_declares_the_plans_it_draws_on(kind, sample):
    """PLANS lists every plan a kind asks for: kinds with none are rendered before the checks, where
    no plan is made yet (a plan left out would be made again in that worker)."""
    from pipeline.check import load
    from pipeline.context import Context

    asked = set()

    class Recording(Context):
        def plan(self, name):
            asked.add(name)
            return super().plan(name)

    k = kinds()[kind]
    ctx = Recording(load(sample)[0])
    if k.summarised:
        k.content(ctx)
    k.render(ctx)
    if k.per_item:
        items = list(k.module.pages(ctx))
        k.render(ctx, keys=set(items[:2]))
    declared = getattr(k.module, "PLANS", None)
    assert declared is not None, f"{kind} declares no PLANS"
    assert asked <= set(declared), f"{kind} asks for {sorted(asked - set(declared))} too"
    assert k.needs_plans == bool(declared)


def test_lock_refuses_a_second_build(sample, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".huiwu.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = CliRunner().invoke(main, ["build", str(sample), "-o", str(out)])
    assert result.exit_code == 1
    assert "正在由另一個 huiwu 生成" in result.output


def _processes_naming(path) -> list[int]:
    """Processes whose command line holds `path` (Linux)."""
    found = []
    for proc_dir in Path("/proc").iterdir():
        try:
            if proc_dir.name.isdigit() and str(path).encode() in (proc_dir / "cmdline").read_bytes():
                found.append(int(proc_dir.name))
        except OSError:
            pass
    return found


def _children() -> list[int]:
    """Live (not zombie) processes whose parent is this one (Linux)."""
    found = []
    for proc_dir in Path("/proc").iterdir():
        try:
            if proc_dir.name.isdigit():
                fields = (proc_dir / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == os.getpid() and fields[0] != "Z":
                    found.append(int(proc_dir.name))
        except (OSError, IndexError, ValueError):
            pass
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_render_workers_have_ended_when_build_returns(write, data, tmp_path, monkeypatch):
    """The workers end while the pack is written, and build() waits for them before it returns."""
    from pipeline import workers

    leave = workers._exit

    def slow_to_end(code):  # a worker that takes half a second to end, once its work is handed over
        time.sleep(0.5)
        leave(code)

    monkeypatch.setattr(workers, "_exit", slow_to_end)
    monkeypatch.setenv("HUIWU_JOBS", "2")
    settings, people, tables = data
    out = tmp_path / "out"
    path = write(settings, people, tables)
    assert build(path, out).ok
    assert _children() == []
    people[4]["姓名"] = "改名者"
    assert build(write(settings, people, tables), out).ok
    assert _children() == []


def test_a_plan_several_kinds_draw_on_is_made_once_for_all_workers(write, data, tmp_path, monkeypatch):
    """The meals plan (餐券, 就餐安排表, 會前檢查單) and the Word templates' Jinja are made ready before
    the workers fork: they inherit them, instead of each making its own."""
    from pipeline.plan import meals

    made = tmp_path / "made"
    plan = meals.plan

    def counted(meeting):
        with open(made, "a") as fh:  # from whichever process makes it
            fh.write(f"{os.getpid()}\n")
        return plan(meeting)

    from pipeline.render import distribution, handbook, minutes

    seen = tmp_path / "seen"

    def noting(module):  # whether Jinja was there when a worker began the module's Word document
        render = module.render

        def noted(ctx, *args, **kwargs):
            with open(seen, "a") as fh:
                fh.write(f"{module.KIND} {'jinja2' in sys.modules}\n")
            return render(ctx, *args, **kwargs)

        monkeypatch.setattr(module, "render", noted)

    for module in (handbook, minutes, distribution):
        noting(module)
    monkeypatch.setattr(meals, "plan", counted)
    monkeypatch.setenv("HUIWU_JOBS", "2")
    result = build(write(*data), tmp_path / "out")
    assert result.ok
    rendered = {k.key for k in result.kinds if k.status == "rebuilt"}
    assert {"meals", "meal_tickets", "checklist"} <= rendered
    assert made.read_text().split() == [str(os.getpid())]
    word = {key: ready for key, ready in (line.split() for line in seen.read_text().splitlines())
            if key in ("handbook", "minutes", "distribution")}
    assert word == {"handbook": "True", "minutes": "True", "distribution": "True"}


def test_kill_during_build_leaves_pack_and_next_build_completes(write, data, tmp_path):
    settings, people, tables = data
    out = tmp_path / "out"
    path = write(settings, people, tables)
    build(path, out)
    good = digest_tree(out)
    people[2]["職務"] = "新職務"
    write(settings, people, tables)
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "build", str(path), "-o", str(out), "--force"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    for line in proc.stdout:  # up to the first document made: the workers are rendering the others
        if "已生成" in line.decode():
            break
    else:
        raise AssertionError("the build ended without saying what it made")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert digest_tree(out) == good  # killed while rendering: nothing in place yet (files under temporary names)
    if sys.platform.startswith("linux"):  # its render workers end with it (else they would hold the lock)
        deadline = time.monotonic() + 10
        while _processes_naming(out) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _processes_naming(out)
    result = build(path, out)
    assert result.ok and not result.nothing_changed
    assert not list(out.rglob("*.tmp"))  # the killed build's temporary files are gone
    manifest = json.loads((out / "manifest.json").read_text())
    for info in manifest["kinds"].values():
        for name, f in info["files"].items():
            assert hashlib.sha256((out / name).read_bytes()).hexdigest() == f["sha256"]


def test_make_j2_builds_several_meetings_and_reports_failures(data, tmp_path):
    settings, people, tables = data
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("甲會", "乙會"):
        build_workbook(settings, people[:30], tables).save(inputs / f"{name}.xlsx")
    bad = [dict(p) for p in people[:10]]
    bad[0]["性別"] = "？"
    build_workbook(settings, bad, tables).save(inputs / "丙會.xlsx")
    outputs = tmp_path / "out"
    env = dict(os.environ, MAKEFLAGS="")
    proc = subprocess.run(["make", "-s", "-j2", "all", f"INPUTS_DIR={inputs}", f"OUTPUTS_DIR={outputs}",
                           f"BIN={Path(sys.executable).parent}", "STAMP="],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode != 0
    assert "共 3 個會議：成功 2 個，失敗 1 個。" in proc.stdout
    for name in ("甲會", "乙會"):
        manifest = json.loads((outputs / name / "manifest.json").read_text())
        assert "registration" in manifest["kinds"]
    assert not (outputs / "丙會" / "manifest.json").exists()
    assert (outputs / "丙會" / "校驗結果.xlsx").exists()


def each_column_changed(write, data, tmp_path):
    """(column, meeting) for every 參會人員 column but 編號, changed for the rostrum, the hall and the last row."""
    from pipeline import schema
    from pipeline.check import load

    settings, people, tables = data
    (tmp_path / "b").mkdir(exist_ok=True)
    # values that stay valid; 到達時間 moves within its day, so plans that read only the date stay put
    special = {"離店日期": "2026-12-19", "就餐": "18日午", "主席台": "", "房號": "", "到達時間": "2026-12-17 23:40"}
    samples = {"int": 99, "bool": "是", "date": "2026-12-16", "datetime": "2026-12-16 10:00", "gender": "女",
               "ethnic": "苗族", "phone": "13911112222", "code": "X1"}
    for col in schema.SHEETS_BY_NAME["參會人員"].columns:
        if col.name == "編號":
            continue
        changed = [dict(p) for p in people]
        value = special.get(col.name, col.choices[-1] if col.choices else samples.get(col.type, "改動"))
        for i in (0, 8, 12, len(changed) - 1):  # rostrum row 1 and 2, the hall, the last row
            changed[i][col.name] = value
        meeting, report, _ = load(write(settings, changed, tables, name="b/m.xlsx"))
        if report.valid:
            yield col.name, meeting


def base_meeting(write, data, tmp_path):
    from pipeline.check import load

    (tmp_path / "a").mkdir(exist_ok=True)
    return load(write(*data, name="a/m.xlsx"))[0]


def columns_with_equal_bytes(kind, key_of, write, data, tmp_path) -> list[str]:
    """The 參會人員 columns whose change leaves `key_of(kind, meeting, ctx)` as it was; for each of them
    the kind's bytes must be as they were too (else the key misses something the kind prints)."""
    from pipeline.context import Context

    k = kinds()[kind]

    def rendered_and_key(meeting):
        ctx = Context(meeting)
        return k.render(ctx), key_of(k, meeting, ctx)

    base, base_key = rendered_and_key(base_meeting(write, data, tmp_path))
    same = []
    for column, meeting in each_column_changed(write, data, tmp_path):
        output, key = rendered_and_key(meeting)
        if key == base_key:
            assert output == base, f"{kind}'s bytes moved when 參會人員.{column} changed, its key did not"
            same.append(column)
    assert same, f"no column left {kind}'s key alone: the test proved nothing"
    return same


@pytest.mark.parametrize("kind", [k for k in kinds() if any("." in r for r in kinds()[k].reads)])
def test_declared_columns_are_all_a_kind_reads(kind, write, data, tmp_path):
    """A kind's bytes must not change while everything it declares (columns, settings, plans) is unchanged."""
    from pipeline.context import TEMPLATES
    from pipeline.deps import kind_inputs, meeting_digests

    def inputs(k, meeting, ctx):
        return kind_inputs(k, meeting_digests(meeting), TEMPLATES, meeting.script, meeting, ctx)

    columns_with_equal_bytes(kind, inputs, write, data, tmp_path)


@pytest.mark.parametrize("kind", [k for k in kinds() if kinds()[k].summarised])
def test_equal_content_means_equal_bytes(kind, write, data, tmp_path):
    """A kind kept because its content did not move must be exactly what rendering would give."""
    from pipeline.deps import content_digest

    kept = columns_with_equal_bytes(kind, lambda k, meeting, ctx: content_digest(k, ctx), write, data, tmp_path)
    if kind == "handbook":  # the shipped template prints no flights (diets move banquet tables, so they count)
        assert {"航班車次", "到達方式", "民族"} <= set(kept)


def test_flight_within_the_day_keeps_rooms_and_a_new_day_rebuilds_them(write, data, tmp_path):
    settings, people, tables = data
    out = tmp_path / "out"
    who = next(p for p in people if p.get("到達時間") and p.get("住宿") == "是")
    who.pop("入住日期", None)  # the night they check in follows their arrival
    build(write(settings, people, tables, name="m.xlsx"), out)
    arrival = who["到達時間"]
    who["到達時間"] = arrival.replace(hour=(arrival.hour + 1) % 24) if arrival.hour < 23 else arrival.replace(hour=6)
    result = build(write(settings, people, tables, name="m.xlsx"), out)
    status = {k.key: k for k in result.kinds}
    assert status["pickup"].status == "rebuilt" and "參會人員.到達時間" in status["pickup"].reason
    assert status["rooms"].status == "unchanged"
    assert status["door_labels"].status == "unchanged"
    who["到達時間"] = arrival - dt.timedelta(days=1)  # a night earlier: a night more in the hotel
    result = build(write(settings, people, tables, name="m.xlsx"), out)
    status = {k.key: k for k in result.kinds}
    assert status["rooms"].status == "rebuilt" and status["rooms"].reason == "住宿安排變了"
    import openpyxl

    sheet = openpyxl.load_workbook(out / "房間分配表.xlsx").worksheets[1]  # 按姓名
    row = next(r for r in sheet.iter_rows(values_only=True) if r[1] == who["姓名"])
    expected = f"{who['到達時間'].month}月{who['到達時間'].day}日"
    assert row[8] == expected


def test_a_plan_digest_worked_out_while_rendering_is_recorded_all_the_same(write, data, tmp_path):
    """A kind rebuilt whatever its plan says (a name on it changed) gets its plan's digest while the
    workers render, not before they fork; the manifest still records it, so the next build, where
    only the plan can tell (a flight within the day), finds the rooms unchanged."""
    settings, people, tables = data
    out = tmp_path / "out"
    who = next(p for p in people if p.get("到達時間") and p.get("住宿") == "是")
    who.pop("入住日期", None)
    build(write(settings, people, tables, name="m.xlsx"), out)
    renamed = next(p for p in people if p.get("住宿") == "是" and p is not who)
    renamed["姓名"] = "改名者"
    path = write(settings, people, tables, name="m.xlsx")
    status = {k.key: k for k in build(path, out).kinds}
    assert status["rooms"].status == "rebuilt" and "參會人員.姓名" in status["rooms"].reason
    recorded = json.loads((out / "manifest.json").read_text())["kinds"]["rooms"]["depends"]
    build(path, tmp_path / "fresh")
    fresh = json.loads((tmp_path / "fresh" / "manifest.json").read_text())["kinds"]["rooms"]["depends"]
    assert recorded["plan:rooms"] == fresh["plan:rooms"]
    arrival = who["到達時間"]
    who["到達時間"] = arrival.replace(hour=(arrival.hour + 1) % 24) if arrival.hour < 23 else arrival.replace(hour=6)
    status = {k.key: k for k in build(write(settings, people, tables, name="m.xlsx"), out).kinds}
    assert status["pickup"].status == "rebuilt"
    assert status["rooms"].status == "unchanged" and status["door_labels"].status == "unchanged"


def test_change_report_lists_people_and_moves(write, data, tmp_path):
    import openpyxl

    settings, people, tables = data
    out = tmp_path / "out"
    build(write(settings, people, tables), out)
    old_title = people[30]["職務"]
    people[30]["職務"] = "新任局長"
    gone = people.pop(31)
    result = build(write(settings, people, tables), out)
    assert "人員：新增 0 人，刪除 1 人，修改 1 人" in result.changes.summary(lambda x: x)
    sheet = openpyxl.load_workbook(out / "變更說明.xlsx")["人員變動"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert ["刪除", gone["編號"], gone["姓名"], "單位", gone["單位"], None] in rows
    assert ["修改", people[30]["編號"], people[30]["姓名"], "職務", old_title, "新任局長"] in rows


def test_change_report_reads_the_snapshot_an_earlier_version_left(write, data, tmp_path):
    """A pack whose state holds the snapshot as earlier versions wrote it (a dict of fields and one of
    assignments per person; then rows of text) gets the same change report as one with this
    version's rows of values, and the same reprint pack from page digests kept as dicts."""
    import marshal
    import shutil

    from pipeline.build import STATE
    from pipeline.changes import _text

    settings, people, tables = data
    first = tmp_path / "first"
    build(write(settings, people, tables), first)
    earlier, rows_of_text = tmp_path / "earlier", tmp_path / "rows_of_text"
    shutil.copytree(first, earlier)
    shutil.copytree(first, rows_of_text)
    _, state = marshal.loads((earlier / STATE).read_bytes())
    snapshot = marshal.loads(state["snapshot"])  # this version's: rows of values, as marshal bytes of their own
    assert snapshot["typed"] and any(v is True for row in snapshot["people"].values() for v in row)
    columns, assign = snapshot["columns"], snapshot["assign"]
    rows = {pid: tuple(_text(v) for v in row) for pid, row in snapshot["people"].items()}  # all text, as before
    (rows_of_text / STATE).write_bytes(marshal.dumps((2, {**state, "snapshot": marshal.dumps(
        {"columns": columns, "people": rows, "assign": assign})})))
    state["snapshot"] = {  # as state version 1 kept it, in the form the first versions wrote
        "people": {pid: dict(zip(columns, row)) for pid, row in rows.items()},
        "assign": {pid: {what: by_id[pid] for what, by_id in assign.items() if pid in by_id} for pid in rows},
    }
    state["pages"] = {kind: marshal.loads(pages) for kind, pages in state["pages"].items()}  # dicts in version 1
    (earlier / STATE).write_bytes(marshal.dumps((1, state)))
    people[30]["職務"] = "新任局長"
    people[30]["職級序號"] = 1  # moves seats
    people[29]["需接站"] = "否" if people[29].get("需接站") == "是" else "是"  # a 是/否 column
    people.pop(31)
    book = write(settings, people, tables)
    now = build(book, first).changes
    assert now == build(book, earlier).changes == build(book, rows_of_text).changes
    assert now.removed and now.moved and ("職務" in {col for _, _, col, _, _ in now.edited})
    assert ("需接站", frozenset({"是", "否"})) in {(col, frozenset((old, new))) for _, _, col, old, new in now.edited}
    reprint = digest_tree(first / "補打")  # the pages to reprint are found from either state too
    assert reprint and reprint == digest_tree(earlier / "補打") == digest_tree(rows_of_text / "補打")


def test_a_formula_without_its_value_stops_the_build(sample, tmp_path):
    """The build reads cells in a thread and looks for formulas meanwhile: a formula that was never
    calculated (the file written by a program, not saved by Excel) is still found, with its cell."""
    import openpyxl

    wb = openpyxl.load_workbook(sample)
    ws = wb["參會人員"]
    header = [c.value for c in ws[1]]
    col = header.index("職級序號") + 1
    ws.cell(row=3, column=col, value="=1+1")
    wb.save(sample)
    result = build(sample, tmp_path / "out")
    assert not result.ok
    found = [(p.code, p.row, p.column) for p in result.report.problems if p.code == "formula_no_value"]
    assert found == [("formula_no_value", 3, "職級序號")]
    assert not (tmp_path / "out" / "manifest.json").exists()
