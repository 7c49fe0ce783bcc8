"""The corpus of real forms (tests/forms/): every workbook read as `jixiao review` reads it, and
its recomputed total checked against the figure a careful reviewer found (expected.yaml).

A form the reader cannot read yet is listed in KNOWN_UNREAD with the reason: a form that breaks
fails, and a form that starts being read right fails too until it is taken off the list."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from jixiao.excel.cells import read_grids
from jixiao.excel.national import blocks, is_form, read_block
from jixiao.excel.review import review_file
from jixiao.excel.safety import Limits

FORMS = Path(__file__).parent / "forms"

KNOWN_UNREAD: dict[str, str] = {}

WORKBOOKS = sorted(p.parent.name for p in FORMS.glob("*/form.xlsx"))
ALL_FORMS = sorted(p.parent.name for p in FORMS.glob("*/form.*") if p.suffix in (".xlsx", ".docx"))


def _expected(folder: str) -> dict:
    return yaml.safe_load((FORMS / folder / "expected.yaml").read_text(encoding="utf-8"))


def _indicators(folder: str) -> dict[int, tuple[Decimal | None, Decimal | None]]:
    """row → (weight, filled score) of every indicator read, through the functions the review uses."""
    path = FORMS / folder / "form.xlsx"
    grids, _ = read_grids(path, str(path), Limits.from_env(), fast=True)
    read = {}
    for grid in grids:
        if not is_form(grid):
            continue
        for first, end in blocks(grid):
            se = read_block(grid, first, end).data.get("self_evaluation") or {}
            for item in se.get("indicators") or ():
                row = int(re.sub(r"[A-Z]+", "", item.where.cell))
                read[row] = tuple(_decimal(item.get(key)) for key in ("weight", "score"))
    return read


def _decimal(value) -> Decimal | str | None:
    try:
        return None if value is None else Decimal(str(value))
    except ArithmeticError:
        return str(value)  # a figure that is not a number compares as its text


def _reading(folder: str) -> tuple[bool, str]:
    """Whether the review reads the form as a careful reviewer did: its recomputed total, or where the
    form has none (a score table, a form published blank), each indicator's weight and filled score."""
    results = review_file(FORMS / folder / "form.xlsx", Limits.from_env())
    expected = _expected(folder)
    if expected.get("parts"):
        return _parts(folder, expected["parts"], results)
    total = (expected.get("total") or {}).get("recomputed")
    if expected.get("filled_in") is False and total is None:
        blank = all(r.status.startswith("未填写") for r in results)
        return blank, "; ".join(r.status for r in results)
    forms = [r for r in results if r.status.startswith("已复核")]
    if not forms:
        return False, "; ".join(r.status for r in results)
    if total is not None:
        got = forms[-1].total
        want = Decimal(str(total)).quantize(Decimal("0.01"))
        if got is None or got.quantize(Decimal("0.01")) != want:
            return False, f"复核总分 {got}, expected {want}"
        if ("暂定" in str(forms[-1].grade)) != bool(expected["total"].get("provisional")):
            return False, f"等级 {forms[-1].grade}, expected {'provisional' if expected['total'].get('provisional') else 'final'}"
    rows = expected.get("indicators")
    if total is None and not isinstance(rows, list):
        return False, "expected.yaml has neither a recomputed total nor indicators to compare with"
    read = _indicators(folder)
    for item in rows if isinstance(rows, list) else ():
        filled = None if item.get("filled") == "cut" else item.get("filled")  # cut from the stored copy: blank
        want = (_decimal(item.get("weight")), _decimal(filled))
        if read.get(item["row"]) != want:
            return False, f"row {item['row']} {item.get('name')}: read {read.get(item['row'])}, expected {want}"
    return True, f"复核总分 {forms[-1].total}"


