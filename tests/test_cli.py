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
