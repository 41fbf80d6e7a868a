"""Word documents from docxtpl templates: checked, escaped, deterministic and fast for many copies.

A template (templates/*_tpl.docx, editable by staff in Word) is prepared once per process:
docxtpl patches its XML so Jinja tags split by Word's runs work again, the fixed wording is
converted for 簡體 meetings, the Jinja source is compiled and its variables are listed, and
every part that has no tag is compressed once. A document then costs one Jinja render of its
templated parts (document, headers, footers) plus the compression of those parts alone, so a
pack of 150 notices does not re-zip styles, fonts and footers 150 times.

Rendering is strict: values are XML-escaped (docxtpl's autoescape), control characters from
Excel are dropped, a variable the template names but the build does not provide is reported
with the template's file name and the text around it before anything is rendered, and so is a
Jinja syntax error. The same mistakes found while rendering (a misspelt column) say the same.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .. import cache
from ..i18n import SIMPLIFIED, say
from ..text import strip_control, to_simplified
from . import _reads, _zip

# East Asian font names as installed on Chinese Windows / WPS: what w:eastAsia must say.
FONTS = {
    "小標宋": "方正小标宋简体", "仿宋": "仿宋_GB2312", "黑體": "黑体", "楷體": "楷体_GB2312", "宋體": "宋体",
}
LATIN = "Times New Roman"

_TEMPLATED_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


class TemplateProblem(Exception):
    """A template cannot be used: missing, unreadable, a syntax error or an unknown variable.

    The message (in the meeting's script) names the template file and quotes the text around
    the mistake so staff can find it in Word.
    """


# -- deterministic zip with parts compressed once -------------------------------------------

Packed = _zip.Packed
pack = _zip.pack
write_zip = _zip.write_zip


# -- the Jinja environment --------------------------------------------------------------------

_BR = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'


def _finalize(value):
    """Every {{ }} output: None prints nothing, control characters go, line breaks become Word breaks."""
    if type(value) is str and value.isprintable():
        return value  # the common case, checked first: most values are plain names and units
    if value is None:
        return ""
    from markupsafe import Markup, escape

    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        text = strip_control(value)
        if "\n" in text or "\t" in text or "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            return Markup(str(escape(text)).replace("\n", _BR).replace("\t", _TAB))
        return text
    return value


def _output(value) -> str:
    """What {{ value }} prints: escape(_finalize(value)) as one call, not Jinja's two.

    A table of 3,000 people prints some 30,000 values; for each, markupsafe's escape() made a
    Markup through its Python __new__ after _finalize's own call: a third of the handbook's
    Jinja time. The text is the same; it is a plain str, as output is only ever joined.
    """
    kind = value.__class__
    if kind is str and value.isprintable():
        return _escape_text(value)
    if kind is int:  # a running number
        return str(value)
    value = _finalize(value)
    if hasattr(value, "__html__"):  # Markup (from _finalize), docxtpl's RichText
        return str(value.__html__())
    return _escape_text(str(value))


_escape_text = None  # str -> escaped str: markupsafe's, bound by environment() (see _text_escaper)


def _text_escaper():
    try:
        from markupsafe import _escape_inner  # markupsafe 3: escapes a str to a str, no Markup made

        return _escape_inner
    except ImportError:  # earlier markupsafe
        from markupsafe import escape

        return lambda text: str(escape(text))


@functools.cache
def environment():
    """autoescape (R&D部 and <試點> stay text), strict about unknown names, CJK identifiers allowed."""
    global _escape_text
    from jinja2 import Environment, StrictUndefined
    from jinja2.compiler import CodeGenerator

    _escape_text = _text_escaper()

    class _CodeGenerator(CodeGenerator):
        # {{ x }} compiles to environment.output(x) instead of escape(environment.finalize(x)),
        # where autoescape is fixed (always, here: an {% autoescape %} block keeps Jinja's own code)
        def _output_child_pre(self, node, frame, finalize):
            if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
                self.write("environment.output(")
            else:
                super()._output_child_pre(node, frame, finalize)

        def _output_child_post(self, node, frame, finalize):
            if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
                self.write(")")
            else:
                super()._output_child_post(node, frame, finalize)

    class _Environment(Environment):
        code_generator_class = _CodeGenerator
        output = staticmethod(_output)

        def getattr(self, obj, attribute):
            # p.姓名 is a row's column: found at once, not after the AttributeError getattr() raises first
            # (a tenth of the handbook's time); a column named like a dict method now wins over the method
            if obj.__class__ is Fields and attribute in obj:
                return obj[attribute]
            return super().getattr(obj, attribute)

    return _Environment(autoescape=True, undefined=StrictUndefined, finalize=_finalize, keep_trailing_newline=True)


class Fields(dict):
    """A row as templates see it: `p.姓名`; a simplified spelling (`p.单位`) finds the traditional key."""

    _aliases: dict[str, str] = {}

    def __missing__(self, key):
        known = Fields._aliases.get(key)
        if known is None:
            known = next((k for k in self if isinstance(k, str) and to_simplified(k) == key), None)
            if known is None or known == key:
                raise KeyError(key)
            Fields._aliases[key] = known
        return self[known]


class Numbering:
    """項() gives 一、二、…; 小項() gives （一）（二）… and starts again after each 項()."""

    def __init__(self):
        self.top = 0
        self.sub = 0

    def item(self) -> str:
        self.top += 1
        self.sub = 0
        return cn_number(self.top) + "、"

    def subitem(self) -> str:
        self.sub += 1
        return "（" + cn_number(self.sub) + "）"


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (enough for clause numbers)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


class Lazy:
    """A variable worked out only when the template reads it: the notice's template prints no list of
    3,000 people, and making their fields costs a fifth of a second.

    A `shaped` list is made with the keys the template reads of its items (make(keys); None for
    all of them): the handbook prints six of some thirty columns for each person.
    """

    __slots__ = ("make", "shaped")

    def __init__(self, make, shaped: bool = False):
        self.make = make
        self.shaped = shaped


def resolve(context: dict, reads: dict | None) -> dict:
    """`context` with each Lazy value made when the template reads its name, else None (never read)."""
    if not any(v.__class__ is Lazy for v in context.values()):
        return context
    out = {}
    for key, value in context.items():
        if value.__class__ is Lazy:
            if reads is None:
                value = value.make(None) if value.shaped else value.make()
            else:
                trees = [reads[k] for k in dict.fromkeys((key, to_simplified(key))) if k in reads]
                if not trees:
                    value = None
                elif value.shaped:
                    value = value.make(_item_keys(trees))
                else:
                    value = value.make()
        out[key] = value
    return out


def _item_keys(trees: list[dict]) -> frozenset | None:
    """The keys read of a list's items, over the read trees of its name in either script; None: all."""
    keys: set = set()
    for tree in trees:
        if _reads.WHOLE in tree:
            return None
        item = tree.get(_reads.ITEM)
        if item is None:
            continue  # only its length or whether it is empty
        if _reads.WHOLE in item:
            return None
        keys.update(k for k in item if k != _reads.ITEM)
    return frozenset(keys)


def with_aliases(context: dict) -> dict:
    """Top-level names in both scripts, so a template typed with a simplified IME still works."""
    out = dict(context)
    for key in context:
        alt = to_simplified(key)
        if alt != key and alt not in out:
            out[alt] = context[key]
    return out


# -- the template -------------------------------------------------------------------------------

_JINJA = r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"
_FIXED_TEXT = re.compile(r"(?P<jinja>" + _JINJA + r")|(?P<tag><[^>]*>)|(?P<text>[^<{]+|\{)", re.DOTALL)
_VAR_USE = r"\{[{%][^}%]*?(?<![\w.])NAME(?!\w)"


def convert_fixed_text(xml: str) -> str:
    """Simplified script for the text a template prints as written; tags, attributes and Jinja untouched."""
    out = []
    for m in _FIXED_TEXT.finditer(xml):
        text = m.group("text")
        out.append(to_simplified(text) if text else m.group(0))
    return "".join(out)


def _plain(xml: str) -> str:
    """The text of an XML fragment, as Word shows it (tags dropped, entities kept readable)."""
    text = re.sub(r"<[^>]+>", "", xml)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", '"')


def _around(lines: list[str], lineno: int) -> str:
    """Text of the paragraph at `lineno` (1-based) and its neighbours, shortened."""
    lo, hi = max(0, lineno - 2), min(len(lines), lineno + 1)
    text = " ".join(t for t in (_plain(x).strip() for x in lines[lo:hi]) if t)
    return text if len(text) <= 120 else text[:117] + "…"


def _finished(tree):
    """A parsed part whose text is as the document needs it, so that rendering gives the final XML.

    The source has a line break before each paragraph, for the line numbers of error messages;
    docxtpl writes a literal {{ as {_{. Both are undone here in the template's own text, once,
    rather than in every rendered document: five str.replace passes over the handbook's 6.5
    million characters took 30 ms. (Values never hold a line break: _finalize turns it into <w:br/>.)
    """
    from jinja2 import nodes

    for data in tree.find_all(nodes.TemplateData):
        text = data.data.replace("\n<w:p", "<w:p")
        data.data = text.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return tree


def _cache_key(raw: dict[str, bytes], script: str) -> str:
    """Template bytes, script, and the code and library versions that prepared them."""
    import hashlib
    import sys

    from ..deps import code_digest

    h = hashlib.sha256()
    for name in sorted(raw):
        h.update(name.encode() + b"\0" + raw[name])
    h.update(f"{script}|{code_digest()}|{sys.version}|{cache.installed('jinja2')}|{cache.installed('docxtpl')}".encode())
    return "docx-template-2-" + h.hexdigest()[:32]  # 2: the prepared form includes the read tree


def _patcher():
    from docxtpl import DocxTemplate

    # patch_xml and fix_tables use no instance state: one bare instance serves every template
    return DocxTemplate.__new__(DocxTemplate)


@dataclass
class _Source:
    name: str
    source: str  # patched, one paragraph a line
    code: object  # compiled by Jinja
    fix_tables: bool
    _template: object = None

    @property
    def template(self):
        """The Jinja Template, made when first rendered: checking a handbook's content needs no Jinja."""
        if self._template is None:
            env = environment()
            self._template = env.template_class.from_code(env, self.code, env.make_globals(None), None)
        return self._template


class Template:
    """A prepared template: render a context to a .docx (or to its XML, for joining documents)."""

    def __init__(self, path: Path, script: str = "繁體"):
        self.path = Path(path)
        self.name = self.path.name
        self.script = script
        try:
            with zipfile.ZipFile(self.path) as zf:
                raw = {n: zf.read(n) for n in zf.namelist() if not n.endswith("/")}
        except FileNotFoundError:
            raise TemplateProblem(say("找不到模板「{name}」（{dir}）。請從程序目錄恢復這個文件，或運行 "
                                      "python tools/make_templates.py 重新生成。", script,
                                      name=self.name, dir=self.path.parent)) from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise TemplateProblem(say("模板「{name}」不是可用的 Word 文件（{err}）。請用 Word 打開後另存為 .docx。",
                                      script, name=self.name, err=exc)) from None
        if "word/document.xml" not in raw:
            raise TemplateProblem(say("模板「{name}」不是 Word 文件（缺少 word/document.xml）。請用 Word 另存為 .docx。",
                                      script, name=self.name))
        self.sources: dict[str, _Source] = {}
        self.static: dict[str, Packed] = {}
        self._raw_core = raw.pop("docProps/core.xml", None)
        self._core: dict[str, Packed] = {}
        self.variables: set[str] = set()
        key = _cache_key(raw, script)
        prepared = cache.get(key)
        if prepared is None:
            prepared = self._prepare(raw, script, environment())
            cache.put(key, prepared)
        templated, self.variables, self.reads = prepared
        for name, data in raw.items():
            if name in templated:
                source, code, fix_tables = templated[name]
                if code is not None:
                    self.sources[name] = _Source(name, source, code, fix_tables)
                    continue
                data = source.encode("utf-8")
            elif name == "docProps/app.xml":
                data = _zip._APP_TIME.sub(b"<TotalTime>0</TotalTime>", data)
            self.static[name] = pack(name, data)

    def _prepare(self, raw: dict[str, bytes], script: str, env) -> tuple[dict, set, dict | None]:
        """Each templated part patched by docxtpl, converted and compiled: {part: (source, code, fix_tables)},
        the variables the template names, and what it reads of them (see _reads).

        A part without Jinja tags keeps code None and its (converted) XML as source. The result is
        cached by the template's bytes: docxtpl's import and Jinja's compiler cost a tenth of a
        second that a rebuild of one document would otherwise pay.
        """
        from jinja2 import TemplateSyntaxError, meta

        patcher = _patcher()
        templated: dict = {}
        variables: set[str] = set()
        trees = []
        for name, data in raw.items():
            if not _TEMPLATED_PART.match(name):
                continue
            text = data.decode("utf-8")
            patched = patcher.patch_xml(text)
            if script == SIMPLIFIED:
                patched = convert_fixed_text(patched)
            if "{{" in patched or "{%" in patched:
                source = patched.replace("<w:p>", "\n<w:p>").replace("<w:p ", "\n<w:p ")
                try:
                    code = env.compile(_finished(env.parse(source)))
                    tree = env.parse(source)
                    variables |= meta.find_undeclared_variables(tree)
                    trees.append(_reads.read_tree(tree, ignore=BUILTINS))
                except TemplateSyntaxError as exc:
                    raise TemplateProblem(say(
                        "模板「{name}」有語法錯誤：{err}。出錯位置附近的文字：「{around}」。請在 Word 中打開模板改正"
                        "（常見原因：{{{{ }}}} 或 {{% %}} 沒有成對，if/for 缺少 endif/endfor）。", script,
                        name=self.name, err=exc.message, around=_around(source.split("\n"), exc.lineno or 1))
                    ) from None
                templated[name] = (source, code, bool(re.search(r"\{%-?\s*(tc|hm|colspan)\b", text)))
            elif script == SIMPLIFIED:
                templated[name] = (convert_fixed_text(text), None, False)
        return templated, variables, _reads.merge(trees)

    def read_view(self, context: dict):
        """What of `context` this template can read: equal views render equal documents."""
        return _reads.view(with_aliases(resolve(context, self.reads)), self.reads)

    # -- checks ---------------------------------------------------------------------------
    def missing(self, context: dict) -> list[str]:
        """Names the template uses that `context` does not give (sorted)."""
        return sorted(self.variables - set(with_aliases(context)) - set(BUILTINS))

    def check(self, context: dict) -> None:
        """Fail before rendering when the template names a variable the build does not provide."""
        missing = self.missing(context)
        if not missing:
            return
        around = ""
        for part in self.sources.values():
            m = re.search(_VAR_USE.replace("NAME", re.escape(missing[0])), part.source)
            if m:
                lines = part.source.split("\n")
                around = _around(lines, part.source.count("\n", 0, m.start()) + 1)
                break
        raise TemplateProblem(say(
            "模板「{name}」用到了沒有的變量：{keys}。出錯位置附近的文字：「{around}」。請改正拼寫（可用的變量見 "
            "README 的「Word 模板與模板變量」一節），或刪去它。", self.script, name=self.name, keys="、".join(missing), around=around))

    # -- rendering --------------------------------------------------------------------------
    def render_xml(self, context: dict) -> dict[str, str]:
        """Every templated part rendered with `context` (already checked): part name -> XML text."""
        from jinja2 import TemplateError

        numbering = Numbering()
        full = with_aliases(resolve(context, self.reads))
        full.setdefault("項", numbering.item)
        full.setdefault("小項", numbering.subitem)
        out = {}
        for name, part in self.sources.items():
            try:
                xml = part.template.render(full)
            except TemplateError as exc:
                raise TemplateProblem(self._render_error(part, exc)) from None
            if part.fix_tables:
                from lxml import etree

                xml = etree.tostring(_patcher().fix_tables(xml), encoding="unicode")
            if "<wp:docPr " in part.source and "<wp:docPr " in xml:  # a drawing can only come from the template
                xml = _renumber_drawings(xml)
            out[name] = xml
        return out

    def _render_error(self, part: _Source, exc) -> str:
        lineno = 1
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<template>":
                lineno = tb.tb_lineno
            tb = tb.tb_next
        detail = str(exc)
        m = re.search(r"has no attribute '([^']+)'", detail) or re.search(r"'([^']+)' is undefined", detail)
        if m:
            detail = say("沒有「{key}」這一項", self.script, key=m.group(1))
        return say("模板「{name}」出錯：{err}。出錯位置附近的文字：「{around}」。請改正拼寫（可用的變量見 "
                   "README 的「Word 模板與模板變量」一節）。", self.script, name=self.name, err=detail,
                   around=_around(part.source.split("\n"), lineno))

    def package(self, xml_parts: dict[str, str | bytes], author: str | None = None) -> bytes:
        """The .docx bytes: rendered parts (text, or UTF-8) deflated now, everything else reused as compressed at load."""
        entries = [p for n, p in self.static.items() if n not in xml_parts]
        entries += [pack(n, x if x.__class__ is bytes else x.encode("utf-8")) for n, x in xml_parts.items()]
        if self._raw_core is not None:
            key = author or ""
            if key not in self._core:
                self._core[key] = pack("docProps/core.xml", _zip.fix_core(self._raw_core, author))
            entries.append(self._core[key])
        return write_zip(entries)

    def parts_of(self, data: bytes) -> dict[str, bytes] | None:
        """The rendered parts of a .docx this template made (what render_xml gave, in UTF-8); None if any is missing."""
        members = _zip.previous_parts(data)
        try:
            return {name: _zip.inflate(members[name].data, members[name].size) for name in self.sources}
        except (KeyError, *_zip.error):
            return None

    def render(self, context: dict, author: str | None = None) -> bytes:
        """Check, render and package one document."""
        self.check(context)
        return self.package(self.render_xml(context), author)


def _renumber_drawings(xml):
    """Unique drawing ids, in XML as text or as UTF-8: a picture inside a loop, or in each of the joined
    units' notices, would otherwise repeat its id (Word then refuses the file)."""
    counter = iter(range(1000, 10**9))
    if xml.__class__ is bytes:
        return re.sub(rb'(<wp:docPr [^>]*?\bid=")\d+', lambda m: m.group(1) + str(next(counter)).encode(), xml)
    return re.sub(r'(<wp:docPr [^>]*?\bid=")\d+', lambda m: m.group(1) + str(next(counter)), xml)


BUILTINS = ("項", "小項", "range", "loop", "namespace", "dict", "lipsum", "cycler", "joiner")


@functools.lru_cache(maxsize=32)
def _load(path: str, mtime_ns: int, size: int, script: str) -> Template:
    return Template(Path(path), script)


def load(path: Path, script: str = "繁體") -> Template:
    """The prepared template, reused while the file is unchanged (a staff edit is picked up at once)."""
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        return Template(path, script)  # raises the TemplateProblem that says what is missing
    return _load(str(path), st.st_mtime_ns, st.st_size, script)


# -- several documents as one file ------------------------------------------------------------

_SECT_AFTER_PGNUM = ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
                     "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def _section(sect: str, start_type: str) -> str:
    """The section properties with page numbers restarting at 1 and the section starting on a new page."""
    sect = re.sub(r"<w:type [^>]*/>", "", sect)
    sect = re.sub(r"<w:pgNumType [^>]*/>", "", sect)
    sect = sect.replace("<w:pgSz", f'<w:type w:val="{start_type}"/><w:pgSz', 1)
    for tag in _SECT_AFTER_PGNUM:
        pos = sect.find("<w:" + tag)
        if pos >= 0:
            return sect[:pos] + '<w:pgNumType w:start="1"/>' + sect[pos:]
    pos = sect.rfind("</w:sectPr>")
    return sect[:pos] + '<w:pgNumType w:start="1"/>' + sect[pos:]


def join_documents(documents: list[bytes], start_type: str = "oddPage") -> bytes:
    """One document.xml (UTF-8) holding each rendered document as its own section(s), pages numbered from 1.

    The first section of every document after the first starts on a new page (`oddPage`: on a
    fresh sheet when printed double-sided) and restarts its page numbers. The documents are
    joined as UTF-8, not as text: most of them are read back from the last pack, and 24 units'
    notices would otherwise be decoded, copied as text and encoded again (30 ms).
    """
    if len(documents) == 1:
        return documents[0]
    first = documents[0]
    head = first[: first.index(b"<w:body>") + len(b"<w:body>")]
    bodies = []
    last_sect = b""
    for i, xml in enumerate(documents):
        body = xml[xml.index(b"<w:body>") + len(b"<w:body>"): xml.rindex(b"</w:body>")]
        pos = body.rfind(b"<w:sectPr")
        content, sect = (body[:pos], body[pos:]) if pos >= 0 else (body, b"")
        if i:
            inner = content.find(b"<w:sectPr")
            if inner >= 0:  # the document has several sections: restart at its first one
                close = content.index(b"</w:sectPr>", inner) + len(b"</w:sectPr>")
                restarted = _section(content[inner:close].decode("utf-8"), start_type).encode("utf-8")
                content = content[:inner] + restarted + content[close:]
            elif sect:
                sect = _section(sect.decode("utf-8"), start_type).encode("utf-8")
        if i < len(documents) - 1:
            bodies.append(content + (b"<w:p><w:pPr>" + sect + b"</w:pPr></w:p>" if sect else b""))
        else:
            bodies.append(content)
            last_sect = sect
    joined = head + b"".join(bodies) + last_sect + b"</w:body></w:document>"
    if b"<wp:docPr " in joined:  # each document numbered its drawings from 1000: once more, across them all
        joined = _renumber_drawings(joined)
    return joined


# -- what every template can use ------------------------------------------------------------

WEEKDAYS = "一二三四五六日"


def cn_date(d: dt.date | None) -> str:
    """2026年12月1日: Arabic numerals, full year, no leading zeros (GB/T 9704 成文日期)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def cn_month_day(d: dt.date | None) -> str:
    return f"{d.month}月{d.day}日" if d else ""


def clock(value) -> str:
    """9:00, 14:30: hours without a leading zero, as notices write them."""
    return f"{value.hour}:{value.minute:02d}" if value is not None else ""


def weekday(d: dt.date) -> str:
    return "星期" + WEEKDAYS[d.weekday()]


def date_span(start: dt.date | None, end: dt.date | None) -> str:
    """2026年12月18日, or 2026年12月17日至18日, or 2026年11月30日至12月1日."""
    if not start:
        return ""
    if not end or end == start:
        return cn_date(start)
    if end.year != start.year:
        return f"{cn_date(start)}至{cn_date(end)}"
    if end.month != start.month:
        return f"{cn_date(start)}至{end.month}月{end.day}日"
    return f"{cn_date(start)}至{end.day}日"


def mask_phone(phone: str) -> str:
    """13812340000 -> 138****0000; other numbers keep their first 3 and last 4 characters."""
    phone = phone or ""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return phone


def display(value, t=lambda s: s) -> object:
    """A workbook value as a template shows it: dates in Chinese, 是/否, numbers kept as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("是") if value else t("否")
    if isinstance(value, dt.datetime):
        return f"{value.month}月{value.day}日 {value:%H:%M}"
    if isinstance(value, dt.date):
        return cn_month_day(value)
    if isinstance(value, dt.time):
        return clock(value)
    return value


def safe_filename(name: str, fallback: str = "未命名") -> str:
    """A unit's name as a file name: Chinese kept, characters file systems refuse made full-width."""
    table = str.maketrans({"/": "／", "\\": "＼", ":": "：", "*": "＊", "?": "？", '"': "＂", "<": "＜",
                           ">": "＞", "|": "｜"})
    name = strip_control(name or "").translate(table).strip().strip(".")
    name = re.sub(r"\s+", " ", name)
    if len(name.encode("utf-8")) > 200:
        while len(name.encode("utf-8")) > 200:
            name = name[:-1]
    return name or fallback


def optional_plan(ctx, name: str):
    """ctx.plan(name), or None while pipeline.plan.<name> does not exist (its section is left out)."""
    try:
        return ctx.plan(name)
    except ImportError as exc:
        if exc.name not in (f"pipeline.plan.{name}", "pipeline.plan"):
            raise
        return None


def _when(value, t) -> str:
    """2026年12月17日（星期四）14:00; the clock is left out when only a date was given."""
    if not value:
        return ""
    if not isinstance(value, dt.datetime):
        return f"{cn_date(value)}（{t(weekday(value))}）"
    text = f"{cn_date(value)}（{t(weekday(value))}）"
    return text + clock(value) if (value.hour or value.minute) else text


def _deadline(value) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime) and (value.hour or value.minute):
        return cn_date(value) + clock(value)
    return cn_date(value)


