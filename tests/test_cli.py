"""The command line: every command has help; kinds, sort and --only behave as documented."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.render import kinds


@pytest.mark.parametrize("command", sorted(c for c, cmd in main.commands.items() if not cmd.hidden))
def test_every_command_has_help_in_chinese(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    summary = main.commands[command].help.splitlines()[0]
    assert summary and any("\u4e00" <= ch <= "\u9fff" for ch in summary)
    assert summary in result.output


def test_kinds_lists_every_document_kind():
    result = CliRunner().invoke(main, ["kinds"])
    lines = [line.split("\t") for line in result.output.splitlines()]
    assert [line[0] for line in lines] == list(kinds())
    assert ["registration", "會議代表登記表", "會議代表登記表.xlsx"] in lines
    assert ["name_plates", "桌簽", "桌簽.pptx"] in lines


def test_sort_reads_stdin_and_keeps_notes():
    names = "劉德華\n王芳（黑龍江）\n王一鳴\n丁偉\n歐陽曉晨\n"
    result = CliRunner().invoke(main, ["sort"], input=names)
    assert result.exit_code == 0
    assert result.output.splitlines() == ["丁偉", "王芳（黑龍江）", "王一鳴", "劉德華", "歐陽曉晨"]


def test_only_rejects_unknown_kinds_with_the_list(sample):
    result = CliRunner().invoke(main, ["build", str(sample), "--only", "plates"])
    assert result.exit_code == 2
    assert "沒有這種文件：plates" in result.output and "name_plates" in result.output


def test_only_builds_the_named_kinds(sample, tmp_path):
    result = CliRunner().invoke(main, ["build", str(sample), "-o", str(tmp_path / "o"), "--only", "name_plates"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "o").iterdir() if not p.name.startswith(".")) == ["manifest.json", "桌簽.pptx"]
    assert "桌簽" in result.output and "已生成" in result.output


def test_python_dash_m_pipeline():
    proc = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "build" in proc.stdout


def test_usage_errors_are_in_chinese():
    result = CliRunner().invoke(main, ["check", "x.xlsx", "--format", "xml"], prog_name="huiwu")
    assert result.exit_code == 2
    assert "錯誤：'--format' 的值無效：'xml' 不是可選的值（'text', 'json'）。" in result.output
    assert "用法： huiwu check [選項] 工作簿.xlsx" in result.output
    result = CliRunner().invoke(main, ["frob"])
    assert "錯誤：沒有命令 'frob'。" in result.output
