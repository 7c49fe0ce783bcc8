"""One call opens every evaluation file: a path or an upload's bytes, YAML or a workbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.analysis import analyse
from jixiao.excel.write import export_workbook
from jixiao.io.load import Loaded, load_text
from jixiao.sources import FORMATS, Format, open_source, register, suffixes
from test_web_fixtures import demo  # noqa: F401  (the API test's workspace)

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


# -- every form of a file, for `jixiao review` ------------------------------------------------


def _two_forms_and_a_note(path: Path) -> Path:
    """Two forms one below the other on one sheet, and a sheet of notes that is no form."""
    import copy

    import openpyxl
    from test_excel_fixtures import SAMPLE_FORM, national_workbook

    second = copy.deepcopy(SAMPLE_FORM)
    second["project"] = "第二个项目"
    national_workbook(path, [SAMPLE_FORM, second])
    book = openpyxl.load_workbook(path)
    book.create_sheet("填表说明")["A1"] = "请按财政局要求填写"
    book.save(path)
    return path


def test_every_form_of_a_workbook_is_one_record_with_its_place(tmp_path) -> None:
    from jixiao.sources import FormState, open_forms

    book = _two_forms_and_a_note(tmp_path / "全县.xlsx")
    forms = open_forms(book)
    filled = [f for f in forms if f.state is FormState.FILLED]
    assert [f.loaded.document["project"]["name"] for f in filled] == ["职业技能提升行动专项资金", "第二个项目"]
    assert all(f.loaded.ok and f.where.file == str(book) and f.where.sheet for f in filled)
    assert filled[0].where.cell != filled[1].where.cell  # each block at its own first cell
    (note,) = [f for f in forms if f.state is FormState.SKIPPED]
    assert note.where.sheet == "填表说明" and "不是自评表" in note.note

    uploaded = open_forms(book.read_bytes(), "乡镇汇总.xlsx")
    assert [(f.where.sheet, f.where.cell) for f in uploaded] == [(f.where.sheet, f.where.cell) for f in forms]
    assert {p.where.file for f in uploaded for p in f.loaded.problems} <= {"乡镇汇总.xlsx"}


def test_a_file_of_no_form_and_a_broken_file_say_why(tmp_path) -> None:
    import openpyxl

    from jixiao.sources import FormState, open_forms

    other = tmp_path / "其他.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "这不是自评表"
    book.save(other)
    *_, last = open_forms(other)
    assert last.state is FormState.UNREADABLE and last.note == "未找到自评表"
    assert [p.code for p in last.loaded.problems] == ["excel.not_recognised"]

    broken = open_forms(b"PK\x03\x04 not a workbook", "坏的.xlsx")
    assert [f.state for f in broken] == [FormState.UNREADABLE] and broken[0].note


def test_a_format_without_forms_of_its_own_is_one_form_and_review_finds_it_in_a_folder(tmp_path, monkeypatch) -> None:
    """Review walks a folder for every suffix some reader registers: a new format's file is reviewed too."""
    from jixiao.excel.review import review_all
    from jixiao.excel.safety import Limits
    from jixiao.sources import FormState, open_forms

    monkeypatch.setattr("jixiao.sources.registry.FORMATS", list(FORMATS))
    register(Format("文本自评表", frozenset({".jxt"}), lambda path, file: load_text(path.read_text("utf-8"), file)))
    sample = ROOT / "examples" / "project-selfeval-sample.yaml"
    (tmp_path / "自评.jxt").write_text(sample.read_text("utf-8"), "utf-8")
    (tmp_path / "说明.txt").write_text("不是评价文件", "utf-8")
    (form,) = open_forms(tmp_path / "自评.jxt")
    assert form.state is FormState.FILLED and form.loaded.ok and form.where.file == str(tmp_path / "自评.jxt")
    (row,) = review_all([tmp_path], Limits(), workers=1)
    assert row.file.endswith("自评.jxt") and row.status == "已复核" and row.total is not None


# -- YAML text through the same call: API bodies, stored revisions, a field typed as YAML ------


def test_a_text_is_read_as_its_bytes_are_and_without_evaluating_only_its_yaml_is_checked() -> None:
    from jixiao.sources import open_text

    text = REFERENCE.read_text("utf-8")
    assert open_text(text, "评价.yaml").document == open_source(REFERENCE).document
    broken = open_text("format: 1\ntitle: [没有闭合\nyear: 2024\n", "评价.yaml", evaluate=False)
    assert broken.document is None and broken.problems
    assert {(p.where.file, bool(p.where.line)) for p in broken.problems} == {("评价.yaml", True)}
    partial = open_text("title: 只有标题\n", "评价.yaml", evaluate=False)  # no evaluation built: no 缺少 format etc.
    assert partial.document == {"title": "只有标题"} and partial.evaluation is None and not partial.problems
    odd = open_text("title: \ud800\n", "评价.yaml")  # a lone surrogate, as a JSON body may carry: a message, no traceback
    assert odd.evaluation is None and odd.problems


def test_the_api_yaml_body_mistake_is_named_at_its_line(demo) -> None:  # noqa: F811
    import json

    ev = demo.reference
    body = {"base": 1, "yaml": "format: 1\ntitle: [没有闭合\n"}
    resp = demo.client("pingjia").post(f"/api/evaluations/{ev.pk}/revisions/", json.dumps(body, ensure_ascii=False),
                                       content_type="application/json")
    assert resp.status_code == 422 and resp.json()["error"].startswith("YAML 无法读取：评价.yaml:")
    assert {p["where"]["file"] for p in resp.json()["problems"]} == {"评价.yaml"}
    assert all(p["where"].get("line") for p in resp.json()["problems"])