def _parts(folder: str, parts: list[dict], results) -> tuple[bool, str]:
    """A sheet holding the end of one form and the start of another: one result per part, at its
    first row, each part's indicators (weight, filled score) and its funds' recomputed score."""
    said = "; ".join(f"{r.cell} {r.status} {r.total}" for r in results)
    if [r.cell for r in results] != [f"A{part['rows'][0]}" for part in parts]:
        return False, f"parts read at {[r.cell for r in results]}, expected {[part['rows'] for part in parts]}: {said}"
    read = _indicators(folder)
    for part, result in zip(parts, results):
        if part["what"] == "fragment" and result.status.startswith("无法读取") and any(
                p.code == "sheet.fragment" and p.where.cell == result.cell for p in result.problems):
            continue  # rows without their header: said not read, with their place
        for item in part.get("indicators") or ():
            want = (_decimal(item.get("weight")), _decimal(item.get("filled")))
            if read.get(item["row"]) != want:
                return False, f"row {item['row']} {item.get('name')}: read {read.get(item['row'])}, expected {want}"
        score = ((part.get("funds") or {}).get("recomputed") or {}).get("score")
        if score is not None and not part.get("indicators") and result.total != Decimal(str(score)):
            return False, f"part {part['rows']}: 复核总分 {result.total}, expected the funds' {score}"
    return True, said


def test_every_workbook_is_listed_or_read():
    assert len(WORKBOOKS) >= 19
    assert set(KNOWN_UNREAD) <= set(WORKBOOKS), "KNOWN_UNREAD names a folder that is not in the corpus"


@pytest.mark.parametrize("folder", WORKBOOKS)
def test_corpus_form(folder):
    read, said = _reading(folder)
    if folder in KNOWN_UNREAD:
        assert not read, f"{folder} is now read right ({said}): take it off KNOWN_UNREAD"
    else:
        assert read, f"{folder}: {said}"


@pytest.mark.parametrize(
    "folder, cell, label",
    [
        ("beijing-haidian-qingsao", "H9", "得分计算方法"),
        ("hebei-chengan-gaoling", "J15", "单项指标完成情况"),
    ],
)
def test_a_column_not_read_is_said(folder, cell, label):
    results = review_file(FORMS / folder / "form.xlsx", Limits.from_env())
    notes = [p for r in results for p in r.problems if p.code == "excel.column_unused"]
    assert any(p.where.cell == cell and f"“{label}”列未读取" in p.message for p in notes), [p.message for p in notes]


def test_a_sheet_that_is_not_a_form_is_said_to_be_skipped(tmp_path):
    import openpyxl
    from test_excel_fixtures import national_workbook

    from jixiao.excel.read import load_workbook

    path = tmp_path / "项目.xlsx"
    national_workbook(path)
    book = openpyxl.load_workbook(path)
    targets = book.create_sheet("绩效目标", 0)  # the 绩效目标申报表: an indicator header without 分值 or 得分
    targets.append(["一级指标", "二级指标", "三级指标", "指标值"])
    targets.append(["产出指标", "数量指标", "职业技能培训人次", "≥3000人次"])
    book.create_sheet("说明")
    book.save(path)
    loaded = load_workbook(path)
    skipped = {p.where.sheet: p.message for p in loaded.problems if p.code == "excel.sheet_skipped"}
    assert loaded.evaluation is not None
    assert "是绩效目标表，不是自评表" in skipped["绩效目标"]
    assert "工作表是空的" in skipped["说明"]


def test_breakdown_rows_are_parts_of_the_indicator_above():
    expected = _expected("anhui-xiaoxian-hexi")
    results = review_file(FORMS / "anhui-xiaoxian-hexi" / "form.xlsx", Limits.from_env())
    parts = [p.where.cell for r in results for p in r.problems if p.code == "excel.breakdown_row"]
    assert parts == [f"D{row}" for row in expected["breakdown_rows"]]
    # 羊180只 + 猪12头 counted as 192只: the part in another unit is said
    assert [p.where.cell for r in results for p in r.problems if p.code == "targets.breakdown_units"] == ["F21"]
    # the funds block without 年初预算数 (全年预算数(A) / 全年执行数(B)) is read: its 10 points are scored
    assert not any("预算执行率0分" in p.message for r in results for p in r.problems)


