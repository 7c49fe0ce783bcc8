"""Bad workbooks: each problem is named at its cell or file, in Chinese, and nothing is imported."""

from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from click.testing import CliRunner
from conftest import REFERENCE, SAMPLE

from jixiao.cli import main
from jixiao.excel.read import load_workbook
from jixiao.excel.write import export_workbook
from jixiao.io.document import document_from_yaml


def _export(example: Path, out: Path) -> Path:
    problems: list = []
    doc = document_from_yaml(example.read_text(encoding="utf-8"), str(example), problems)
    return export_workbook(doc, out)


def _find(ws, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(text)


@pytest.fixture
def form(tmp_path):
    """The sample form exported, and the row / columns of its 4th indicator (补贴资金发放及时率)."""
    path = _export(SAMPLE, tmp_path / "自评表.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["自评表"]
    row, _ = _find(ws, "补贴资金发放及时率")
    return path, book, ws, row


def _import_refused(path: Path, tmp_path: Path) -> str:
    """`jixiao import` exits 2, writes nothing, and returns what it said."""
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert not out.exists()
    return result.output


def test_text_in_a_number_cell_is_named_at_its_cell(form, tmp_path):
    path, book, ws, row = form
    ws.cell(row=row, column=7, value="abc")  # 分值
    ws.cell(row=row + 1, column=8, value="九分")  # 得分 of the next indicator: every problem at once
    book.save(path)
    loaded = load_workbook(path)
    assert not loaded.ok
    messages = [str(p) for p in loaded.problems if p.severity.value == "error"]
    assert any(m.startswith(f"{path}!自评表!G{row}") and "“abc”不是数字" in m and "分值" in m for m in messages), messages
    assert any(f"!自评表!H{row + 1}" in m and "“九分”不是数字" in m for m in messages), messages
    said = _import_refused(path, tmp_path)
    assert f"自评表!G{row}" in said.replace("\n", "")


def test_a_merged_cell_across_figures_is_refused(form, tmp_path):
    path, book, ws, row = form
    ws.merge_cells(start_row=row, start_column=7, end_row=row, end_column=8)  # 分值 and 得分 in one cell
    book.save(path)
    loaded = load_workbook(path)
    merged = [p for p in loaded.problems if p.code == "excel.merged_figure"]
    assert merged and merged[0].where.cell == f"G{row}" and f"G{row}:H{row}" in merged[0].message
    assert "合并单元格" in merged[0].message
    _import_refused(path, tmp_path)


def test_a_formula_without_a_saved_value_is_named(form, tmp_path):
    path, book, ws, row = form
    ws.cell(row=row, column=8, value=f"=G{row}*0.958")  # openpyxl saves no computed value
    book.save(path)
    loaded = load_workbook(path)
    found = [p for p in loaded.problems if p.code == "excel.formula_no_value"]
    assert found and found[0].where.cell == f"H{row}" and "公式" in found[0].message
    assert not loaded.ok
    _import_refused(path, tmp_path)


def test_a_40000_character_cell_is_refused(form, tmp_path):
    path, book, ws, row = form
    ws.cell(row=row, column=9, value="偏差" * 20_000)
    book.save(path)
    loaded = load_workbook(path)
    found = [p for p in loaded.problems if p.code == "excel.cell_too_long"]
    assert found and found[0].where.cell == f"I{row}" and "32,767" in found[0].message and "截断" in found[0].message
    _import_refused(path, tmp_path)


def test_a_missing_sheet_is_named(tmp_path):
    path = _export(REFERENCE, tmp_path / "部门.xlsx")
    book = openpyxl.load_workbook(path)
    del book["指标体系"]
    book.save(path)
    loaded = load_workbook(path)
    found = [p for p in loaded.problems if p.code == "excel.sheet_missing"]
    assert found and "缺少工作表“指标体系”" in found[0].message and found[0].where.file == str(path)
    _import_refused(path, tmp_path)


def test_a_macro_workbook_is_refused(form, tmp_path):
    path = form[0]
    xlsm = tmp_path / "宏.xlsm"
    shutil.copy(path, xlsm)
    loaded = load_workbook(xlsm)
    assert loaded.evaluation is None
    assert [p.code for p in loaded.problems] == ["excel.macro"]
    assert "另存为” .xlsx" in loaded.problems[0].message
    _import_refused(xlsm, tmp_path)


def _declare(path: Path, size: int) -> None:
    """Rewrite the zip directory so the first entry declares `size` bytes once unzipped."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, at + 24, size)
    path.write_bytes(bytes(data))


def test_a_zip_bomb_is_refused_before_parsing(tmp_path):
    bomb = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 1_000_000)
    _declare(bomb, 1_000_000_000)
    assert 900_000 < bomb.stat().st_size < 1_200_000
    loaded = load_workbook(bomb)
    assert loaded.evaluation is None
    assert [p.code for p in loaded.problems] == ["excel.zip_bomb"]
    assert "压缩炸弹" in loaded.problems[0].message and "954.6 MB" in loaded.problems[0].message
    _import_refused(bomb, tmp_path)


def test_too_many_zip_entries_are_refused(tmp_path):
    many = tmp_path / "条目.xlsx"
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(10_001):
            archive.writestr(f"x/{i}", "")
    loaded = load_workbook(many)
    assert [p.code for p in loaded.problems] == ["excel.too_many_entries"]


def test_a_file_that_is_not_a_workbook(tmp_path):
    fake = tmp_path / "假.xlsx"
    fake.write_text("不是工作簿", encoding="utf-8")
    loaded = load_workbook(fake)
    assert [p.code for p in loaded.problems] == ["excel.not_workbook"]


def test_rows_per_sheet_are_capped(tmp_path, monkeypatch):
    from test_excel_fixtures import national_workbook

    national_workbook(tmp_path / "f.xlsx")
    monkeypatch.setenv("JIXIAO_MAX_ROWS", "10")
    loaded = load_workbook(tmp_path / "f.xlsx")
    assert not loaded.ok
    assert any(p.code == "excel.too_many_rows" and p.where.sheet == "自评表" for p in loaded.problems)


def test_xml_entity_expansion_is_refused(form, tmp_path):
    path = form[0]
    bomb = tmp_path / "实体.xlsx"
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
        + "]>"
    )
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                body = data.split(b"?>", 1)[-1]  # without its own XML declaration, if any
                data = laughs.encode() + body.replace(b"<sheets>", b"<sheets>&lol9;", 1)
            dst.writestr(item, data)
    loaded = load_workbook(bomb)
    assert loaded.evaluation is None
    assert [p.code for p in loaded.problems] == ["excel.xml_entities"]
    assert "拒绝读取" in loaded.problems[0].message


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_cell_reads_as_excel_shows_it_with_15_significant_digits(value):
    from decimal import Decimal

    from jixiao.excel.cells import number_text

    shown = format(Decimal(format(value, ".15g")).normalize(), "f")
    assert number_text(value) == ("0" if shown == "-0" else shown)
