"""Unassessed is not full marks: a 扣分制 leaf without `findings` and a 要点评分 item without
`met` are 未评分 (the total is 暂定); `findings: []` and `met: false` are assessed values."""

import pytest

from jixiao.analysis import analyse
from jixiao.io.document import document_from_yaml, load_plain
from jixiao.io.load import load_text
from jixiao.numbers import fmt

from conftest import REFERENCE, SAMPLE, load_ok

LEAF = """format: 1
kind: department
entity: {{name: 某局}}
indicators:
  - code: A
    name: 决策
    children:
      - code: A1
        name: 制度
        children:
          - {{code: A11, name: 内控制度, weight: 40, rule: {rule}}}
          - {{code: A12, name: 工作计划, weight: 60, actual: 合理, rule: {{type: levels, levels: {{合理: 60, 不合理: 0}}}}}}
"""


def analysed(rule: str):
    loaded = load_text(LEAF.format(rule=rule), "新评价.yaml")
    assert loaded.ok, [str(p) for p in loaded.problems]
    return analyse(loaded.evaluation)


UNASSESSED = {
    "deduct without findings": "{type: deduct, per_item: 0.5}",
    "deduct with findings left blank": "{type: deduct, per_item: 0.5, findings: }",
    "checklist without met": "{type: checklist, items: [{text: 有制度, points: 20, met: true}, {text: 制度已执行, points: 20}]}",
    "checklist with met left blank": "{type: checklist, items: [{text: 有制度, points: 20, met: }, {text: 制度已执行, points: 20, met: true}]}",
}


@pytest.mark.parametrize("rule", UNASSESSED.values(), ids=UNASSESSED.keys())
def test_unassessed_leaf_is_not_scored(rule):
    analysis = analysed(rule)
    leaf = analysis.scorecard.by_code["A11"]
    assert leaf.score is None
    assert leaf.arithmetic.startswith("未评分")
    headline = analysis.headline
    assert headline.provisional and fmt(headline.total) == "60.00"
    assert headline.text == "60.00分 中（暂定，已评分权重60/100）"
    assert any(p.code == "score.not_scored" and p.where.indicator == "A11" for p in analysis.problems)


def test_unassessed_says_what_to_fill():
    deduct = analysed(UNASSESSED["deduct without findings"]).scorecard.by_code["A11"]
    assert "扣分事项" in deduct.arithmetic and "findings: []" in deduct.arithmetic
    checklist = analysed(UNASSESSED["checklist without met"]).scorecard.by_code["A11"]
    assert "第2项“制度已执行”" in checklist.arithmetic and "第1项" not in checklist.arithmetic


ASSESSED = {
    "deduct, nothing found": ("{type: deduct, per_item: 0.5, findings: []}", "40.00"),
    "deduct, two findings": ("{type: deduct, per_item: 0.5, findings: [未公开, 未更新]}", "39.00"),
    "deduct, veto": ("{type: deduct, per_item: 0.5, veto: true}", "0.00"),
    "checklist, one unmet": (
        "{type: checklist, items: [{text: 有制度, points: 20, met: true}, {text: 制度已执行, points: 20, met: false}]}",
        "20.00",
    ),
}


@pytest.mark.parametrize("rule, score", ASSESSED.values(), ids=ASSESSED.keys())
def test_assessed_leaf_is_scored(rule, score):
    analysis = analysed(rule)
    assert fmt(analysis.scorecard.by_code["A11"].score) == score
    assert not analysis.headline.provisional


def test_reference_without_findings_and_met_is_provisional():
    """The reference evaluation with its assessments taken out: those leaves are 未评分, not full marks."""
    doc = document_from_yaml(REFERENCE.read_text(encoding="utf-8"), "评价.yaml", [])
    cleared = []

    def clear(nodes):
        for node in nodes:
            clear(node.get("children", []))
            rule = node.get("rule") or {}
            if rule.get("type") == "deduct":
                rule.pop("findings", None)
                cleared.append(node["code"])
            if rule.get("type") == "checklist":
                for item in rule["items"]:
                    item.pop("met", None)
                cleared.append(node["code"])

    clear(doc["indicators"])
    loaded = load_plain(doc, "评价.yaml")
    assert loaded.ok
    card = analyse(loaded.evaluation).scorecard
    assert len(cleared) >= 10
    assert all(card.by_code[code].score is None for code in cleared)
    assert card.provisional
    assert card.total < 97


def test_reference_and_sample_keep_their_scores():
    reference = analyse(load_ok(REFERENCE))
    assert reference.headline.text == "97.00分 优"
    sample = analyse(load_ok(SAMPLE))
    assert sample.headline.text == "95.52分 优"


def test_a_blank_finding_is_no_finding():
    analysis = analysed("{type: deduct, per_item: 0.5, findings: [未公开, ~, '']}")
    leaf = analysis.scorecard.by_code["A11"]
    assert fmt(leaf.score) == "39.50" and leaf.reason == "未公开（扣0.5分）"
