"""`jixiao --help`, every `jixiao <命令> --help` and Click's usage errors read in Chinese."""

import re
import unicodedata

import pytest
from click.testing import CliRunner

from jixiao.cli import main

from conftest import REFERENCE

# what Click prints in English unless told otherwise
ENGLISH = re.compile(
    r"Usage:|Options:|Commands:|Show this message|Show the version|Error:|Try '|No such|Missing|"
    r"Invalid value|Got unexpected|requires an argument|\[default:|\[required\]|\[OPTIONS\]|COMMAND|\[ARGS\]|"
    r"\b(TEXT|INTEGER|PATH|FILE|FILES|INPUTS|FLOAT)\b|version \d"
)
COMMANDS = main.list_commands(None)  # commands are loaded lazily: main.commands holds only those used so far


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="jixiao", terminal_width=100)


def columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_main_help_is_chinese():
    result = run("--help")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("用法：jixiao [选项] 命令 [参数]...\n")
    for text in ("选项：", "命令：", "--help     显示此帮助并退出。", "--version  显示版本号并退出。"):
        assert text in out
    assert not ENGLISH.search(out), ENGLISH.search(out)
    listed = re.findall(r"^  (\S+)\s", out.split("命令：", 1)[1], re.M)
    assert listed == COMMANDS
    assert "score" in listed and "check" in listed


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_is_chinese(command):
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith(f"用法：jixiao {command} [选项]")
    assert "选项：" in out and "显示此帮助并退出。" in out
    assert not ENGLISH.search(out), ENGLISH.search(out)


def test_option_descriptions_line_up_with_chinese_placeholders():
    out = run("check", "--help").output
    assert "用法：jixiao check [选项] 文件..." in out
    assert "[默认：5]" in out
    rows = [line for line in out.split("选项：\n", 1)[1].splitlines() if line.startswith("  --")]
    starts = {columns(re.match(r"(\s+--\S+(?: \S+)?\s+)", line).group(1)) for line in rows}
    assert len(rows) == 6 and len(starts) == 1, rows  # --json, --overshoot-share, --history, --peers, --peer-share, --help
    assert any("--overshoot-share 百分比" in line for line in rows)
    assert any("--history 上年自评表" in line for line in rows)
    assert "-o, --output 文件" in run("report", "--help").output
    assert "[必填]" in run("export", "--help").output


def test_help_lines_fit_the_terminal():
    for command in ("check", "serve", "template"):
        for line in run(command, "--help").output.splitlines():
            assert columns(line) <= 100, line


USAGE_ERRORS = [
    (("score", "--nope", REFERENCE), "错误：没有选项“--nope”。"),
    (("score",), "错误：缺少参数"),
    (("scor", REFERENCE), "错误：没有命令“scor”。"),
    (("score", REFERENCE, "其他.yaml"), "错误：多余的参数（其他.yaml）"),
    (("check", "--overshoot-share", "abc", REFERENCE), "错误：参数 '--overshoot-share' 的值无效：“abc”不是百分比数字，例如 5 或 5%"),
    (("template", "--kind", "abc", "-o", "x.xlsx"), "的值无效：“abc”无效，应为 'department', 'project', 'project_self_evaluation' 之一。"),
    (("export", REFERENCE.parent, "-o", "x.xlsx"), "”是文件夹，应为文件。"),
    (("report", REFERENCE, "-o"), "错误：选项“-o”需要一个值。"),
    (("score", "--json=yes", REFERENCE), "错误：选项“--json”不带值。"),
]


@pytest.mark.parametrize("args, message", USAGE_ERRORS, ids=[" ".join(map(str, a[0][:2])) for a in USAGE_ERRORS])
def test_usage_errors_are_chinese(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not ENGLISH.search(result.output), ENGLISH.search(result.output)
    assert "Traceback" not in result.output


def test_usage_error_shows_the_usage_and_where_to_find_help():
    out = run("score", "--nope", REFERENCE).output
    assert out.startswith("用法：jixiao score [选项] 文件\n运行“jixiao score --help”查看帮助。\n")


def test_unknown_command_suggests_the_right_one():
    out = run("scor").output
    assert "是否要输入 'score'？" in out and "运行“jixiao --help”查看帮助。" in out


def test_version_is_chinese():
    result = run("--version")
    assert result.exit_code == 0 and result.output.startswith("jixiao，版本 ")
