"""Hostile input to the parsers: YAML bombs, deep or long formulas, numbers that are no figures.

Each attack is made the way the security review made it — a file given to the
command, a body sent to the API, a form posted with CSRF enforced — and must end
quickly in a Chinese message naming the file and line (or cell, or indicator),
exit 2 or a 4xx, nothing saved, and a line in the server's log.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REFERENCE, SAMPLE
from test_web_fixtures import demo as web  # noqa: F401  (Django on a temporary data directory)
from jixiao.io import yaml_tree
from jixiao.io.load import load_text
from jixiao.sources import open_source
from jixiao.numbers import MAX_DIGITS, D, NotANumber, fmt, fmt_plain, round_half_up
from jixiao.parse.formula import MAX_NESTING, MAX_TERMS, DivisionByZero, evaluate, parse_formula, render
from jixiao.parse.quantity import ParseError, parse_quantity, parse_target, parse_value

# "billion laughs": 350 bytes that expand to 10⁹ nodes
BOMB = "format: 1\n" + "a: &a [" + ",".join(['"lol"'] * 9) + "]\n" + "".join(
    f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n" for prev, name in zip("abcdefgh", "bcdefghi")
)
RECURSIVE = "format: 1\ntitle: 自引用\nloop: &loop\n  again: *loop\n"
C23_FORMULA = "formula: 当期审结案件数 / (上期末累计未结争议案件数 + 当期立案受理案件数)"
C23_INPUT = "当期审结案件数: 1153件"
BUDGET_LINE = "{name: 公用经费, initial: 47.48, adjusted: 47.48, spent: 47.48}"


def reference_with(old: str, new: str) -> str:
    text = REFERENCE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def jixiao(*args: str, env: dict | None = None) -> tuple[subprocess.CompletedProcess, float]:
    """The command as a user runs it; returns the result and how long it took."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "jixiao.cli", *args], capture_output=True, text=True,
                            timeout=60, env={**os.environ, "COLUMNS": "1000", **(env or {})})
    return result, time.perf_counter() - start


def refused_by_command(path: Path, *expected: str, env: dict | None = None) -> str:
    result, seconds = jixiao("score", str(path), env=env)
    said = result.stdout + result.stderr
    print(f"jixiao score {path.name}: {seconds:.2f} s, exit {result.returncode}")
    assert result.returncode == 2, said
    assert "Traceback" not in said and "Error:" not in said, said
    assert seconds < 5, seconds  # under a second on a quiet machine; this one is shared
    for text in expected:
        assert text in said, (text, said)
    return said


# -- YAML: aliases, recursion, depth, size ---------------------------------------------


