"""Bulk review (jixiao review): many forms in, one summary workbook out, never stopping on a bad form."""

from __future__ import annotations

import copy
from decimal import Decimal
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_excel_fixtures import SAMPLE_FORM, national_workbook, write_national_form

from jixiao.cli import main
from jixiao.excel.review import review_all
from jixiao.excel.safety import Limits

FIXTURES = Path(__file__).parent / "fixtures" / "excel"


def _form(project: str, **changes) -> dict:
    form = copy.deepcopy(SAMPLE_FORM)
    form["project"] = project
    rows = [list(r) for r in form["indicators"]]
    for (index, column), value in changes.pop("cells", {}).items():
        rows[index][column] = value
    form["indicators"] = [tuple(r) for r in rows]
    form.update(changes)
    return form


# indicator tuple columns: 0 一级, 1 二级, 2 三级, 3 指标值, 4 完成值, 5 分值, 6 得分, 7 偏差原因
SEEDED = {
    "得分错填": (_form("得分错填", cells={(3, 6): "10"}), {"selfeval.score", "selfeval.total_sum"}),
    "缺偏差原因": (_form("缺偏差原因", cells={(5, 7): ""}), {"selfeval.reason"}),
    "定性越档": (_form("定性越档", cells={(6, 6): "9"}, total="97.52"), {"score.tier_range"}),
    "总分错加": (_form("总分错加", total="96.52"), {"selfeval.total", "selfeval.total_sum"}),
    "分值不足": (_form("分值不足", cells={(1, 5): "4", (1, 6): "4"}, total="94.52"), {"selfeval.weights"}),
    "执行率错填": (_form("执行率错填", funds=[("年度资金总额", "500", "480", "465.12", "10", "69.6%", "9.69")] + SAMPLE_FORM["funds"][1:]),
                   {"selfeval.rate"}),
    "资金不平": (_form("资金不平", funds=SAMPLE_FORM["funds"][:1] + [("其中：本年财政拨款", "400", "410", "391.52", "—", "—", "—")] + SAMPLE_FORM["funds"][2:]),
                 {"selfeval.funds_rows"}),
    "资金得分错": (_form("资金得分错", funds=[("年度资金总额", "500", "480", "465.12", "10", 0.969, "10")] + SAMPLE_FORM["funds"][1:], total="95.83"),
                   {"selfeval.funds_score", "selfeval.total"}),
}


