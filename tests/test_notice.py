"""會議通知 and 各單位通知 read back as Word stores them: page, fonts, wording, units, 回執, safety."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from pipeline.build import build
from pipeline.check import load
from pipeline.context import TEMPLATES, Context
from pipeline.render import _docx, _zip, notice, unit_notices
from pipeline.sample import meeting_data

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RECEIPT = ["單位", "姓名", "職務", "性別", "民族", "手機", "到達時間/航班車次", "是否住宿", "備註"]


@pytest.fixture
def small():
    return meeting_data(people=24)


def render(path, module=notice, templates=None):
    meeting, report, _ = load(path)
    assert report.valid, report.to_text()
    ctx = Context(meeting, templates)
    return meeting, ctx, module.render(ctx)


def part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def style_font(doc, style_id: str) -> tuple[str, str, int]:
    """(w:eastAsia, w:ascii, size in half-points) of a paragraph style, as styles.xml stores it."""
    el = doc.styles.element.xpath(f'w:style[@w:styleId="{style_id}"]')[0]
    fonts = el.find(f"{W}rPr/{W}rFonts")
    size = el.find(f"{W}rPr/{W}sz")
    return fonts.get(qn("w:eastAsia")), fonts.get(qn("w:ascii")), int(size.get(qn("w:val")))


def test_page_is_gbt_9704_a4_with_margins_grid_and_page_numbers(write, small):
    """GB/T 9704: A4, margins 37/26/35/28 mm, 22 lines; page numbers — 1 — odd right, even left in 4號 宋體."""
    _, _, files = render(write(*small))
    data = files["會議通知.docx"]
    doc = docx.Document(io.BytesIO(data))
    sect = doc.element.body.find(f"{W}sectPr")
    size, margin = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")
    assert {k: margin.get(qn("w:" + k)) for k in ("top", "right", "bottom", "left")} == \
        {"top": "2098", "right": "1474", "bottom": "1984", "left": "1587"}
    assert sect.find(f"{W}docGrid").get(qn("w:linePitch")) == "579"  # 225 mm / 22 lines
    text_width = 11906 - 1474 - 1587
    assert text_width == 8845  # the 156 mm 版心
    assert "<w:evenAndOddHeaders/>" in part(data, "word/settings.xml")
    refs = {r.get(qn("w:type")): r.get(qn("r:id")) for r in sect.findall(f"{W}footerReference")}
    rels = doc.part.rels
    odd, even = (rels[refs[k]].target_part.blob.decode() for k in ("default", "even"))
    for xml, side in ((odd, "right"), (even, "left")):
        assert f'<w:jc w:val="{side}"/>' in xml
        assert re.sub(r"<[^>]+>", "", xml).replace("PAGE", "").split() == ["—", "1", "—"]
        assert 'w:eastAsia="宋体"' in xml and '<w:sz w:val="28"/>' in xml
    assert " PAGE " in odd


def test_title_body_and_heading_fonts_and_the_title_text(write, small):
    """Title 2號 方正小标宋简体 centred, body 3號 仿宋_GB2312 indented two characters, 一、 in 黑体."""
    meeting, _, files = render(write(*small))
    doc = docx.Document(io.BytesIO(files["會議通知.docx"]))
    assert style_font(doc, "Title") == ("方正小标宋简体", "Times New Roman", 44)
    assert style_font(doc, "Normal") == ("仿宋_GB2312", "Times New Roman", 32)
    assert style_font(doc, "Heading1")[:2] == ("黑体", "Times New Roman")
    assert style_font(doc, "Heading2")[0] == "楷体_GB2312"
    normal = doc.styles.element.xpath('w:style[@w:styleId="Normal"]')[0]
    assert normal.find(f"{W}pPr/{W}ind").get(qn("w:firstLineChars")) == "200"
    titles = [p.text for p in doc.paragraphs if p.style.style_id == "Title"]
    assert titles[0] == f"關於召開{meeting.name}的通知"
    headings = [p.text for p in doc.paragraphs if p.style.style_id == "Heading1"]
    assert headings == ["一、會議時間", "二、會議地點", "三、參會人員", "四、報到時間和地點", "五、有關要求"]
    paras = [p.text for p in doc.paragraphs]
    addressee = paras.index(meeting.settings["主送機關"] + "：")
    assert paras[addressee - 2] == titles[0]  # 主送機關 flush left, one blank line under the title
    assert "（一）請於2026年12月10日17:00前將參會回執（見附件）" in "".join(paras)


def test_dates_in_arabic_numerals_without_leading_zeros(write, small):
    settings, people, tables = small
    settings["成文日期"] = dt.date(2026, 3, 5)
    settings.pop("報到時間")
    settings.pop("報到地點")
    _, _, files = render(write(settings, people, tables))
    paras = texts(files["會議通知.docx"])
    signature = [p for p in paras if p.strip() == "2026年3月5日"]
    assert len(signature) == 1 and signature[0].startswith("\u3000")  # right of the page, on the grid
    assert "2026年12月18日（星期五）9:00，會期1天。" in paras
    assert not any("03月" in p or "月05" in p for p in paras)
    headings = [p for p in paras if re.match("^[一二三四五六]、", p)]
    assert headings[3] == "四、有關要求"  # no 報到 set: the section goes and numbering closes up


def test_receipt_attachment_on_a_new_page_with_its_table(write, small):
    _, _, files = render(write(*small))
    doc = docx.Document(io.BytesIO(files["會議通知.docx"]))
    label = next(p for p in doc.paragraphs if p.text == "附件")
    assert label.style.style_id == "AttachLabel" and label.paragraph_format.page_break_before
    assert style_font(doc, "AttachLabel")[0] == "黑体"
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == RECEIPT
    assert len(table.rows) == 1 + notice.BLANK_RECEIPT_ROWS
    assert all(c.text == "" for row in table.rows[1:] for c in row.cells)
    after = [p.text for p in doc.paragraphs][-1]
    assert after.startswith("請於2026年12月10日17:00前將回執傳真至0571-88886667")
    assert "附件：" + small[0]["會議名稱"] + "回執" in [p.text for p in doc.paragraphs]


def test_one_notice_per_unit_listing_its_own_people(write, small):
    """The seed: the notice reaches every intended attendee; each unit sees its own people."""
    settings, people, tables = small
    people[5]["類別"] = "工作人員"
    people[6]["單位"] = ""
    meeting, ctx, files = render(write(settings, people, tables), unit_notices)
    invited = [p for p in meeting.people if p.category != "工作人員"]
    units = list(dict.fromkeys(u for u in meeting.units if any(p.unit == u for p in invited)))
    per_unit = {n: d for n, d in files.items() if n.startswith("各單位通知/")}
    assert len(per_unit) == len(units) + 1  # the person without a unit gets a notice of their own
    reached = []
    for unit in units:
        data = per_unit[f"各單位通知/{unit}.docx"]
        doc = docx.Document(io.BytesIO(data))
        paras = [p.text for p in doc.paragraphs]
        assert unit + "：" in paras
        listed = next(p for p in paras if p.startswith(f"請{unit}以下同志參加會議："))
        own = [p for p in ctx.ordered() if p.unit == unit and p.category != "工作人員"]
        names = re.sub("（.*?）", "", listed.split("：", 1)[1]).rstrip("。").split("、")
        assert names == [p.name for p in own]
        rows = doc.tables[-1].rows[1:]
        assert [r.cells[1].text for r in rows][: len(own)] == [p.name for p in own]
        assert all(r.cells[0].text == unit for r in rows[: len(own)])
        reached += names
    alone = per_unit[f"各單位通知/{people[6]['姓名']}.docx"]
    assert people[6]["姓名"] + "同志：" in texts(alone)
    assert sorted(reached + [people[6]["姓名"]]) == sorted(p.name for p in invited)
    assert people[5]["姓名"] not in reached

    combined = docx.Document(io.BytesIO(files["各單位通知.docx"]))
    sections = combined.element.body.findall(f".//{W}sectPr")
    assert len(sections) == len(units) + 1
    for sect in sections[1:]:
        assert sect.find(f"{W}pgNumType").get(qn("w:start")) == "1"
        assert sect.find(f"{W}type").get(qn("w:val")) == "oddPage"
    addressed = [p.text for p in combined.paragraphs if p.text in {u + "：" for u in units}]
    assert addressed == [u + "：" for u in units]


def test_classified_notices_carry_copy_numbers_and_marking(write, small):
    settings, people, tables = small
    settings.update({"密級": "機密", "保密期限": "1年", "份號起始": 7})
    meeting, _, files = render(write(settings, people, tables), unit_notices)
    combined = docx.Document(io.BytesIO(files["各單位通知.docx"]))
    numbers = [p.text for p in combined.paragraphs if p.style.style_id == "CopyNo"]
    assert numbers == [f"{n:06d}" for n in range(7, 7 + len(numbers))]
    marks = {p.text for p in combined.paragraphs if p.style.style_id == "SecretMark"}
    assert marks == {"機密★1年"}
    assert "本次會議為涉密會議" in "".join(p.text for p in combined.paragraphs)


def test_names_with_markup_characters_and_emoji_render_and_file_names_are_safe(write, small):
    settings, people, tables = small
    odd_name, odd_unit = "R&D<王>\"'😀", 'A/B:C*D?"E<F>|G & 局😀'
    people[12].update({"姓名": odd_name, "單位": odd_unit, "職務": "主任 & <副>"})
    _, _, files = render(write(settings, people, tables), unit_notices)
    name = "各單位通知/A／B：C＊D？＂E＜F＞｜G & 局😀.docx"
    assert name in files
    paras = texts(files[name])
    assert f"請{odd_unit}以下同志參加會議：{odd_name}（主任 & <副>）。" in paras
    doc = docx.Document(io.BytesIO(files["各單位通知.docx"]))
    assert odd_name in [c.text for t in doc.tables for r in t.rows for c in r.cells]


def test_printed_values_are_what_jinjas_escape_of_the_finalized_value_gives():
    """{{ x }} compiles to one call (environment.output): the same text as Jinja's own
    escape(finalize(x)), in the body, in a set block, in a macro, and under autoescape false."""
    from docxtpl import RichText
    from jinja2 import Environment, StrictUndefined, UndefinedError
    from markupsafe import Markup

    ours = _docx.environment()
    jinjas = Environment(autoescape=True, undefined=StrictUndefined, finalize=_docx._finalize,
                         keep_trailing_newline=True)
    source = ("{% macro m(v) %}[{{ v }}]{% endmacro %}{% set held %}<{{ x }}>{% endset %}"
              "{{ x }}|{{ held }}|{{ m(x) }}|{{ x ~ '&' }}|{% autoescape false %}{{ x }}{% endautoescape %}")
    values = ["王芳", "R&D <試點> \"甲\" '乙'", None, "", 0, 12, 3.5, True, dt.date(2026, 12, 17),
              "兩\n行\r\n三\t格", "響\x07鈴", Markup("<w:br/>"), RichText("富文本 & <b>")]
    for value in values:
        assert ours.from_string(source).render(x=value) == jinjas.from_string(source).render(x=value), value
    assert ours.from_string("{{ x }}").render(x="a & b") == "a &amp; b"
    compiled = ours.compile("{{ x }}{{ y.姓名 }}", raw=True)
    assert "environment.output(" in compiled and "escape(" not in compiled
    with pytest.raises(UndefinedError):
        ours.from_string("{{ nobody }}").render()


def test_control_characters_never_break_the_file():
    template = _docx.load(TEMPLATES / "notice_tpl.docx")
    ctx_vars = {name: "" for name in template.variables if name not in _docx.BUILTINS}
    ctx_vars.update({"會議名稱": "年會\x07\x0b第二\x1f行\n新行", "回執行": []})
    data = template.package(template.render_xml(ctx_vars))
    xml = part(data, "word/document.xml")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", xml)
    assert "年會第二行</w:t><w:br/>" in xml  # a line break typed in a cell is a line break in Word
    docx.Document(io.BytesIO(data))


def test_simplified_script_converts_wording_and_file_names_not_peoples_data(write, small):
    settings, people, tables = small
    settings["文字"] = "簡體"
    people[3].update({"姓名": "劉曉華", "單位": "區財政局"})
    meeting, _, files = render(write(settings, people, tables), unit_notices)
    assert "各单位通知.docx" in files and "各单位通知/區財政局.docx" in files
    paras = texts(files["各单位通知/區財政局.docx"])
    assert f"关于召开{meeting.name}的通知" in paras  # fixed words converted, the meeting's name as typed
    assert "一、会议时间" in paras and "二、会议地点" in paras
    assert any(p.startswith("请區財政局以下同志参加会议：") and "劉曉華" in p for p in paras)
    doc = docx.Document(io.BytesIO(files["各单位通知/區財政局.docx"]))
    assert [c.text for c in doc.tables[-1].rows[0].cells][:3] == ["单位", "姓名", "职务"]
    _, _, general = render(write(settings, people, tables, name="g.xlsx"))
    assert list(general) == ["会议通知.docx"]


def test_same_workbook_same_bytes_and_the_fast_zip_matches_the_plain_one(write, small):
    path = write(*small)
    _, _, a = render(path, unit_notices)
    _, _, b = render(path, unit_notices)
    assert a == b
    for data in list(a.values())[:3]:
        assert _zip.write_parts(_zip.read_parts(data), None) == _zip.write_parts(_zip.read_parts(data), None)
        parts = _zip.read_parts(data)
        packed = [_docx.pack(n, d) for n, d in parts.items()]
        assert _docx.write_zip(packed) == _zip.write_parts(parts)


@pytest.fixture
def templates(tmp_path):
    target = tmp_path / "templates"
    shutil.copytree(TEMPLATES, target)
    return target


def edit_template(path, old: str, new: str) -> None:
    """What a staff member does in Word: change the wording of the document part and save."""
    parts = _zip.read_parts(path.read_bytes())
    xml = parts["word/document.xml"].decode("utf-8")
    assert old in xml
    parts["word/document.xml"] = xml.replace(old, new).encode("utf-8")
    path.write_bytes(_zip.write_parts(parts))


def test_an_edited_template_is_used_on_the_next_build(write, small, templates, tmp_path):
    path = write(*small)
    out = tmp_path / "out"
    first = build(path, out, only=("notice",), templates=templates)
    assert first.ok and "現將有關事項通知如下：" in "".join(texts((out / "會議通知.docx").read_bytes()))
    edit_template(templates / "notice_tpl.docx", "現將有關事項通知如下：", "特此通知如下：")
    second = build(path, out, only=("notice",), templates=templates)
    assert second.kinds[0].status == "rebuilt" and "notice_tpl.docx" in second.kinds[0].reason
    body = "".join(texts((out / "會議通知.docx").read_bytes()))
    assert "特此通知如下：" in body and "現將有關事項" not in body


def test_literal_braces_written_the_docxtpl_way_print_as_braces(write, small, templates, tmp_path):
    """{_{ and }_} in a template (docxtpl's way to print {{ and }}) come out as braces, in the
    paragraphs where they stand; the line breaks put before paragraphs for error messages' line
    numbers are not left in the document."""
    edit_template(templates / "notice_tpl.docx", "現將有關事項通知如下：", "現將{_{會議須知}_}通知如下：")
    out = tmp_path / "out"
    build(write(*small), out, only=("notice",), templates=templates)
    data = (out / "會議通知.docx").read_bytes()
    assert "\n<w:p" not in part(data, "word/document.xml")
    paragraphs = texts(data)
    assert any(p.endswith("現將{{會議須知}}通知如下：") for p in paragraphs)
    assert not any("{_" in p or "_}" in p for p in paragraphs)


def test_a_picture_in_a_loop_gets_an_id_of_its_own_on_every_row(write, small, templates, tmp_path):
    """Word refuses a file where two drawings share an id: a picture a staff member puts in the
    回執 row (a logo, a signature) is repeated once a person, each time with a new id."""
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    picture = (f'</w:t></w:r><w:r><w:drawing><wp:inline xmlns:wp="{wp}" distT="0" distB="0" distL="0" distR="0">'
               '<wp:extent cx="360000" cy="360000"/><wp:docPr id="7" name="圖片 7"/></wp:inline></w:drawing></w:r>'
               '<w:r><w:t xml:space="preserve">')
    edit_template(templates / "notice_tpl.docx", "{{ 行.姓名 }}", "{{ 行.姓名 }}" + picture)
    out = tmp_path / "out"
    build(write(*small), out, only=("unit_notices",), templates=templates)
    for path in [out / "各單位通知.docx", *sorted((out / "各單位通知").iterdir())]:  # all units in one file, and each
        ids = re.findall(r'<wp:docPr id="(\d+)"', part(path.read_bytes(), "word/document.xml"))
        assert len(ids) > 1 and len(set(ids)) == len(ids), path.name


def test_template_syntax_error_names_the_file_and_the_text_around_it(write, small, templates, tmp_path):
    edit_template(templates / "notice_tpl.docx", "關於召開{{ 會議名稱 }}的通知", "關於召開{{ 會議名稱 }的通知")
    out = tmp_path / "out"
    with pytest.raises(_docx.TemplateProblem) as err:
        build(write(*small), out, only=("notice",), templates=templates)
    msg = str(err.value)
    assert "notice_tpl.docx" in msg and "語法錯誤" in msg and "關於召開" in msg
    assert not (out / "會議通知.docx").exists()


def test_the_command_names_a_broken_template_in_one_message(write, small, templates, tmp_path):
    """Through `huiwu build`: the template's problem in Chinese, no traceback, exit code 1."""
    from click.testing import CliRunner

    from pipeline.cli import main

    edit_template(templates / "notice_tpl.docx", "關於召開{{ 會議名稱 }}的通知", "關於召開{{ 會議名稱 }的通知")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(write(*small)), "-o", str(out), "--only", "notice",
                                       "--templates", str(templates)])
    assert result.exit_code == 1
    assert "notice_tpl.docx" in result.output and "語法錯誤" in result.output
    assert "沒有生成任何文件（上次的材料保持不變）" in result.output and "內部錯誤" not in result.output
    assert "Traceback" not in result.output