def test_a_leaf_without_a_name_is_still_checked():
    results = review_file(FORMS / "shanxi-jishan-gongwei" / "form.xlsx", Limits.from_env())
    (form,) = results
    assert form.status == "已复核"
    unnamed = [p for p in form.problems if p.code == "excel.indicator_name"]
    assert [p.where.cell for p in unnamed] == ["D15", "D16"] and all(p.severity.name == "WARNING" for p in unnamed)


def test_the_funds_points_written_in_a_label_are_its_weight():
    from jixiao.excel.cells import read_grids
    from jixiao.excel.national import read_block

    (grid,), _ = read_grids(FORMS / "hubei-shangwu-fuwumaoyi" / "form.xlsx", "form.xlsx", Limits.from_env())
    funds = read_block(grid, 0, grid.height).data["self_evaluation"]["funds"]
    # 预算数(A) / 执行数(B) / 执行率(B/A) / 得分(20分*执行率): no 分值 column, 20 points in the label
    assert funds["weight"] == "20" and funds["weight"].where.cell == "G7"
    assert [(r["name"], r["adjusted"], r["spent"], r["score"]) for r in funds["rows"]] == [("年度财政资金总额", "285.84", "285.84", "20")]


@pytest.mark.parametrize("rate", ["0.969", "96.9%"])
def test_an_execution_rate_written_as_a_ratio_is_read_as_that_ratio(tmp_path, rate):
    import copy

    from test_excel_fixtures import SAMPLE_FORM, national_workbook

    form = copy.deepcopy(SAMPLE_FORM)
    form["funds"][0] = ("年度资金总额", "500", "480", "465.12", "10", rate, "9.69")  # 465.12 / 480 = 0.969
    path = tmp_path / "form.xlsx"
    national_workbook(path, [form])
    (result,) = review_file(path, Limits.from_env())
    assert str(round(result.total, 2)) == "95.52"
    assert not [p for p in result.problems if "执行率" in p.message and p.severity.name == "ERROR"]


def test_an_actual_written_as_a_target_leaves_that_leaf_unassessed_not_the_file():
    (form,) = review_file(FORMS / "sichuan-zhongjiang-shuibiao" / "form.xlsx", Limits.from_env())
    copied = [p.where.cell for p in form.problems if p.code == "selfeval.actual_as_target"]
    assert copied == ["G11", "G12", "G14", "G15", "G18", "G20"]
    assert form.status == "已复核" and form.total == Decimal("50")


def test_the_end_of_another_form_above_a_form_is_read_apart_and_said():
    fragment, form = review_file(FORMS / "sichuan-daying-anke" / "form.xlsx", Limits.from_env())
    assert (fragment.cell, form.cell) == ("A1", "A8")
    assert [p.message for p in fragment.problems if p.code == "sheet.fragment"] == [
        "第1–7行是另一张自评表的结尾（没有项目名称和资金情况）：单独复核，不并入第8行起的自评表"]
    assert form.project.endswith("2023年全县安可替代补助资金项目")


def test_a_score_table_without_targets_or_actuals_counts_its_filled_scores():
    (form,) = review_file(FORMS / "sichuan-shengji-defenbiao" / "form.xlsx", Limits.from_env())
    assert form.status == "已复核"
    assert not [p for p in form.problems if p.code == "score.not_scored"], "a score table has no 指标值 to miss"
    rows = _indicators("sichuan-shengji-defenbiao")
    assert form.total == sum(score for _, score in rows.values())


# ---- the problems a careful reviewer finds (expected.yaml's `problems:`), against those the review raises

# Expected problems that no check finds yet (issue 13, item 6): (folder, code) → the check it needs.
# A check that starts finding one fails test_the_expected_problems_are_found until it is taken off.
NEEDS_CHECK: dict[tuple[str, str], str] = {}

# Errors the review raises that the reviewer does not: (folder, code) → why, until the check is right.
FALSE_ALARMS: dict[tuple[str, str], str] = {
}

