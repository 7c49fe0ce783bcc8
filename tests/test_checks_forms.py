"""Checks the published forms need (tests/forms/, issue 13): each mistake as a department makes it,
found where a careful reviewer finds it, and nothing raised on the same form written right."""

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.excel.review import review_file
from jixiao.excel.safety import Limits

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


FORMS = Path(__file__).parent / "forms"


def reviewed(folder):
    (result,) = review_file(FORMS / folder / "form.xlsx", Limits.from_env())
    return result


@pytest.mark.parametrize("folder, parts, total", [
    ("anhui-chizhou-cunji", "“其中:本年财政拨款”一行填有202.64/132.912/132.912", 80),
    ("anhui-chizhou-weituo", "“其中:本年财政拨款”一行填有90/89.974/89.974", 90),
])
def test_a_funds_total_left_0_0_is_recomputed_from_its_parts(folder, parts, total):
    result = reviewed(folder)
    (p,) = [p for p in result.problems if p.code == "selfeval.funds_total_blank"]
    assert p.where.cell == "B7" and p.severity.name == "ERROR"
    assert f"“年度资金总额”一行为0/0/0，而{parts}" in p.message
    assert p.message.endswith("= 100.00%，得分10.00分，与填报的0分不符")
    # said once: not again as four sums that differ and a funds line left unscored
    assert not [p for p in result.problems if p.code in ("selfeval.funds_rows", "selfeval.funds_score", "score.not_scored")]
    assert result.total == total


def test_a_blank_funds_total_in_a_yaml_form_is_recomputed_too():
    blank = [(f"self_evaluation.funds.rows[0].{c}", None) for c in ("initial", "adjusted", "spent", "rate")]
    analysis = analysed(*blank)
    (p,) = problems_of(analysis, "selfeval.funds_total_blank")
    assert "“年度资金总额”一行为—/—/—" in p.message and "465.12 / 480.00 × 100% = 96.90%，得分9.69分" in p.message
    assert analysis.self_scorecard.total.quantize(D("0.01")) == D("95.52")


def test_a_funds_total_that_is_filled_is_not_replaced_by_its_parts():
    analysis = analysed(("self_evaluation.funds.rows[0].spent", "0"))  # spent 0 of 480: a real 0%
    assert not problems_of(analysis, "selfeval.funds_total_blank")
    assert analysis.self_scorecard.funds.score == 0
