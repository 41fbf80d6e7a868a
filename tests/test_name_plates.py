"""桌簽.pptx read back as staff would check it: who, in what order, padded, rotated, which font."""

import io

from pptx import Presentation
from pptx.util import Emu

from pipeline.check import load
from pipeline.context import Context
from pipeline.render import name_plates

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def plates(path, **settings):
    meeting, report, _ = load(path)
    assert report.valid, report.to_text()
    files = name_plates.render(Context(meeting))
    return meeting, Presentation(io.BytesIO(files["桌簽.pptx"]))


def faces(slide):
    named = {s.name.rsplit(" ", 1)[0]: s for s in slide.shapes}
    return named["Name back"], named["Name front"]


def test_one_plate_per_seated_person_in_seat_order(write, data):
    """Issue 3: plates come in seat order (rostrum row by row left to right, then the hall), each labelled."""
    from pipeline.plan import seating

    settings, people, tables = data
    settings["名單排序"] = "原順序"
    people[20]["類別"] = "工作人員"
    people[21]["出席情況"] = "請假"
    meeting, prs = plates(write(settings, people, tables))
    names = [faces(s)[1].text_frame.text.replace("\u3000", "") for s in prs.slides]
    labels = [next(sh for sh in s.shapes if sh.name.startswith("Seat label")).text_frame.text for s in prs.slides]
    expected_count = len(people) - 2
    assert len(names) == expected_count
    assert people[20]["姓名"] not in names and people[21]["姓名"] not in names
    # 左為上, 9 seats in row 1 and 7 in row 2: ranks 7 5 3 1 2 4 6 and 3 1 2 4 as seen from the audience
    assert names[:7] == ["鄭雲峰", "周文斌", "孫海林", "趙建國", "錢志明", "李秀英", "吳鵬"]
    assert names[7:11] == ["歐陽曉晨", "王芳", "馬伊斯哈格", "阿依古麗·買買提"]
    assert labels[3] == "主席台第1排1號" and labels[7] == "主席台第2排3號"
    plan = seating.plan(meeting)
    hall = [plan.seat_of[p.id] for p in plan.order[11:]]
    assert names[11:] == [p.name for p in plan.order[11:]]
    assert labels[11:] == [s.label for s in hall]
    assert [(s.row, s.position) for s in hall] == sorted((s.row, s.position) for s in hall)  # front to back, left to right


def test_padding_rotation_font_and_fit(write, data):
    settings, people, tables = data
    settings["桌簽字號"] = 130
    settings["桌簽字體"] = "楷體"
    people[30]["姓名"] = "阿卜杜熱合曼·買買提艾力"
    meeting, prs = plates(write(settings, people, tables))
    assert prs.slide_width == Emu(297 * 36000) and prs.slide_height == Emu(210 * 36000)
    by_name = {faces(s)[1].text_frame.text: s for s in prs.slides}
    back, front = faces(by_name["王\u3000芳"])  # two characters: one full-width space between
    assert back.rotation == 180.0 and front.rotation == 0.0
    assert back.text_frame.text == front.text_frame.text == "王\u3000芳"
    assert back.top + back.height <= prs.slide_height // 2 <= front.top  # one name per half, fold between
    run = front.text_frame.paragraphs[0].runs[0]
    assert run.font.size.pt == 130
    assert run._r.find(f"{A}rPr/{A}ea").get("typeface") == "楷体"
    assert run._r.find(f"{A}rPr/{A}latin").get("typeface") == "Times New Roman"
    assert front.text_frame._bodyPr.get("wrap") == "none"
    three = faces(by_name["趙建國"])[1].text_frame.paragraphs[0].runs[0]
    assert three.font.size.pt == 130  # everyone shares one size...
    long_face = faces(by_name["阿卜杜熱合曼·買買提艾力"])[1]
    long_run = long_face.text_frame.paragraphs[0].runs[0]
    assert long_run.font.size.pt < 130  # ...unless the name would not fit: then it alone shrinks
    width_mm = long_face.width / 36000
    assert 12 * long_run.font.size.pt * 25.4 / 72 <= width_mm  # 12 full-width characters fit in the box
    for slide in prs.slides:
        for shape in slide.shapes:
            assert 0 <= shape.left and shape.left + shape.width <= prs.slide_width
            assert 0 <= shape.top and shape.top + shape.height <= prs.slide_height


def test_reprint_subset_holds_only_the_asked_plates(sample):
    meeting, _, _ = load(sample)
    ctx = Context(meeting)
    pages = name_plates.pages(ctx)
    wanted = {meeting.people[40].id}
    prs = Presentation(io.BytesIO(name_plates.render(ctx, keys=wanted)["桌簽.pptx"]))
    assert [faces(s)[1].text_frame.text for s in prs.slides] == [pages[meeting.people[40].id].split("|")[0]]