# An expected code that jixiao checks under another name on a 自评表.
SAME_CHECK = {"weights.total": "selfeval.weights", "complete.deduction_reason": "selfeval.reason"}
# In a form cut by its stored copy the weights of the cut rows are missing: their sum is no error of the form's.
CUT = {"selfeval.weights"}
# An error that follows from another the reviewer lists: a wrong score makes the filled total differ.
FOLLOWS = {"selfeval.total": {"selfeval.score", "selfeval.funds_score", "selfeval.coefficient", "selfeval.total_sum"}}


def _rows_cols(spec: str) -> tuple[range, range]:
    """An expected cell ("H13", "E17:E38", "表1!H16:J16") as its rows and columns (1-based)."""
    ends = [re.fullmatch(r"([A-Z]+)(\d+)", part) for part in spec.rpartition("!")[2].split(":")]
    cols = [sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(m.group(1)))) for m in ends]
    rows = [int(m.group(2)) for m in ends]
    return range(rows[0], rows[-1] + 1), range(cols[0], cols[-1] + 1)


def _at(problem, spec: str) -> bool:
    """The problem lies on the expected cell's rows: a check places an indicator's problem on its row
    (the name cell), a reviewer on the cell that is wrong (its 得分)."""
    cell = problem.where.cell
    if not cell:
        return False
    rows, _ = _rows_cols(spec)
    return int(re.sub(r"[A-Z]+", "", cell)) in rows


def _specs(expected_problem: dict) -> list[str]:
    return [s.strip() for s in str(expected_problem.get("cell") or "").split(",") if s.strip()]


def _review_problems(folder: str) -> list:
    (path,) = [p for p in (FORMS / folder).glob("form.*") if p.suffix in (".xlsx", ".docx")]
    return [p for r in review_file(path, Limits.from_env()) for p in r.problems]


def _cut_rows_explain(p, expected: dict) -> bool:
    """A filled total above the filled scores by no more than the points of the rows the stored copy cut."""
    weights, figures = expected.get("weights") or {}, dict(p.figures)
    cut = Decimal(str(weights.get("printed", 0))) - Decimal(str(weights.get("transcribed", 0)))
    return cut > 0 and Decimal(str(figures["filled"])) - Decimal(str(figures["sum_of_filled"])) <= cut


def _missing(folder: str, found: list) -> list[tuple[str, str]]:
    """(code, cell) of each expected problem the review does not raise there."""
    out = []
    for want in _expected(folder).get("problems") or ():
        code = SAME_CHECK.get(want["code"], want["code"])
        for spec in _specs(want) or [""]:
            if not any(p.code == code and (_at(p, spec) or code != want["code"]) for p in found):
                out.append((want["code"], spec))
    return out


def _false_alarms(folder: str, found: list) -> list[str]:
    """The errors raised that the reviewer does not list, nor follow from what the reviewer lists."""
    expected = _expected(folder)
    wanted = expected.get("problems") or ()
    codes = {SAME_CHECK.get(w["code"], w["code"]) for w in wanted}
    items = list(expected.get("indicators") or ()) + [i for part in expected.get("parts") or () for i in part.get("indicators") or ()]
    unassessed = {item["row"] for item in items if isinstance(item, dict)
                  and ("score" in item and item["score"] is None or "tier" in item and item["tier"] is None)}
    out = []
    for p in found:
        if p.severity.name != "ERROR":
            continue
        if any(w["code"] == p.code and any(_at(p, s) for s in _specs(w)) or SAME_CHECK.get(w["code"]) == p.code
               for w in wanted):  # a check under another name is the form's, placed on its own cell
            continue
        if p.code in CUT and expected.get("transcribed") == "partial" or FOLLOWS.get(p.code, set()) & codes:
            continue
        if p.code == "selfeval.total_sum" and expected.get("transcribed") == "partial" and _cut_rows_explain(p, expected):
            continue  # the cut rows hold the difference: no error of the form's
        if p.code == "score.not_scored" and p.where.cell and int(re.sub(r"[A-Z]+", "", p.where.cell)) in unassessed:
            continue  # the reviewer leaves that leaf unassessed too
        if (folder, p.code) in FALSE_ALARMS:
            continue
        out.append(f"{p.code} {p.where.cell}: {p.message}")
    return out