def test_unknown_variable_is_reported_before_anything_is_written(write, small, templates, tmp_path):
    edit_template(templates / "notice_tpl.docx", "{{ 地點 }}。", "{{ 會議地址 }}。")
    out = tmp_path / "out"
    with pytest.raises(_docx.TemplateProblem) as err:
        build(write(*small), out, only=("notice", "unit_notices"), templates=templates)
    msg = str(err.value)
    assert "notice_tpl.docx" in msg and "會議地址" in msg
    assert "會議地點 {{ 會議地址 }}。" in msg  # the text around it, as the template shows it in Word
    assert not (out / "會議通知.docx").exists() and not (out / "各單位通知").exists()


def test_a_template_failing_mid_build_leaves_the_last_pack(write, small, templates, tmp_path, monkeypatch):
    """Other kinds' files already written to temporary names while the notices fail are removed again:
    the pack, the reprint pack and the manifest stay as the last good build left them."""
    monkeypatch.setenv("HUIWU_JOBS", "1")  # in order: the lists and plates are made before the notices fail
    settings, people, tables = small
    out = tmp_path / "out"
    build(write(settings, people, tables), out, templates=templates)
    people[1]["職務"] = "新職務"
    build(write(settings, people, tables), out, templates=templates)  # a reprint pack to keep too

    def files():
        return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
                if p.is_file() and p.name != ".huiwu.lock"}

    before = files()
    assert any(name.startswith("補打/") for name in before)
    people[2]["職務"] = "另一職務"  # rebuilds the lists and plates as well as the notices
    edit_template(templates / "notice_tpl.docx", "{{ 地點 }}。", "{{ 會議地址 }}。")
    with pytest.raises(_docx.TemplateProblem):
        build(write(settings, people, tables), out, templates=templates)
    assert files() == before


