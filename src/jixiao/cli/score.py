"""`jixiao score` and `jixiao check`: the scorecard and the quality-control list of one or more files."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import TYPE_CHECKING

import click

from ..numbers import D, NotANumber
from ..problems import Problem, Severity, sort_problems

if TYPE_CHECKING:
    from rich.console import Console

    from ..analysis import Analysis


def register(group: click.Group) -> None:
    group.add_command(score)
    group.add_command(check)


def counts_line(analysis: Analysis) -> str:
    return "、".join(f"{s.label}{analysis.count(s)}个" for s in Severity)


@click.command(help="计算评价文件的全部得分：一级指标汇总、三级指标明细、绩效评级与自评表复核。")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（数值为精确小数字符串）。")
def score(file: str, as_json: bool) -> None:
    from ..analysis import analyse
    from ..render.json_out import scorecard_json
    from ..render.text import print_score
    from .console import console, open_or_exit

    loaded = open_or_exit(file)
    assert loaded.evaluation is not None
    analysis = with_reading(loaded, analyse(loaded.evaluation))
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


def with_reading(loaded, analysis: Analysis) -> Analysis:
    """The analysis with what the reader said of a file it read (directions inferred, columns not
    used, sheets skipped): a file that loads without errors may still carry warnings and notes."""
    import dataclasses

    if not loaded.problems:
        return analysis
    return dataclasses.replace(analysis, problems=tuple(sort_problems([*loaded.problems, *analysis.problems])))


def _share(ctx: click.Context, param: click.Parameter, value: str) -> object:
    """--overshoot-share as a number; Click names the option in the error."""
    try:
        return D(value.rstrip("%％"))
    except NotANumber:
        raise click.BadParameter(f"“{value}”不是百分比数字，例如 5 或 5%") from None


@click.command(help="检查评价文件中的矛盾与缺漏（质量控制）：按严重程度列出位置、数值与处理办法。"
               "无错误时退出码为0，有错误为1，文件无法读取为2。")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出问题列表。")
@click.option("--overshoot-share", default="5", show_default=True, metavar="百分比", callback=_share,
              help="偏差比例超过此百分比即提示目标设定偏低。")
@click.option("--history", type=click.Path(dir_okay=False), default=None, metavar="上年自评表",
              help="上年的自评表（工作簿或评价文件）：申报表的指标值低于其实际完成值时提示目标设定偏低。")
@click.option("--peers", type=click.Path(file_okay=False), default=None, metavar="文件夹",
              help="同年度其他部门的申报表所在文件夹：同一指标的指标值远离同类部门时提示。")
@click.option("--peer-share", default="20", show_default=True, metavar="百分比", callback=_share,
              help="指标值低于同类部门中位数超过此百分比即提示目标设定偏低。")
def check(files: tuple[str, ...], as_json: bool, overshoot_share: Decimal, history: str | None,
          peers: str | None = None, peer_share: Decimal = Decimal(20)) -> None:
    from ..analysis import analyse
    from ..checks import Settings
    from ..sources import open_source
    from .console import EXIT_BAD_INPUT, EXIT_ERRORS_FOUND, EXIT_OK, console, error_count, report_unreadable

    settings = Settings(overshoot_share=overshoot_share, peer_share=peer_share)
    unreadable = False
    found: list[Problem] = []
    out = console()
    last_year = _last_year(history) if history else ()
    peer_pool = _peer_pool(peers)
    for path in files:
        loaded = _with_history(open_source(path), last_year)
        if peer_pool is not None:
            loaded = with_peers(loaded, peer_pool)
        if not loaded.ok:
            unreadable = True
            if as_json:
                found.extend(loaded.problems)
            else:
                report_unreadable(path, loaded)
            continue
        assert loaded.evaluation is not None
        analysis = with_reading(loaded, analyse(loaded.evaluation, settings))
        found.extend(analysis.problems)
        if not as_json:
            print_grouped(out, path, analysis)
    if as_json:
        click.echo(json.dumps([p.to_json() for p in sort_problems(found)], ensure_ascii=False, indent=2))
    if unreadable:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_ERRORS_FOUND if error_count(found) else EXIT_OK)


def _last_year(path: str) -> tuple:
    """The actual values of last year's 自评表, or exit 2 saying why it cannot be read."""
    from ..model.declaration import history_from
    from ..sources import open_source
    from .console import EXIT_BAD_INPUT, report_unreadable

    loaded = open_source(path)
    se = loaded.evaluation.self_evaluation if loaded.evaluation is not None else None
    if not loaded.ok or se is None:
        report_unreadable(path, loaded)
        sys.exit(EXIT_BAD_INPUT)
    return history_from(se, loaded.evaluation.year)


def _with_history(loaded, last_year: tuple):
    """A declaration checked against last year's 自评表 as well as its own history."""
    import dataclasses

    ev = loaded.evaluation
    if not last_year or ev is None or ev.declaration is None:
        return loaded
    declared = dataclasses.replace(ev.declaration, history=ev.declaration.history + last_year)
    return dataclasses.replace(loaded, evaluation=dataclasses.replace(ev, declaration=declared))


def _peer_pool(folder: str | None) -> list | None:
    from .library import declarations_in

    return declarations_in(folder) if folder else None


def with_peers(loaded, pool: list):
    """A declaration checked against the other departments' declarations of its year."""
    import dataclasses

    from ..model.declaration import peers_from

    ev = loaded.evaluation
    if ev is None or ev.declaration is None:
        return loaded
    declared = dataclasses.replace(ev.declaration, peers=peers_from(pool, ev.declaration))
    return dataclasses.replace(loaded, evaluation=dataclasses.replace(ev, declaration=declared))


def print_grouped(out: Console, path: str, analysis: Analysis) -> None:
    from .console import print_by_severity

    out.print(f"[bold]{path}[/bold]：{counts_line(analysis)}")
    print_by_severity(out, analysis.problems)
    if not analysis.problems:
        out.print("未发现问题。")
