"""Tree scoring: subtotals, 得分率, grade bands, and leaves that cannot be scored."""

from click.testing import CliRunner

from jixiao.cli import main
from jixiao.numbers import fmt
from jixiao.scoring import score_evaluation

from conftest import load_ok

TREE = """
format: 1
kind: project
year: 2024
project: {name: 示例项目}
grading:
  - {min: 85, grade: 优}
  - {min: 70, grade: 良}
  - {min: 0, grade: 差}
indicators:
  - code: A
    name: 决策
    children:
      - {code: A1, name: 立项依据, weight: 40, actual: 明确, rule: {type: levels, levels: {明确: 40, 不明确: 0}}}
  - code: B
    name: 产出
    children:
      - {code: B1, name: 预算执行率, weight: 30, benchmark: "≥95%", actual: {metric: budget.execution_rate}, rule: {type: step, full_at: 95%, per_point: 1}}
      - {code: B2, name: 完成数量, weight: 30, benchmark: "≥100个", actual: {value: 90个, source: 台账}, rule: {type: completion}}
"""


def test_unscorable_leaf_is_shown_and_makes_the_total_provisional(tmp_path):
    ev = load_ok(TREE)
    card = score_evaluation(ev)
    b1 = card.by_code["B1"]
    assert b1.score is None and "预算" in b1.arithmetic  # no budget in the file: cannot be computed
    assert card.provisional and card.by_code["B"].provisional
    assert card.by_code["B"].score == 27  # B2 = 90 / 100 × 30; B1 not counted as 0 silently
    assert fmt(card.total) == "67.00" and card.grade == "差"
    path = tmp_path / "t.yaml"
    path.write_text(TREE, encoding="utf-8")
    out = CliRunner().invoke(main, ["score", str(path)]).output
    assert "未评分" in out and "暂定" in out


def test_grade_bands_are_the_evaluations_own():
    ev = load_ok(TREE.replace("actual: {metric: budget.execution_rate}", "actual: 96%"))
    card = score_evaluation(ev)
    assert not card.provisional
    assert fmt(card.total) == "97.00" and card.grade == "优"
    assert fmt(card.by_code["B"].rate) == "95.00"
    assert [r.score for r in card.roots] == [40, 57]
