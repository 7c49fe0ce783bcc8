"""Every workbook jixiao writes holds figures as numbers in their format, and users' texts as texts.

The workbooks are opened with openpyxl as a user's Excel would read them: a figure is a
numeric cell (data_type "n") with a number format, never the text "96.33"."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import REFERENCE, SAMPLE
from test_excel_fixtures import national_workbook

from jixiao.cli import main
from jixiao.io.document import document_from_yaml, dump_yaml, set_path

PLAIN_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?")


def _run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


def _numbers_as_text(book) -> list[str]:
    """Cells holding a plain number as text (a quantity such as 2.56万人 or 97% is a text as written)."""
    return [
        f"{ws.title}!{c.coordinate}={c.value!r}"
        for ws in book
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "s" and isinstance(c.value, str) and PLAIN_NUMBER.fullmatch(c.value.strip())
    ]


def _info(book) -> dict:
    """基本信息 value cells by key path (column 键)."""
    ws = book["基本信息"]
    return {row[2].value: row[1] for row in ws.iter_rows(min_row=2) if row[2].value}


def _column(ws, head: str) -> list:
    heads = [c.value for c in ws[1]]
    col = heads.index(head)
    return [row[col] for row in ws.iter_rows(min_row=2) if row[col].value is not None]


def _figure(cell, value, number_format: str) -> None:
    assert (cell.data_type, cell.value, cell.number_format) == ("n", value, number_format), cell.coordinate


@pytest.mark.parametrize("scored", [False, True], ids=["export", "scored"])
def test_exported_reference_writes_figures_as_numbers(scored, tmp_path):
    out = tmp_path / "评价.xlsx"
    _run("export", *(["--scored"] if scored else []), str(REFERENCE), "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert _numbers_as_text(book) == []
    info = _info(book)
    _figure(info["year"], 2024, "0")
    _figure(info["grading[0].min"], 90, "0.00")
    _figure(info["budget.carryover"], 0, "#,##0.00")
    _figure(info["budget.three_public.budget"], 0, "#,##0.00")
    _figure(info["assets.in_use"], 1319.92, "#,##0.00")
    _figure(info["entity.staffing.administrative"], 9, "0")
    assert info["entity.name"].data_type == "s" and info["grading[0].grade"].value == "优"
    assert all(c.data_type == "n" and c.number_format == "#,##0.00" for c in _column(book["预算"], "全年预算数"))
    assert all(c.data_type == "n" and c.number_format == "0.00" for c in _column(book["指标体系"], "权重"))
    if scored:
        computed = _column(book["指标体系"], "计算得分")
        assert computed[-1].value == 97 and all(c.data_type == "n" and c.number_format == "0.00" for c in computed)
        assert all(c.data_type == "n" and c.number_format == "0.00%" for c in _column(book["指标体系"], "得分率"))


def test_exported_sample_and_its_round_trip_keep_the_figures(tmp_path):
    out = tmp_path / "自评.xlsx"
    _run("export", str(SAMPLE), "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert _numbers_as_text(book) == []
    _figure(_info(book)["grading[0].min"], 90, "0.00")
    result = CliRunner().invoke(main, ["score", str(out)])
    assert result.exit_code == 0 and "复核95.52分" in result.output, result.output


@pytest.mark.parametrize("kind", ["department", "project", "project_self_evaluation"])
def test_template_figures_are_numbers_and_blank_figures_are_formatted(kind, tmp_path):
    out = tmp_path / "模板.xlsx"
    _run("template", "--kind", kind, "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert _numbers_as_text(book) == []
    info = _info(book)
    for i, low in enumerate((90, 80, 60, 0)):
        _figure(info[f"grading[{i}].min"], low, "0.00")
    if kind != "project_self_evaluation":
        blank = info["assets.in_use"]  # typed in later: shown as 万元 with two places
        assert blank.value is None and blank.number_format == "#,##0.00"


def test_users_texts_stay_texts_even_when_they_look_like_numbers_or_formulas(tmp_path):
    problems: list = []
    doc = document_from_yaml(REFERENCE.read_text(encoding="utf-8"), str(REFERENCE), problems)
    set_path(doc, "entity.head", "007")
    set_path(doc, "entity.short_name", "=1+1")
    set_path(doc, "engagement.lead", "@张三")
    set_path(doc, "findings.problems[0].title", "-预算编制不细")
    set_path(doc, "findings.problems[0].text", "+86 0991 电话核实")
    source = tmp_path / "评价.yaml"
    source.write_text(dump_yaml(doc), encoding="utf-8")
    out = tmp_path / "评价.xlsx"
    _run("export", str(source), "-o", str(out))
    book = openpyxl.load_workbook(out)
    info = _info(book)
    for key, text in (("entity.head", "007"), ("entity.short_name", "=1+1"), ("engagement.lead", "@张三")):
        assert (info[key].data_type, info[key].value) == ("s", text), key
    cells = {c.value: c for row in book["发现与建议"].iter_rows() for c in row if isinstance(c.value, str)}
    for text in ("-预算编制不细", "+86 0991 电话核实"):
        assert cells[text].data_type == "s", text
    back = tmp_path / "back.yaml"
    _run("import", str(out), "-o", str(back))
    again = document_from_yaml(back.read_text(encoding="utf-8"), str(back), problems)
    assert again["entity"]["head"] == "007" and again["entity"]["short_name"] == "=1+1"


def test_review_summary_writes_figures_as_numbers(tmp_path):
    national_workbook(tmp_path / "自评表.xlsx")
    out = tmp_path / "审核结果.xlsx"
    _run("review", str(tmp_path / "自评表.xlsx"), "-o", str(out), "--no-progress")
    book = openpyxl.load_workbook(out)
    assert _numbers_as_text(book) == []
    summary = book["审核汇总"]
    row = {head.value: cell for head, cell in zip(summary[1], summary[2])}
    _figure(row["填报总分"], 95.52, "0.00")
    _figure(row["复核总分"], 95.52, "0.00")
    _figure(row["差异"], 0, "0.00")
    assert row["序号"].data_type == "n" and row["错误数"].data_type == "n" and row["警告数"].data_type == "n"
    problems = book["问题清单"]
    assert all(r[0].data_type == "n" for r in problems.iter_rows(min_row=2))
