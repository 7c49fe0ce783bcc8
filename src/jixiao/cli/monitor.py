"""`jixiao monitor`: a 绩效运行监控表 against the 预警 rules (the defaults, or a 规则.yaml), each
alert with its arithmetic; and the blank form `jixiao template --monitoring` writes."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import click


def register(group: click.Group) -> None:
    group.add_command(monitor)


def _rules(path: str):
    from ..io.format1_monitoring import RULES_FILE, read_rules
    from ..sources import open_settings
    from .console import fail

    found, problems = read_rules(open_settings(Path(path), path, **RULES_FILE))
    if problems:
        fail(f"预警规则文件 {path} 有误，未检查：", problems)
    return found


def _declared(path: str):
    from .console import fail, open_or_exit

    loaded = open_or_exit(path)
    if loaded.evaluation is None or loaded.evaluation.declaration is None:
        fail(f"{path} 不是绩效目标申报表：无法从中取年度指标值", loaded.problems)
    return loaded.evaluation.declaration


def summary(m) -> str:
    """执行进度 against 时间进度, as the first line says it."""
    from ..model.monitoring import execution_rate, time_progress
    from ..numbers import fmt

    line = m.total
    rate = execution_rate(line) if line is not None else None
    said = f"预算执行进度 {fmt(rate)}%" if rate is not None else "预算执行进度无法计算（缺全年预算数或执行数，或预算数为 0）"
    clock = f"，时间进度 {fmt(time_progress(m.months))}%" if m.months else "，监控期未填（1—N月）"
    name = m.name.text if m.name else "（未填写名称）"
    return f"{name} · {m.period}：{said}{clock}"


@click.command(help="检查绩效运行监控表并给出预警（执行进度落后、超预算、年度目标无法完成、成本超上限、偏差未说明原因），"
               "每条预警附计算过程。有错误退出码为1，文件无法读取为2。")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--rules", "rules_file", type=click.Path(dir_okay=False), default=None, metavar="规则.yaml",
              help="财政局的预警规则（lag_points、unreachable_share 及各项开关），未给出的取默认值。")
@click.option("--declaration", "declared", type=click.Path(dir_okay=False), default=None, metavar="申报表",
              help="本部门的绩效目标申报表：监控表未填的年度指标值按同名指标取自申报表。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出预警列表。")
def monitor(file: str, rules_file: str | None, declared: str | None, as_json: bool) -> None:
    from ..analysis import analyse
    from ..model.monitoring import targets_from
    from ..problems import sort_problems
    from .console import EXIT_BAD_INPUT, EXIT_ERRORS_FOUND, EXIT_OK, console, error_count, open_or_exit
    from .score import print_grouped, with_reading

    rules = _rules(rules_file) if rules_file else None
    loaded = open_or_exit(file)
    ev = loaded.evaluation
    if ev.monitoring is None:
        console(stderr=True).print(f"[red]{file} 不是绩效运行监控表（未找到“全年预算数”“执行数”及含“完成值”的指标表头）[/red]")
        sys.exit(EXIT_BAD_INPUT)
    m = ev.monitoring if rules is None else dataclasses.replace(ev.monitoring, rules=rules)
    if declared:
        m = targets_from(m, _declared(declared))
    analysis = with_reading(loaded, analyse(dataclasses.replace(ev, monitoring=m)))
    if as_json:
        click.echo(json.dumps({"summary": summary(m), "alerts": [p.to_json() for p in sort_problems(analysis.problems)]},
                              ensure_ascii=False, indent=2))
    else:
        out = console()
        out.print(summary(m), markup=False)
        print_grouped(out, file, analysis)
    sys.exit(EXIT_ERRORS_FOUND if error_count(analysis.problems) else EXIT_OK)


def write_template(form: str, output: str, months: int | None, targets: str | None) -> Path:
    """The blank 运行监控表 for 1—months月, its indicators those of a declaration where one is given."""
    from ..excel.monitoring_write import write_monitoring

    declared = _declared(targets) if targets else None
    return write_monitoring(None, Path(output), form=form, months=months, declared=declared)