def test_misspelt_column_in_a_loop_names_the_key(write, small, templates):
    edit_template(templates / "notice_tpl.docx", "{{ 行.姓名 }}", "{{ 行.名字 }}")
    meeting, report, _ = load(write(*small))
    with pytest.raises(_docx.TemplateProblem) as err:
        notice.render(Context(meeting, templates))
    assert "notice_tpl.docx" in str(err.value) and "「名字」" in str(err.value)


def test_a_template_typed_with_simplified_names_still_finds_the_variables(write, small, templates):
    edit_template(templates / "notice_tpl.docx", "{{ 地點 }}。", "{{ 地点 }}。")
    meeting, report, _ = load(write(*small))
    files = notice.render(Context(meeting, templates))
    assert small[0]["地點"] + "。" in texts(files["會議通知.docx"])


@pytest.mark.parametrize("name", ["參會人員", "参会人员"])
def test_a_list_the_notice_does_not_print_is_made_once_a_template_prints_it(name, write, small, templates, tmp_path):
    """The people's fields are worked out only for a template that reads them: one edited to list
    them (in either script) prints every name, in the list order, and the build rebuilds the notice."""
    path = write(*small)
    out = tmp_path / "out"
    build(path, out, only=("notice", "unit_notices"), templates=templates)
    edit_template(templates / "notice_tpl.docx", "現將有關事項通知如下：",
                  f"現將有關事項通知如下：{{% for 人 in {name} %}}{{{{ 人.姓名 }}}}、{{% endfor %}}")
    result = build(path, out, only=("notice", "unit_notices"), templates=templates)
    assert all(k.status == "rebuilt" for k in result.kinds)
    meeting, _, _ = load(path)
    invited = [p.name for p in Context(meeting).ordered() if p.category != "工作人員"]
    body = "".join(texts((out / "會議通知.docx").read_bytes()))
    assert "現將有關事項通知如下：" + "、".join(invited) + "、" in body
    unit, people = next((u, [p for p in meeting.people if p.unit == u]) for u in meeting.units)
    edit_template(templates / "notice_tpl.docx", "{% for 人 in " + name + " %}", "{% for 人 in 本單位人員 %}")
    build(path, out, only=("unit_notices",), templates=templates)
    own = "".join(texts((out / "各單位通知" / f"{unit}.docx").read_bytes()))
    assert "".join(p.name + "、" for p in Context(meeting).ordered(people)) in own


