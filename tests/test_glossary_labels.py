"""One word per field: the sheets, the checks and the loader name a figure as the glossary does."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner
from conftest import REFERENCE

from jixiao.cli import main
from jixiao.glossary import label


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def _heads(ws) -> list:
    return [c.value for c in ws[1]]


def test_the_budget_and_asset_sheets_head_their_columns_with_the_glossary_words(tmp_path):
    out = tmp_path / "评价.xlsx"
    assert _run("export", str(REFERENCE), "-o", str(out)).exit_code == 0
    book = openpyxl.load_workbook(out)
    assert label("adjusted") == "全年预算数" and label("opening") == "期初金额"
    assert "全年预算数" in _heads(book["预算"]) and "调整后预算数" not in _heads(book["预算"])
    assert {"期初金额", "期末金额"} <= set(_heads(book["资产"]))


def test_a_workbook_with_the_former_budget_header_still_reads_the_same(tmp_path):
    out = tmp_path / "评价.xlsx"
    assert _run("export", str(REFERENCE), "-o", str(out)).exit_code == 0
    book = openpyxl.load_workbook(out)
    ws = book["预算"]
    ws.cell(row=1, column=_heads(ws).index("全年预算数") + 1, value="调整后预算数")
    old = tmp_path / "旧表头.xlsx"
    book.save(old)
    now, before = _run("score", str(out)), _run("score", str(old))
    assert now.exit_code == before.exit_code == 0
    assert "97.00" in before.output
    assert before.output.replace(str(old), "") == now.output.replace(str(out), "")


def test_an_overspent_line_is_said_against_the_全年预算数(tmp_path):
    text = REFERENCE.read_text(encoding="utf-8").replace(
        "{name: 公用经费, initial: 47.48, adjusted: 47.48, spent: 47.48}",
        "{name: 公用经费, initial: 47.48, adjusted: 47.48, spent: 50.00}",
    )
    path = tmp_path / "超支.yaml"
    path.write_text(text, encoding="utf-8")
    out = _run("check", str(path)).output
    assert "“公用经费”支出决算50.00万元超过全年预算数47.48万元" in out
    assert "调整后预算" not in out