def test_a_billion_laughs_file_is_refused_at_once_naming_file_and_line(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    assert len(BOMB.encode()) < 400
    said = refused_by_command(path, f"{path}:", "billion laughs", "别名")
    assert re.search(rf"{re.escape(str(path))}:\d+", said)

    start = time.perf_counter()
    loaded = load_text(BOMB, "bomb.yaml")
    seconds = time.perf_counter() - start
    print(f"load_text(bomb): {seconds * 1000:.1f} ms")
    assert seconds < 1
    [problem] = [p for p in loaded.problems if p.code == "input.yaml_alias_budget"]
    assert problem.where.file == "bomb.yaml" and problem.where.line == line_of(BOMB, "e: &e")


def test_a_recursive_alias_is_refused_not_a_crash(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text(RECURSIVE, encoding="utf-8")
    refused_by_command(path, f"{path}:4", "引用了包含它自身的锚点")


def test_anchors_within_the_budget_still_read():
    """The reference shares one 评分标准 and rule among its indicators with anchors."""
    assert "&completion_rule" in REFERENCE.read_text(encoding="utf-8")
    loaded = open_source(REFERENCE)
    assert loaded.ok, [str(p) for p in loaded.problems]


@pytest.mark.parametrize("loader", ["libyaml", "pure Python"])
def test_deep_nesting_is_refused_with_either_yaml_library(monkeypatch, loader):
    if loader == "pure Python":
        monkeypatch.setattr(yaml_tree, "_LOADER", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    for text in ("format: 1\nx: " + "[" * 900 + "]" * 900 + "\n", "format: 1\nx: " + "[" * 5000 + "]" * 5000 + "\n",
                 "format: 1\n" + "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v: 1\n"):
        loaded = load_text(text, "deep.yaml")
        [problem] = loaded.problems
        assert problem.code == "input.yaml_depth" and "嵌套层级过深：超过50层" in problem.message, problem
    assert load_text(BOMB, "bomb.yaml").problems[0].code == "input.yaml_alias_budget"


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "大文件.yaml"
    path.write_text("format: 1\ntitle: " + "很长" * 40_000 + "\n", encoding="utf-8")  # 240 KB
    refused_by_command(path, str(path), "文件过大", "64 KB", "JIXIAO_MAX_YAML_KB", env={"JIXIAO_MAX_YAML_KB": "64"})
    # the same cap for text that never was a file (the web, a workbook cell)
    text = path.read_text(encoding="utf-8")
    assert not any(p.code == "input.too_large" for p in load_text(text, "上传.yaml").problems)  # 4 MB by default
    monkeypatch.setenv("JIXIAO_MAX_YAML_KB", "64")
    [problem] = load_text(text, "上传.yaml").problems
    assert problem.code == "input.too_large" and problem.where.file == "上传.yaml"


def test_a_file_larger_than_it_says_is_read_only_up_to_the_cap(monkeypatch):
    monkeypatch.setenv("JIXIAO_MAX_YAML_KB", "16")
    loaded = open_source("/dev/zero")  # a size of 0 and no end
    assert [p.code for p in loaded.problems] == ["input.too_large"]


# -- formulas ---------------------------------------------------------------------------


@pytest.mark.parametrize("formula, expected", [
    ("(" * 400 + "当期审结案件数" + ")" * 400, f"超过{MAX_NESTING}层"),
    ("+".join(["当期审结案件数"] * 3000), "上限"),
    ("+".join(["a"] * 3000), f"共3000项，上限{MAX_TERMS}项"),
    ("-" * 400 + "当期审结案件数", f"超过{MAX_NESTING}层"),
    ("当期审结案件数 / 1e400", "科学计数法"),
    ("当期审结案件数 * 1E5", "科学计数法"),
    ("当期审结案件数 + 1_000", "下划线"),
    ("当期审结案件数 / NaN", "NaN"),
    ("当期审结案件数 * Infinity", "Infinity"),
    ("当期审结案件数 * 9**9**9", "位置不对"),
    ("当期审结案件数 * " + "9" * 150, f"超过上限{MAX_DIGITS}位"),
])
def test_hostile_formulas_are_named_at_their_indicator(tmp_path, formula, expected):
    text = reference_with(C23_FORMULA, "formula: " + formula)
    path = tmp_path / "formula.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = open_source(path)
    [problem] = [p for p in loaded.problems if p.code == "input.formula"]
    assert problem.where.indicator == "C23" and problem.where.line == line_of(text, "formula: " + formula[:5])
    assert expected in problem.message and len(problem.message) < 300, problem.message


def test_a_deep_formula_is_refused_by_the_command(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text(reference_with(C23_FORMULA, "formula: " + "(" * 400 + "当期审结案件数" + ")" * 400), encoding="utf-8")
    refused_by_command(path, f"{path}:404", "指标C23", "嵌套过深", "50层")


def test_the_longest_formula_allowed_is_computed():
    """500 terms are parsed, evaluated and written out within Python's stack."""
    expr = parse_formula(" + ".join(["a"] * MAX_TERMS))
    assert evaluate(expr, lambda name: D("1.5")) == Decimal("750.0")
    assert render(expr).count("+") == MAX_TERMS - 1
    nested = parse_formula("(" * MAX_NESTING + "a" + ")" * MAX_NESTING)
    assert evaluate(nested, lambda name: D(2)) == 2


# -- numbers in YAML values and workbook cells ------------------------------------------


@pytest.mark.parametrize("written, expected", [
    ("1e400", "科学计数法"), ("1E5", "科学计数法"), ("1_000", "下划线"),
    ("NaN", "不是有限的数"), ("Infinity", "不是有限的数"), ("-inf", "不是有限的数"),
    ("9" * 150, f"共150位数字，超过上限{MAX_DIGITS}位"), ("1." + "1" * 120, "超过上限"),
])
def test_numbers_that_are_no_figures_are_refused_with_their_line(tmp_path, written, expected):
    # a budget figure (a plain number) and a formula input (a quantity) of the reference
    text = reference_with(BUDGET_LINE, BUDGET_LINE.replace("initial: 47.48", f"initial: {written}"))
    text = text.replace(C23_INPUT, f"当期审结案件数: {written}件")
    path = tmp_path / "numbers.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = open_source(path)
    assert not loaded.ok
    budget = [p for p in loaded.problems if p.where.path and p.where.path.endswith(".initial")]
    count = [p for p in loaded.problems if p.where.path and p.where.path.endswith("当期审结案件数")]
    assert budget and count, [str(p) for p in loaded.problems]
    assert budget[0].where.line == line_of(text, "initial: " + written)
    assert count[0].where.line == line_of(text, "当期审结案件数: " + written) and count[0].where.indicator == "C23"
    for p in budget + count:
        assert expected in p.message and len(p.message) < 300, p.message


def test_an_exponent_in_a_figure_stops_the_command(tmp_path):
    path = tmp_path / "budget.yaml"
    text = reference_with(BUDGET_LINE, BUDGET_LINE.replace("initial: 47.48", "initial: 1e400"))
    path.write_text(text, encoding="utf-8")
    refused_by_command(path, f"{path}:{line_of(text, 'initial: 1e400')}", "年初预算“1e400”不是数字", "科学计数法")


@pytest.mark.parametrize("typed, expected", [
    ("1E5", "科学计数法"), ("1_000", "下划线"), ("NaN", "不是有限的数"), ("Infinity", "不是有限的数"),
    (1e300, f"超过上限{MAX_DIGITS}位"),  # a number cell: Excel shows it as 301 digits
])
def test_numbers_typed_in_a_workbook_cell_are_refused_at_the_cell(tmp_path, typed, expected):
    from jixiao.excel.read import load_workbook
    from jixiao.excel.write import export_workbook
    from jixiao.io.document import document_from_yaml

    doc = document_from_yaml(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE), [])
    path = export_workbook(doc, tmp_path / "自评表.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["自评表"]
    row = next(c.row for r in ws.iter_rows() for c in r if c.value == "补贴资金发放及时率")
    ws.cell(row=row, column=7, value=typed)  # 分值, typed as text (or a number cell for 1e300)
    ws.cell(row=row, column=6, value=f"{typed}%" if isinstance(typed, str) else "91%")  # 完成值
    book.save(path)
    loaded = load_workbook(path)
    errors = [p for p in loaded.problems if p.severity.value == "error"]
    assert not loaded.ok and errors
    weight = [p for p in errors if p.where.cell == f"G{row}"]
    assert weight and weight[0].where.sheet == "自评表" and expected in weight[0].message, [str(p) for p in errors]
    if isinstance(typed, str):
        # a 完成值 that cannot be read leaves its leaf unassessed, said at the cell with why (not refusing the form)
        said = [p for p in loaded.problems if p.where.cell == f"F{row}" and expected in p.message]
        assert said and "未评分" in said[0].message, [str(p) for p in loaded.problems]


@pytest.mark.parametrize("typed, expected", [
    ("1E5%", "科学计数法"), ("1_000%", "下划线"), ("NaN%", "不是有限的数"), ("Infinity%", "不是有限的数"),
])
def test_numbers_typed_as_a_national_forms_actual_are_said_at_the_cell_on_both_paths(tmp_path, typed, expected):
    from jixiao.excel.review import review_file
    from jixiao.excel.safety import Limits
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate_selfevals import generate

    generate(1, tmp_path, folder=0, per_sheet=1)
    path = tmp_path / "selfevals.xlsx"
    book = openpyxl.load_workbook(path)
    book["自评表1"]["F13"] = typed  # 实际完成值 of the first indicator
    book.save(path)
    for fast in (True, False):
        [form] = review_file(path, Limits(), fast=fast)
        said = [p for p in form.problems if p.where.cell == "F13" and expected in p.message]
        assert said and "未评分" in said[0].message, (fast, [str(p) for p in form.problems])


def test_decimal_never_blows_up_on_the_largest_figures_allowed():
    big = D("9" * MAX_DIGITS)
    tiny = D("0." + "0" * (MAX_DIGITS - 2) + "1")
    assert fmt(big, thousands=True).endswith(",999.00")
    assert fmt(big * big).endswith(".00") and fmt(tiny) == "0.00"
    assert fmt_plain(tiny).endswith("1")
    assert round_half_up(tiny, MAX_DIGITS) == tiny
    assert fmt(D("1" * 40)) == "1" * 40 + ".00"  # was an InvalidOperation beyond 28 digits


# -- the web: the API and the forms ------------------------------------------------------


def _security_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "jixiao.security"]


def _timed(send):
    start = time.perf_counter()
    resp = send()
    seconds = time.perf_counter() - start
    print(f"{resp.status_code} in {seconds * 1000:.0f} ms")
    assert seconds < 5, seconds
    return resp


def _token(username: str):
    from django.test import Client

    from jixiao.web.api import new_token
    from jixiao.web.models import Profile

    return Client(HTTP_AUTHORIZATION=f"Token {new_token(Profile.objects.get(user__username=username))}")


def _no_parsing(monkeypatch):
    """Parsing the body at all is the failure: the permission check comes first."""
    from jixiao.web import api

    def parse_text(*args, **kwargs):
        raise AssertionError("the body was parsed before the permission check")

    monkeypatch.setattr(api, "open_text", parse_text)


def test_web_api_refuses_a_user_who_may_not_edit_before_parsing(web, monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger="jixiao.security")
    ev = web.reference
    _no_parsing(monkeypatch)
    zhikong = _token("zhikong")  # 质控人员: reads, never edits
    resp = _timed(lambda: zhikong.post(f"/api/evaluations/{ev.pk}/revisions/", json.dumps({"base": 1, "yaml": BOMB}),
                                       content_type="application/json"))
    assert resp.status_code == 403 and "不能修改" in resp.json()["error"]
    ev.refresh_from_db()
    assert ev.head == 1
    assert any("不能修改" in line and "zhikong" in line for line in _security_lines(caplog))


def test_web_api_refuses_a_final_evaluation_before_parsing(web, monkeypatch, caplog):
    from test_web_uploads import csrf_token

    caplog.set_level(logging.WARNING, logger="jixiao.security")
    ev = web.reference
    pingjia = web.client("pingjia", enforce_csrf_checks=True)
    token = csrf_token(pingjia, f"/e/{ev.pk}/history/")
    assert pingjia.post(f"/e/{ev.pk}/finalise/", {"csrfmiddlewaretoken": token}).status_code == 302
    _no_parsing(monkeypatch)
    resp = _timed(lambda: pingjia.post(f"/api/evaluations/{ev.pk}/revisions/", json.dumps({"base": 1, "yaml": BOMB}),
                                       content_type="application/json", HTTP_X_CSRFTOKEN=token))
    assert resp.status_code == 409 and "已定稿" in resp.json()["error"]
    ev.refresh_from_db()
    assert ev.head == 1 and ev.revisions.count() == 1
    assert any("已定稿" in line for line in _security_lines(caplog))


@pytest.mark.parametrize("attack, status, expected", [
    ({"yaml": BOMB}, 422, "billion laughs"),
    ({"yaml": RECURSIVE}, 422, "引用了包含它自身的锚点"),
    ({"yaml": "format: 1\nx: " + "[" * 900 + "]" * 900}, 422, "嵌套"),
])
def test_web_api_refuses_hostile_yaml_from_an_editor(web, caplog, attack, status, expected):
    caplog.set_level(logging.WARNING, logger="jixiao.security")
    ev = web.reference
    pingjia = _token("pingjia")
    resp = _timed(lambda: pingjia.post(f"/api/evaluations/{ev.pk}/revisions/", json.dumps({"base": 1, **attack}),
                                       content_type="application/json"))
    body = resp.json()
    assert resp.status_code == status and expected in body["error"], body
    assert "评价.yaml" in body["error"] and body["problems"][0]["where"]["file"] == "评价.yaml"
    ev.refresh_from_db()
    assert ev.head == 1
    assert _security_lines(caplog)


def test_web_api_refuses_bodies_too_large_or_too_deep(web, monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger="jixiao.security")
    ev = web.reference
    pingjia = _token("pingjia")
    url = f"/api/evaluations/{ev.pk}/revisions/"
    monkeypatch.setenv("JIXIAO_MAX_YAML_KB", "64")
    big = json.dumps({"base": 1, "yaml": "format: 1\ntitle: " + "长" * 100_000})
    resp = _timed(lambda: pingjia.post(url, big, content_type="application/json"))
    assert resp.status_code == 413 and "请求体过大" in resp.json()["error"] and "64 KB" in resp.json()["error"]
    deep = '{"base": 1, "document": ' + "[" * 100_000 + "]" * 100_000 + "}"
    resp = _timed(lambda: pingjia.post(url, deep, content_type="application/json"))
    assert resp.status_code in (400, 413), resp.content
    monkeypatch.delenv("JIXIAO_MAX_YAML_KB")
    resp = _timed(lambda: pingjia.post(url, deep, content_type="application/json"))
    assert resp.status_code == 400 and "嵌套过深" in resp.json()["error"]
    nested = {"base": 1, "document": {"title": "x"}}
    inner = nested["document"]
    for _ in range(200):
        inner["x"] = {}
        inner = inner["x"]
    resp = _timed(lambda: pingjia.post(url, json.dumps(nested), content_type="application/json"))
    assert resp.status_code == 400 and "嵌套过深" in resp.json()["error"]
    huge_int = '{"base": 1, "document": {"title": ' + "9" * 5000 + "}}"
    resp = _timed(lambda: pingjia.post(url, huge_int, content_type="application/json"))
    assert resp.status_code == 400
    ev.refresh_from_db()
    assert ev.head == 1
    assert len(_security_lines(caplog)) >= 4


def test_web_api_refuses_a_document_with_exponent_figures(web):
    from jixiao.web.store import head_document

    ev = web.reference
    doc = head_document(ev)
    line = doc["budget"]["lines"][0]["children"][0]["children"][1]
    line["initial"] = "1e400"
    resp = _timed(lambda: _token("pingjia").post(f"/api/evaluations/{ev.pk}/revisions/",
                                                 json.dumps({"base": 1, "document": doc}), content_type="application/json"))
    assert resp.status_code == 422
    error = resp.json()["error"]
    assert "budget.lines[0].children[0].children[1].initial" in error and "科学计数法" in error
    ev.refresh_from_db()
    assert ev.head == 1


def test_web_form_refuses_a_deep_formula_and_a_yaml_bomb(web, caplog):
    from test_web_fixtures import leaf_path
    from test_web_uploads import csrf_token
    from jixiao.web.store import head_document

    caplog.set_level(logging.WARNING, logger="jixiao.security")
    ev = web.reference
    pingjia = web.client("pingjia", enforce_csrf_checks=True)
    token = csrf_token(pingjia, f"/e/{ev.pk}/indicators/")
    c23 = leaf_path(head_document(ev), "C23")
    deep = "(" * 400 + "当期审结案件数" + ")" * 400
    resp = _timed(lambda: pingjia.post(f"/e/{ev.pk}/save/", {"csrfmiddlewaretoken": token, "base": "1", "tab": "indicators",
                                                             f"f:{c23}.actual.formula": deep}))
    page = resp.content.decode()
    assert resp.status_code == 422 and "指标C23" in page and "嵌套过深：超过50层" in page
    assert any("拒绝公式" in line for line in _security_lines(caplog))
    resp = _timed(lambda: pingjia.post(f"/e/{ev.pk}/save/", {"csrfmiddlewaretoken": token, "base": "1", "tab": "indicators",
                                                             f"y:{c23}.rule": BOMB.replace("format: 1\n", "")}))
    page = resp.content.decode()
    assert resp.status_code == 422 and "billion laughs" in page
    ev.refresh_from_db()
    assert ev.head == 1
    assert _security_lines(caplog)


def test_web_new_evaluation_from_an_uploaded_bomb_is_refused(web, caplog):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from test_web_uploads import csrf_token
    from jixiao.web.models import Evaluation

    caplog.set_level(logging.WARNING, logger="jixiao.security")
    pingjia = web.client("pingjia", enforce_csrf_checks=True)
    token = csrf_token(pingjia, "/evaluations/new/")
    before = Evaluation.objects.count()
    resp = _timed(lambda: pingjia.post("/evaluations/new/", {"csrfmiddlewaretoken": token, "how": "upload",
                                                             "file": SimpleUploadedFile("炸弹.yaml", BOMB.encode())}))
    page = resp.content.decode()
    assert resp.status_code == 422 and "炸弹.yaml" in page and "billion laughs" in page
    assert "/tmp" not in page  # the temporary copy is never named
    assert Evaluation.objects.count() == before
    assert _security_lines(caplog)


# -- properties: any text either parses or is a problem, never an exception ----------------

PIECES = st.sampled_from(["1", "9", "0", ".", ",", "e", "E", "_", "+", "-", "NaN", "inf", "Infinity", "万", "%",
                          "人", "≥", "±", "以内", "１", "（", ")", "(", "*", "/", "×", "÷", " ", "a", "名称", "\n"])
UNITS = st.sampled_from(["", "人", "%", "万元", "件"])
NUMBERS = st.one_of(
    st.from_regex(r"[+-]?\d{1,4}(\.\d{1,3})?[eE_][+-]?\d{1,4}", fullmatch=True),  # 1E5, 1_000, 1e400
    st.integers(1, 400).map(lambda n: "9" * n),  # 10**400 written out
    st.integers(1, 400).map(lambda n: "0." + "0" * n + "1"),
)
TEXTS = st.one_of(st.text(max_size=60), st.lists(PIECES, max_size=40).map("".join),
                  st.tuples(st.sampled_from(["", "≥", "=", "±"]), NUMBERS, UNITS).map("".join))
QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@QUICK
@given(TEXTS)
def test_any_text_is_a_plain_number_or_refused(text):
    try:
        value = D(text)
    except NotANumber as exc:
        assert isinstance(exc.reason, str)
        return
    assert value.is_finite() and len(value.as_tuple().digits) <= MAX_DIGITS
    assert not re.search(r"[eE_]|nan|inf", text, re.IGNORECASE)
    fmt(value), fmt_plain(value), fmt(value * value)


@QUICK
@given(TEXTS)
def test_any_text_is_a_quantity_target_value_or_a_parse_error(text):
    for parse in (parse_quantity, parse_target, parse_value):
        try:
            read = parse(text)
        except ParseError as exc:
            assert str(exc) and len(str(exc)) < 400
            continue
        str(read)  # shown as a user wrote it, and in base units: never an exception
        quantity = getattr(read, "quantity", read)
        if hasattr(quantity, "base_text"):
            quantity.base_text(), quantity.display()


FORMULAS = st.one_of(
    TEXTS,
    st.integers(0, 1000).map(lambda n: "(" * n + "a" + ")" * n),  # 400 parentheses deep
    st.integers(1, 4000).map(lambda n: " + ".join(["a"] * n)),  # 3,000 terms
    st.tuples(NUMBERS, st.sampled_from(["*", "/", "+"])).map(lambda t: f"a {t[1]} {t[0]}"),
)


@QUICK
@given(FORMULAS)
def test_any_text_is_a_formula_or_a_parse_error(text):
    try:
        expr = parse_formula(text)
    except ParseError as exc:
        assert str(exc) and len(str(exc)) < 400
        return
    try:
        fmt(evaluate(expr, lambda name: D("3")))
    except DivisionByZero:
        pass
    render(expr)


def _flow(children):
    anchored = st.tuples(st.sampled_from(["", "", "&x ", "&y "]), st.lists(children, max_size=5))
    return anchored.map(lambda t: t[0] + "[" + ", ".join(t[1]) + "]")


# flow lists with anchors, aliases to them (from inside them too), merge keys and numbers
YAML_VALUES = st.recursive(st.sampled_from(["lol", "*x", "*y", "1e5", "~", "{<<: *x}", "{a: *y}"]), _flow, max_leaves=40)
YAML_PIECES = st.sampled_from(["format: 1\n", "a: ", "&x ", "*x", "&y ", "*y", "[", "]", "{", "}", ", ", "- ", "\n",
                               "  ", "<<: ", "1e5", "~", "'", '"', "?", ":", "b:", "!!str "])


@QUICK
@given(st.one_of(YAML_VALUES.map(lambda v: f"format: 1\na: {v}\n"),
                 YAML_VALUES.map(lambda v: f"format: 1\na: {v}\nb: [*x, *x, *x]\n"),
                 st.lists(YAML_PIECES, max_size=60).map("".join)))
def test_any_yaml_text_loads_or_lists_problems(text):
    loaded = load_text(text, "随机.yaml")
    assert loaded.ok or loaded.problems