@pytest.fixture
def folder(tmp_path):
    """A folder as a finance bureau receives it: good forms, forms with mistakes, one workbook
    holding three forms in one sheet, a corrupt file and a macro workbook."""
    d = tmp_path / "自评表"
    d.mkdir()
    national_workbook(d / "01-正确.xlsx")
    for i, (name, (form, _)) in enumerate(SEEDED.items(), start=2):
        national_workbook(d / f"{i:02d}-{name}.xlsx", [form])
    national_workbook(d / "20-三份.xlsx", [_form("合并一"), _form("合并二", total="90"), _form("合并三")], numbers_as_text=False)
    (d / "30-损坏.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    shutil.copy(d / "01-正确.xlsx", d / "40-宏.xlsm")
    return d


def test_review_finds_every_seeded_mistake_and_no_others(folder):
    results = review_all([folder], Limits())
    by_project = {r.project: r for r in results if r.project}
    assert {p.code for p in by_project["职业技能提升行动专项资金"].problems} == set()
    for name, (_, expected) in SEEDED.items():
        assert {p.code for p in by_project[name].problems} == expected, name
    assert {p.code for p in by_project["合并二"].problems} == {"selfeval.total", "selfeval.total_sum"}
    assert not by_project["合并一"].problems and not by_project["合并三"].problems


def test_review_command_writes_the_summary_and_never_stops_on_a_bad_form(folder, tmp_path):
    out = tmp_path / "审核结果.xlsx"
    result = CliRunner().invoke(main, ["review", str(folder), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "共审核 14 份自评表" in result.output
    book = openpyxl.load_workbook(out)
    summary = book["审核汇总"]
    heads = [c.value for c in summary[1]]
    for head in ("项目", "单位", "填报总分", "复核总分", "差异", "等级", "错误数", "警告数", "主要问题", "状态"):
        assert head in heads
    rows = [dict(zip(heads, [c.value for c in row])) for row in summary.iter_rows(min_row=2)]
    assert len(rows) == 14
    broken = [r for r in rows if str(r["文件"]).endswith("30-损坏.xlsx")]
    macro = [r for r in rows if str(r["文件"]).endswith("40-宏.xlsm")]
    assert broken and broken[0]["状态"].startswith("无法读取") and "损坏" in broken[0]["状态"] + broken[0]["主要问题"]
    assert macro and "宏" in macro[0]["状态"]
    wrong = next(r for r in rows if r["项目"] == "总分错加")
    assert wrong["填报总分"] == 96.52 and wrong["复核总分"] == 95.52 and wrong["差异"] == 1
    assert wrong["等级"] == "优" and wrong["错误数"] == 2 and "总分" in wrong["主要问题"]
    problems = book["问题清单"]
    severities = [row[1].value for row in problems.iter_rows(min_row=2)]
    order = {"错误": 0, "警告": 1, "提示": 2}
    assert severities == sorted(severities, key=order.__getitem__) and "警告" in severities
    cells = [row[5].value for row in problems.iter_rows(min_row=2) if row[6].value == "selfeval.score"]
    assert cells and all(c and c[0].isalpha() for c in cells)


def test_review_of_an_xls_workbook_with_three_forms():
    results = review_all([FIXTURES / "national-forms-3.xls"], Limits())
    assert [r.project for r in results] == ["职业技能提升行动专项资金", "错填项目", "第三个项目"]
    assert [r.status for r in results] == ["已复核"] * 3
    assert {p.code for p in results[1].problems} == {"selfeval.score", "selfeval.total_sum"}
    assert not results[0].problems and not results[2].problems
    assert all(r.total is not None and str(round(r.total, 2)) == "95.52" for r in results)


def test_xls_form_reads_like_the_xlsx_form(tmp_path):
    from jixiao.analysis import analyse
    from jixiao.sources import open_source

    national_workbook(tmp_path / "f.xlsx")
    xls = open_source(FIXTURES / "national-form.xls")
    xlsx = open_source(tmp_path / "f.xlsx")
    assert xls.ok, [str(p) for p in xls.problems]
    a, b = analyse(xls.evaluation), analyse(xlsx.evaluation)
    assert a.self_scorecard.total == b.self_scorecard.total
    assert [r.score for r in a.self_scorecard.rows] == [r.score for r in b.self_scorecard.rows]
    assert xls.evaluation.self_evaluation.funds.rows[0].rate.number == Decimal("96.9")  # a % cell in .xls
    assert not xls.problems


def test_review_without_any_form_says_so(tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "这不是自评表"
    book.save(tmp_path / "其他.xlsx")
    results = review_all([tmp_path], Limits())
    assert len(results) == 1 and "未找到自评表" in results[0].status


def test_a_workbook_of_many_sheets_is_shared_among_processes_in_sheet_order(tmp_path):
    book = openpyxl.Workbook()
    book.remove(book.active)
    names = ["正确", "得分错填", "总分错加", "缺偏差原因"]
    for name in names:
        form = _form(name) if name == "正确" else SEEDED[name][0]
        write_national_form(book.create_sheet(name), form, 1)
    book.save(tmp_path / "全县.xlsx")
    alone = review_all([tmp_path / "全县.xlsx"], Limits(), workers=1)
    shared = review_all([tmp_path / "全县.xlsx"], Limits(), workers=2)
    assert [r.sheet for r in shared] == names
    assert [(r.project, r.total, sorted(p.code for p in r.problems)) for r in shared] == [
        (r.project, r.total, sorted(p.code for p in r.problems)) for r in alone
    ]
    assert {p.code for p in shared[1].problems} == SEEDED["得分错填"][1]


def test_summary_keeps_texts_that_look_like_formulas_as_text(tmp_path):
    national_workbook(tmp_path / "f.xlsx", [_form("项目")])
    book = openpyxl.load_workbook(tmp_path / "f.xlsx")
    name = next(c for row in book.active.iter_rows() for c in row if c.value == "项目")
    name.value, name.data_type = "=SUM(1,2)", "s"  # a text that Excel would take for a formula if typed
    book.save(tmp_path / "f.xlsx")
    out = tmp_path / "审核结果.xlsx"
    result = CliRunner().invoke(main, ["review", str(tmp_path / "f.xlsx"), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    cell = openpyxl.load_workbook(out)["审核汇总"]["B2"]
    assert cell.data_type == "s" and cell.value == "=SUM(1,2)"


# -- the workbooks jixiao itself writes ------------------------------------------------------


def _summary(out: Path) -> list[dict]:
    sheet = openpyxl.load_workbook(out)["审核汇总"]
    heads = [c.value for c in sheet[1]]
    return [dict(zip(heads, [c.value for c in row])) for row in sheet.iter_rows(min_row=2)]


def _score_json(path: Path) -> dict:
    import json

    result = CliRunner().invoke(main, ["score", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_review_of_exported_workbooks_gives_the_figures_of_score(tmp_path):
    from conftest import REFERENCE, SAMPLE

    folder = tmp_path / "收到的工作簿"
    folder.mkdir()
    runner = CliRunner()
    for example, name in ((REFERENCE, "新市区人社局"), (SAMPLE, "示例县")):
        for extra, suffix in (([], ""), (["--scored"], "-复核")):
            out = folder / f"{name}{suffix}.xlsx"
            result = runner.invoke(main, ["export", *extra, str(example), "-o", str(out)])
            assert result.exit_code == 0, result.output
    out = tmp_path / "审核结果.xlsx"
    result = runner.invoke(main, ["review", str(folder), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "共审核 4 份自评表" in result.output
    rows = _summary(out)
    assert len(rows) == 4  # one row a workbook: the 绩效目标 sheet is no form
    assert all(r["工作表"] == "自评表" and r["状态"] == "已复核" for r in rows)
    by_file = {Path(r["文件"]).stem: r for r in rows}
    for stem in ("新市区人社局", "新市区人社局-复核"):
        row = by_file[stem]
        # the 自评表 recomputed with the workbook's own budget: 执行率 99.60% × 10 = 9.96
        assert (row["填报总分"], row["复核总分"], row["差异"], row["等级"]) == (99.6, 99.96, -0.36, "优")
        assert (row["评价总分"], row["评价等级"]) == (97, "优")
    for stem in ("示例县", "示例县-复核"):
        row = by_file[stem]
        assert (row["填报总分"], row["复核总分"], row["等级"], row["评价总分"]) == (95.52, 95.52, "优", None)
    for row in rows:
        scored = _score_json(Path(row["文件"]))
        se = scored["self_evaluation"]
        assert row["复核总分"] == float(round(Decimal(se["total"]), 2)) and row["等级"] == se["grade"]
        assert row["填报总分"] == float(Decimal(se["filled_total"]))
        if scored.get("scorecard"):
            card = scored["scorecard"]
            assert row["评价总分"] == float(round(Decimal(card["total"]), 2)) and row["评价等级"] == card["grade"]
        assert (row["错误数"], row["警告数"]) == (scored["problem_counts"]["error"], scored["problem_counts"]["warning"])


def test_untouched_templates_are_reported_as_not_filled(tmp_path):
    folder = tmp_path / "收到的工作簿"
    folder.mkdir()
    runner = CliRunner()
    for kind in ("department", "project", "project_self_evaluation"):
        result = runner.invoke(main, ["template", "--kind", kind, "-o", str(folder / f"{kind}.xlsx")])
        assert result.exit_code == 0, result.output
    # the template's 自评表 sheet alone, as a department is handed the national form
    book = openpyxl.load_workbook(folder / "project_self_evaluation.xlsx")
    for name in book.sheetnames:
        if name != "自评表":
            del book[name]
    book.save(folder / "空白自评表.xlsx")
    national_workbook(folder / "已填写.xlsx")
    out = tmp_path / "审核结果.xlsx"
    result = runner.invoke(main, ["review", str(folder), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "4 份未填写（已跳过）" in result.output
    rows = {Path(r["文件"]).stem: r for r in _summary(out)}
    assert len(rows) == 5
    for stem in ("department", "project", "project_self_evaluation", "空白自评表"):
        row = rows[stem]
        assert row["状态"].startswith("未填写") and row["工作表"] == "自评表", stem
        assert row["复核总分"] is None and row["等级"] is None and row["错误数"] == 0, stem
    assert rows["已填写"]["复核总分"] == 95.52 and rows["已填写"]["状态"] == "已复核"
    scored = runner.invoke(main, ["score", str(folder / "空白自评表.xlsx")])
    assert scored.exit_code == 2 and "自评表未填写" in scored.output and "0.00" not in scored.output


def test_a_targets_table_beside_the_form_is_not_reviewed(tmp_path):
    path = tmp_path / "项目.xlsx"
    national_workbook(path)
    book = openpyxl.load_workbook(path)
    targets = book.create_sheet("绩效目标", 0)  # the 绩效目标申报表: the same indicator headers, no 分值 or 得分
    targets.append(["一级指标", "二级指标", "三级指标", "指标值"])
    targets.append(["产出指标", "数量指标", "职业技能培训人次", "≥3000人次"])
    book.save(path)
    results = review_all([path], Limits(), workers=1)
    assert [(r.sheet, r.status, str(round(r.total, 2))) for r in results] == [("自评表", "已复核", "95.52")]


def test_a_provisional_review_says_how_much_weight_was_scored(tmp_path):
    unspent = [("年度资金总额", "500", "480", "", "10", "", "")] + SAMPLE_FORM["funds"][1:]
    national_workbook(tmp_path / "f.xlsx", [_form("未填执行数", funds=unspent)])
    [result] = review_all([tmp_path / "f.xlsx"], Limits())
    assert result.grade == "良（暂定，已评分权重90/100）"
    assert "score.not_scored" in {p.code for p in result.problems}


def test_a_big_workbook_may_unzip_to_what_its_size_holds_and_a_bomb_of_that_size_may_not(tmp_path):
    import sys
    import zipfile

    from jixiao.excel.safety import MB

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate_selfevals import generate

    seeded = generate(200, tmp_path, folder=0, per_sheet=100)
    path = tmp_path / "selfevals.xlsx"
    limits = Limits(max_unzipped=1 * MB)
    with zipfile.ZipFile(path) as archive:
        declared = sum(e.file_size for e in archive.infolist())
    assert declared > limits.max_unzipped  # 200 forms unzip to ~1.8 MB from a file of ~0.15 MB
    results = review_all([path], limits, workers=1)
    assert [(r.project, r.status) for r in results] == [(s["project"], "已复核") for s in seeded]
    bomb = tmp_path / "炸弹.xlsx"  # as much unzipped from a file of a few KB
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * (declared // 6))
    [refused] = review_all([bomb], limits, workers=1)
    assert [p.code for p in refused.problems] == ["excel.zip_bomb"]
    assert "超过上限 1.0 MB" in refused.problems[0].message and "放宽" not in refused.problems[0].message
