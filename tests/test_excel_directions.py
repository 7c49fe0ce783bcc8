"""A numeric target printed without ≥ / ≤ / = (real forms: "38508人", "100"): its direction is
inferred from the indicator's name where the field leaves no doubt, and said; never silently "="."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.excel.review import review_file
from jixiao.excel.safety import Limits
from jixiao.parse.directions import infer, settle
from jixiao.problems import Source

FORMS = Path(__file__).parent / "forms"


@pytest.mark.parametrize("name, level2, direction", [
    ("指标8:适龄儿童疫苗接种率", None, "≥"),
    ("指标1成本控制率", "成本指标", "≤"),
    ("在职人员控制率", None, "≤"),
    ("指标17:高血压随访控制数", None, "≥"),  # a count of people kept under control, not a 控制率
    ("★补助鱼塘面积", None, "≥"),
    ("指标1学校发展能力", "社会效益\n指标", "≥"),
    ("群众投诉次数", None, "≤"),
    ("指标1工程资金金额", "数量指标", None),  # money: an amount to reach or a ceiling
])
def test_the_direction_is_inferred_from_the_name_where_it_is_unambiguous(name, level2, direction):
    assert infer(name, level2) == direction


@pytest.mark.parametrize("target", ["≥95%", "=2个", "＝2个", "98%以上", "不少于12种", "明确"])
def test_a_written_direction_or_a_level_is_kept_as_written(target):
    assert settle(target, "指标", Source(file="f")) == (target, None)


def test_a_bare_count_is_compared_as_at_least_and_said():
    (form,) = review_file(FORMS / "shanxi-jishan-gongwei" / "form.xlsx", Limits.from_env())
    inferred = {p.where.cell for p in form.problems if p.code == "targets.direction_inferred"}
    assert {"E13", "E16", "E37"} <= inferred and "E14" not in inferred  # E14 writes 不少于12种
    # 150次 against 116次 is met: no false error for the over-achieved count
    assert not [p for p in form.problems if p.code == "selfeval.score" and p.where.cell in ("H16", "H17", "H18")]
    assert all(p.severity.name == "WARNING" for p in form.problems if p.code.startswith("targets.direction"))


def test_an_amount_whose_direction_cannot_be_told_leaves_that_leaf_unassessed():
    (form,) = review_file(FORMS / "hebei-langfang-nuantong" / "form.xlsx", Limits.from_env())
    unknown = [p for p in form.problems if p.code == "targets.direction_unknown"]
    assert [p.where.cell for p in unknown] == ["E14"] and "按未评分处理" in unknown[0].message
    assert form.total.quantize(Decimal("0.01")) == Decimal("88.62")  # 8.62 + 80: the amount row not counted
    # the filled 9 fits neither reading (8.62 to reach, 10 as a ceiling): that leaf's error, the form still read
    assert [p.code for p in form.problems if p.severity.name == "ERROR" and p.where.cell == "H14"] == ["selfeval.score"]


@pytest.mark.parametrize("edits, code", [
    ({"E13": "2900人次", "F13": "2960人次"}, "targets.direction_inferred"),
    ({"E13": "2900人次", "F13": "完成"}, "selfeval.actual_not_figure"),
    ({"E13": "2021年12月完成", "F13": "2021年12月完成"}, "excel.leaf_unread"),
    ({"C6": None}, "complete.initial_blank"),
])
def test_the_bulk_review_reads_what_the_general_reader_says_as_it_does(tmp_path, edits, code):
    import sys

    import openpyxl

    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from generate_selfevals import generate

    generate(2, tmp_path, folder=0, per_sheet=10)  # forms the fast path reads itself
    path = tmp_path / "selfevals.xlsx"
    book = openpyxl.load_workbook(path)
    for cell, value in edits.items():  # 指标1: no ≥, a word for its figure, no figure; a blank 年初预算数
        book.worksheets[0][cell] = value
    book.save(path)

    def said(results):
        return [(r.status, r.total, [(p.code, p.where.cell, p.message) for p in r.problems]) for r in results]

    fast, general = review_file(path, Limits.from_env()), review_file(path, Limits.from_env(), fast=False)
    assert said(fast) == said(general)
    assert code in {c for _, _, problems in said(fast)[:1] for c, _, _ in problems}


def test_a_target_that_cannot_be_read_is_a_problem_of_that_leaf_not_of_the_file(tmp_path):
    import copy

    from test_excel_fixtures import SAMPLE_FORM, national_workbook

    form = copy.deepcopy(SAMPLE_FORM)
    form["indicators"][1] = ("产出指标", "数量指标", "新建技能大师工作室", "2024年12月完成", "2024年12月完成", "5", "5", "")
    path = tmp_path / "form.xlsx"
    national_workbook(path, [form])
    (result,) = review_file(path, Limits.from_env())
    # the same unreadable text as target and actual: met as written, its filled 5 of 5 counted, said once
    assert result.status == "已复核" and "暂定" not in result.grade
    unread = [p for p in result.problems if p.code == "excel.leaf_unread"]
    assert [p.severity.name for p in unread] == ["WARNING"] and "“新建技能大师工作室”的年度指标值与实际完成值都写" in unread[0].message
