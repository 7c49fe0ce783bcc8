"""The command line on a new user's slips: a missing argument is said in Chinese punctuation, and a
path to review that does not exist is one clear error before anything is reviewed or written."""

from __future__ import annotations

from click.testing import CliRunner

from jixiao.cli import main



def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="jixiao", terminal_width=100)


def test_missing_argument_and_option_are_said_with_chinese_quotes_and_full_stop(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = run("score").output
    assert "错误：缺少参数“文件”。" in out and "'文件'" not in out, out
    out = run("review", "表.xlsx").output
    assert "错误：缺少选项“-o”/“--output”。" in out and "'" not in out, out
    out = run("review", "-o", "x.xlsx").output
    assert "错误：缺少参数“工作簿或文件夹...”。" in out, out