def _duration(start, end, t) -> str:
    if not start or not end:
        return ""
    days = (end.date() - start.date()).days + 1
    if days <= 1:
        return t("半天") if (end - start).total_seconds() <= 4.5 * 3600 else t("1天")
    return f"{days}" + t("天")


DEFAULT_RULES = (
    "1.請提前30分鐘到達會場，按指定座位就座。",
    "2.會議期間請將手機關閉或調至靜音狀態。",
    "3.會場內不準吸煙，不準隨意走動、交談喧嘩。",
    "4.需要收回的會議文件，會後請留在座位上或交會務組。",
)
SECRET_RULE = "本次會議為涉密會議，請嚴格遵守保密紀律：不得攜帶手機等通訊工具進入會場，不得錄音、錄像、拍照，會議文件按要求清退。"
CONTACT_RULE = "會議期間如有事情，請與會務組聯繫（聯繫人：{name}，電話：{phone}）。"


def rules(ctx) -> list[str]:
    """會議須知: the setting's text line by line, or the standard workflow's rules."""
    m = ctx.meeting
    text = m.setting("會議須知")
    if text:
        return [line.strip() for line in str(text).splitlines() if line.strip()]
    out = [ctx.t(r) for r in DEFAULT_RULES]
    n = len(out)
    if m.setting("密級"):
        n += 1
        out.append(f"{n}." + ctx.t(SECRET_RULE))
    if m.setting("聯繫人") or m.setting("聯繫電話"):
        n += 1
        out.append(f"{n}." + say(CONTACT_RULE, ctx.script, name=m.setting("聯繫人", ""), phone=m.setting("聯繫電話", "")))
    return out


