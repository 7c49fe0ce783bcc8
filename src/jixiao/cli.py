"""The jixiao command line: the same core functions the web workspace calls."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from rich.console import Console

from .io.load import Loaded, load_path
from .problems import Problem, sort_problems
from .render.json_out import scorecard_json
from .render.text import print_score
from .scoring import score_evaluation
from .selfeval import score_self_evaluation

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


def open_or_exit(path: str) -> Loaded:
    """Load a file, or list every problem and exit 2: bad input never shows a traceback."""
    loaded = load_path(path)
    if not loaded.ok:
        err = console(stderr=True)
        errors = [p for p in loaded.problems if p.severity.value == "error"]
        err.print(f"[red]无法读取评价文件 {path}：发现 {len(errors)} 个错误[/red]")
        print_problems(err, loaded.problems)
        sys.exit(EXIT_BAD_INPUT)
    return loaded


@click.group(help="jixiao（绩效）：预算绩效评价——评分、检查、报告与工作台。")
@click.version_option(package_name="jixiao")
def main() -> None:
    pass


@main.command(help="计算评价文件的全部得分：一级指标汇总、三级指标明细、绩效评级与自评表复核。")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（数值为精确小数字符串）。")
def score(file: str, as_json: bool) -> None:
    loaded = open_or_exit(file)
    ev = loaded.evaluation
    assert ev is not None
    sc = score_evaluation(ev) if ev.indicators else None
    ss = score_self_evaluation(ev)
    if as_json:
        click.echo(json.dumps(scorecard_json(ev, sc, ss), ensure_ascii=False, indent=2))
        return
    out = console()
    print_score(out, ev, sc, ss)
    problems = list(sc.problems if sc else ()) + list(ss.problems if ss else ())
    if problems:
        out.print(f"评分中发现 {len(problems)} 个问题：")
        print_problems(out, problems)


def _register_packages() -> None:
    from .excel.commands import register as register_excel
    from .report.commands import register as register_report
    from .web.commands import register as register_web

    for register in (register_report, register_excel, register_web):
        register(main)


_register_packages()

if __name__ == "__main__":  # pragma: no cover
    main()
