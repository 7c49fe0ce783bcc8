"""Terminal rendering of a scorecard and a self-evaluation, in Chinese (Rich tables)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..analysis import headline_of
from ..model.evaluation import Evaluation
from ..numbers import fmt
from ..scoring import Scorecard
from ..selfeval import SelfScorecard
from .figures import filled_text, rate_text, score_text, weight_text


def summary_table(sc: Scorecard) -> Table:
    """Like the report's 表4-1: 权重 / 得分 / 得分率 per first-level indicator and 合计."""
    table = Table(title="绩效评价得分表", show_lines=False)
    for header in ("一级指标", "权重", "得分", "得分率"):
        table.add_column(header, justify="left" if header == "一级指标" else "right")
    for root in sc.roots:
        table.add_row(f"{root.code} {root.name}", fmt(root.weight), score_text(root.score), rate_text(root.rate))
    table.add_row("合计", fmt(sc.weight), fmt(sc.total), rate_text(sc.rate), style="bold")
    return table


def leaf_table(sc: Scorecard) -> Table:
    table = Table(title="三级指标评分表", show_lines=True)
    for header in ("编码", "指标名称", "权重", "标杆值", "完成值", "得分", "得分率", "扣分原因"):
        table.add_column(header, overflow="fold")
    for leaf in sc.leaves():
        ind = leaf.indicator
        table.add_row(
            leaf.code,
            leaf.name,
            weight_text(ind.weight),
            str(ind.benchmark or ""),
            "" if leaf.actual is None else _shown(leaf.actual),
            score_text(leaf.score),
            rate_text(leaf.rate),
            leaf.reason,
        )
    return table


def _shown(value: object) -> str:
    display = getattr(value, "display", None)
    return display() if display else str(value)


def self_table(ss: SelfScorecard) -> Table:
    table = Table(title="绩效自评表复核（填报得分与复核得分）", show_lines=False)
    for header in ("指标", "指标值", "实际完成值", "分值", "填报得分", "复核得分", "差异"):
        table.add_column(header, overflow="fold", justify="left" if header in ("指标", "指标值", "实际完成值") else "right")
    if ss.funds is not None:
        f = ss.funds
        table.add_row(
            "预算执行率", "", rate_text(f.metric.value), weight_text(f.weight),
            filled_text(f.filled), score_text(f.score), score_difference(f.filled, f.score),
        )
    for row in ss.rows:
        ind = row.indicator
        table.add_row(
            ind.name, str(ind.target or ""), "" if ind.actual is None else str(ind.actual), weight_text(ind.weight),
            filled_text(row.filled), score_text(row.score), score_difference(row.filled, row.score),
        )
    table.add_row(
        "总分", "", "", weight_text(ss.weight), filled_text(ss.filled_total), fmt(ss.total),
        score_difference(ss.filled_total, ss.total), style="bold",
    )
    return table


def _filled_sum(ss: SelfScorecard) -> str:
    total, given, blank = ss.filled_given
    if blank:
        return f"已填写的{given}项得分之和{fmt(total)}分，{blank}项未填写"
    return f"所填各项得分之和{fmt(total)}分"


def score_difference(filled, computed) -> str:
    """Filled minus recomputed score as the 差异 column shows it; empty where either is missing or they agree."""
    if filled is None or computed is None:
        return ""
    gap = filled - computed
    return "" if fmt(gap) in ("0.00", "-0.00") else fmt(gap)


def print_score(console: Console, ev: Evaluation, sc: Scorecard | None, ss: SelfScorecard | None) -> None:
    console.print(f"[bold]{ev.title or ev.subject_name}[/bold]（{ev.kind_label}）")
    if sc is not None and sc.roots:
        console.print(summary_table(sc))
        head = headline_of(sc, None)
        console.print(f"总得分：[bold]{head.total_text}[/bold]分，绩效评级：[bold]{head.grade}[/bold]{head.mark}")
        console.print(leaf_table(sc))
        console.print("[bold]评分过程[/bold]")
        for leaf in sc.leaves():
            console.print(f"{leaf.code} {leaf.name}：", end="")
            if leaf.actual_arithmetic:
                console.print(f"{leaf.actual_arithmetic}；", end="", markup=False)
            console.print(leaf.arithmetic, markup=False)
    if ss is not None:
        console.print(self_table(ss))
        head = headline_of(None, ss)
        filled = f"填报{fmt(ss.filled_total)}分" if ss.filled_total is not None else f"填报总分未填写（{_filled_sum(ss)}）"
        console.print(f"自评总分：{filled}，复核{head.total_text}分，复核评级：{head.grade_text}")
        if ss.funds is not None:
            console.print(f"预算执行率得分：{ss.funds.arithmetic}", markup=False)
        for row in ss.rows:
            if row.score != row.indicator.weight:
                console.print(f"{row.indicator.name}：{row.arithmetic}", markup=False)
