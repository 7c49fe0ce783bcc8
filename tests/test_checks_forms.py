"""Checks the published forms need (tests/forms/, issue 13): each mistake as a department makes it,
found where a careful reviewer finds it, and nothing raised on the same form written right."""

from decimal import Decimal

import pytest

from test_checks_selfeval import IND, analysed, problems_of

D = Decimal


def coefficient_row(coefficient, score):
    """补贴资金发放及时率 ≥95%, 完成91%, 权重10: 系数 91 / 95 = 95.79%, 得分9.58."""
    return analysed((f"{IND}[3].rule", {"type": "coefficient", "coefficient": coefficient}), (f"{IND}[3].score", score))


def test_a_coefficient_filled_as_100_for_a_missed_target_is_an_error():
    analysis = coefficient_row("100", "10")
    (p,) = problems_of(analysis, "selfeval.coefficient")
    assert p.message == (
        "自评表“补贴资金发放及时率”指标值≥95%，全年完成值91%，得分系数应为95.79%、得分 10 × 95.79% = 9.58分；表中系数填100%、得10分"
    )
    assert p.where.row == "补贴资金发放及时率"
    assert not problems_of(analysis, "selfeval.score")  # said once, by the coefficient


def test_a_score_that_is_not_coefficient_times_weight_is_an_error():
    analysis = coefficient_row("95.79%", "9.5")
    (p,) = problems_of(analysis, "selfeval.coefficient_score")
    assert "得分填写为9.50分，不等于得分系数95.79% × 权重10分 = 9.58分" in p.message
    assert not problems_of(analysis, "selfeval.coefficient")


@pytest.mark.parametrize("coefficient, score", [("95.79", "9.58"), ("95.79%", "9.58")])
def test_a_coefficient_filled_right_raises_nothing(coefficient, score):
    analysis = coefficient_row(coefficient, score)
    codes = {p.code for p in analysis.problems}
    assert not codes & {"selfeval.coefficient", "selfeval.coefficient_score", "selfeval.score"}
    assert analysis.self_scorecard.total.quantize(D("0.01")) == D("95.52")