def agenda(ctx) -> list[Fields]:
    """The 議程 sheet in time order, each row with its date and times as notices write them."""
    rows = sorted(ctx.meeting.table("議程"),
                  key=lambda r: (r.get("日期") or dt.date.min, r.get("開始時間") or dt.time.min, r.row))
    out = []
    for r in rows:
        day = r.get("日期")
        start, end = r.get("開始時間"), r.get("結束時間")
        f = Fields({k: display(v, ctx.t) for k, v in r.values.items()})
        f.update(r.extra)
        f["日期"] = cn_month_day(day)
        f["星期"] = ctx.t(weekday(day)) if day else ""
        f["開始時間"], f["結束時間"] = clock(start), clock(end)
        f["時間"] = f"{clock(start)}—{clock(end)}" if start and end else clock(start)
        out.append(f)
    return out


def schedule(ctx) -> list[Fields]:
    """日程: the agenda grouped by day: [{日期: 12月18日（星期五）, 項目: [...]}]."""
    days: dict[str, Fields] = {}
    for row in agenda(ctx):
        label = f"{row['日期']}（{row['星期']}）" if row["日期"] else ""
        days.setdefault(label, Fields({"日期": label, "項目": []}))["項目"].append(row)
    return list(days.values())


_CONVERTED_COLUMNS = ("民族", "類別", "到達方式", "返程方式", "房型", "飲食", "出席情況")


