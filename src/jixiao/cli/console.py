"""The terminal every command writes to: the console, problems as lines, and the exit codes.

Exit codes: 0 done (no error found), 1 `check` found errors, 2 bad input (nothing written).
"""

from __future__ import annotations

import os
import sys
from typing import Iterable, NoReturn

from rich.console import Console

from ..problems import Problem, Severity, sort_problems
from ..sources import Loaded, open_source

EXIT_OK = 0
EXIT_ERRORS_FOUND = 1
EXIT_BAD_INPUT = 2

COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def console(stderr: bool = False) -> Console:
    """Wide output when piped, so Chinese tables are not folded into 80 columns."""
    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", "160"))
    return Console(stderr=stderr, width=width, highlight=False, soft_wrap=False)


def print_problems(out: Console, problems: Iterable[Problem]) -> None:
    for p in sort_problems(problems):
        colour = COLOURS[p.severity]
        out.print(f"[{colour}]{p.severity.label}[/{colour}] ", end="")
        out.print(f"{p.where}：{p.message}", markup=False)


def print_by_severity(out: Console, problems: list[Problem], place=str) -> None:
    """Problems grouped by severity, numbered, each with its place (`place` says it in words), message,
    code and 处理."""
    for severity in Severity:
        group = [p for p in problems if p.severity is severity]
        if not group:
            continue
        colour = COLOURS[severity]
        out.print(f"[{colour}]{severity.label}（{len(group)}）[/{colour}]")
        for i, p in enumerate(group, 1):
            out.print(f"  {i}. {place(p.where)}", markup=False)
            out.print(f"     {p.message}  [{p.code}]", markup=False)
            if p.hint:
                out.print(f"     处理：{p.hint}", markup=False)


def fail(headline: str, problems: Iterable[Problem]) -> NoReturn:
    """Say what is wrong on stderr, every problem on its line, and exit 2."""
    err = console(stderr=True)
    err.print(f"[red]{headline}[/red]")
    print_problems(err, problems)
    sys.exit(EXIT_BAD_INPUT)


def fail_with(message: str) -> NoReturn:
    """One sentence in red on stderr, and exit 2."""
    console(stderr=True).print(f"[red]{message}[/red]", markup=True, highlight=False)
    sys.exit(EXIT_BAD_INPUT)


def error_count(problems: Iterable[Problem]) -> int:
    return sum(1 for p in problems if p.severity is Severity.ERROR)


def report_unreadable(path: str, loaded: Loaded) -> None:
    err = console(stderr=True)
    err.print(f"[red]无法读取评价文件 {path}：发现 {error_count(loaded.problems)} 个错误[/red]")
    print_problems(err, loaded.problems)


def open_or_exit(path: str) -> Loaded:
    """Open a file, or list every problem and exit 2: bad input never shows a traceback."""
    loaded = open_source(path)
    if not loaded.ok:
        report_unreadable(path, loaded)
        sys.exit(EXIT_BAD_INPUT)
    return loaded
