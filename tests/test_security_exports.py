"""Formula injection: a project, an indicator, a finding or a file named like a formula
(= + - @, a tab or CR before one, the full-width ＝ ＋ － ＠) goes through every workbook jixiao
writes — the template, `jixiao export`, `export --scored`, the `jixiao review` summary, the
evaluation's Excel download and the portfolio export over HTTP — and comes out as the same
text in a text cell, marked so that Excel and WPS keep it text even once edited: no cell of
any of them is a formula."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import REFERENCE
from jixiao.cli import main
from jixiao.io.document import document_from_yaml, dump_yaml

PREFIXES = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]
FORMULA = {
    "=": '=HYPERLINK("http://x","click")',
    "+": "+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t": '\t=HYPERLINK("http://x","click")',
    "\r": '\r=HYPERLINK("http://x","click")',
    "＝": "＝HYPERLINK(\"http://x\",\"click\")",
    "＋": "＋1+1",
    "－": "－1+1",
    "＠": "＠SUM(1,2)",
}
IDS = ["eq", "plus", "minus", "at", "tab", "cr", "fw-eq", "fw-plus", "fw-minus", "fw-at"]


def payload(prefix: str, what: str) -> str:
    """A formula after `prefix`, naming what it was written as, so each can be found again."""
    return f"{FORMULA[prefix]}&\"{what}\""


def unescaped(value: str) -> str:
    """OOXML writes a CR as _x000D_ (XlsxWriter does; openpyxl reads it back as written)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def texts_of(path_or_bytes) -> list[str]:
    """Open the workbook as a user's spreadsheet would: no cell may be a formula; a text that
    starts like one must carry the quote prefix. Returns every text cell's value."""
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    book = openpyxl.load_workbook(source)
    found = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    value = unescaped(cell.value)
                    if value.startswith(tuple(PREFIXES)):
                        assert cell.quotePrefix, f"{ws.title}!{cell.coordinate} {value!r} has no quote prefix"
                    found.append(value)
    return found


def assert_intact(found: list[str], *expected: str) -> None:
    for text in expected:
        assert text in found or any(text in f for f in found), f"{text!r} not found intact"


def hostile_document(prefix: str) -> tuple[dict, list[str]]:
    """The reference evaluation with its entity, an indicator of each level, a leaf's data
    source (a file name), a finding and a suggestion all named like a formula."""
    doc = document_from_yaml(REFERENCE.read_text("utf-8"), str(REFERENCE), [])
    doc = copy.deepcopy(doc)
    names = {k: payload(prefix, k) for k in ("单位", "一级", "二级", "三级", "来源", "问题", "问题说明", "建议")}
    doc["entity"]["name"] = names["单位"]
    top = doc["indicators"][0]
    top["name"] = names["一级"]
    top["children"][0]["name"] = names["二级"]
    top["children"][0]["children"][0]["name"] = names["三级"]
    c11 = doc["indicators"][2]["children"][0]["children"][0]
    c11["actual"]["source"] = payload(prefix, "来源") + ".xlsx"
    names["来源"] += ".xlsx"
    problem = doc["findings"]["problems"][0]
    problem["title"], problem["text"] = names["问题"], names["问题说明"]
    doc["findings"]["suggestions"][0]["text"] = names["建议"]
    return doc, list(names.values())


@pytest.mark.parametrize("kind", ["department", "project", "project_self_evaluation"])
def test_the_template_has_no_formula(tmp_path, kind):
    out = tmp_path / "模板.xlsx"
    result = CliRunner().invoke(main, ["template", "--kind", kind, "-o", str(out)])
    assert result.exit_code == 0, result.output
    texts_of(out)


