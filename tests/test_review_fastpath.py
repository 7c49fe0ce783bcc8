"""The bulk review's fast path gives every form the line the general path gives it: the same
totals, grades, statuses, problems (code, message, cell, figures, hint) and places, on the
benchmark's forms and on every real form of the corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
import pytest

from jixiao.excel.fastbook import workbook_forms
from jixiao.excel.fastscore import Reviewed
from jixiao.excel.review import Unit, plan, review_all, review_file
from jixiao.excel.safety import Limits

ROOT = Path(__file__).resolve().parent.parent
FORMS = Path(__file__).parent / "forms"
CORPUS = sorted(FORMS.glob("*/form.xlsx"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_selfevals import generate  # noqa: E402


def line(r) -> tuple:
    """Everything the summary workbook shows of a form, and every problem as the 问题清单 shows it."""
    problems = [(p.code, p.severity, p.message, str(p.where), p.where.cell, p.figures, p.hint) for p in r.problems]
    return (r.file, r.sheet, r.cell, r.project, r.unit, r.filled, r.total, r.grade, r.evaluation_total,
            r.evaluation_grade, r.status, problems)


@pytest.fixture(scope="module")
def bench(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("bench")
    seeded = generate(300, out, folder=0, per_sheet=120)
    return out / "selfevals.xlsx", seeded


def test_the_fast_path_reviews_the_benchmark_forms_as_the_general_path_does(bench):
    path, seeded = bench
    fast = review_file(path, Limits())
    general = review_file(path, Limits(), fast=False)
    assert len(fast) == len(general) == len(seeded)
    assert [line(r) for r in fast] == [line(r) for r in general]
    # the equality means something only where the fast path did the work: nearly every form
    taken = sum(isinstance(item, Reviewed) for item in workbook_forms(path, Limits()) or [])
    assert taken >= 0.95 * len(seeded)
    assert any(r.problems for r in fast) and any(not r.problems for r in fast)


def test_each_benchmark_form_shows_its_seeded_mistake_and_nothing_else(bench):
    """bench_review counts a form right only if its problems are exactly those seeded: a right form
    must pass every check (funds spent at least 90%, the budget not adjusted, no reason needed)."""
    path, seeded = bench
    got = [(r.project, sorted(p.code for p in r.problems)) for r in review_file(path, Limits())]
    assert got == [(s["project"], sorted(s["codes"])) for s in seeded]


@pytest.mark.parametrize("path", CORPUS, ids=[p.parent.name for p in CORPUS])
def test_the_fast_path_reviews_each_real_form_as_the_general_path_does(path):
    assert [line(r) for r in review_file(path, Limits())] == [line(r) for r in review_file(path, Limits(), fast=False)]


def _edited(source: Path, target: Path, sheet: str, cell: str, value) -> Path:
    book = openpyxl.load_workbook(source)
    book[sheet][cell] = value
    book.save(target)
    return target


@pytest.mark.parametrize("cell, value", [
    ("F13", "≥95%"),  # an actual written as a target: the general reader says so
    ("G13", "十"),  # a weight that is no number
    ("I13", "实际完成值"),  # a header label among the data
    ("C14", "质量指标(5分)"),  # a level carrying its points
])
def test_a_form_the_fast_path_is_unsure_of_is_reviewed_by_the_general_path(tmp_path, bench, cell, value):
    path = _edited(bench[0], tmp_path / "改过.xlsx", "自评表1", cell, value)
    assert workbook_forms(path, Limits(), ("自评表1",))[0].__class__ is not Reviewed
    assert [line(r) for r in review_file(path, Limits(), ("自评表1",))] == [
        line(r) for r in review_file(path, Limits(), ("自评表1",), fast=False)]


def test_one_big_sheet_is_shared_among_processes_in_block_order(bench):
    path, seeded = bench
    assert plan([path], Limits(), 2) == [Unit(path, None, (0, 2)), Unit(path, None, (1, 2))]  # 3 sheets, 2 cores
    alone = review_all([path], Limits(), workers=1)
    shared = review_all([path], Limits(), workers=2)
    assert [r.project for r in shared] == [s["project"] for s in seeded]
    assert [line(r) for r in shared] == [line(r) for r in alone]


def test_a_form_as_people_type_it_is_reviewed_on_the_fast_path_as_on_the_general_one(tmp_path, bench):
    """Full-width figures, a ％ sign, a score typed as text with spaces, a blank 得分 and a 偏差原因 of “无”:
    read the general reader's way, on the fast path."""
    path = tmp_path / "手填.xlsx"
    book = openpyxl.load_workbook(bench[0])
    sheet = book["自评表1"]
    sheet["E13"] = "≥" + str(sheet["E13"].value)[1:].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    sheet["F19"] = str(sheet["F19"].value).replace("%", "％")
    sheet["H15"] = f" {sheet['H15'].value} "
    sheet["H16"] = None
    sheet["I17"] = "无"
    book.save(path)
    assert isinstance(workbook_forms(path, Limits(), ("自评表1",))[0], Reviewed)
    fast, general = review_file(path, Limits(), ("自评表1",)), review_file(path, Limits(), ("自评表1",), fast=False)
    assert "selfeval.score_blank" in {p.code for p in fast[0].problems}
    assert [line(r) for r in fast] == [line(r) for r in general]


