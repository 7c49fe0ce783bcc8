"""The reference report as a firm delivered it (tests/fixtures/reference-report/report.docx and its
PDF): `jixiao audit` finds every contradiction expected.yaml lists, at its place, and nothing else —
nothing on the parts that agree (a sum of figures given elsewhere, one figure at two precisions)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jixiao.reportaudit import audit_file

FIXTURE = Path(__file__).parent / "fixtures" / "reference-report"
EXPECTED = yaml.safe_load((FIXTURE / "expected.yaml").read_text(encoding="utf-8"))


def _key(place: dict) -> tuple:
    if place.get("paragraph") is not None:
        return ("p", place["paragraph"])
    return ("t", place["table_index"], place["cell_row"], place["cell_col"])


def _problem_key(p) -> tuple:
    w = p.where
    return ("p", w.paragraph) if w.paragraph is not None else ("t", w.table_index, w.cell_row, w.cell_col)


@pytest.fixture(scope="module")
def docx_result():
    return audit_file(FIXTURE / "report.docx", "report.docx")


def test_every_expected_contradiction_is_found_at_its_place(docx_result):
    found = {_problem_key(p) for p in docx_result.problems}
    missing = [c["id"] for c in EXPECTED["contradictions"] if _key(c["at"]) not in found]
    assert not missing, missing
    assert len(EXPECTED["contradictions"]) > 12
    severities = {}
    for p in docx_result.problems:
        severities.setdefault(_problem_key(p), set()).add(p.severity.value)
    wrong = [c["id"] for c in EXPECTED["contradictions"] if c["severity"] not in severities[_key(c["at"])]]
    assert not wrong, wrong  # as a careful reader weighs them: a 标杆值 worded two ways warns, a wrong figure is an error


def test_exactly_the_expected_problems_are_raised(docx_result):
    # one problem at each listed place, two where the entry names two codes (自评表总分: 24 in all)
    by_place: dict[tuple, list[str]] = {}
    for p in docx_result.problems:
        by_place.setdefault(_problem_key(p), []).append(p.code)
    expected = {_key(c["at"]): sorted(c.get("codes", [])) or 1 for c in EXPECTED["contradictions"]}
    assert set(by_place) == set(expected)
    assert {k: sorted(v) if len(v) > 1 else len(v) for k, v in by_place.items()} == expected
    assert len(docx_result.problems) == 24


def test_nothing_is_raised_where_the_report_agrees(docx_result):
    expected = {_key(c["at"]) for c in EXPECTED["contradictions"]}
    extra = [(p.code, p.message) for p in docx_result.problems if _problem_key(p) not in expected]
    assert not extra, extra  # so nothing at the consistent places either (52 + 9 = 61场, 2.56万人 = 25,632人 …)
    assert not any("61场" in p.message or "1.98亿" in p.message for p in docx_result.problems)


def test_pdf_finds_the_same_by_page(tmp_path):
    pdf = audit_file(FIXTURE / "report.pdf", "report.pdf")
    docx = audit_file(FIXTURE / "report.docx", "report.docx")
    codes = lambda r: sorted(p.code for p in r.problems)  # noqa: E731
    assert codes(pdf) == codes(docx)
    parent = next(p for p in pdf.problems if p.code == "audit.indicator_parent")
    assert (parent.where.page, parent.where.table, parent.where.cell_row, parent.where.cell_col) == (23, "表3-2", 1, 1)
