"""The jixiao command line: the same core functions the web workspace calls."""

from __future__ import annotations

import json
import os
import sys

import click
from rich.console import Console

from .analysis import Analysis, analyse
from .checks import Settings
from .io.load import Loaded, load_path
from .numbers import D, NotANumber
from .problems import Problem, Severity, sort_problems
from .render.json_out import scorecard_json
from .render.text import print_score

EXIT_BAD_INPUT = 2


def console(stderr: bool = False) -> Console:
    """Wide output when piped, so Chinese tables are not folded into 80 columns."""
    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", "160"))
    return Console(stderr=stderr, width=width, highlight=False, soft_wrap=False)


def print_problems(out: Console, problems: list[Problem] | tuple[Problem, ...]) -> None:
    for p in sort_problems(problems):
        colour = {"error": "red", "warning": "yellow", "info": "cyan"}[p.severity.value]
        out.print(f"[{colour}]{p.severity.label}[/{colour}] ", end="")
        out.print(f"{p.where}：{p.message}", markup=False)


def report_unreadable(path: str, loaded: Loaded) -> None:
    err = console(stderr=True)
    errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
    err.print(f"[red]无法读取评价文件 {path}：发现 {len(errors)} 个错误[/red]")
    print_problems(err, loaded.problems)


def open_or_exit(path: str) -> Loaded:
    """Load a file, or list every problem and exit 2: bad input never shows a traceback."""
    loaded = load_path(path)
    if not loaded.ok:
        report_unreadable(path, loaded)
        sys.exit(EXIT_BAD_INPUT)
    return loaded


def counts_line(analysis: Analysis) -> str:
    return "、".join(f"{s.label}{analysis.count(s)}个" for s in Severity)


@click.group(help="jixiao（绩效）：预算绩效评价——评分、检查、报告与工作台。")
@click.version_option(package_name="jixiao")
def main() -> None:
    pass


@main.command(help="计算评价文件的全部得分：一级指标汇总、三级指标明细、绩效评级与自评表复核。")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（数值为精确小数字符串）。")
def score(file: str, as_json: bool) -> None:
    loaded = open_or_exit(file)
    assert loaded.evaluation is not None
    analysis = analyse(loaded.evaluation)
    ev, sc, ss = analysis.evaluation, analysis.scorecard, analysis.self_scorecard
    if as_json:
        data = scorecard_json(ev, sc, ss)
        data["problem_counts"] = {s.value: analysis.count(s) for s in Severity}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    out = console()
    print_score(out, ev, sc, ss)
    if analysis.problems:
        out.print(f"检查发现：{counts_line(analysis)}。运行 jixiao check {file} 查看详情。", markup=False)


def _share(value: str) -> object:
    try:
        return D(value.rstrip("%％"))
    except NotANumber:
        raise click.BadParameter(f"“{value}”不是百分比数字，例如 5 或 5%") from None


@main.command(help="检查评价文件中的矛盾与缺漏（质量控制）：按严重程度列出位置、数值与处理办法。"
              "无错误时退出码为0，有错误为1，文件无法读取为2。")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出问题列表。")
@click.option("--overshoot-share", default="5", show_default=True, help="偏差比例超过此百分比即提示目标设定偏低。")
def check(files: tuple[str, ...], as_json: bool, overshoot_share: str) -> None:
    settings = Settings(overshoot_share=_share(overshoot_share))  # type: ignore[arg-type]
    unreadable = False
    found: list[Problem] = []
    out = console()
    for path in files:
        loaded = load_path(path)
        if not loaded.ok:
            unreadable = True
            if as_json:
                found.extend(loaded.problems)
            else:
                report_unreadable(path, loaded)
            continue
        assert loaded.evaluation is not None
        analysis = analyse(loaded.evaluation, settings)
        found.extend(analysis.problems)
        if not as_json:
            print_grouped(out, path, analysis)
    if as_json:
        click.echo(json.dumps([p.to_json() for p in sort_problems(found)], ensure_ascii=False, indent=2))
    if unreadable:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(1 if any(p.severity is Severity.ERROR for p in found) else 0)


def print_grouped(out: Console, path: str, analysis: Analysis) -> None:
    out.print(f"[bold]{path}[/bold]：{counts_line(analysis)}")
    for severity in Severity:
        group = [p for p in analysis.problems if p.severity is severity]
        if not group:
            continue
        colour = {"error": "red", "warning": "yellow", "info": "cyan"}[severity.value]
        out.print(f"[{colour}]{severity.label}（{len(group)}）[/{colour}]")
        for i, p in enumerate(group, 1):
            out.print(f"  {i}. {p.where}", markup=False)
            out.print(f"     {p.message}  [{p.code}]", markup=False)
            if p.hint:
                out.print(f"     处理：{p.hint}", markup=False)
    if not analysis.problems:
        out.print("未发现问题。")


def _register_packages() -> None:
    from .excel.commands import register as register_excel
    from .report.commands import register as register_report
    from .web.commands import register as register_web

    for register in (register_report, register_excel, register_web):
        register(main)


_register_packages()

if __name__ == "__main__":  # pragma: no cover
    main()