def person_fields(ctx, p, seq: int = 0, show_phone: bool = True, room: str = "", keys=None) -> Fields:
    """One attendee as templates see it: every 參會人員 column (extra ones too) plus 序號 and 房號.

    With `keys` (what a template reads of each person, in either script), only those entries:
    the same values, without working out the thirty others.
    """
    values = p.__dict__
    t = ctx.t
    f = Fields({col: v if (v := values[attr]).__class__ is str else display(v, t) for col, attr in _columns(keys)})
    if ctx.script == SIMPLIFIED:  # fixed wording (漢族, 出席, 標間…) follows the meeting's script
        for col in _CONVERTED_COLUMNS:
            if f.get(col):
                f[col] = t(f[col])
    if keys is None:
        f.update(p.extra)
    elif p.extra:
        f.update({k: v for k, v in p.extra.items() if _wanted(k, keys)})
    # then the entries made for templates, those read only (a masked phone for 3,000 people is not free)
    wanted = _made_entries(keys)
    if "序號" in wanted:
        f["序號"] = seq
    if "手機" in wanted:
        f["手機"] = p.phone if show_phone else mask_phone(p.phone)
    if "完整手機" in wanted:
        f["完整手機"] = p.phone
    if "房號" in wanted:
        f["房號"] = room or p.room_no
    if "單位職務" in wanted:
        f["單位職務"] = p.unit + p.title
    return f


