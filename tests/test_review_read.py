"""The bulk review reads its forms' cells with shortcuts (one pass per row, a sheet's cells tested at
C speed before a Python loop): each gives what the plain reading gives, on any cells."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.excel.fastform import read_form
from jixiao.excel.fastsheet import Sheet, Unsure, _is_label, first_text, text_of
from jixiao.excel.safety import Limits
from jixiao.sources.workbook import block_form, workbook_blocks

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((Path(__file__).parent / "forms").glob("*/form.xlsx"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_selfevals import generate  # noqa: E402


@pytest.fixture(scope="module")
def bench(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench")
    generate(120, out, folder=0, per_sheet=60)
    return out / "selfevals.xlsx"


def test_a_form_read_on_the_fast_path_is_the_model_the_general_reader_makes(bench):
    """Every figure, text and cell location (where a problem points) of each form the fast reader takes:
    the very record the general reader makes of the same rows."""
    read = 0
    for path in [bench] + CORPUS:
        sheets: dict = {}
        for grid, first, end in workbook_blocks(path, str(path), Limits()) or []:
            ev = read_form(sheets.setdefault(grid.sheet, Sheet(grid, str(path))), first, end)
            if ev is None:
                continue
            general = block_form(grid, first, end, str(path)).loaded.evaluation
            assert ev == general, (path, first)
            for fast, slow in zip(ev.self_evaluation.indicators, general.self_evaluation.indicators):
                assert str(fast.where) == str(slow.where)
            read += 1
    assert read >= 120


def _plain(values: list) -> tuple[int, bool]:
    """first_text as two plain passes: the first cell with a text, then whether any cell is a label."""
    col = -1
    for c, value in enumerate(values):
        if value is not None and value != "" and text_of(value) is not None:
            col = c
            break
    return col, any(isinstance(v, str) and v != "" and _is_label(v) for v in values)


_CELL = st.one_of(st.none(), st.just(""), st.floats(allow_nan=False, allow_infinity=False), st.integers(-99, 99),
                  st.text(alphabet=st.sampled_from(list("项目名称绩效指标其他分值得总合计（）:： \u3000\n\t培训≥%1")), max_size=8))


@settings(max_examples=400, deadline=None)
@given(st.lists(_CELL, max_size=9))
def test_a_rows_first_text_and_label_are_found_in_one_pass_as_in_two(values):
    assert first_text(values) == _plain(values)


def test_a_date_before_a_rows_first_text_is_unsure_and_one_after_it_is_not_read():
    import datetime as dt

    with pytest.raises(Unsure):
        first_text(["", dt.date(2024, 1, 1), "指标1"])
    assert first_text(["", " \u3000", "指标1", dt.date(2024, 1, 1)]) == (2, False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(_CELL, st.integers(32_760, 32_800).map(lambda n: "长" * n)), max_size=5), max_size=6))
def test_a_sheet_is_scanned_for_over_long_cells_as_cell_by_cell(rows):
    """The sheet's longest text, found at C speed, lets the scan pass over sheets without one: every
    over-long cell is still reported at its cell and cut."""
    from jixiao.excel.cells import MAX_CELL_CHARS, Grid, _scan_cells, longest_text

    longest = max((len(v) for r in rows for v in r if isinstance(v, str)), default=0)
    assert longest_text(rows) == longest
    long = [f"{chr(65 + c)}{r + 1}" for r, values in enumerate(rows) for c, v in enumerate(values)
            if isinstance(v, str) and len(v) >= MAX_CELL_CHARS]
    grid = Grid("表.xlsx", "自评表", [list(r) for r in rows])
    _scan_cells(grid)
    assert [p.where.cell for p in grid.problems] == long
    assert all(p.code == "excel.cell_too_long" for p in grid.problems)
    assert longest_text(grid.rows) < MAX_CELL_CHARS


_XML = st.lists(st.sampled_from([b"<", b"f", b"a", b"<c>", b"<v>1</v>", b"f" * 70]), max_size=30).map(b"".join)


@settings(max_examples=400, deadline=None)
@given(_XML, st.integers(1, 9))
def test_a_formula_is_found_in_a_sheets_xml_read_piece_by_piece_even_across_a_seam(data, piece):
    """formulas_without_value reads a sheet's XML in pieces and looks for b"<f" by its "f"s first
    (the pair itself where the "f"s are many): found wherever it is."""
    import io
    import zipfile

    from jixiao.excel.cells import _formula_in, _has_formula

    assert _formula_in(data) is (b"<f" in data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", data)
    with zipfile.ZipFile(buffer) as archive:
        assert _has_formula(archive, "xl/worksheets/sheet1.xml", piece) is (b"<f" in data)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CELL, max_size=6), max_size=8))
def test_the_rows_a_block_may_start_at_are_those_has_text_finds(rows):
    from jixiao.excel.cells import Grid
    from jixiao.excel.national.headers import _rows_with

    grid = Grid("表.xlsx", "自评表", rows)
    assert _rows_with(grid, "名") == [r for r in range(grid.height) if grid.has_text(r, "名")]


def test_the_collector_rests_while_a_workbook_is_reviewed_and_nothing_it_would_collect_is_left(bench):
    """workbook_forms pauses the cyclic collector while the forms are read and scored: it is on again
    afterwards (left off where it was off), and the review leaves no cycle for it to collect."""
    import gc

    from jixiao.excel.fastbook import workbook_forms

    assert gc.isenabled()
    gc.collect()
    forms = workbook_forms(bench, Limits())
    assert forms and gc.isenabled()
    assert gc.collect() == 0
    gc.disable()
    try:
        workbook_forms(bench, Limits())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_every_space_a_cell_may_begin_with_is_one_the_row_reader_looks_past():
    from jixiao.excel.fastsheet import _SPACES

    assert _SPACES == {chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace()}
    assert first_text(["", "\u3000\u2028项目名称", "x"]) == (1, True)


def _refused_or(call):
    from jixiao.parse.quantity import ParseError

    try:
        return call()
    except (Unsure, ParseError):
        return "refused"


_PAIRS = [("≥95%", "97.29%"), ("≤30万元", "完成"), ("≥30万元", "达成预期指标"), ("100", "98"), ("=2个", "2个"),
          ("明确", "明确"), ("≥95%", "≥96%"), ("有效提升", "达成预期指标"), ("≥95%", "NaN%"), ("＞９５％", "９６％"),
          ("≥" + "9" * 250 + "%", "9" * 250 + "%"), ("≥95%", "未能完成" * 60), ("≤889元/人", "848元/人"), ("", "1")]


@pytest.mark.parametrize("target, actual", _PAIRS)
def test_a_target_and_its_figure_are_read_as_the_general_reader_reads_the_pair(target, actual):
    """Each text is parsed once for every form it is in, the pair looked at together only where the
    figure is a word: the same figures, and the same pairs handed to the general path."""
    from jixiao.excel.fastform import _figures
    from jixiao.excel.fastsheet import AS_TARGET
    from jixiao.excel.national.indicators import word_for_figure
    from jixiao.parse.directions import undirected
    from jixiao.parse.quantity import parse_target, parse_value

    def plain():
        if AS_TARGET.match(actual) or undirected(target) or word_for_figure(target, actual):
            raise Unsure(actual)
        return parse_target(target), parse_value(actual)

    assert _refused_or(lambda: _figures(target, actual)) == _refused_or(plain)
    assert _refused_or(lambda: _figures(target, actual)) == _refused_or(plain)  # and once cached


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.floats(), st.floats(-1e6, 1e6).map(lambda x: round(x, 2)), st.sampled_from([-0.0, 1e15, 1e20, 1e-7])))
def test_an_amount_cell_reads_as_its_text_would(value):
    """A number cell's figure, made without going through its text's cache: the Decimal of the text
    Excel shows, and the same refusal where that text is no plain number (∞, 1e20's 21 digits)."""
    from jixiao.excel.fastsheet import _decimal, cell_number

    assert _refused_or(lambda: cell_number.__wrapped__(value)) == _refused_or(lambda: _decimal(text_of(value)))