@pytest.mark.parametrize("folder", [f for f in ALL_FORMS if f not in KNOWN_UNREAD])
def test_the_expected_problems_are_found(folder):
    found = _review_problems(folder)
    missing = _missing(folder, found)
    unchecked = [(code, cell) for code, cell in missing if (folder, code) not in NEEDS_CHECK]
    assert not unchecked, f"{folder}: expected problems not raised: {unchecked}"
    now_found = [code for f, code in NEEDS_CHECK if f == folder and code not in {c for c, _ in missing}]
    assert not now_found, f"{folder}: now found, take off NEEDS_CHECK: {now_found}"


@pytest.mark.parametrize("folder", [f for f in ALL_FORMS if f not in KNOWN_UNREAD])
def test_nothing_else_is_raised_as_an_error(folder):
    alarms = _false_alarms(folder, _review_problems(folder))
    assert not alarms, f"{folder}: errors a careful reviewer does not raise: {alarms}"
    stale = [code for f, code in FALSE_ALARMS if f == folder
             and not any(p.code == code and p.severity.name == "ERROR" for p in _review_problems(folder))]
    assert not stale, f"{folder}: no longer raised, take off FALSE_ALARMS: {stale}"


def test_a_form_without_a_weight_column_is_read_and_full_marks_unknown_said_once():
    (form,) = review_file(FORMS / "hubei-shangwu-fuwumaoyi" / "form.xlsx", Limits.from_env())
    assert form.status == "已复核" and form.total == Decimal("120")
    said = [p for p in form.problems if p.code == "weights.missing"]
    assert [(p.where.cell, p.severity.name) for p in said] == [("A9", "WARNING")] and "满分未知" in said[0].message
    # what can be checked is: the filled 总分 100 against the sum of the filled scores 120
    assert any(p.code == "selfeval.total_sum" and p.where.cell == "G18" for p in form.problems)


def test_the_hebei_export_reads_sign_value_unit_and_the_weight_share():
    (form,) = review_file(FORMS / "hebei-chengan-gaoling" / "form.xlsx", Limits.from_env())
    assert form.status == "已复核" and form.total == Decimal("90")
    assert _indicators("hebei-chengan-gaoling")[19] == (Decimal("30.00"), Decimal("30.00"))  # 权重占比 as the weight
    codes = {(p.code, p.where.cell) for p in form.problems}
    assert ("targets.too_low", "C19") in codes  # ">=" "75" "%(百分比)" read as ≥75%, met by 100%
    assert ("excel.funds_unread", "A7") in codes  # 预算数 6.84 | 执行数 6.84: said, not read as a header
    # 单项指标折算得分 = 得分 × 权重占比: the weight applied again, said on each row, not used
    assert {("weights.double_weighting", f"M{row}") for row in range(17, 21)} <= codes


def test_a_word_for_a_numeric_target_leaves_that_leaf_unassessed_not_the_file():
    fragment, form = review_file(FORMS / "sichuan-daying-anke" / "form.xlsx", Limits.from_env())
    said = [p for p in fragment.problems if p.code == "selfeval.actual_not_figure"]
    assert [(p.where.cell, p.severity.name) for p in said] == [("H2", "WARNING")] and "“完成”" in said[0].message
    assert fragment.status == "已复核" and form.status == "已复核" and form.total == Decimal("10")


