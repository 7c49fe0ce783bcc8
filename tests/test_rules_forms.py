"""Rule types the published forms use (tests/forms/): 得分系数 × 权重, ceilings, numeric bands,
configurable tiers, either of two figures — each scored as the form's 评分标准 says."""

from decimal import Decimal

import pytest

from jixiao.model.quantity import Quantity
from jixiao.parse.quantity import parse_target
from jixiao.rules import RULES, brackets, coefficient, either, levels, rule_type, step, summed, tiers

from test_checks_selfeval import IND, analysed
from test_rules import leaf

D = Decimal


def test_coefficient_is_the_degree_of_completion_times_the_weight():
    # 政府采购执行率 (chongqing-kexuecheng-rongmeiti 表1!H16:J16): 指标值100%, 完成72.74%, 权重2
    r = coefficient.score(coefficient.Params(D(100)), leaf(2, "72.74%", "≥100%"))
    assert r.score.quantize(D("0.01")) == D("1.45")
    assert r.arithmetic.endswith("得分系数为72.74%（得分 = 72.74% × 2 = 1.45分）")


def test_coefficient_of_a_met_ceiling_and_of_a_qualitative_row():
    # 财政供养人员控制率 ≤100%, 92%: met, 系数100%; 预算调整率 ≤3%, 0: met (no division by 0)
    assert coefficient.score(coefficient.Params(D(100)), leaf(2, "92%", "≤100%")).score == 2
    assert coefficient.score(coefficient.Params(D(100)), leaf(2, "0%", "≤3%")).score == 2
    # 管理制度健全性 高 / 高, 系数100% × 3分: the filled 系数 gives the points of the tier
    r = coefficient.score(coefficient.Params(D(100)), leaf(3, "高", "高"))
    assert r.score == 3 and not r.problems


def test_coefficient_without_figures_is_unassessed_not_its_filled_coefficient():
    # “三公”经费变动率: no 指标值, no 完成值, 系数100% filled — nothing to recompute from
    r = coefficient.score(coefficient.Params(D(100)), leaf(2))
    assert r.score is None and r.problems[0].code == "score.not_scored"


def test_coefficient_from_a_cell_as_the_reader_gives_it():
    assert coefficient.params_of({"coefficient": "１００"}).coefficient == 100  # full-width, a % column
    assert coefficient.params_of({"coefficient": "72.74%"}).coefficient == D("72.74")
    assert coefficient.params_of({"coefficient": " "}) == coefficient.Params()
    r = coefficient.score({"coefficient": "满分"}, leaf(2, "100%", "≥90%"))
    assert r.score == 2
    assert [p.code for p in r.problems] == ["input.number"] and "得分系数“满分”不是百分比" in r.problems[0].message


def test_coefficient_is_registered_by_its_label():
    assert RULES["coefficient"] is coefficient
    assert rule_type("得分系数") == "coefficient"


def test_a_ceiling_deducts_per_point_over_down_to_0():
    # 在职人员控制率: 以100%为标准，≦100%计5分；每超过一个百分点扣0.5分，扣完为止
    p = step.Params(D(100), D("0.5"), ceiling=True)
    assert step.score(p, leaf(5, "98%")).score == 5
    r = step.score(p, leaf(5, "103.5%"))
    assert r.score == D("3.25") and r.arithmetic == "103.5% > 100%，超3.50个百分点 × 0.5分 = 1.75分；得分 = 5 − 1.75 = 3.25分"
    assert r.reason == "103.5%超过100%，每超1个百分点扣0.5分"
    assert step.score(p, leaf(5, "120%")).score == 0  # 扣完为止
    # “三公经费”变动率 ≦0: 每超过一个百分点扣0.5分
    assert step.score(step.Params(D(0), D("0.5"), ceiling=True), leaf(5, "-3%")).score == 5


def test_the_floor_rule_reads_as_before():
    r = step.score(step.Params(D(95), D("0.1")), leaf(3, "92.5%"))
    assert r.score == D("2.75") and r.reason == "92.5%低于95%，每低1个百分点扣0.1分"


BANDS = brackets.Params(tuple((parse_target(t), D(v)) for t, v in (("≥90%", 5), ("≥80%", 4), ("≥70%", 3), ("≥60%", 2), ("<60%", 0))))