@functools.lru_cache(maxsize=64)
def _made_entries(keys: frozenset | None) -> frozenset:
    """Which of person_fields' own entries (序號, the phone as shown…) `keys` reads (all when None)."""
    made = ("序號", "手機", "完整手機", "房號", "單位職務")
    return frozenset(k for k in made if keys is None or _wanted(k, keys))


@functools.lru_cache(maxsize=64)
def _columns(keys: frozenset | None) -> tuple:
    """(column, Person attribute) for the 參會人員 columns among `keys` (all when None)."""
    from ..model import PERSON_FIELDS

    return tuple((col, attr) for col, attr in PERSON_FIELDS.items() if keys is None or _wanted(col, keys))


def _wanted(key: str, keys: frozenset) -> bool:
    return key in keys or _simplified_key(key) in keys


@functools.lru_cache(maxsize=1024)
def _simplified_key(key: str) -> str:
    return to_simplified(key)


def staff(ctx) -> list[Fields]:
    """會務組: the 工作人員 sheet, then 參會人員 of category 工作人員; phones in full (they must be reachable)."""
    out = [Fields({"姓名": r.get("姓名", ""), "崗位": r.get("崗位", ""), "手機": r.get("手機", "")})
           for r in ctx.meeting.table("工作人員")]
    seen = {f["姓名"] for f in out}
    for p in ctx.meeting.people:
        if p.category == "工作人員" and p.name not in seen:
            out.append(Fields({"姓名": p.name, "崗位": p.title, "手機": p.phone}))
    return out


