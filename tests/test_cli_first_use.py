"""The command line on a new user's slips: a missing argument is said in Chinese punctuation, and a
path to review that does not exist is one clear error before anything is reviewed or written."""

from __future__ import annotations

from click.testing import CliRunner

from jixiao.cli import main

from conftest import EXAMPLES


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


def test_review_of_a_path_that_does_not_exist_is_one_error_and_writes_nothing(tmp_path):
    out = tmp_path / "审核结果.xlsx"
    missing = tmp_path / "没有这个文件夹"
    result = run("review", "-o", out, missing)
    assert result.exit_code == 2, result.output
    assert result.output.count("不存在") == 1 and f"错误 {missing}：文件或文件夹不存在" in result.output, result.output
    assert "共审核" not in result.output and "Traceback" not in result.output
    assert not out.exists()

    # beside a real input too: the mistyped path is said at once, before a long review
    form = tmp_path / "表" / "自评.xlsx"
    form.parent.mkdir()
    assert run("export", EXAMPLES / "project-selfeval-sample.yaml", "-o", form).exit_code == 0
    result = run("review", "-o", out, form.parent, missing, "--no-progress")
    assert result.exit_code == 2 and result.output.count("不存在") == 1, result.output
    assert not out.exists()
    result = run("review", "-o", out, form.parent, "--no-progress")
    assert result.exit_code == 0, result.output
    assert "共审核 1 份自评表（1 个工作簿），其中 0 份无法复核" in result.output, result.output
