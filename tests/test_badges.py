"""Badges: each QR code read back out of the saved deck decodes to its wearer's 編號; bands, layouts, fit."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from pipeline.check import load
from pipeline.context import Context
from pipeline.new import build_workbook
from pipeline.render import _cards, _qr, badges
from pipeline.sample import meeting_data
from pipeline.text import display_width

EMU_PER_MM = 36000
PT_MM = 25.4 / 72
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
SCALE = 8  # pixels per QR module when drawing the path back


def make(tmp_path, settings_edit=None, people=20):
    settings, rows, tables = meeting_data(people=people)
    settings.update(settings_edit or {})
    rows[2]["出席情況"] = "請假"
    rows[3]["類別"] = "工作人員"
    rows[4]["類別"] = "列席"
    rows[5]["類別"] = "特邀"
    path = tmp_path / "m.xlsx"
    build_workbook(settings, rows, tables).save(path)
    meeting, report, _ = load(path)
    assert report.valid, report.to_text()
    return meeting


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    return make(tmp_path_factory.mktemp("badges"))


@pytest.fixture(scope="module")
def deck(meeting):
    return Presentation(io.BytesIO(badges.render(Context(meeting))["出席證.pptx"]))


def qr_image(shape) -> Image.Image:
    """Draw the QR shape's path back into a bitmap as a printer would: each segment a stroke one module wide."""
    path = shape._element.find(".//a:custGeom/a:pathLst/a:path", NS)
    units = int(path.get("w"))  # half modules
    n = units // 2
    line = shape._element.find("p:spPr/a:ln", {**NS, "p": "http://schemas.openxmlformats.org/presentationml/2006/main"})
    assert int(line.get("w")) * n == shape.width == shape.height and line.get("cap") == "flat"
    img = Image.new("L", (n * SCALE, n * SCALE), 255)
    draw = ImageDraw.Draw(img)
    half = SCALE // 2
    points = [(int(pt.get("x")), int(pt.get("y"))) for pt in path.iter(f"{{{NS['a']}}}pt")]
    for (x0, y0), (x1, y1) in zip(points[::2], points[1::2]):
        if y0 == y1:  # across: one module above and below the middle line
            box = (min(x0, x1), y0 - 1, max(x0, x1), y0 + 1)
        else:
            box = (x0 - 1, min(y0, y1), x0 + 1, max(y0, y1))
        draw.rectangle([box[0] * half, box[1] * half, box[2] * half - 1, box[3] * half - 1], fill=0)
    return img