def test_numeric_brackets_give_the_points_of_the_first_reached():
    # 重点支出安排率 ≥90% 5分; 80%（含）–90% 4分; … 低于60%不得分
    assert [brackets.score(BANDS, leaf(5, a)).score for a in ("93%", "90%", "89.9%", "80%", "65%", "59%")] == [5, 5, 4, 4, 2, 0]
    assert brackets.full_marks(BANDS) == 5
    r = brackets.score(BANDS, leaf(5, "85%"))
    assert r.arithmetic == "85%，在“≥80%”一段，得4分" and r.reason == "85%在“≥80%”一段，得4分"
    assert brackets.score(BANDS, leaf(5, "85人")).problems[0].code == "score.unit_mismatch"


def test_brackets_as_a_clerk_writes_them_in_a_form():
    analysis = analysed((f"{IND}[3].rule", {"type": "brackets", "brackets": {"≥95%": 10, "≥90%": 8, "＜90%": 0}}),
                        (f"{IND}[3].score", "8"))
    row = analysis.self_scorecard.rows[3]
    assert row.score == 8 and "在“≥90%”一段" in row.arithmetic
    assert not [p for p in analysis.problems if p.code == "selfeval.score"]


def test_categorical_states_are_levels():
    # 资金结余: 无结余 3分；有结余但不超过上年结转 2分；结余超过上年结转 不得分 — a `levels` rule, no new type
    p = levels.Params((("无结余", D(3)), ("有结余但不超过上年结转", D(2)), ("结余超过上年结转", D(0))))
    assert [levels.score(p, leaf(3, s)).score for s in ("无结余", "有结余但不超过上年结转", "结余超过上年结转")] == [3, 2, 0]


def test_tier_bounds_may_be_set_as_the_form_prints_them():
    assert tiers.tiers_from("100-80-50-0") == tiers.tiers_from("80%、50%") == tiers.tiers_from("８０％，５０％")
    p = tiers.Params(None, tiers.tiers_from("80%、50%"))
    assert tiers.score(p, leaf(10, "部分达成预期指标", given=5)).problems == ()  # 50% of 10 is in 80–50
    assert tiers.score(tiers.Params(), leaf(10, "部分达成预期指标", given=5)).problems[0].code == "score.tier_range"
    assert tiers.tiers_from("50%、80%") is None and tiers.tiers_from("很高") is None
    analysis = analysed((f"{IND}[6].rule", {"type": "tiers", "splits": "90%、40%"}), (f"{IND}[6].score", "5"))
    assert not [p for p in analysis.problems if p.code == "score.tier_range"]  # 5 of 10 in 部分达成 90–40


def test_a_tier_bound_that_is_no_bound_is_refused_at_its_place():
    from jixiao.io.document import load_plain, set_path
    from test_checks_selfeval import sample_doc

    doc = sample_doc()
    set_path(doc, f"{IND}[6].rule", {"type": "tiers", "splits": "八成"})
    loaded = load_plain(doc, "sample.yaml")
    (p,) = [p for p in loaded.problems if p.code == "input.number"]
    assert "分档界限（splits）“八成”应为两个百分比，由高到低，如 80%、50%" in p.message


def test_either_of_two_figures_counts_the_better_or_the_one_with_data():
    p = either.Params("结转结余变动率", D(-5), parse_target("≤0"))
    r = either.score(p, leaf(4, "12%", "≤10%"))  # 结转结余率 12% of ≤10%: 10/12 × 4 = 3.33; 变动率 −5% ≤ 0: 4
    assert r.score == 4 and "二者择其一，取较高的结转结余变动率，得4分" in r.arithmetic
    alone = either.score(either.Params("结转结余变动率"), leaf(4, "12%", "≤10%"))
    assert alone.score.quantize(D("0.01")) == D("3.33") and alone.arithmetic.endswith("结转结余变动率没有数据，按测试指标计分")
    assert either.score(either.Params("结转结余变动率"), leaf(4)).score is None