def test_rows_of_another_form_without_their_header_are_read_by_what_their_columns_hold():
    fragment, form = review_file(FORMS / "sichuan-daying-yibao" / "form.xlsx", Limits.from_env())
    # rows 1–12: signs in E (指标性质), the 合计's 100 in I (权重): the columns of every national form, in order
    (said,) = [p.message for p in fragment.problems if p.code == "sheet.fragment"]
    assert said == ("第1–12行是另一张自评表的结尾（没有表头：各列按所填内容推断（指标性质在E列，分值在合计行所填的I列））："
                    "单独复核，不并入第13行起的自评表")
    assert _indicators("sichuan-daying-yibao")[2] == (Decimal(5), None)  # 城乡居民参保网络宣传成本预算 ≤101400元, 5分
    # nothing filled in them: one form published blank, each leaf unassessed, not 0
    assert fragment.status.startswith("未填写") and fragment.total is None
    codes = {(p.code, p.where.cell) for p in fragment.problems}
    assert {("selfeval.score_blank", "D1"), ("targets.not_a_target", "F6"), ("complete.template_text", "B9")} <= codes
    assert not [p for p in fragment.problems if p.severity.name == "ERROR"]
    # the form below, cut after its 预算执行情况 header: nothing to score, yet what it holds is said
    assert form.cell == "A13" and form.status.startswith("未填写") and form.total is None
    assert [(p.code, p.where.cell) for p in form.problems if p.severity.name == "WARNING"] == [
        ("complete.year_mismatch", "C17"), ("complete.template_text", "G17")]


def test_level_columns_headed_score_are_read_as_points_and_said():
    (form,) = review_file(FORMS / "hunan-jichu-shuju" / "form.xlsx", Limits.from_env())
    assert _indicators("hunan-jichu-shuju") == {25: (Decimal(8), Decimal(8)), 26: (Decimal(8), Decimal(0)),
                                                27: (Decimal(8), Decimal(8)), 28: (Decimal(8), None)}
    labels = [p.where.cell for p in form.problems if p.code == "sheet.header_label"]
    assert labels == ["B24", "D24", "F24"]  # 一级 | 得分 | 二级 | 得分 | 三级 | 得分 (分值) … 得分
    assert not [p for p in form.problems if p.code == "excel.rows_unused"]  # the 基础数据表 is read (below)
    assert form.total == Decimal("16")


def test_a_leaf_is_scored_by_its_bands_from_the_figures_of_the_data_table_above():
    (form,) = review_file(FORMS / "hunan-jichu-shuju" / "form.xlsx", Limits.from_env())
    # 预算控制率 (its 得分 cut): (2690.62 − 1922.76) ÷ 1922.76 = 39.94%, in “大于30%不得分” → 0, the total final
    assert form.total == Decimal("16") and "暂定" not in form.grade
    said = {p.where.cell: p.message for p in form.problems if p.code == "excel.data_table"}
    assert "（调整后2690.62 − 年初1922.76）÷ 1922.76 × 100% = 39.94%" in said["E28"] and "第4–21行是基础数据表" in said["A4"]
    assert not [p for p in form.problems if p.code == "score.not_scored"]
    # “7.50.” is no figure, said at its cell; the 32 the 三公 arithmetic uses is in no row of the table
    assert [(p.code, p.where.cell) for p in form.problems if p.code in ("numbers.bad", "findings.figure")] == [
        ("numbers.bad", "C18"), ("findings.figure", "H26")]


def test_without_a_weight_column_an_actual_written_as_a_target_still_leaves_its_leaf_unassessed():
    (form,) = review_file(FORMS / "hubei-changjiang-jinbu" / "form.docx", Limits.from_env())
    assert form.total == Decimal("60") and "暂定" in form.grade  # the 40-point 满意度 leaf ("≥90%") is not counted
    assert any(p.code == "selfeval.actual_as_target" for p in form.problems)



def test_an_undirected_leafs_wrong_score_is_that_leafs_error_not_the_forms_refusal():
    (form,) = review_file(FORMS / "hebei-langfang-nuantong" / "form.xlsx", Limits.from_env())
    assert form.status == "已复核" and form.total.quantize(Decimal("0.01")) == Decimal("88.62") and "暂定" in form.grade
    said = {p.code: p for p in form.problems if p.where.cell in ("D14", "H14")}
    # 43.2 / 37.24 / 9 of 10: 8.62 to reach, 10 as a ceiling, 9 neither — the reviewer's error, at the 得分
    assert (said["selfeval.score"].severity.name, said["selfeval.score"].where.cell) == ("ERROR", "H14")
    assert "按应达到算为8.62分，按不超过算为10.00分" in said["score.not_scored"].message  # unassessed, and why
