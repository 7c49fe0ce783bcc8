"""Each rule type on its own: score, arithmetic and 扣分原因 as a user reads them."""

from decimal import Decimal

from jixiao.model.quantity import Level
from jixiao.parse.quantity import parse_quantity, parse_target
from jixiao.rules import band, checklist, completion, deduct, levels, manual, ratio, step, threshold, tiers
from jixiao.rules.base import RuleInput

D = Decimal


def leaf(weight, actual=None, benchmark=None, reported=None, given=None, reason=None):
    value = actual
    if isinstance(actual, str):
        value = parse_quantity(actual) if any(c.isdigit() for c in actual) else Level(actual)
    return RuleInput(
        code="X1",
        name="测试指标",
        weight=D(weight),
        benchmark=parse_target(benchmark) if benchmark else None,
        actual=value,
        reported=parse_quantity(reported) if reported else None,
        given_score=D(given) if given is not None else None,
        given_reason=reason,
    )


OVERSHOOT = (
    completion.Band(upto=D(10), deduct=D(0)),
    completion.Band(upto=D(20), per_point=D(1)),
    completion.Band(upto=None, score=D(0)),
)
COMPLETION = completion.Params(overshoot=OVERSHOOT, misreport=D(2))


def test_levels():
    p = levels.Params((("明确", D(2)), ("职责不清晰", D(1)), ("未进行职责分解", D(0))))
    assert levels.score(p, leaf(2, "明确")).score == 2
    r = levels.score(p, leaf(2, "职责不清晰"))
    assert r.score == 1 and "职责不清晰" in r.reason
    assert levels.score(p, leaf(2, "不知道")).score is None
    assert levels.full_marks(p) == 2


def test_deduct_per_finding_with_floor_and_veto():
    p = deduct.Params(per_item=D("0.5"), findings=(deduct.DeductionItem("制度缺失"), deduct.DeductionItem("未公开")))
    r = deduct.score(p, leaf(4))
    assert r.score == 3 and "制度缺失" in r.reason and "2项 × 0.5分" in r.arithmetic
    many = deduct.Params(per_item=D(1), findings=tuple(deduct.DeductionItem(f"问题{i}") for i in range(5)))
    assert deduct.score(many, leaf(3)).score == 0
    assert deduct.score(deduct.Params(per_item=D("0.5"), veto=True), leaf(3)).score == 0
    assert deduct.score(deduct.Params(per_item=D("0.5")), leaf(3)).reason == ""


def test_checklist_names_the_unmet_item():
    p = checklist.Params(
        (
            checklist.Item("有部门整体支出绩效目标", D(1), True),
            checklist.Item("绩效目标与部门职能具有相关性", D(1), True),
            checklist.Item("预期产出为正常的业绩水平", D(1), False, "指标值设置偏低"),
        )
    )
    r = checklist.score(p, leaf(3))
    assert r.score == 2
    assert "第3项" in r.reason and "指标值设置偏低" in r.reason
    assert checklist.full_marks(p) == 3


def test_step_deducts_per_point_below():
    p = step.Params(full_at=D(95), per_point=D("0.1"))
    assert step.score(p, leaf(4, "99.60%")).score == 4
    r = step.score(p, leaf(4, "90%"))
    assert r.score == D("3.5") and r.reason
    assert step.score(p, leaf(4, "10%")).score == 0  # 扣完为止
    assert step.score(p, leaf(4, "明确")).score is None


def test_band_caps_the_deduction():
    p = band.Params(limit=D(10), per_point=D("0.1"), max_deduct=D(2))
    assert band.score(p, leaf(3, "0.00%")).score == 3
    assert band.score(p, leaf(3, "-8%")).score == 3
    assert band.score(p, leaf(3, "15%")).score == D("2.5")
    assert band.score(p, leaf(3, "60%")).score == 1  # at most 2 deducted


def test_threshold():
    p = threshold.Params()
    assert threshold.score(p, leaf(3, "99.98%", "≥90%")).score == 3
    r = threshold.score(p, leaf(3, "89%", "≥90%"))
    assert r.score == 0 and "未达到" in r.reason
    assert threshold.score(p, leaf(3, "25632人", "≥90%")).score is None  # 人 vs %: stated, not compared


def test_completion_shortfall_overshoot_and_misreport():
    assert completion.score(COMPLETION, leaf(8, "25632人", "≥2.4万人", "2.56万人")).score == 8
    short = completion.score(COMPLETION, leaf(10, "91%", "≥95%"))
    assert f"{short.score:.2f}" == "9.58"
    over = completion.score(COMPLETION, leaf(8, "27600人", "≥2.4万人"))  # 15% over: 5 points
    assert over.score == 3 and "目标设定偏低" in over.reason
    assert completion.score(COMPLETION, leaf(8, "30000人", "≥2.4万人")).score == 0  # > 20%
    mis = completion.score(COMPLETION, leaf(6, "97.63%", "≥97%", "97%"))
    assert mis.score == 4
    assert "97%" in mis.reason and "97.63%" in mis.reason


def test_completion_le_and_eq_targets():
    p = completion.Params()
    assert completion.score(p, leaf(10, "1490.77元/人次", "≤1500元/人次")).score == 10
    assert completion.score(p, leaf(10, "2000元/人次", "≤1500元/人次")).score == D("7.5")
    assert completion.score(p, leaf(5, "1个", "=2个")).score == D("2.5")
    assert completion.score(p, leaf(5, "4个", "=2个")).score == D("2.5")


def test_completion_falsified_and_units():
    assert completion.score(completion.Params(falsified=True), leaf(8, "25632人", "≥2.4万人")).score == 0
    r = completion.score(COMPLETION, leaf(8, "25632人次", "≥2.4万人"))
    assert r.score is None and "单位" in r.arithmetic


def test_ratio():
    r = ratio.score(ratio.Params(), leaf(10, "96.90%"))
    assert r.score == D("9.6900")
    assert ratio.score(ratio.Params(), leaf(10, "120%")).score == 10


def test_tiers_score_must_fall_in_the_tier():
    ok = tiers.score(tiers.Params(), leaf(10, "部分达成预期指标", given=7))
    assert ok.score == 7 and not ok.problems
    out = tiers.score(tiers.Params(), leaf(10, "部分达成预期指标", given=9))
    assert out.problems and "6–8" in out.problems[0].message
    assert tiers.score(tiers.Params(), leaf(10, "达成预期指标")).score is None  # no score given


def test_manual_requires_a_reason():
    assert manual.score(manual.Params(D(2), "资料不全"), leaf(3)).score == 2
    assert manual.score(manual.Params(D(2)), leaf(3)).score is None
    assert manual.score(manual.Params(D(5), "超出"), leaf(3)).score is None