def meeting_variables(ctx) -> dict:
    """The variables every template sees (documented in the README, section Word 模板與模板變量)."""
    m = ctx.meeting
    t = ctx.t
    s = m.setting
    start, end = m.start, m.end
    secret = s("密級", "")
    period = s("保密期限", "")
    settings = Fields((k, display(v, t)) for k, v in m.settings.items())
    settings.update(m.extra_settings)
    issuer = s("發文機關") or s("主辦單位") or ""
    return {
        "會議名稱": m.name,
        "會議類型": t(s("會議類型", "")),
        "主辦單位": s("主辦單位", ""),
        "發文機關": issuer,
        "發文字號": s("發文字號", ""),
        "主送機關": s("主送機關", ""),
        "成文日期": cn_date(s("成文日期")),
        "會議日期": date_span(start.date() if start else None, end.date() if end else None),
        "會議時間": _when(start, t),
        "開始時間": _when(start, t),
        "結束時間": _when(end, t),
        "會期": _duration(start, end, t),
        "地點": s("地點", ""),
        "報到時間": _when(s("報到時間"), t),
        "報到地點": s("報到地點", ""),
        "聯繫人": s("聯繫人", ""),
        "聯繫電話": s("聯繫電話", ""),
        "回執截止時間": _deadline(s("回執截止時間")),
        "回執報送": s("回執報送", ""),
        "密級": t(secret),
        "保密期限": period,
        "密級標誌": (t(secret) + ("★" + period if period else "")) if secret else "",
        "涉密": bool(secret),
        "份號": "",
        "參會範圍": s("參會範圍", ""),
        "紀要期號": s("紀要期號", ""),
        "文字": m.script,
        "會議須知": rules(ctx),
        "議程": agenda(ctx),
        "日程": schedule(ctx),
        "會務組": staff(ctx),
        "設定": settings,
    }


def copy_number(n: int) -> str:
    """份號: six Arabic digits (GB/T 9704)."""
    return f"{n:06d}"


def signature_lines(issuer: str, date: str) -> tuple[str, str]:
    """署名 and 成文日期 for a sealed document: date 4 characters from the right, name centred over it.

    Returned as lines led by full-width spaces on the 28-character grid, so the layout holds in Word
    and LibreOffice without tab stops that depend on the names' lengths.
    """
    def width(text: str) -> float:
        return sum(1.0 if ord(c) > 0x2E7F else 0.5 for c in text)

    line = 28
    date_start = line - 4 - width(date)
    name_start = date_start + (width(date) - width(issuer)) / 2
    if name_start + width(issuer) > line - 2:  # a long name keeps two characters from the right edge
        name_start = line - 2 - width(issuer)
    pad = "\u3000"
    return pad * max(0, round(name_start)) + issuer, pad * max(0, round(date_start)) + date
