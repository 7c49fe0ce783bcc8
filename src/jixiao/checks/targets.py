"""Targets (绩效目标): the 绩效目标表 and the indicators' 标杆值 agree; units agree between target
and actual; targets met by a wide margin are flagged as set too low (目标设定偏低), and full marks
for a target missed by a wide margin are flagged too."""

from __future__ import annotations

from functools import partial
from typing import Callable, Iterator

from ..model.indicators import Indicator, walk_all
from ..model.quantity import Quantity, Target
from ..numbers import fmt, fmt_plain
from ..problems import Problem, Source, error, warning
from .base import Context, Family, check, deviation

FAMILY = Family(
    "targets", "绩效目标",
    {
        "targets.benchmark": "绩效目标表的目标值与同名指标的标杆值不符",
        "targets.unit": "标杆值与完成值单位不一致",
        "targets.too_low": "完成值远超目标，目标设定偏低",
        "targets.full_marks_missed": "目标未完成较多却得满分",
    },
)


def same_target(a: Target, b: Target) -> bool:
    """Equal in meaning: ≥2.4万人 and ≥24000人 are the same target."""
    if a.quantity is None or b.quantity is None:
        return (a.level and a.level.text) == (b.level and b.level.text) and a.quantity is b.quantity
    return a.op == b.op and a.quantity.value == b.quantity.value and a.quantity.unit == b.quantity.unit


def leaves_by_name(roots: tuple[Indicator, ...]) -> dict[str, Indicator]:
    return {node.name: node for _, node in walk_all(roots) if node.is_leaf}


@check
def targets_table(ctx: Context) -> Iterator[Problem]:
    """Each row of the 绩效目标表 has the same target as the indicator of the same name."""
    leaves = leaves_by_name(ctx.ev.indicators)
    for row in ctx.ev.targets:
        leaf = leaves.get(row.name)
        if leaf is None or leaf.benchmark is None:
            continue
        if not same_target(row.target, leaf.benchmark):
            yield error(
                "targets.benchmark",
                f"绩效目标表中“{row.name}”的目标值为{row.target}，指标{leaf.code}的标杆值为{leaf.benchmark}，两者不一致",
                row.where.with_(table="绩效目标表", row=row.name, indicator=leaf.code),
                target=row.target,
                benchmark=leaf.benchmark,
                hint="以批复的绩效目标表为准，统一标杆值与目标值",
            )


@check
def targets_units(ctx: Context) -> Iterator[Problem]:
    """A scored leaf's target and actual are in the same unit (unscored leaves already say why)."""
    if ctx.sc is None:
        return
    for leaf in ctx.sc.leaves():
        bench = leaf.indicator.benchmark
        if not leaf.scored or bench is None or bench.quantity is None or not isinstance(leaf.actual, Quantity):
            continue
        a, t = leaf.actual.unit, bench.quantity.unit
        if a and t and a != t:
            yield error(
                "targets.unit",
                f"{leaf.code} {leaf.name}：标杆值{bench}的单位“{t}”与完成值{leaf.actual.display()}的单位“{a}”不同",
                leaf.indicator.where.with_(indicator=leaf.code),
                benchmark_unit=t,
                actual_unit=a,
                hint="统一计量单位后再比较",
            )


def _setting(
    ctx: Context, label: str, place: Callable[[], Source], target: Target | None, actual, score, weight, *, completion: bool
) -> Iterator[Problem]:
    """place makes the problem's location, only where there is one (a form of a bulk review has dozens of rows)."""
    if target is None or not isinstance(actual, Quantity) or target.quantity is None:
        return
    if target.quantity.unit and actual.unit and target.quantity.unit != actual.unit:
        return
    dev = deviation(actual, target)
    if dev is None:
        return
    share = ctx.settings.overshoot_share
    if completion and target.op in (">=", ">") and dev > share:
        yield warning(
            "targets.too_low",
            f"{label}：完成值{actual.display()}超出目标值{target}，偏差比例 = ({_n(actual)} − {_n(target.quantity)}) / "
            f"{_n(target.quantity)} = {fmt(dev)}%，超过{fmt_plain(share)}%，目标设定偏低",
            place(),
            deviation=dev,
            share=share,
            hint="结合历史完成数据与年度工作任务科学设定目标值；评价时按评分标准考虑是否扣分",
        )
    if dev < -ctx.settings.shortfall_share and target.op in (">=", ">", "=") and score is not None and score >= weight:
        yield warning(
            "targets.full_marks_missed",
            f"{label}：完成值{actual.display()}比目标值{target}低{fmt(-dev)}%，却得满分{fmt_plain(weight)}分",
            place(),
            deviation=dev,
            score=score,
            hint="核实评分：未完成目标时应按评分标准扣分",
        )


def _n(q: Quantity) -> str:
    text = q.base_text()
    return text[: -len(q.unit)] if q.unit and not q.is_percent else text


@check
def target_setting(ctx: Context) -> Iterator[Problem]:
    """Completion targets set too low, and missed targets with full marks, in the tree and the
    self-evaluation (whose default rule is completion)."""
    if ctx.sc is not None:
        for leaf in ctx.sc.leaves():
            ind = leaf.indicator
            yield from _setting(
                ctx, f"{leaf.code} {leaf.name}", partial(ind.where.with_, indicator=leaf.code),
                ind.benchmark, leaf.actual, leaf.score, leaf.weight,
                completion=ind.rule is not None and ind.rule.type == "completion",
            )
    if ctx.ss is not None:
        tree = {leaf.name for leaf in ctx.sc.leaves()} if ctx.sc is not None else set()
        for row in ctx.ss.rows:
            ind = row.indicator
            if ind.name in tree:
                continue  # the evaluation's own verified figures were checked above
            yield from _setting(
                ctx, f"自评表“{ind.name}”", partial(getattr, ind, "place"),
                ind.target, ind.actual, ind.score, ind.weight,
                completion=ind.rule is None or ind.rule.type == "completion",
            )

