"""One call opens every evaluation file: a path or an upload's bytes, YAML or a workbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.analysis import analyse
from jixiao.excel.write import export_workbook
from jixiao.io.load import Loaded, load_text
from jixiao.sources import FORMATS, Format, open_source, register, suffixes

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "xinshi-hrss-2024.yaml"


def test_a_path_and_its_bytes_give_the_same_evaluation_and_document() -> None:
    by_path = open_source(REFERENCE)
    by_bytes = open_source(REFERENCE.read_bytes(), "人社局评价.yaml")
    assert by_path.ok and by_bytes.ok
    assert f"{analyse(by_bytes.evaluation).scorecard.total:.2f}" == "97.00"
    assert by_path.document == by_bytes.document and by_path.document["format"] == "1"


def test_a_workbook_upload_is_read_as_a_workbook_and_named_as_the_user_named_it(tmp_path) -> None:
    book = export_workbook(open_source(REFERENCE).document, tmp_path / "评价.xlsx")
    loaded = open_source(book.read_bytes(), "人社局评价.xlsx")
    assert loaded.ok and f"{analyse(loaded.evaluation).scorecard.total:.2f}" == "97.00"
    assert loaded.document == open_source(book).document

    broken = open_source(b"PK\x03\x04 not a workbook", "坏的.xlsx")
    assert not broken.ok and broken.problems
    assert all(str(p.where).startswith("坏的.xlsx") for p in broken.problems), [str(p.where) for p in broken.problems]


def test_problems_are_located_and_the_document_is_kept_for_the_doors() -> None:
    text = REFERENCE.read_text("utf-8").replace("format: 1", "format: 1\nunknown_key: 1", 1)
    loaded = open_source(text.encode(), "改过.yaml")
    assert any(p.where.file == "改过.yaml" and p.where.line for p in loaded.problems)
    assert loaded.document is not None and "unknown_key" in loaded.document


def test_a_missing_file_is_one_problem_whatever_its_suffix(tmp_path) -> None:
    for name in ("没有.yaml", "没有.xlsx"):
        loaded = open_source(tmp_path / name)
        assert [p.code for p in loaded.problems] == ["input.not_found"]
        assert loaded.problems[0].message == "文件不存在"


def test_a_new_format_is_one_registration(tmp_path, monkeypatch) -> None:
    """A reader registered for a suffix is used by every door's call, without touching it."""
    monkeypatch.setattr("jixiao.sources.registry.FORMATS", list(FORMATS))
    read: list[str] = []

    def read_text_form(path: Path, file: str) -> Loaded:
        read.append(file)
        return load_text(path.read_text("utf-8"), file)

    register(Format("文本评价文件", frozenset({".jxt"}), read_text_form))
    form = tmp_path / "评价.jxt"
    form.write_text(REFERENCE.read_text("utf-8"), "utf-8")
    assert open_source(form).ok and read == [str(form)]
    assert ".jxt" in suffixes() and ".xlsx" in suffixes()


@pytest.mark.parametrize("name", ["评价.txt", "评价"])
def test_a_file_no_reader_claims_is_read_as_yaml(tmp_path, name) -> None:
    path = tmp_path / name
    path.write_bytes(REFERENCE.read_bytes())
    assert open_source(path).ok


@pytest.mark.parametrize("name", ["..", "../../评价.yaml", "/etc/评价.yaml", "a\x00b.yaml"])
def test_an_upload_name_is_only_a_name(name) -> None:
    """A hostile name neither writes outside the reader's own temporary copy nor fails."""
    loaded = open_source(REFERENCE.read_bytes(), name)
    assert loaded.ok and {p.where.file for p in loaded.problems} <= {name}