def test_the_checks_the_quick_pass_leaves_out_find_nothing_in_a_form_read_on_the_fast_path(bench):
    """A check is left out of the quick pass only because what it reads is absent from every form
    fastform reads: run them on the benchmark's and the corpus's forms all the same."""
    from jixiao.checks import FAMILIES, Context
    from jixiao.excel.fastform import read_form
    from jixiao.excel.fastscore import NOTHING_TO_READ, form_checks
    from jixiao.excel.fastsheet import Sheet
    from jixiao.selfeval import score_self_evaluation
    from jixiao.sources.workbook import workbook_blocks

    named = {(name, fn.__name__) for name, family in FAMILIES.items() for fn in family.checks} | set(FAMILIES)
    assert set(NOTHING_TO_READ) <= named  # no stale name
    kept = set(form_checks())
    left_out = [fn for family in FAMILIES.values() for fn in family.checks if fn not in kept]
    assert left_out and kept
    read = 0
    for path in [bench[0]] + CORPUS:
        sheets: dict = {}
        for grid, first, end in workbook_blocks(path, str(path), Limits()) or []:
            ev = read_form(sheets.setdefault(grid.sheet, Sheet(grid, str(path))), first, end)
            if ev is None:
                continue
            read += 1
            ctx = Context(ev, None, score_self_evaluation(ev))
            assert [p for fn in left_out for p in fn(ctx)] == [], path
    assert read >= len(bench[1])  # the corpus's forms have merged cells: the general path reads them


def test_the_records_the_fast_path_makes_are_those_their_classes_make(bench):
    """fastform sets a record's fields directly: each has every field, equal to the record built normally."""
    from dataclasses import fields

    from jixiao.excel.fastform import read_form
    from jixiao.excel.fastsheet import Sheet
    from jixiao.sources.workbook import workbook_blocks

    grid, first, end = workbook_blocks(bench[0], str(bench[0]), Limits())[0]
    form = read_form(Sheet(grid, str(bench[0])), first, end).self_evaluation
    for record in form.indicators + form.funds.rows:
        assert set(vars(record)) == {f.name for f in fields(record)}
        assert type(record)(**vars(record)) == record


def test_the_quick_funds_score_is_the_one_the_form_is_scored_with(bench, tmp_path):
    """funds_score makes score_funds' sentences only when read: the same 执行率, 得分 and 计算过程,
    including a rate over 100%."""
    from dataclasses import fields

    from jixiao.excel.fastform import read_form
    from jixiao.excel.fastscore import funds_score
    from jixiao.excel.fastsheet import Sheet
    from jixiao.selfeval import score_funds
    from jixiao.sources.workbook import workbook_blocks

    path = _edited(bench[0], tmp_path / "超支.xlsx", "自评表1", "E6", 999)  # spent above the budget
    compared = 0
    for file in (bench[0], path):
        sheets: dict = {}
        for grid, first, end in workbook_blocks(file, str(file), Limits()):
            ev = read_form(sheets.setdefault(grid.sheet, Sheet(grid, str(file))), first, end)
            quick = funds_score(ev.self_evaluation.funds, ev) if ev is not None else None
            if quick is not None:
                full = score_funds(ev.self_evaluation.funds, ev)
                assert [getattr(quick, f.name) for f in fields(full)] == [getattr(full, f.name) for f in fields(full)]
                compared += 1
    assert compared > len(bench[1])


