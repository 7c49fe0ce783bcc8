"""The terminal every command writes to: the console, problems as lines, exit code 2 for bad input.

Command modules (jixiao.cli, jixiao.excel.commands, jixiao.report.commands, the review)
share these without importing the command group itself.
"""

from __future__ import annotations

import os
import sys

from rich.console import Console

from .io.load import Loaded
from .problems import Problem, Severity, sort_problems
from .sources import open_source

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
    loaded = open_source(path)
    if not loaded.ok:
        report_unreadable(path, loaded)
        sys.exit(EXIT_BAD_INPUT)
    return loaded
