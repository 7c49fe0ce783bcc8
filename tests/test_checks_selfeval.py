"""Self-evaluation checks on the sample form, one mistake at a time."""

import pytest

from jixiao.analysis import analyse
from jixiao.io.document import document_from_yaml, load_plain, set_path
from jixiao.problems import Severity

from conftest import SAMPLE

ROWS = "self_evaluation.funds.rows"
IND = "self_evaluation.indicators"

MISTAKES = [
    # (field, new value, the problems it must cause besides the sample's own missing reason)
    # 部分达成 allows 6–8 of 10; the written total no longer adds up either
    (f"{IND}[6].score", "9", {"score.tier_range", "selfeval.total", "selfeval.total_sum"}),
    (f"{ROWS}[2].spent", "70.00", {"selfeval.funds_rows"}),  # 391.52 + 70 + 0 ≠ 465.12
    (f"{ROWS}[0].rate", "96.00%", {"selfeval.rate"}),
    (f"{ROWS}[0].score", "9.60", {"selfeval.funds_score", "selfeval.total_sum"}),
    (f"{IND}[0].weight", "20", {"selfeval.weights", "selfeval.score", "selfeval.total"}),
    (f"{IND}[3].score", "10", {"selfeval.score", "selfeval.total_sum"}),
    ("self_evaluation.total", "96.52", {"selfeval.total", "selfeval.total_sum"}),
    (f"{IND}[3].reason", None, {"selfeval.reason"}),
]


def sample_doc():
    problems = []
    return document_from_yaml(SAMPLE.read_text(encoding="utf-8"), "sample.yaml", problems)


@pytest.mark.parametrize("path, value, expected", MISTAKES, ids=[m[0].split(".", 1)[1] for m in MISTAKES])
def test_one_mistake(path, value, expected):
    doc = sample_doc()
    set_path(doc, path, value)
    loaded = load_plain(doc, "sample.yaml")
    assert loaded.ok
    found = {p.code for p in analyse(loaded.evaluation).problems if p.severity is not Severity.INFO}
    assert found == expected | {"selfeval.reason"}


def analysed(*changes):
    doc = sample_doc()
    for path, value in changes:
        set_path(doc, path, value)
    loaded = load_plain(doc, "sample.yaml")
    assert loaded.ok, [str(p) for p in loaded.problems]
    return analyse(loaded.evaluation)


def problems_of(analysis, code, row=None):
    return [p for p in analysis.problems if p.code == code and (row is None or p.where.row == row)]


def test_target_met_but_points_deducted_says_so():
    """Not "未完成目标（指标值=72890元，实际完成值72890元）": the target was met, points were taken off."""
    analysis = analysed((f"{IND}[1].target", "=72890元"), (f"{IND}[1].actual", "72890元"), (f"{IND}[1].score", "4"))
    (reason,) = problems_of(analysis, "selfeval.reason", "新建技能大师工作室")
    assert "未完成目标" not in reason.message
    assert reason.message == (
        "自评表“新建技能大师工作室”已完成目标（指标值=72890元，实际完成值72890元），"
        "但得分填写为4.00分，比分值5分少1.00分，未说明扣分原因"
    )
    assert problems_of(analysis, "selfeval.score", "新建技能大师工作室")  # and 4 is not what the rules give
    # a target really missed keeps its message
    (missed,) = problems_of(analysis, "selfeval.reason", "培训后就业率")
    assert missed.message.startswith("自评表“培训后就业率”未完成目标（指标值≥60%，实际完成值57%）")


def test_achieved_qualitative_row_below_full_marks_is_a_deduction():
    analysis = analysed((f"{IND}[6].actual", "达成预期指标"), (f"{IND}[6].score", "9"), (f"{IND}[6].reason", None))
    (reason,) = problems_of(analysis, "selfeval.reason", "培训机构规范化管理水平")
    assert "已完成目标" in reason.message and "少1.00分，未说明扣分原因" in reason.message


def test_blank_score_on_a_row_that_can_be_scored_is_reported():
    analysis = analysed((f"{IND}[0].score", None))
    (blank,) = problems_of(analysis, "selfeval.score_blank")
    assert blank.severity is Severity.WARNING and blank.where.row == "职业技能培训人次"
    assert blank.message == "自评表“职业技能培训人次”得分未填写，复核得分为15.00分"
    funds = analysed((f"{ROWS}[0].score", None))
    assert [p.where.row for p in problems_of(funds, "selfeval.score_blank")] == ["预算执行率"]


def test_blank_score_on_a_row_that_cannot_be_scored_is_not_a_blank_score():
    """A qualitative row needs the evaluator's score to be scored at all: that is 未评分, reported once."""
    analysis = analysed((f"{IND}[6].score", None))
    assert not problems_of(analysis, "selfeval.score_blank")
    (unscored,) = problems_of(analysis, "score.not_scored")
    assert unscored.message == "培训机构规范化管理水平未评分：定性指标须由评价人在6–8分之间给分"


def test_blank_total_shows_the_sum_of_the_filled_scores():
    analysis = analysed(("self_evaluation.total", None))
    (total,) = problems_of(analysis, "selfeval.total_blank")
    assert total.severity is Severity.INFO
    assert total.message == "自评表总分未填写：所填各项得分之和为95.52分，复核总分为95.52分"
    partly = analysed(("self_evaluation.total", None), (f"{IND}[0].score", None))
    (total,) = problems_of(partly, "selfeval.total_blank")
    assert total.message == "自评表总分未填写：已填写的8项得分之和为80.52分（1项未填写），复核总分为95.52分"


def test_blank_total_on_the_terminal(tmp_path):
    from click.testing import CliRunner

    from jixiao.cli import main

    path = tmp_path / "自评.yaml"
    path.write_text(SAMPLE.read_text(encoding="utf-8").replace("total: 95.52", "total:"), encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(path)])
    assert result.exit_code == 0, result.output
    assert "自评总分：填报总分未填写（所填各项得分之和95.52分），复核95.52分" in result.output