def test_the_quick_scorecard_reads_as_the_full_scoring_wherever_it_is_read(bench):
    """Its rows' 计算过程 and 扣分原因 are made when a check or a reader asks: the very sentences, scores
    and total of score_self_evaluation, row by row."""
    from jixiao.excel.fastform import read_form
    from jixiao.excel.fastscore import QuickRow, quick_scorecard
    from jixiao.excel.fastsheet import Sheet
    from jixiao.selfeval import score_self_evaluation
    from jixiao.sources.workbook import workbook_blocks

    path = bench[0]
    sheets: dict = {}
    quick_rows = 0
    for grid, first, end in workbook_blocks(path, str(path), Limits()):
        ev = read_form(sheets.setdefault(grid.sheet, Sheet(grid, str(path))), first, end)
        quick = quick_scorecard(ev) if ev is not None else None
        if quick is None:
            continue
        full = score_self_evaluation(ev)
        assert [(r.score, r.arithmetic, r.reason, r.problems) for r in quick.rows] == \
            [(r.score, r.arithmetic, r.reason, r.problems) for r in full.rows]
        assert (quick.total, quick.grade, quick.problems) == (full.total, full.grade, full.problems)
        quick_rows += sum(isinstance(r, QuickRow) for r in quick.rows)
    assert quick_rows > 8 * len(bench[1])


def test_a_workbook_shared_by_its_blocks_is_read_once_by_the_process_that_forks_the_workers(bench, monkeypatch):
    """The forked workers inherit the blocks read before the fork: none reads the whole workbook again."""
    from jixiao.excel import fastbook

    path = bench[0]
    fastbook.preread(path, Limits())
    try:
        def read_again(*args, **kwargs):
            raise AssertionError("the workbook was read again")

        monkeypatch.setattr(fastbook, "workbook_blocks", read_again)
        first, second = review_file(path, Limits(), share=(0, 2)), review_file(path, Limits(), share=(1, 2))
    finally:
        fastbook.forget()
        monkeypatch.undo()
    assert [line(r) for r in first + second] == [line(r) for r in review_file(path, Limits())]


def test_a_check_the_quick_pass_leaves_out_by_its_precondition_would_have_found_nothing(tmp_path, bench):
    """@check(when=...): the quick pass runs a check only where its precondition holds. Wherever such a
    check finds something (the form scored in full, on the benchmark's, the corpus's and an edited form
    naming an execution rate and a total cost), the precondition holds; on most right forms it does not,
    or declaring it would not pay."""
    from jixiao.checks import WHEN, Context
    from jixiao.selfeval import score_self_evaluation
    from jixiao.sources.workbook import block_form, workbook_blocks

    book = openpyxl.load_workbook(bench[0])
    sheet = book["自评表1"]
    sheet["D13"] = "预算执行率"
    sheet["D14"], sheet["E14"], sheet["F14"] = "项目总成本", "≤50万元", "45万元"
    book.save(tmp_path / "成本.xlsx")
    edited = tmp_path / "成本.xlsx"
    fast, general = review_file(edited, Limits(), ("自评表1",)), review_file(edited, Limits(), ("自评表1",), fast=False)
    assert {"selfeval.double_count", "selfeval.cost_spent"} <= {p.code for p in fast[0].problems}
    assert [line(r) for r in fast] == [line(r) for r in general]
    assert WHEN
    found = {fn: 0 for fn in WHEN}
    passed_by = {fn: 0 for fn in WHEN}
    for path in [bench[0], edited] + CORPUS:
        for grid, first, end in workbook_blocks(path, str(path), Limits()) or []:
            ev = block_form(grid, first, end, str(path)).loaded.evaluation
            if ev is None:
                continue
            ctx = Context(ev, None, score_self_evaluation(ev))
            for fn, when in WHEN.items():
                if list(fn(ctx)):
                    found[fn] += 1
                    assert when(ctx), (fn.__name__, path, first)
                passed_by[fn] += not when(ctx)
    assert all(found.values()), found
    assert all(n >= len(bench[1]) // 2 for n in passed_by.values()), passed_by


_LABEL_LIKE = ["项目名称", "绩效指标", "其他需要说明的问题", "  分值（分）", "（总分）", "年度总体目标：", "\u3000合计", "：总分"]


@pytest.mark.parametrize("text", _LABEL_LIKE)
def test_a_label_in_a_data_row_is_seen_whatever_its_spacing(text):
    from jixiao.excel.fastsheet import _is_label, has_label

    assert has_label([None, 3, text]) is _is_label(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("项目名称绩效指标其他需要说明分值得总合计年度（）():： \u3000\n培训≥%1")), max_size=12))
def test_the_quick_label_test_agrees_with_the_readers_on_any_text(text):
    """has_label passes over most data cells by their first character: never one the reader takes for a label."""
    from jixiao.excel.fastsheet import _is_label, has_label

    assert has_label([text]) == bool(text and _is_label(text))
