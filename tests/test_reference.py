"""The reference evaluation (total 97.00, 优): every number of the report from its inputs."""

from decimal import Decimal

from jixiao.numbers import fmt
from jixiao.selfeval import score_self_evaluation


def test_total_and_grade(reference_card):
    assert fmt(reference_card.total) == "97.00"
    assert reference_card.grade == "优"
    assert not reference_card.provisional


def test_first_level_subtotals(reference_card):
    got = {r.code: (fmt(r.score), fmt(r.weight), fmt(r.rate)) for r in reference_card.roots}
    assert got == {
        "A": ("13.00", "14.00", "92.86"),
        "B": ("36.00", "36.00", "100.00"),
        "C": ("48.00", "50.00", "96.00"),
    }


def test_second_level_subtotals(reference_card):
    # The report prints 二级指标 weights such as “A4 年度绩效目标 (5分)” and “C2 质量指标 (30分)”.
    assert reference_card.by_code["A4"].weight == 5
    assert reference_card.by_code["B2"].weight == 14
    assert reference_card.by_code["C2"].weight == 30
    assert reference_card.by_code["C2"].score == 28


def test_a42_checklist_item_three_unmet(reference_card):
    a42 = reference_card.by_code["A42"]
    assert a42.score == 2
    assert fmt(a42.rate) == "66.67"
    assert "预期产出为正常的业绩水平" in a42.reason


def test_c23_misreport(reference_card):
    c23 = reference_card.by_code["C23"]
    assert c23.score == 4
    assert "97%" in c23.reason and "97.63%" in c23.reason
    assert "1,153 / (20 + 1,161)" in c23.actual_arithmetic


def test_computed_actuals(reference_card):
    shown = {code: reference_card.by_code[code].actual.base_text() for code in ("B22", "B23", "B42", "C23")}
    assert shown == {"B22": "99.60%", "B23": "0.00%", "B42": "99.98%", "C23": "97.63%"}


def test_c11_deviation_from_verified_figures(reference_card):
    c11 = reference_card.by_code["C11"]
    assert "(25,632 − 24,000) / 24,000 = 6.80%" in c11.arithmetic
    assert "6.67%" not in c11.arithmetic
    assert c11.score == 8


def test_three_public_zero_over_zero_is_full_marks_with_a_note(reference_card):
    b24 = reference_card.by_code["B24"]
    assert b24.score == 3
    assert "均为0" in b24.actual_arithmetic


def test_self_evaluation_recomputes_to_99_96(reference):
    ss = score_self_evaluation(reference)
    assert fmt(ss.funds.score) == "9.96"
    assert fmt(ss.total) == "99.96"
    assert ss.filled_total == Decimal("99.60")
    assert sum(r.score for r in ss.rows) == 90


def test_sample_self_evaluation(sample_self):
    assert fmt(sample_self.total) == "95.52"
    assert sample_self.grade == "优"
    rows = {r.indicator.name: r for r in sample_self.rows}
    assert fmt(rows["补贴资金发放及时率"].score) == "9.58"
    assert fmt(rows["培训后就业率"].score) == "14.25"
    assert rows["培训机构规范化管理水平"].score == 7
    assert fmt(sample_self.funds.score) == "9.69"
    assert sample_self.funds.from_rows
