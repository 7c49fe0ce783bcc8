"""The figures every door shows come from one place: counts by severity, 得分率, 执行率, 偏差比例."""

from __future__ import annotations

from decimal import Decimal as D

from jixiao.analysis import analyse
from jixiao.metrics.base import deviation, score_rate
from jixiao.metrics.budget import execution_percent
from jixiao.problems import Severity


def test_analysis_counts_problems_by_severity(reference):
    a = analyse(reference)
    assert (a.errors, a.warnings, a.notes) == tuple(a.count(s) for s in Severity)
    assert a.errors + a.warnings + a.notes == len(a.problems)


def test_rates_are_percent_and_unassessed_or_zero_weight_is_no_rate():
    assert score_rate(D("9"), D("10")) == D("90")
    assert score_rate(None, D("10")) is None  # not scored: no 得分率, never 0%
    assert score_rate(D("0"), D("0")) is None
    assert execution_percent(D("31450.44"), D("31577.79")).quantize(D("0.01")) == D("99.60")
    assert execution_percent(D("1"), D("0")) is None
    assert deviation(D("130"), D("100")) == D("30")
    assert deviation(D("5"), D("0")) is None


def test_score_rates_shown_are_the_one_function(reference_card, sample_self):
    for leaf in reference_card.leaves():
        assert leaf.rate == score_rate(leaf.score, leaf.weight)
    assert reference_card.rate == score_rate(reference_card.total, reference_card.weight)
