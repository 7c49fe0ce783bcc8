"""`jixiao review` on the corpus: a folder holding every corpus form in its own layout, workbooks and
Word documents side by side, gives one summary row per form, with the total, grade and status a
careful reviewer found (expected.yaml).

Forms the readers do not read right yet are those of test_forms_corpus.KNOWN_UNREAD and
test_forms_word.KNOWN_UNREAD: their rows must be there, and their figures are expected to fail."""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml
from test_forms_corpus import KNOWN_UNREAD
from test_forms_word import KNOWN_UNREAD as WORD_UNREAD

FORMS = Path(__file__).parent / "forms"
FOLDERS = sorted(p.name for p in FORMS.iterdir() if (p / "expected.yaml").is_file())
HEADS = {"序号", "项目", "填报总分", "复核总分", "等级", "状态", "文件", "工作表", "位置"}


def _expected(folder: str) -> dict:
    return yaml.safe_load((FORMS / folder / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def summary(tmp_path_factory) -> dict[str, list[dict]]:
    """The rows of the summary workbook by corpus folder, from one review of the whole corpus."""
    tmp = tmp_path_factory.mktemp("review")
    inbox = tmp / "各单位自评表"
    inbox.mkdir()
    for folder in FOLDERS:
        (form,) = [p for p in (FORMS / folder).glob("form.*") if p.suffix in (".xlsx", ".docx")]
        shutil.copyfile(form, inbox / f"{folder}{form.suffix}")
    out = tmp / "审核结果.xlsx"
    done = subprocess.run([sys.executable, "-m", "jixiao.cli", "review", str(inbox), "-o", str(out), "--no-progress"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    assert "共审核" in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert f"（{len(FOLDERS)} 个文件）" in done.stdout  # Word documents among them: files, not workbooks
    sheet = openpyxl.load_workbook(out, read_only=True)["审核汇总"]
    rows = sheet.iter_rows(values_only=True)
    heads = next(rows)
    assert HEADS <= set(heads)
    by_folder: dict[str, list[dict]] = {}
    for values in rows:
        row = dict(zip(heads, values))
        by_folder.setdefault(Path(row["文件"]).stem, []).append(row)
    return by_folder


def test_every_form_of_the_folder_has_its_rows_and_nothing_else(summary):
    assert sorted(summary) == FOLDERS
    for folder in FOLDERS:
        parts = _expected(folder).get("parts")
        if folder not in KNOWN_UNREAD:
            assert len(summary[folder]) == (len(parts) if parts else 1), (folder, summary[folder])
    word = [folder for folder in FOLDERS if Path(summary[folder][0]["文件"]).suffix == ".docx"]
    assert word == sorted(p.parent.name for p in FORMS.glob("*/form.docx"))


def _figure(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _row_right(folder: str, rows: list[dict]) -> str:
    """'' when the form's row says what a careful reviewer found, else what differs."""
    expected = _expected(folder)
    if expected.get("parts"):
        return _parts_right(expected["parts"], rows)
    total = expected.get("total") or {}
    row = rows[0]
    if expected.get("filled_in") is False and total.get("recomputed") is None:
        return "" if str(row["状态"]).startswith("未填写") else f"状态 {row['状态']}, expected 未填写"
    if not str(row["状态"]).startswith("已复核"):
        return f"状态 {row['状态']}"
    want = total.get("recomputed", total.get("filled_sum"))  # a table without figures: its scores summed
    if want is None and expected.get("parts"):  # a fragment above the form: the form's part, its funds only
        want = ((expected["parts"][-1].get("funds") or {}).get("recomputed") or {}).get("score")
    if _figure(row["复核总分"]) != _figure(want):
        return f"复核总分 {row['复核总分']}, expected {want}"
    if total.get("filled") is not None and _figure(row["填报总分"]) != _figure(total["filled"]):
        return f"填报总分 {row['填报总分']}, expected {total['filled']}"
    if "provisional" in total and ("暂定" in str(row["等级"])) != bool(total["provisional"]):
        return f"等级 {row['等级']}, expected {'暂定' if total['provisional'] else 'final'}"
    if total.get("grade") and not str(row["等级"]).startswith(total["grade"]):
        return f"等级 {row['等级']}, expected {total['grade']}"
    return ""


def _parts_right(parts: list[dict], rows: list[dict]) -> str:
    """A sheet holding the end of one form above another: a row per part at its first row; the form's
    row recomputed (where the part gives a total, or only funds were transcribed, their score)."""
    places, want = [row["位置"] for row in rows], [f"A{part['rows'][0]}" for part in parts]
    if places != want:
        return f"位置 {places}, expected {want}"
    for part, row in zip(parts, rows):
        if part["what"] == "fragment":
            continue  # read apart, or said not to be read: test_forms_corpus checks which
        if str(row["状态"]).startswith("无法"):
            return f"{row['位置']} 状态 {row['状态']}"
        funds = (part.get("funds") or {}).get("recomputed") or {}
        total = (part.get("total") or {}).get("recomputed", None if part.get("indicators") else funds.get("score"))
        if total is not None and _figure(row["复核总分"]) != _figure(total):
            return f"{row['位置']} 复核总分 {row['复核总分']}, expected {total}"
    return ""


@pytest.mark.parametrize("folder", FOLDERS)
def test_each_row_has_the_total_grade_and_status_a_careful_reviewer_found(summary, folder):
    wrong = _row_right(folder, summary[folder])
    if wrong and (folder in KNOWN_UNREAD or folder in WORD_UNREAD):
        pytest.xfail(KNOWN_UNREAD.get(folder) or WORD_UNREAD[folder])
    assert not wrong, f"{folder}: {wrong}"


def test_a_word_form_that_is_read_names_its_table_in_the_summary(summary):
    (row,) = summary["hubei-changjiang-jinbu"]
    assert (row["工作表"], row["位置"], row["填报总分"]) == ("表1", "A1", 100)
