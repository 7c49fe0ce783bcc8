import json

from click.testing import CliRunner

from jixiao.cli import main

from conftest import REFERENCE, SAMPLE


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_score_prints_summary_leaves_and_self_evaluation():
    result = run("score", REFERENCE)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "97.00" in out and "绩效评级：优" in out
    for row in ("92.86%", "13.00", "36.00", "48.00", "96.00%"):
        assert row in out
    assert "实际填报值97%与真实完成值97.63%不符，扣2分" in out
    assert "偏差比例 = (25,632 − 24,000) / 24,000 = 6.80%" in out
    assert "填报99.60分，复核99.96分" in out


def test_score_sample():
    result = run("score", SAMPLE)
    assert result.exit_code == 0, result.output
    assert "复核95.52分" in result.output and "复核评级：优" in result.output


def test_json_carries_every_leaf():
    result = run("score", REFERENCE, "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    card = data["scorecard"]
    assert card["grade"] == "优" and card["total"].startswith("97")
    leaves = [leaf for a in card["indicators"] for b in a["children"] for leaf in b["children"]]
    assert len(leaves) == 21
    for leaf in leaves:
        assert {"score", "score_rate", "arithmetic", "deduction_reason"} <= leaf.keys()
        assert isinstance(leaf["score"], str)
    c23 = next(leaf for leaf in leaves if leaf["code"] == "C23")
    assert c23["score"] == "4" and "97.63%" in c23["deduction_reason"]
    assert data["self_evaluation"]["filled_total"] == "99.60"


PARTLY_ASSESSED = """format: 1
kind: department
entity: {name: 某局}
indicators:
  - code: A
    name: 决策
    children:
      - {code: A1, name: 内控制度, weight: 90, rule: {type: deduct, per_item: 0.5}}
      - {code: A2, name: 工作计划, weight: 10, actual: 合理, rule: {type: levels, levels: {合理: 10, 不合理: 0}}}
"""


def test_score_headline_says_how_much_weight_was_scored(tmp_path):
    path = tmp_path / "新评价.yaml"
    path.write_text(PARTLY_ASSESSED, encoding="utf-8")
    result = run("score", path)
    assert result.exit_code == 0, result.output
    assert "总得分：10.00分，绩效评级：差（暂定，已评分权重10/100）" in result.output
    assert "有指标未评分" not in result.output


def test_score_self_evaluation_headline_is_provisional_with_a_row_unscored(tmp_path):
    path = tmp_path / "自评.yaml"
    path.write_text(SAMPLE.read_text(encoding="utf-8").replace("weight: 10, score: 7,", "weight: 10,"), encoding="utf-8")
    result = run("score", path)
    assert result.exit_code == 0, result.output
    assert "复核88.52分，复核评级：良（暂定，已评分权重90/100）" in result.output
    assert "│   未填写 │   未评分 │" in result.output  # blank as filled in, 未评分 as recomputed


def test_json_carries_the_headline(tmp_path):
    path = tmp_path / "新评价.yaml"
    path.write_text(PARTLY_ASSESSED, encoding="utf-8")
    card = json.loads(run("score", path, "--json").output)["scorecard"]
    assert card["provisional"] and card["scored_weight"] == "10"
    assert card["headline"] == "10.00分 差（暂定，已评分权重10/100）"
    form = json.loads(run("score", SAMPLE, "--json").output)["self_evaluation"]
    assert form["headline"] == "95.52分 优" and form["scored_weight"] == "100"
    assert form["filled_sum"] == "95.52" and form["filled_blank"] == 0


def test_check_and_score_print_what_the_reader_said_of_a_file_it_read():
    from pathlib import Path

    form = Path(__file__).parent / "forms" / "shanxi-jishan-gongwei" / "form.xlsx"
    checked = run("check", form)
    assert checked.exit_code == 1, checked.output  # the form's wrong scores
    assert "[targets.direction_inferred]" in checked.output and "[excel.indicator_name]" in checked.output
    listed = json.loads(run("check", "--json", form).output)
    assert any(p["code"] == "targets.direction_inferred" for p in listed)
    scored = run("score", "--json", form)
    assert json.loads(scored.output)["problem_counts"]["warning"] >= 20  # 21 inferred directions, 2 unnamed leaves