def matrix_of(img: Image.Image) -> list[list[bool]]:
    n = img.width // SCALE
    px = img.load()
    return [[px[x * SCALE + SCALE // 2, y * SCALE + SCALE // 2] == 0 for x in range(4, n - 4)] for y in range(4, n - 4)]


def placed(slide):
    """(shape, left, top) of every shape on the slide, those inside a group (a badge) at their place on the page."""
    for shape in slide.shapes:
        if shape.shape_type != MSO_SHAPE_TYPE.GROUP:
            yield shape, shape.left, shape.top
            continue
        xfrm = shape._element.find("p:grpSpPr/a:xfrm", {**NS, "p": P})
        off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
        ch_off, ch_ext = xfrm.find("a:chOff", NS), xfrm.find("a:chExt", NS)
        assert (ext.get("cx"), ext.get("cy")) == (ch_ext.get("cx"), ch_ext.get("cy"))  # placed, not scaled
        for child, left, top in placed(shape):
            yield (child, int(off.get("x")) + left - int(ch_off.get("x")),
                   int(off.get("y")) + top - int(ch_off.get("y")))


def cards(deck, cell_w, cell_h):
    """Per badge on every slide: its QR shape and its texts by shape kind, grouped by the cell they sit in."""
    out = []
    for slide in deck.slides:
        cells: dict[tuple[int, int], dict] = {}
        for shape, left, top in placed(slide):
            kind = shape.name.split(" ")[0]
            if kind == "Cut":
                continue
            cell = (int(left // cell_w), int(top // cell_h))
            card = cells.setdefault(cell, {})
            if kind == "QR":
                card["QR"] = shape
            elif shape.has_text_frame:
                card[kind] = shape.text_frame.text
                if kind == "Band":
                    card["fill"] = str(shape.fill.fore_color.rgb)
        out.extend(cells[k] for k in sorted(cells, key=lambda c: (c[1], c[0])))
    return out


def a4_cards(deck):
    return cards(deck, 105 * EMU_PER_MM, 148.5 * EMU_PER_MM)


def test_every_qr_decodes_to_its_wearers_id(meeting, deck):
    zxingcpp = pytest.importorskip("zxingcpp", reason="pip install zxing-cpp (a QR decoder) to decode the badges")
    ids = {p.name: p.id for p in meeting.people}
    found = a4_cards(deck)
    assert len(found) == 19 + 7  # 20 people less one on leave, and the 工作人員 sheet's seven
    for card in found:
        results = zxingcpp.read_barcodes(qr_image(card["QR"]))
        assert len(results) == 1 and results[0].format == zxingcpp.BarcodeFormat.QRCode
        name = card["Name"].replace("\u3000", "")
        if name in ids:
            assert results[0].text == ids[name], name
        else:
            assert re.fullmatch(r"S[0-9A-F]{5,}", results[0].text)  # a staff member's stable id
        assert card["Id"] == results[0].text  # printed under the code for hand entry


def test_qr_in_the_file_is_the_wearers_code(meeting, deck):
    """Without a decoder: the modules drawn in the file are exactly the code of the wearer's 編號."""
    ids = {p.name: p.id for p in meeting.people}
    for card in a4_cards(deck)[:8]:
        pid = ids[card["Name"].replace("\u3000", "")]
        assert matrix_of(qr_image(card["QR"])) == [list(row) for row in _qr.matrix(pid)]


@pytest.mark.parametrize("size", [14, 26, 42, 62, 84, 106])
def test_qr_encoder_agrees_with_segno(size):
    """At each version's full byte capacity (no padding, where segno's and ours could differ) the symbols match."""
    import segno

    data = "".join(chr(65 + i % 26) for i in range(size))
    version = _qr.version_for(data.encode())
    assert version == [14, 26, 42, 62, 84, 106].index(size) + 1
    ref = segno.make_qr(data, error="m", mode="byte", mask=_qr.MASK, version=version, boost_error=False)
    assert [[bool(v) for v in row] for row in ref.matrix] == [list(row) for row in _qr.matrix(data)]


@pytest.mark.parametrize("data", ["D0001", "P3A9F1C", "王芳-01", "x" * 15, "long-id-" * 10, "y" * 107])
def test_qr_encoder_decodes(data):
    zxingcpp = pytest.importorskip("zxingcpp", reason="pip install zxing-cpp (a QR decoder) to decode the badges")
    n, _ = _cards.qr_path(data)
    img = Image.new("L", (n * SCALE, n * SCALE), 255)
    draw = ImageDraw.Draw(img)
    for y, row in enumerate(_qr.matrix(data)):
        for x, dark in enumerate(row):
            if dark:
                x0, y0 = (x + 4) * SCALE, (y + 4) * SCALE
                draw.rectangle([x0, y0, x0 + SCALE - 1, y0 + SCALE - 1], fill=0)
    assert [r.text for r in zxingcpp.read_barcodes(img)] == [data]


def test_categories_bands_and_who_gets_one(meeting, deck):
    found = {c["Name"].replace("\u3000", ""): c for c in a4_cards(deck)}
    people = {p.name: p for p in meeting.people}
    on_leave = next(p.name for p in meeting.people if p.attendance == "請假")
    assert on_leave not in found
    words = {"出席": "出　席　證", "列席": "列　席　證", "特邀": "特　邀　證", "工作人員": "工　作　證"}
    fills = {}
    for name, card in found.items():
        category = people[name].category if name in people else "工作人員"
        assert card["Band"] == words[category]
        fills.setdefault(category, set()).add(card["fill"])
    assert fills == {"出席": {"B00000"}, "列席": {"4A8FE0"}, "特邀": {"F2A900"},
                                                 "工作人員": {"2E7D32"}}
    greys = sorted(0.299 * int(c[:2], 16) + 0.587 * int(c[2:4], 16) + 0.114 * int(c[4:], 16)
                   for (c,) in fills.values())
    assert min(b - a for a, b in zip(greys, greys[1:])) >= 30  # still four shades on a greyscale printer
    staff = found["李明"]  # from the 工作人員 sheet
    assert staff["Unit"] == "會務組" and staff["Title"] == "副主任"
    first = meeting.people[0]
    assert found[first.name]["Unit"] == first.unit and found[first.name]["Title"] == first.title
    assert all(c["Meeting"].replace("\n", "").replace("\x0b", "") == meeting.name for c in found.values())


def test_order_four_to_a_page_and_fit(meeting, deck):
    ctx = Context(meeting)
    assert (deck.slide_width, deck.slide_height) == (210 * EMU_PER_MM, 297 * EMU_PER_MM)
    assert len(deck.slides) == -(-26 // 4)
    names = [c["Name"].replace("\u3000", "") for c in a4_cards(deck)]
    attendees = [p.name for p in ctx.ordered() if p.category != "工作人員" and p.attendance != "請假"]
    assert names[:len(attendees)] == attendees  # list order, staff after
    cuts = [s for s in deck.slides[0].shapes if s.name.startswith("Cut")]
    assert len(cuts) == 2
    assert_fits(deck)


def test_badge_size_setting(tmp_path):
    meeting = make(tmp_path, {"出席證版式": "胸卡"}, people=12)
    deck = Presentation(io.BytesIO(badges.render(Context(meeting))["出席證.pptx"]))
    assert (deck.slide_width, deck.slide_height) == (90 * EMU_PER_MM, 120 * EMU_PER_MM)
    assert len(deck.slides) == 11 + 7  # one badge a page
    found = cards(deck, deck.slide_width, deck.slide_height)
    assert all("QR" in c and "Name" in c for c in found)
    assert_fits(deck)


def test_pages_and_partial_render(meeting):
    ctx = Context(meeting)
    pages = badges.pages(ctx)
    first = meeting.people[0]
    assert pages[first.id] == f"出席證|{first.name}|{first.unit}|{first.title}|{first.id}"
    deck = Presentation(io.BytesIO(badges.render(ctx, keys={first.id})["出席證.pptx"]))
    assert [c["Name"] for c in a4_cards(deck)] == [first.name]
    assert badges.render(ctx)["出席證.pptx"] == badges.render(Context(meeting))["出席證.pptx"]


def test_long_meeting_name_takes_two_lines(tmp_path):
    meeting = make(tmp_path, {"會議名稱": "中國共產黨示範區第十屆委員會第五次全體（擴大）會議暨全區經濟工作會議"}, people=4)
    deck = Presentation(io.BytesIO(badges.render(Context(meeting))["出席證.pptx"]))
    title = next(s for s, _, _ in placed(deck.slides[0]) if s.name.startswith("Meeting"))
    assert len(title.text_frame.paragraphs) == 2
    assert "".join(p.text for p in title.text_frame.paragraphs) == meeting.setting("會議名稱")
    assert_fits(deck)


def test_simplified_words(tmp_path):
    meeting = make(tmp_path, {"文字": "簡體"}, people=6)
    files = badges.render(Context(meeting))
    assert list(files) == ["出席证.pptx"]
    deck = Presentation(io.BytesIO(files["出席证.pptx"]))
    bands = {c["Band"] for c in a4_cards(deck)}
    assert bands == {"出　席　证", "列　席　证", "特　邀　证", "工　作　证"}


def assert_fits(deck) -> None:
    """Every run names an East Asian font, and no text is wider than its box or lies off the slide."""
    for slide in deck.slides:
        ids = [shape.shape_id for shape, _, _ in placed(slide)]
        assert len(ids) == len(set(ids))  # a repeated id is a file PowerPoint offers to repair
        for shape, left, top in placed(slide):
            assert 0 <= left and left + shape.width <= deck.slide_width, shape.name
            assert 0 <= top and top + shape.height <= deck.slide_height, shape.name
            if not shape.has_text_frame:
                continue
            height = 0.0
            for p in shape.text_frame.paragraphs:
                for r in p.runs:
                    assert r._r.find("a:rPr/a:ea", NS) is not None
                    width_mm = display_width(r.text) * r.font.size.pt * PT_MM
                    assert width_mm <= shape.width / EMU_PER_MM + 0.05, (shape.name, r.text)
                    height += r.font.size.pt * PT_MM * 1.2
            assert height <= shape.height / EMU_PER_MM + 0.05, (shape.name, shape.text_frame.text)


def test_qr_paths_from_the_cache_equal_fresh_ones(tmp_path, monkeypatch):
    from pipeline.render import _cards

    def new_process():
        _cards._KEPT.forget()
        monkeypatch.setattr(_cards, "_TEXTS", _cards._SegmentTexts())

    monkeypatch.setenv("HUIWU_CACHE", str(tmp_path))
    (tmp_path / "qr-paths-0123456789abcdef").write_bytes(b"the XML paths an earlier version kept")
    codes = [f"D{i:04d}" for i in range(40)] + ["代表甲"]
    fresh = _cards._draw(codes)
    assert fresh["D0000"][1].startswith("<a:moveTo><a:pt ")
    new_process()
    assert _cards.qr_paths(codes) == fresh  # drawn, then kept
    assert [p.name[:9] for p in tmp_path.iterdir()] == ["qr-codes-"]  # the earlier version's file is gone
    new_process()
    real_draw = _cards._draw_keys
    monkeypatch.setattr(_cards, "_draw_keys", lambda datas: pytest.fail(f"drew {datas} the cache holds"))
    assert _cards.qr_paths(codes) == fresh  # from the cache folder
    monkeypatch.setattr(_cards, "_draw_keys", real_draw)
    assert _cards.qr_paths(codes[:5] + ["新代表"]) == {**{c: fresh[c] for c in codes[:5]}, **_cards._draw(["新代表"])}
    _cards._KEPT.forget()  # the next test's process reads its own cache folder


def test_a_few_codes_drawn_without_numpy_equal_a_batchs(monkeypatch):
    """A deputy's one new code is drawn in plain Python, to the very strokes the numpy batch gives."""
    import subprocess
    import sys
    from pathlib import Path

    datas = [f"D{i:04d}" for i in range(30)] + ["代表甲", "DEPUTY1", "P" + "Q" * 40, "王" * 30, "x" * 120, "a"]
    monkeypatch.setattr(_cards, "_FEW", 0)
    batch = _cards._draw_keys(datas)
    monkeypatch.setattr(_cards, "_FEW", 10**6)
    assert _cards._draw_keys(datas) == batch
    code = "import sys; from pipeline.render import _cards; _cards._draw_keys(['代表甲']); print('numpy' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert proc.stdout.strip() == "False", proc.stderr


def test_a_page_key_names_every_field_of_its_badges(meeting):
    """A badge page is copied from the last pack while its key stands: the key holds every field."""
    import dataclasses

    for b in badges.badges(Context(meeting))[:5]:
        assert badges.astuple(b) == dataclasses.astuple(b)
