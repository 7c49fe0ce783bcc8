"""Format 1's optional `monitoring:` (绩效运行监控表): the form's texts, its 监控期, the funds lines
and the indicators with their annual values and 1–N月完成值, each located at its line or cell.
A 完成值 or 指标值 written as words ("按进度执行") is kept as written; one that starts like a
figure and is none ("NaN%", "1E5人") is refused at its place."""

from __future__ import annotations

import re
from dataclasses import replace

from ..model.monitoring import FORMS, AlertRules, FundsLine, MonitoredIndicator, Monitoring
from ..model.quantity import Level, Quantity, Target
from ..parse.quantity import ParseError, normalize, parse_target, parse_value
from ..parse.tree import Reader
from ..problems import Problem
from .format1_declaration import entry, form_kind

# a value that means to be a figure: it starts with a comparison, a digit, or a word for no figure (NaN)
FIGURE = re.compile(r"^[≥≤＞＜><=±+\-]?\s*(\d|nan|inf)", re.IGNORECASE)


def _lenient(m: Reader, key: str, label: str, parse) -> object | None:
    node = m.child(key)
    text = m.text(key, label)
    if text is None or node is None:
        return None
    try:
        return parse(text)
    except ParseError as exc:
        if FIGURE.match(normalize(text)):
            m._fail(node, "value", f"{label}：{exc}", value=text)
            return None
        return Target(op=None, level=Level(text), raw=text) if parse is parse_target else Level(text)


def _line(m: Reader) -> FundsLine:
    line = FundsLine(
        name=m.text("name", "资金名称", required=True, example="年度资金总额") or "",
        budget=m.decimal("budget", "全年预算数"),
        executed=m.decimal("executed", "1—N月执行数"),
        where=m.where,
        stated_rate=m.percent_or_number("rate", "执行率"),
        budget_at=getattr(m.child("budget"), "where", None),
        executed_at=getattr(m.child("executed"), "where", None),
    )
    m.done()
    return line


def _indicator(m: Reader) -> MonitoredIndicator:
    target = _lenient(m, "target", "年度指标值", parse_target)
    progress = _lenient(m, "progress", "1—N月完成值", parse_value)
    ind = MonitoredIndicator(
        name=m.text("name", "三级指标名称", required=True, example="培训人数") or "",
        where=m.where,
        level1=m.text("level1", "一级指标"),
        level2=m.text("level2", "二级指标"),
        target=target if isinstance(target, Target) else None,
        progress=progress if isinstance(progress, (Quantity, Level)) else None,
        likelihood=m.text("likelihood", "完成可能性"),
        reason=m.text("reason", "偏差原因"),
        measure=m.text("measure", "纠偏措施"),
        target_at=getattr(m.child("target"), "where", None),
        progress_at=getattr(m.child("progress"), "where", None),
    )
    m.done()
    return ind


def monitoring(r: Reader | None, year_of_file: int | None = None) -> Monitoring | None:
    """The monitoring form; its year defaults to the file's (year:)."""
    if r is None:
        return None
    form = form_kind(r, "监控表", FORMS)
    year = r.decimal("year", "年度")
    months = r.decimal("months", "监控期（1—N月的 N）", example="7")
    if months is not None and not (1 <= months <= 12 and months == int(months)):
        r._fail(r.child("months"), "value", f"监控期“1—{months}月”不对：N 应为 1 到 12 的整数", value=months)  # type: ignore[arg-type]
        months = None
    m = Monitoring(
        form=form,
        name=entry(r, "name", "项目名称"),
        months=int(months) if months is not None else None,
        year=int(year) if year is not None else year_of_file,
        department=entry(r, "department", "主管部门"),
        implementer=entry(r, "implementer", "实施单位"),
        funds=r.records("funds", _line, "资金（funds）"),
        unit=r.text("unit", "金额单位") or "万元",
        indicators=r.records("indicators", _indicator, "绩效指标（indicators）"),
        reason=entry(r, "reason", "偏差原因分析"),
        measure=entry(r, "measure", "纠偏措施"),
        where=r.where,
        months_at=getattr(r.child("months"), "where", None),
    )
    r.done()
    return m


# -- the bureau's 预警 rules ------------------------------------------------------------------

RULE_SWITCHES = {"lag": "执行进度落后预警", "unreachable": "年度目标无法完成预警", "cost_over": "成本超上限预警",
                 "over_budget": "超预算执行预警", "reason_missing": "偏差未说明原因预警"}
RULE_THRESHOLDS = {"lag_points": "执行进度落后的预警线（百分点）", "unreachable_share": "目标推算允许的差距（%）"}
# how jixiao.sources.open_settings is asked to open a 规则.yaml: open_settings(path, **RULES_FILE)
RULES_FILE = {"what": "预警规则文件", "keys": {**RULE_THRESHOLDS, **RULE_SWITCHES}, "example": "lag_points: 10"}


def rules(r: Reader | None) -> AlertRules:
    """预警 rules from a mapping (a 规则.yaml): thresholds and switches, each default where not given."""
    base = AlertRules()
    if r is None:
        return base
    values: dict[str, object] = {}
    for key, label in RULE_THRESHOLDS.items():
        value = r.decimal(key, label, example="10")
        if value is not None and not 0 <= value <= 100:
            r._fail(r.child(key), "value", f"{label}“{value}”应在 0 到 100 之间", value=value)  # type: ignore[arg-type]
        elif value is not None:
            values[key] = value
    for key, label in RULE_SWITCHES.items():
        switch = r.boolean(key, label, default=None)
        if switch is not None:
            values[key] = switch
    r.done()
    return replace(base, **values)


def read_rules(settings) -> tuple[AlertRules, list[Problem]]:
    """The rules of a 规则.yaml opened by jixiao.sources.open_settings(…, **RULES_FILE) (its size,
    aliases, depth and keys checked there): the rules, and every problem at its line."""
    problems = list(settings.problems)
    if settings.tree is None:
        return AlertRules(), problems
    return rules(Reader(settings.tree, problems)), problems
