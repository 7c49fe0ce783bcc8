"""Rule types the published forms use (tests/forms/): 得分系数 × 权重, ceilings, numeric bands,
configurable tiers, either of two figures — each scored as the form's 评分标准 says."""

from decimal import Decimal

from jixiao.model.indicators import RuleSpec
from jixiao.model.selfeval import SelfEvaluation, SelfIndicator
from jixiao.problems import Source
from jixiao.rules import RULES, coefficient, rule_type

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
