"""The `huiwu` command: a thin layer that parses options and calls the library."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .i18n import TRADITIONAL, t

EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2

# Click's own wording (usage, errors, help headings) in Chinese: staff read every line huiwu prints.
# Click looks these up through gettext at call time; the names it imported are replaced below.
_CLICK_ZH = {
    "Usage:": "用法：", "Options": "選項", "Commands": "命令", "Show this message and exit.": "顯示本說明並退出。",
    "Show the version and exit.": "顯示版本並退出。", "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "錯誤：{message}", "Try '{command} {option}' for help.": "運行「{command} {option}」查看說明。",
    "No such option {name!r}.": "沒有選項 {name!r}。", "No such command {name!r}.": "沒有命令 {name!r}。",
    "Missing argument": "缺少參數", "Missing option": "缺少選項", "Missing command.": "缺少命令。",
    "Missing parameter": "缺少參數", "Missing parameter: {param_name}": "缺少參數：{param_name}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值無效：{message}",
    "Invalid value: {message}": "值無效：{message}", "Aborted!": "已中止。", "default: {default}": "默認：{default}",
    "Option {name!r} does not take a value.": "選項 {name!r} 後面不能帶值。",
    "Could not open file {filename!r}: {message}": "無法打開文件 {filename!r}：{message}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夾，不是文件。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，不是文件夾。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的數字。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 範圍內。",
    "file": "文件", "path": "路徑", "directory": "文件夾", "Choose from:\n\t{choices}": "可選：\n\t{choices}",
    "Got unexpected extra argument ({args})": "多了參數（{args}）",
    "Got unexpected extra arguments ({args})": "多了參數（{args}）",
    "Option {name!r} requires an argument.": "選項 {name!r} 後面要寫一個值。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可選的值（{choices}）。",
    "{value!r} is not {choice}.": "{value!r} 不是可選的值（{choice}）。",
    "Did you mean {possibility}?": "是不是要寫 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是要寫其中之一：{possibilities}？）",
}


def _zh(message: str) -> str:
    return _CLICK_ZH.get(message, message)


def _zh_n(singular: str, plural: str, n: int) -> str:
    return _CLICK_ZH.get(singular if n == 1 else plural, singular if n == 1 else plural)


def _speak_chinese() -> None:
    import importlib

    for name in ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils"):
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _zh
        if hasattr(module, "ngettext"):
            module.ngettext = _zh_n


_speak_chinese()


def _echo_err(text: str) -> None:
    click.echo(text, err=True)


_EXIT_AT_ONCE = False  # run() ends the process by os._exit (a CliRunner in tests does not)


def run() -> None:
    """The `huiwu` command (and `python -m pipeline`): the click group, then a quick exit.

    A large build leaves a few hundred thousand objects that the interpreter would free one
    by one on the way out: a tenth of a second after every rebuild of a 3,000-person
    meeting. The exit hooks (the conversions cache) still run and the output is flushed;
    only the freeing is skipped, which the operating system does at once.

    So a build leaves its objects to the exit (build.LEFT_FOR_EXIT) rather than freeing them as it
    returns. For the same reason the cycle collector stays off in this short-lived process: build()
    turns it off while it works and back on for a library caller, and turned back on here it
    could walk the build's objects once more on the way out (20-30 ms) for memory the
    process gives back at once anyway.
    """
    import atexit
    import gc

    global _EXIT_AT_ONCE
    gc.disable()
    _EXIT_AT_ONCE = True

    try:
        main()  # click's standalone mode always ends in SystemExit
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        click.echo(str(code), err=True)
        code = 1
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # a profiler or coverage writes its data at exit: leave the usual way
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, options_metavar="[選項]",
             subcommand_metavar="命令 [參數]...")
@click.version_option(package_name="huiwu")
def main() -> None:
    """huiwu（會務）：把一個會議工作簿變成整套會議材料。"""


@main.command(options_metavar="[選項]")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), metavar="文件.xlsx")
@click.option("--script", type=click.Choice(["繁體", "簡體"]), default="繁體", show_default=True,
              help="工作表和列名使用的文字。")
def new(path: Path, script: str) -> None:
    """生成空白會議工作簿（不會覆蓋已有文件）。"""
    from .new import new_workbook

    target = path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")
    if target.exists():
        raise click.ClickException(t("「{p}」已經存在，不會覆蓋。請換一個文件名，或先移走原文件。", script).format(p=target))
    made = new_workbook(target, script=script)
    click.echo(t("已生成空白工作簿：{p}\n請先看「說明」表，再填寫「會議」和「參會人員」表。", script).format(p=made))


def _load_or_exit(workbook: Path):
    from .check import load
    from .workbook import WorkbookError

    try:
        return load(workbook)
    except WorkbookError as exc:
        _echo_err(t("無法讀取：", TRADITIONAL) + str(exc))
        sys.exit(EXIT_UNREADABLE)


@main.command(options_metavar="[選項]")
@click.argument("workbook", type=click.Path(path_type=Path), metavar="工作簿.xlsx")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text：表格；json：供程序讀取的列表。")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="校驗結果.xlsx 寫入的文件夾（默認 outputs/<工作簿名>/）。")
def check(workbook: Path, fmt: str, out_dir: Path | None) -> None:
    """檢查工作簿，列出所有問題（錯誤時退出碼為 1）。"""
    from .build import REPORT_FILE, default_out_dir, write_atomic

    meeting, report, _ = _load_or_exit(workbook)
    if fmt == "json":
        click.echo(report.to_json())
    else:
        click.echo(report.to_text())
    target = (out_dir or default_out_dir(workbook)) / t(REPORT_FILE, report.script)
    if any(p.row for p in report.problems):  # something to mark in the staff's own sheets
        write_atomic(target, report.annotated_copy(workbook))
        if fmt == "text":
            click.echo(t("已標出問題單元格：{p}", report.script).format(p=target))
    sys.exit(0 if report.valid else EXIT_PROBLEMS)


def _validate_kinds(ctx, param, value):
    if not value:
        return ()  # importing every renderer would cost a no-change rebuild most of its time
    from .render import kinds

    known = kinds()
    bad = [v for v in value if v not in known]
    if bad:
        raise click.BadParameter(t("沒有這種文件：{bad}。可用的有：{known}（huiwu kinds 查看）。", TRADITIONAL)
                                 .format(bad="、".join(bad), known="、".join(known)))
    return tuple(value)


@main.command(options_metavar="[選項]")
@click.argument("workbook", type=click.Path(path_type=Path), metavar="工作簿.xlsx")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="輸出文件夾（默認 outputs/<工作簿名>/）。")
@click.option("--only", "only", multiple=True, callback=_validate_kinds, metavar="種類",
              help="只生成這些文件（可重複；huiwu kinds 列出全部）。")
@click.option("--force", is_flag=True, help="全部重新生成，不管是否有改動。")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="使用這個文件夾中的模板（默認 templates/）。")
@click.option("-q", "--quiet", is_flag=True, help="只在出錯時輸出。")
@click.option("--label", default="", metavar="標記", help="每行輸出前加上這個標記（並行生成多個會議時區分）。")
def build(workbook: Path, out_dir: Path | None, only, force: bool, templates: Path | None, quiet: bool,
          label: str) -> None:
    """檢查並生成會議材料到 outputs/<工作簿名>/。"""
    from .build import BuildLocked
    from .build import build as run_build
    from .workbook import WorkbookError

    def out(text: str, err: bool = False) -> None:
        if label:
            text = "\n".join(f"[{label}] {line}" for line in text.splitlines())
        click.echo(text, err=err)

    progress = None
    bar = None
    if not quiet:
        if sys.stdout.isatty() and not os.environ.get("CI") and not label:
            def progress(done, total, text):
                nonlocal bar
                if bar is None:
                    bar = click.progressbar(length=total, label="", show_pos=True, width=24)
                    bar.__enter__()
                bar.label = text
                bar.update(done - bar.pos)
                if done >= total:
                    bar.__exit__(None, None, None)
        else:  # piped or under CI: plain lines, one per finished document
            def progress(done, total, text):
                out(f"[{done}/{total}] {text}")
    if _EXIT_AT_ONCE:
        from . import build as build_module

        build_module.LEFT_FOR_EXIT = []
    try:
        result = run_build(workbook, out_dir, only=only, force=force, templates=templates, progress=progress)
    except WorkbookError as exc:
        out(t("無法讀取：", TRADITIONAL) + str(exc), err=True)
        sys.exit(EXIT_UNREADABLE)
    except BuildLocked as exc:
        out(t("「{d}」正在由另一個 huiwu 生成，請等它完成後再運行。", TRADITIONAL).format(d=exc), err=True)
        sys.exit(EXIT_PROBLEMS)
    except Exception as exc:
        if _template_problem(exc):  # a template staff edited: name it and the text around the mistake
            out(str(exc), err=True)
            out(t("沒有生成任何文件（上次的材料保持不變）。", TRADITIONAL), err=True)
            sys.exit(EXIT_PROBLEMS)
        # a bug of ours: staff get one clear line, developers HUIWU_DEBUG=1 for the traceback
        if os.environ.get("HUIWU_DEBUG"):
            raise
        out(t("內部錯誤（{kind}：{msg}）。沒有生成任何文件，上次的材料保持不變。請把工作簿和這段信息發給維護人員；"
              "設置環境變量 HUIWU_DEBUG=1 再運行可看到詳細信息。", TRADITIONAL).format(kind=type(exc).__name__, msg=exc),
            err=True)
        sys.exit(EXIT_PROBLEMS)
    s = result.script
    if not result.ok:
        out(result.report.to_text(), err=True)
        out(t("有錯誤，沒有生成任何文件（上次的材料保持不變）。問題單元格已在 {p} 中標出。", s)
            .format(p=result.out_dir / t("校驗結果.xlsx", s)), err=True)
        sys.exit(EXIT_PROBLEMS)
    if quiet:
        return
    if result.report is not None and result.report.warnings:
        out(result.report.to_text() + "\n")
    out(summary(result))


def _template_problem(exc: BaseException) -> bool:
    """Whether `exc` is a Word template's problem. Asked without importing the templates' module: a
    rebuild with nothing to do never loads it (nor the zip and deflate modules it needs), and an
    exception of a module never loaded was never raised."""
    docx = sys.modules.get("pipeline.render._docx")
    return docx is not None and isinstance(exc, docx.TemplateProblem)


def summary(result) -> str:
    """The build table: kind, rebuilt or unchanged, time, why; then changes and what to reprint."""
    from .text import term_table

    s = result.script
    if result.nothing_changed:
        return t("工作簿、模板和程序都沒有改動，無需重新生成（{n} 種文件不變，用時 {sec:.2f} 秒）。輸出在 {d}", s).format(
            n=len(result.kinds), sec=result.seconds, d=result.out_dir)
    rows = [[t("文件", s), t("狀態", s), t("用時", s), t("原因", s)]]
    for k in result.kinds:
        status = t("已生成", s) if k.status == "rebuilt" else t("未變", s)
        rows.append([k.title, status, f"{k.seconds:.2f}s" if k.status == "rebuilt" else "", k.reason or "—"])
    lines = [term_table(rows)]
    rebuilt = sum(1 for k in result.kinds if k.status == "rebuilt")
    lines.append(t("完成：生成 {n} 種，未變 {u} 種，用時 {sec:.2f} 秒。輸出在 {d}", s)
                 .format(n=rebuilt, u=len(result.kinds) - rebuilt, sec=result.seconds, d=result.out_dir))
    if result.changes is not None:
        lines.append(result.changes.summary(lambda x: t(x, s)))
        lines.append(t("變動明細見 {f}。", s).format(f=result.out_dir / t("變更說明.xlsx", s)))
    reprint = [k for k in result.kinds if k.reprint]
    if reprint:
        items = "，".join(f"{k.title} {k.reprint}" for k in reprint)
        lines.append(t("需要補打：{items}（只含有變動的頁，在 {d}）。", s).format(items=items, d=result.out_dir / t("補打", s)))
    return "\n".join(lines)


@main.command("status", options_metavar="[選項]")
@click.argument("workbook", type=click.Path(path_type=Path), metavar="工作簿.xlsx")
@click.option("-s", "--sheet", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="填好「完成情況」的會務工作分派表.xlsx（默認 outputs/<工作簿名>/會務工作分派表.xlsx）。")
@click.option("--now", "now", default=None, metavar="TIME",
              help="按這個時間統計，如 \"2026-12-17 10:00\"（北京時間；默認現在）。")
def status_cmd(workbook: Path, sheet: Path | None, now: str | None) -> None:
    """按填好的分派表列出已完成、24小時內到期和已逾期的會務工作。"""
    from .status import StatusError, parse_now, status
    from .workbook import WorkbookError

    try:
        result = status(workbook, sheet, parse_now(now))
    except WorkbookError as exc:
        _echo_err(t("無法讀取：", TRADITIONAL) + str(exc))
        sys.exit(EXIT_UNREADABLE)
    except StatusError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(result.to_text())


@main.command("batch-summary", hidden=True, options_metavar="[選項]")
@click.argument("status_dir", type=click.Path(file_okay=False, path_type=Path))
def batch_summary(status_dir: Path) -> None:
    """彙總 make all 中每個會議的結果（退出碼：有失敗時為 1）。"""
    from .text import term_table

    results = sorted(status_dir.glob("*.rc")) if status_dir.exists() else []
    if not results:
        click.echo("inputs/ 中沒有工作簿（.xlsx）。請把會議工作簿放進 inputs/ 文件夾，或用 huiwu new 生成一個。")
        sys.exit(0)
    rows = [["會議", "結果"]]
    failed = 0
    for rc_file in results:
        code = rc_file.read_text().strip()
        ok = code == "0"
        failed += not ok
        rows.append([rc_file.stem, "成功" if ok else ("輸入有問題" if code == "1" else "無法讀取")])
    click.echo("")
    click.echo(term_table(rows))
    click.echo(f"共 {len(results)} 個會議：成功 {len(results) - failed} 個，失敗 {failed} 個。")
    sys.exit(1 if failed else 0)


@main.command("kinds", options_metavar="[選項]")
def kinds_cmd() -> None:
    """列出所有文件種類（--only 使用的名稱）。"""
    from .render import kinds

    for key, kind in kinds().items():
        click.echo(f"{key}\t{kind.title}\t{kind.filename}")


@main.command("sort", options_metavar="[選項]")
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-", metavar="[名單文件]")
@click.option("--by", type=click.Choice(["stroke"]), default="stroke", show_default=True, help="排序方法：stroke＝姓氏筆畫。")
@click.option("--as-written", is_flag=True, help="繁體姓名按原字筆畫排序（默認按規範字筆畫）。")
def sort_cmd(file, by: str, as_written: bool) -> None:
    """按姓氏筆畫排列姓名：名單文件或標準輸入，每行一個姓名。"""
    from .strokes import sort_names

    names = [line.strip() for line in file if line.strip()]
    for name in sort_names(names, as_written=as_written):
        click.echo(name)


if __name__ == "__main__":
    main()
