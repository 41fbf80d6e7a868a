"""What a Word template reads of its variables, and the rebuilds that follow from it."""

from __future__ import annotations

import shutil

import docx
import pytest

from pipeline.build import build
from pipeline.render import _docx, _reads
from pipeline.render._docx import Fields


def tree(source: str):
    env = _docx.environment()
    return _reads.read_tree(env.parse(source), ignore=_docx.BUILTINS)


def test_loop_attributes_are_read_and_nothing_else():
    t = tree("{% for 人 in 名單 %}{{ 人.姓名 }}{{ loop.index }}{% endfor %}{% if 車 %}有車{% endif %}{{ 會議名稱 }}")
    assert t == {"名單": {"[]": {"姓名": {"*": True}}}, "車": {}, "會議名稱": {"*": True}}
    people = [Fields({"姓名": "王芳", "航班車次": "MU1"}), Fields({"姓名": "李強", "航班車次": ""})]
    before = _reads.view({"名單": people, "車": [1], "會議名稱": "會"}, t)
    people[0]["航班車次"] = "CA9"  # not printed: the view stays
    assert _reads.view({"名單": people, "車": [2], "會議名稱": "會"}, t) == before
    people[1]["姓名"] = "張偉"  # printed: the view moves
    assert _reads.view({"名單": people, "車": [2], "會議名稱": "會"}, t) != before
    assert _reads.view({"名單": people, "車": [], "會議名稱": "會"}, t) != before  # the if turns


def test_rows_of_printed_columns_are_told_apart_by_what_is_printed_and_nothing_else():
    """The quick view of a list whose columns are printed as they are (the handbook's 3,000 people)."""
    t = tree("{% for 人 in 名單 %}{{ 人.姓名 }}{{ 人.單位 }}{% endfor %}")

    def rows():
        return [Fields({"姓名": "王芳", "單位": "區委辦", "航班車次": "MU1"}), Fields({"姓名": "李強"}),
                Fields({"姓名": "張偉", "單位": "財政局"})]

    before = _reads.view({"名單": rows()}, t)
    assert before == _reads.view({"名單": rows()}, t)
    people = rows()
    people[0]["航班車次"] = "CA9"  # not printed
    assert _reads.view({"名單": people}, t) == before
    people[2]["單位"] = "教育局"  # printed
    assert _reads.view({"名單": people}, t) != before
    people = rows()
    people[2]["姓名"] = "張蔚"  # printed
    assert _reads.view({"名單": people}, t) != before
    people = rows()
    people[1]["單位"] = ""  # a row that lacked a printed column has it now
    assert _reads.view({"名單": people}, t) != before
    people = rows()
    people[0], people[2] = people[2], people[0]  # the order is printed too
    assert _reads.view({"名單": people}, t) != before


def test_a_rows_columns_are_found_as_items_and_a_mappings_methods_still_work():
    from jinja2 import UndefinedError

    env = _docx.environment()
    row = Fields({"姓名": "王芳", "單位": "區委辦", "items": "一欄"})
    source = "{{ p.姓名 }}|{{ p.单位 }}|{{ p.items }}|{% for k in q.keys() %}{{ k }}{% endfor %}"
    assert env.from_string(source).render(p=row, q=Fields({"甲": 1})) == "王芳|區委辦|一欄|甲"
    with pytest.raises(UndefinedError):
        env.from_string("{{ p.職務 }}").render(p=row)


@pytest.mark.parametrize("source, whole", [
    ("{{ 人員 }}", "人員"),  # printed as it is
    ("{{ 人員|join('、') }}", "人員"),  # through a filter
    ("{% for k, v in 設定.items() %}{{ k }}{% endfor %}", "設定"),  # a method of the mapping
    ("{% for p in 人員 %}{{ p[鍵] }}{% endfor %}", "人員"),  # an index worked out when rendering
    ("{% for p in 人員 %}{{ p|string }}{% endfor %}", "人員"),
])
def test_uses_not_followed_read_the_whole_variable(source, whole):
    t = tree(source)
    node = t[whole]
    while "*" not in node:  # the whole of the variable or of each of its items
        node = node["[]"]


def test_loop_variable_reads_the_length_or_the_neighbouring_items():
    assert tree("{% for p in 人員 %}{{ loop.index }}{% endfor %}") == {"人員": {}}
    t = tree("{% for p in 人員 %}{{ loop.previtem.單位 }}{{ p.姓名 }}{% endfor %}")
    assert t == {"人員": {"[]": {"單位": {"*": True}, "姓名": {"*": True}}}}
    assert tree("{% for p in 人員 %}{{ loop.cycle('甲', '乙') }}{{ loop }}{% endfor %}") == {"人員": {"*": True}}


def test_macros_and_includes_read_everything():
    assert tree("{% macro m(x) %}{{ x }}{% endmacro %}{{ m(a) }}") is None
    context = {"a": 1, "b": [1, 2]}
    assert _reads.view(context, None) == context


def test_set_follows_the_value_it_names():
    t = tree("{% for p in 人員 %}{% set n = p.姓名 %}{{ n }}{% endfor %}")
    assert t == {"人員": {"[]": {"姓名": {"*": True}}}}


def test_handbook_kept_when_a_flight_moves_and_rebuilt_when_the_template_prints_flights(write, data, tmp_path):
    settings, people, tables = data
    out, templates = tmp_path / "out", tmp_path / "templates"
    shutil.copytree(_docx.Path(__file__).resolve().parent.parent / "templates", templates)
    build(write(settings, people, tables, name="m.xlsx"), out, templates=templates)
    flyer = next(p for p in people if p.get("航班車次"))
    flyer["航班車次"] = "ZH9999"
    status = {k.key: k for k in build(write(settings, people, tables, name="m.xlsx"), out, templates=templates).kinds}
    assert status["registration"].status == "rebuilt"
    assert status["handbook"].status == "unchanged"  # its list prints no flight
    # staff add the flight to the handbook's people list: the template changed, so it is rebuilt,
    # and from then on a flight moving rebuilds it too
    path = templates / "handbook_tpl.docx"
    parts = _docx._zip.read_parts(path.read_bytes())
    xml = parts["word/document.xml"].decode()
    assert xml.count("{{ 人.手機 }}") == 1
    parts["word/document.xml"] = xml.replace("{{ 人.手機 }}", "{{ 人.手機 }} {{ 人.航班車次 }}").encode()
    path.write_bytes(_docx._zip.write_parts(parts))
    status = {k.key: k for k in build(write(settings, people, tables, name="m.xlsx"), out, templates=templates).kinds}
    assert status["handbook"].status == "rebuilt" and "handbook_tpl.docx" in status["handbook"].reason
    flyer["航班車次"] = "ZH8888"
    status = {k.key: k for k in build(write(settings, people, tables, name="m.xlsx"), out, templates=templates).kinds}
    assert status["handbook"].status == "rebuilt"
    text = "\n".join(c.text for t in docx.Document(out / "會務手冊.docx").tables for r in t.rows for c in r.cells)
    assert "ZH8888" in text and "ZH9999" not in text
