"""Chapter 四 评价结论 (and the 摘要's score table): the score by first-level indicator and its chart."""

from __future__ import annotations

from dataclasses import dataclass

from ...analysis import headline_of
from ...model.evaluation import Evaluation
from ...numbers import fmt
from ...render.figures import rate_text, score_text
from ...scoring import Scorecard
from .analysis import ScoreTotal
from .common import kind_short, short_name, year_text


@dataclass(frozen=True)
class SummaryRow:
    name: str
    weight: str
    score: str
    rate: str


@dataclass(frozen=True)
class Summary:
    rows: tuple[SummaryRow, ...]
    total: ScoreTotal
    score: str
    grade: str
    provisional: bool
    sentence: str


@dataclass(frozen=True)
class Chart:
    """The bar chart of the first-level indicators' 得分率."""

    title: str
    labels: tuple[str, ...]
    rates: tuple[str, ...]


def summary_of(ev: Evaluation, sc: Scorecard) -> Summary:
    rows = tuple(
        SummaryRow(f"{i}. {r.name}类", fmt(r.weight), score_text(r.score), rate_text(r.rate))
        for i, r in enumerate(sc.roots, start=1)
    )
    headline = headline_of(sc, None)
    return Summary(
        rows=rows,
        total=ScoreTotal(fmt(sc.weight), fmt(sc.total), rate_text(sc.rate)),
        score=fmt(sc.total),
        grade=headline.grade_text,
        provisional=sc.provisional,
        sentence=(
            f"根据{ev.kind_label}指标体系及评分标准，通过数据采集、访谈等方法，对{short_name(ev)}"
            f"{year_text(ev)}{kind_short(ev)}绩效进行客观评价，最终评分结果：总得分为{headline.total_text}分，"
            f"绩效评级为“{sc.grade}”{headline.mark}。指标评分具体情况详见附件1，各部分权重和绩效分值详见下表。"
        ),
    )


def chart_of(sc: Scorecard) -> Chart:
    return Chart(
        title="一级指标得分率",
        labels=tuple(r.name for r in sc.roots),
        rates=tuple(rate_text(r.rate) for r in sc.roots),
    )
