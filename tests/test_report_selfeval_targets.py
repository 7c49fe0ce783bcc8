"""The 自评报告 counts 达成 by the target, as the checks do: a met target scored below full marks
had points taken off (扣分) — it is not a missed target, and the report says so."""

from __future__ import annotations

from jixiao.analysis import analyse
from jixiao.io.load import load_text
from jixiao.report import build_context

from conftest import SAMPLE

PARTLY = "actual: 部分达成预期指标, weight: 10, score: 7,\n       reason: 两家培训机构年检整改尚未完成。}"


def report_of(text: str):
    loaded = load_text(text, "自评.yaml")
    assert loaded.ok, [str(p) for p in loaded.problems]
    analysis = analyse(loaded.evaluation)
    return build_context(analysis)["self_report"], analysis


def test_a_met_qualitative_target_scored_below_full_marks_is_achieved_with_points_taken_off():
    text = SAMPLE.read_text("utf-8")
    assert PARTLY in text
    report, analysis = report_of(text.replace(PARTLY, "actual: 达成预期指标, weight: 10, score: 9}"))
    assert "共设置绩效指标8个，全部达成6个（其中1个得分低于分值），未全部达成2个。" in report["conclusion"], report["conclusion"]
    line = next(d for d in report["deviations"] if d.startswith("培训机构规范化管理水平"))
    assert line == ("培训机构规范化管理水平：已完成目标（指标值有效提升，实际完成值达成预期指标），"
                    "但得分9.00分（满分10分）。")
    # the checks say the same of the same row
    check = next(p for p in analysis.problems if p.code == "selfeval.reason" and "培训机构规范化管理水平" in p.message)
    assert "已完成目标" in check.message and "未说明扣分原因" in check.message


def test_the_sample_counts_stay_as_they_were():
    report, _ = report_of(SAMPLE.read_text("utf-8"))
    assert "共设置绩效指标8个，全部达成5个，未全部达成3个。" in report["conclusion"]
    assert len(report["deviations"]) == 3 and "其中" not in report["conclusion"]
