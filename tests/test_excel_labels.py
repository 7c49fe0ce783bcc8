"""A workbook as a clerk reads it: every label and every choice in Chinese, except the column
that says it is for the program (键); a metric chosen by its Chinese name reads back as before."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import openpyxl

from conftest import REFERENCE

ENGLISH = re.compile(r"[A-Za-z][A-Za-z_]{3,}")


def _export(tmp_path: Path) -> Path:
    out = tmp_path / "评价.xlsx"
    subprocess.run([sys.executable, "-m", "jixiao.cli", "export", str(REFERENCE), "-o", str(out)], check=True,
                   capture_output=True)
    return out


def test_excel_export_has_no_english_outside_the_key_column(tmp_path):
    wb = openpyxl.load_workbook(_export(tmp_path))
    found = []
    for ws in wb:
        keys = {c.column for c in ws[1] if isinstance(c.value, str) and c.value.startswith("键")}
        for row in ws.iter_rows():
            for c in row:
                if c.column in keys or not isinstance(c.value, str):
                    continue
                text = re.sub(r"jixiao [a-z]+", "", c.value)  # a command to type stays as it is typed
                words = [w for w in ENGLISH.findall(text) if w.lower() not in ("yaml", "excel", "enter", "xlsx")]
                if words:
                    found.append((ws.title, c.coordinate, c.value[:40]))
    assert not found, found
    sheet = wb["指标体系"]
    column = next(c.column for c in sheet[1] if c.value == "计算指标")
    metrics = {sheet.cell(r, column).value for r in range(2, sheet.max_row + 1)} - {None}
    assert metrics == {"预算执行率", "预算调整率", "“三公经费”控制率", "固定资产利用率"}
    lists = [dv.formula1 for dv in sheet.data_validations.dataValidation]
    assert any("预算执行率" in (f or "") for f in lists)


def test_excel_metric_by_chinese_name_reads_back_as_the_metric(tmp_path):
    out = _export(tmp_path)
    back = tmp_path / "back.yaml"
    subprocess.run([sys.executable, "-m", "jixiao.cli", "import", str(out), "-o", str(back)], check=True,
                   capture_output=True)
    text = back.read_text(encoding="utf-8")
    assert "metric: budget.execution_rate" in text and "metric: assets.utilization" in text
    score = subprocess.run([sys.executable, "-m", "jixiao.cli", "score", str(back)], capture_output=True, text=True)
    assert "97.00" in score.stdout


def test_excel_scored_export_names_every_place_in_chinese(tmp_path):
    out = tmp_path / "复核.xlsx"
    subprocess.run([sys.executable, "-m", "jixiao.cli", "export", "--scored", str(REFERENCE), "-o", str(out)],
                   check=True, capture_output=True)
    sheet = openpyxl.load_workbook(out)["检查结果"]
    places = [sheet.cell(r, 3).value for r in range(2, sheet.max_row + 1)]
    assert "预算 · “三公经费”" in places
    assert not [p for p in places if re.search(r"\w+\[\d+\]|[a-z]+\.[a-z_]+", p or "")], places