def test_every_template_variable_is_documented(write, small):
    """The README must list every name a template can use, so staff can write their own."""
    from pathlib import Path

    from pipeline.render import distribution, handbook, minutes

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    doc = readme[readme.index("## Word 模板與模板變量"):readme.index("## 修改名單以後")]
    documented = set(re.findall(r"`([^`{}%() ]+)(?:\(\))?`", doc))
    meeting, report, _ = load(write(*small))
    ctx = Context(meeting)
    contexts = [notice.base_context(ctx), handbook.context(ctx), minutes.context(ctx), distribution.context(ctx)]
    names = set().union(*(c.keys() for c in contexts)) | {"項", "小項"}
    assert names - documented == set()
    columns = set(notice.people_fields(ctx)[0]) | set(contexts[0]["議程"][0]) | set(contexts[0]["回執行"][0])
    assert columns - documented == set()


@pytest.mark.parametrize("script", ["繁體", "簡體"])
def test_cached_template_renders_the_same_bytes(script, small, write, tmp_path, monkeypatch):
    """A template prepared from the cache (no docxtpl, no compiler) prints exactly what a fresh one does."""
    from pipeline import cache

    meeting = load(write(*small, script=script))[0]
    ctx = Context(meeting)
    context = notice.base_context(ctx)
    monkeypatch.setenv("HUIWU_CACHE", str(tmp_path / "cache"))
    fresh = _docx.Template(TEMPLATES / "notice_tpl.docx", script)
    assert len(list((tmp_path / "cache").iterdir())) == 1
    cached = _docx.Template(TEMPLATES / "notice_tpl.docx", script)
    assert cached.variables == fresh.variables and cached.variables
    assert cached.render(context, "甲") == fresh.render(context, "甲")
    monkeypatch.setenv("HUIWU_CACHE", "")  # off: prepared afresh, nothing written
    assert cache.folder() is None
    assert _docx.Template(TEMPLATES / "notice_tpl.docx", script).render(context, "甲") == fresh.render(context, "甲")
    text = docx.Document(io.BytesIO(cached.render(context, "甲"))).paragraphs
    assert any(meeting.name in p.text for p in text)


def test_the_handbook_list_prints_the_columns_its_template_names_in_either_script(write, small, templates):
    """The handbook makes each person's entries the template reads; a simplified spelling (人.手机)
    or a column the default list leaves out (人.民族) is printed all the same."""
    from pipeline.render import handbook

    edit_template(templates / "handbook_tpl.docx", "{{ 人.手機 }}", "{{ 人.手机 }}/{{ 人.民族 }}/{{ 人.单位职务 }}")
    meeting, report, _ = load(write(*small))
    data = handbook.render(Context(meeting, templates))["會務手冊.docx"]
    cells = [c.text for t in docx.Document(io.BytesIO(data)).tables for r in t.rows for c in r.cells]
    p = next(p for p in Context(meeting).ordered() if p.category != "工作人員" and p.phone)
    expected = f"{_docx.mask_phone(p.phone)}/{p.ethnic}/{p.unit}{p.title}"
    assert expected in cells
