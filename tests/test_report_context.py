"""jixiao.report.context: what the report says, read from build_context (the one thing every renderer reads).

Only the public entry point and the texts a reader sees are asserted, not how the context is
laid out inside, so the records may be reshaped (dict or typed chapter records) freely."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping

from test_report_fixtures import REFERENCE, SAMPLE, analysis_of
from test_scoring import TREE

from jixiao.report import build_context


def get(record, name: str):
    """A field of a context record, whether it is a mapping or a typed record."""
    return record[name] if isinstance(record, Mapping) else getattr(record, name)


def records(value) -> Iterator[object]:
    """Every record in the context, depth first."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    elif isinstance(value, Mapping):
        yield value
    if isinstance(value, Mapping):
        for v in value.values():
            yield from records(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from records(v)


def texts(ctx) -> list[str]:
    out: list[str] = []
    for r in records(ctx):
        fields = r.values() if isinstance(r, Mapping) else (getattr(r, f.name) for f in dataclasses.fields(r))
        for v in fields:
            if isinstance(v, str):
                out.append(v)
            elif isinstance(v, (list, tuple)):
                out.extend(x for x in v if isinstance(x, str))
    return out


def get_or(record, name: str):
    try:
        return get(record, name)
    except (KeyError, AttributeError):
        return None


def summary_rows(ctx) -> list[tuple[str, str, str, str]]:
    """The 各部分权重和绩效分值 table: a row per first-level indicator, as (name, weight, score, rate)."""
    rows = [r for r in records(ctx) if isinstance(get_or(r, "name"), str) and get_or(r, "name").endswith("类")
            and get_or(r, "rate") is not None]
    return [(get(r, "name"), get(r, "weight"), get(r, "score"), get(r, "rate")) for r in rows]


def sentence(ctx, start: str) -> str:
    (found,) = {t for t in texts(ctx) if t.startswith(start)}
    return found


def test_summary_table_of_the_reference():
    ctx = build_context(analysis_of(REFERENCE))
    assert summary_rows(ctx) == [
        ("1. 部门决策类", "14.00", "13.00", "92.86%"),
        ("2. 部门管理类", "36.00", "36.00", "100.00%"),
        ("3. 部门绩效类", "50.00", "48.00", "96.00%"),
    ]
    result = sentence(ctx, "根据部门整体支出绩效评价指标体系及评分标准")
    assert "总得分为97.00分，绩效评级为“优”。" in result and "暂定" not in result
    assert any("二级指标13个，三级指标21个" in t for t in texts(ctx))


def test_a_provisional_total_says_so_with_the_weight_scored():
    ctx = build_context(analysis_of(TREE))  # B1 needs the budget the file does not give
    assert summary_rows(ctx) == [("1. 决策类", "40.00", "40.00", "100.00%"), ("2. 产出类", "60.00", "27.00", "45.00%")]
    result = sentence(ctx, "根据项目支出绩效评价指标体系及评分标准")
    assert "总得分为67.00分，绩效评级为“差”（暂定，已评分权重70/100）。" in result


def conclusion(text: str) -> str:
    return sentence(build_context(analysis_of(text)), "本项目自评共设置绩效指标")


def test_self_evaluation_conclusion_counts_met_and_missed_targets():
    assert conclusion(SAMPLE) == (
        "本项目自评共设置绩效指标8个，全部达成5个，未全部达成3个。预算执行率分值10分，绩效指标分值90分，"
        "复核总分95.52分（填报95.52分），自评等级为“优”。"
    )


def test_a_newly_missed_target_moves_to_the_missed_count_and_is_explained():
    text = SAMPLE.read_text(encoding="utf-8").replace("actual: 3120人次", "actual: 2000人次")
    ctx = build_context(analysis_of(text))
    assert sentence(ctx, "本项目自评共设置绩效指标").startswith("本项目自评共设置绩效指标8个，全部达成4个，未全部达成4个。")
    assert "职业技能培训人次：指标值≥3000人次，实际完成值2,000人次，得分10.00分（满分15分）。" in texts(ctx)


def test_a_missing_reason_is_a_finding_of_the_checks_not_a_sentence_of_the_report():
    text = SAMPLE.read_text(encoding="utf-8").replace("actual: 3120人次", "actual: 2000人次")
    analysis = analysis_of(text)
    assert not [t for t in texts(build_context(analysis)) if "未填写偏差原因" in t or "未说明扣分原因" in t]
    assert any(p.code == "selfeval.reason" and "职业技能培训人次" in p.message for p in analysis.problems)


def test_a_figure_the_checks_call_wrong_is_printed_from_the_data():
    ctx = build_context(analysis_of(REFERENCE))
    problems = [t for t in texts(ctx) if "超出预期指标值" in t]
    assert problems and all("6.80%" in t and "6.67%" not in t for t in problems), problems


def test_an_unscored_indicator_is_counted_apart_and_the_total_is_provisional():
    text = SAMPLE.read_text(encoding="utf-8").replace("actual: 2个, ", "")
    assert conclusion(text) == (
        "本项目自评共设置绩效指标8个，全部达成4个，未全部达成3个，未评分1个。预算执行率分值10分，绩效指标分值90分，"
        "复核总分90.52分（填报95.52分），自评等级为“优”（暂定，已评分权重95/100）。"
    )