@pytest.mark.parametrize("scored", [False, True], ids=["export", "scored"])
@pytest.mark.parametrize("prefix", PREFIXES, ids=IDS)
def test_export_writes_formula_like_names_as_text(tmp_path, prefix, scored):
    doc, names = hostile_document(prefix)
    src = tmp_path / "评价.yaml"
    src.write_text(dump_yaml(doc), encoding="utf-8")
    out = tmp_path / "导出.xlsx"
    result = CliRunner().invoke(main, ["export", str(src), "-o", str(out)] + (["--scored"] if scored else []))
    assert result.exit_code == 0, result.output
    assert_intact(texts_of(out), *names)


def _national_form(path: Path, project: str) -> None:
    from test_excel_fixtures import SAMPLE_FORM, national_workbook

    form = dict(SAMPLE_FORM, project=project, department=project + "主管部门")
    rows = [list(r) for r in form["indicators"]]
    rows[0][2] = project + "指标"
    form["indicators"] = [tuple(r) for r in rows]
    national_workbook(path, [form])
    # The department typed these names as text: make sure the input holds no formula either.
    book = openpyxl.load_workbook(path)
    for row in book.active.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.value, cell.data_type = str(cell.value), "s"
    book.save(path)


def test_review_summary_writes_formula_like_projects_and_file_names_as_text(tmp_path):
    folder = tmp_path / "自评表"
    folder.mkdir()
    projects, files = [], []
    for i, prefix in enumerate(PREFIXES):
        project = payload(prefix, f"项目{i}")
        name = f"{FORMULA[prefix]}-{i}.xlsx".replace("/", "／")  # a file name cannot hold a slash
        _national_form(folder / name, project)
        projects.append(project)
        files.append(name)
    out = tmp_path / "审核结果.xlsx"
    result = CliRunner().invoke(main, ["review", str(folder), "-o", str(out), "--no-progress", "-j", "1"])
    assert result.exit_code in (0, 1), result.output
    found = texts_of(out)
    # The reader trims the blanks a clerk leaves around a name (a tab, a CR); what is left is intact.
    assert_intact(found, *[p.strip() for p in projects])
    assert_intact(found, *files)


# -- over HTTP ---------------------------------------------------------------------------------

web = pytest.importorskip("test_web_fixtures")
demo = web.demo


def _evaluation_named(demo, name: str, pk: int):
    """A copy of the sample 自评 with its project named `name`, saved as a revision."""
    from jixiao.web.store import create_evaluation, head_document

    ev = web.Evaluation.objects.get(pk=pk)
    doc = copy.deepcopy(head_document(ev))
    doc["project"]["name"] = name
    doc["title"] = name + "绩效自评"
    user = web.Profile.objects.get(user__username="pingjia2").user
    return create_evaluation(doc, user, ev.bureau, firm=ev.firm, department=ev.department, message="新建（测试）")


def test_portfolio_export_writes_formula_like_subjects_as_text(demo):
    names = [payload(prefix, "项目") for prefix in PREFIXES]
    for name in names:
        _evaluation_named(demo, name, demo.sample.pk)
    client = demo.client("caizheng", enforce_csrf_checks=True)
    resp = client.get("/evaluations/export.xlsx")
    assert resp.status_code == 200 and resp.content[:2] == b"PK"
    assert_intact(texts_of(resp.content), *names)


def test_evaluation_download_writes_formula_like_names_as_text(demo):
    from jixiao.web.store import head_document

    ev = demo.reference
    doc, names = hostile_document("=")
    client = demo.client("pingjia", enforce_csrf_checks=True)
    page = client.get(f"/e/{ev.pk}/indicators/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    resp = client.post(f"/api/evaluations/{ev.pk}/revisions/", {"base": ev.head, "document": doc},
                       content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert resp.status_code == 201, resp.content.decode()[:500]
    ev.refresh_from_db()
    assert head_document(ev)["entity"]["name"] == names[0]
    resp = client.get(f"/e/{ev.pk}/export/xlsx/")
    assert resp.status_code == 200 and resp.content[:2] == b"PK"
    assert_intact(texts_of(resp.content), *names)