def test_summed_parts_are_scored_once_on_their_total():
    parts = summed.Params((("城区", Quantity(D(1200), "人")), ("乡镇", Quantity(D(-700), "人"))))
    r = summed.score(parts, leaf(10, None, "≥2000人"))
    assert r.score == D("9.5") and r.arithmetic.startswith("先汇总完成数：1,200人 + 700人 = 1900.00人")
    rates = summed.Params((("城区", Quantity(D(98), "%")), ("乡镇", Quantity(D(88), "%"))), (("城区", D(300)), ("乡镇", D(100))))
    r = summed.score(rates, leaf(10, None, "≥95%"))  # (98 × 300 + 88 × 100) / 400 = 95.5%
    assert r.score == 10 and "= 95.50%" in r.arithmetic
    mixed = summed.Params((("城区", Quantity(D(98), "%")), ("乡镇", Quantity(D(12), "人"))))
    assert "分项单位不一致" in summed.score(mixed, leaf(10, None, "≥95%")).arithmetic


@pytest.mark.parametrize("rule, said", [
    ({"type": "brackets", "brackets": {"≥abc": 5}}, "分段及得分中的“≥abc”不是区间（如 ≥90%）"),
    ({"type": "brackets", "brackets": {"很好": 3}}, "分段及得分中的“很好”应为数值区间，如 ≥90%、<60%"),
    ({"type": "brackets"}, "缺少必填项“brackets”（分段及得分）"),
    ({"type": "summed", "parts": {"乡镇": "1E5"}}, "分项“乡镇”的完成数“1E5”不是数量"),
    ({"type": "either", "other_actual": "abc"}, "另一指标完成值（other_actual）“abc”不是百分比"),
    ({"type": "step", "full_at": "100%", "per_point": "0.5", "ceiling": "也许"}, "满分线为上限（ceiling）“也许”应为 true（是）或 false（否）"),
])
def test_a_new_rule_written_wrong_is_refused_in_chinese_at_its_line(rule, said):
    from jixiao.io.document import load_plain, set_path
    from test_checks_selfeval import sample_doc

    doc = sample_doc()
    set_path(doc, f"{IND}[3].rule", rule)
    loaded = load_plain(doc, "sample.yaml")
    assert not loaded.ok
    assert any(said in p.message and p.where.path.startswith(f"{IND}[3].rule") for p in loaded.problems), \
        [(p.message, p.where.path) for p in loaded.problems]


def test_a_qualitative_row_described_in_words_counts_its_filled_score_against_its_weight():
    # ningxia-yinchuan-gongyong 表1!C13: 财务管理制度有效性, 指标值“一”, 完成值 a description, 7 of 7
    said = "财务制度健全,严格执行制度,会计核算规范"
    r = coefficient.national(leaf(7, said, given=7))
    assert r.score == 7 and "按所填得分7分计" in r.arithmetic and not r.problems
    assert coefficient.national(leaf(7, said, given=5)).reason == said  # short of the weight: the description says why
    # nothing to judge: no filled score, or one beyond the weight — unassessed, that leaf's problem said
    blank, beyond = coefficient.national(leaf(7, said)), coefficient.national(leaf(7, said, given=8))
    assert blank.score is None and "得分也未填写" in blank.problems[0].message
    assert beyond.score is None and "不在0至分值7分之间" in beyond.problems[0].message


def test_an_execution_rate_indicator_without_a_target_is_scored_as_the_funds_line():
    from dataclasses import replace

    # 预算执行率 “一” / 100% / 10分, the funds block without points (ningxia 表1!C12): 100% × 10 = 10
    r = coefficient.national(replace(leaf(10, "100%", given=9), name="预算执行率"))
    assert r.score == 10 and r.arithmetic == "得分 = 100% × 10 = 10.00分"
    assert coefficient.national(leaf(10, "100%")).score is None  # another indicator without a target stays unassessed


def test_bands_written_in_a_standard_are_read_as_brackets():
    # hunan-jichu-shuju G28: 预算控制率 =0 8分; 0-10%(含) 6分 …; 大于30%不得分 — each band's included bound
    hunan = brackets.from_standard("预算控制率=0,计8分;\n0-10%(含),计6分;\n10-20%(含),计4分;\n20-30%(含),计2分;\n大于30%不得分")
    assert hunan == {"=0%": 8, "≤10%": 6, "≤20%": 4, "≤30%": 2, ">30%": 0}
    # 重点支出安排率, the bands falling: 80%（含）-90% keeps its lower bound
    falling = brackets.from_standard("≥90%，计5分；80%（含）-90%，计4分；低于80%不得分。")
    assert falling == {"≥90%": 5, "≥80%": 4, "<80%": 0}
    # a deduction per point is no band: not guessed
    assert brackets.from_standard("≤100%,计8分;\n每超过一个百分点扣0.5分,扣完为止.") is None
