"""The 指标库: the national indicators it is seeded with, search by name or synonym as people type
them, the records of every stage by department and year, and the suggested 标杆值 with its figures."""

from __future__ import annotations

import json
from decimal import Decimal

from click.testing import CliRunner
from conftest import ROOT

from jixiao.cli import main
from jixiao.library import Library, seed, suggest
from jixiao.library.build import from_declaration, from_evaluation, from_plain
from jixiao.sources import open_source

DEPT = "乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）人力资源和社会保障局"
PEERS = ROOT / "tests" / "forms" / "declarations" / "peers"


def test_the_seed_holds_the_national_indicators_with_their_formulas():
    by_name = {i.name: i for i in seed()}
    for name in ("资金到位率", "预算执行率", "结转结余率", "“三公经费”控制率", "在职人员控制率", "政府采购执行率", "固定资产利用率",
                 "成本节约率", "质量达标率"):
        assert name in by_name and "×" in by_name[name].formula and by_name[name].unit == "%", name
    assert by_name["在职人员控制率"].direction == "≤" and by_name["在职人员控制率"].formula.endswith("（在职人员数 / 编制数）× 100%")
    assert by_name["结转结余率"].direction == "≤" and by_name["固定资产利用率"].direction == "≥"
    # 预算执行率 is in both frameworks: one indicator with each framework's formula
    assert [i.name for i in seed()].count("预算执行率") == 1 and "全年执行数" in by_name["预算执行率"].formula
    assert "财预〔2020〕10号" in by_name["预算执行率"].framework and "财预〔2013〕53号" in by_name["预算执行率"].framework
    header = (ROOT / "src" / "jixiao" / "library" / "indicators.yaml").read_text(encoding="utf-8").split("\nproject:")[0]
    assert header.count("https://") >= 3


def test_search_by_substring_synonym_and_full_width_quotes_and_spaces():
    lib = Library(seed())
    assert [e.indicator.name for e in lib.search("三公")] == ["“三公经费”控制率", "“三公经费”变动率"]
    assert [e.indicator.name for e in lib.search("三公经费 控制")] == ["“三公经费”控制率"]
    assert [e.indicator.name for e in lib.search("资金执行率")] == ["预算执行率"]  # a synonym
    assert [e.indicator.name for e in lib.search("ｘ")] == []
    assert len(lib.search("")) == len(seed())


def test_records_of_every_stage_by_department_and_year():
    ev = open_source(ROOT / "examples" / "xinshi-hrss-2024.yaml").evaluation
    lib = Library(seed()).with_records(from_evaluation(ev))
    entry = lib.find("预算执行率")
    assert [(r.department, r.year, r.stage, r.target_text(), r.actual.text()) for r in entry.records] == [
        (DEPT, 2024, "evaluation", "≥95%", "99.60%")]
    jobs = lib.find("新增就业人数")  # met only in the data: an indicator of its own
    assert jobs.indicator.unit == "人" and jobs.indicator.direction == "≥"
    assert [(r.stage, r.actual.text()) for r in jobs.records] == [("selfeval", "2.56万人"), ("evaluation", "25632人")]
    declared = open_source(PEERS / "renshe" / "form.xlsx", "renshe.xlsx").evaluation.declaration
    lib = lib.with_records(from_declaration(declared))
    assert [r.stage for r in lib.find("培训合格率").records] == ["declaration"]
    assert lib.find("培训合格率").records[0].where.endswith("D12")


def _lib():
    return Library(seed()).with_records(from_plain([
        {"name": "培训合格率", "department": "人社局", "year": 2023, "stage": "selfeval", "target": "≥90%", "actual": "93.5%"},
        {"name": "培训合格率", "department": "教育局", "year": 2024, "stage": "declaration", "target": "≥90%"},
        {"name": "培训合格率", "department": "卫健委", "year": 2024, "stage": "declaration", "target": "≥95%"},
        {"name": "培训合格率", "department": "卫健委", "year": 2024, "stage": "monitoring", "actual": "96%"},
        {"name": "培训合格率", "department": "人社局", "year": 2024, "stage": "monitoring", "actual": "99%"},
        {"name": "培训合格率", "department": "民政局", "year": 2024, "stage": "declaration", "target": "≥92%"},
        {"name": "人均培训成本", "department": "人社局", "year": 2023, "stage": "evaluation", "target": "≤500元/人", "actual": "520元/人"},
        {"name": "人均培训成本", "department": "教育局", "year": 2024, "stage": "declaration", "target": "≤450元/人"},
        {"name": "人均培训成本", "department": "卫健委", "year": 2024, "stage": "declaration", "target": "≤480元/人"},
        {"name": "培训合格率", "department": "民政局", "year": 2024, "stage": "monitoring", "actual": "良好"},  # no figure: kept out
    ]))


def test_the_suggestion_is_the_higher_of_last_actual_and_peers_median_with_its_figures():
    s = suggest(_lib(), "培训合格率", "人社局", 2025)  # its 2024 monitoring 99% is no actual either
    # peers: their targets 90%, 95%, 92% → median 92%; 卫健委's 96% of 运行监控 is the year's progress so far, no actual
    assert dict(s.figures) == {"本部门实际完成值（2023年，自评表）": "93.5%",
                               "同类部门（3个，2024年）": "卫健委 ≥95%、教育局 ≥90%、民政局 ≥92%", "同类部门中位数": "92%"}
    assert s.text() == "≥93.5%" and "较高者" in s.rule


def test_a_ceiling_takes_the_lower_and_an_even_count_its_middle_pair():
    s = suggest(_lib(), "人均培训成本", "人社局", 2024)
    assert dict(s.figures)["同类部门中位数"] == "465元/人"  # (450 + 480) / 2
    assert s.value.value == Decimal(465) and s.text() == "≤465元/人" and "较低者" in s.rule


def test_without_history_the_peers_without_peers_the_national_value_else_nothing():
    # the peers' latest year only (2024: 90, 96, 92), not 人社局's 2023 figure
    assert suggest(_lib(), "培训合格率", "新部门", 2024).text() == "≥92%"
    assert suggest(Library(seed()), "在职人员控制率").text() == "≤100%"
    none = suggest(Library(seed()), "固定资产利用率")
    assert none.value is None and "无法给出建议值" in none.rule
    assert suggest(Library(seed()), "无此指标").value is None


def test_a_rate_is_never_suggested_above_100_percent():
    lib = Library(seed()).with_records(from_plain([{"name": "补贴发放及时率", "department": "甲", "year": 2023, "stage": "selfeval",
                                                     "target": "=100%", "actual": "100.5%"}]))
    s = suggest(lib, "补贴发放及时率", "甲", 2024)
    assert s.value.value == 100 and "不超过 100%" in s.rule


def test_jixiao_library_searches_and_suggests_from_a_folder():
    result = CliRunner().invoke(main, ["library", "培训合格率", "--from", str(PEERS), "--json", "--department", "新部门", "--year", "2024"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [f["name"] for f in found] == ["培训合格率"] and len(found[0]["records"]) == 4
    assert found[0]["suggestion"]["value"] == "≥91%"  # median of 60, 90, 92, 95
    text = CliRunner().invoke(main, ["library", "三公"]).output
    assert "“三公经费”控制率" in text and "（“三公经费”实际支出数 / “三公经费”预算安排数）× 100%" in text and "建议标杆值：≤100%" in text


def test_a_monitoring_forms_figures_are_records_of_the_year_and_never_its_actual():
    import dataclasses

    from jixiao.library.build import from_monitoring
    from jixiao.model.monitoring import MonitoredIndicator
    from jixiao.parse.quantity import parse_quantity, parse_target
    from jixiao.problems import Source

    m = open_source(ROOT / "tests" / "forms" / "monitoring" / "hubei-huangshi-shenyi" / "form.xlsx").evaluation.monitoring
    assert list(from_monitoring(m)) == []  # its targets and 执行情况 are words ("年度预算220万元", "按进度执行"): no figure
    m = dataclasses.replace(m, indicators=(MonitoredIndicator("活动场次", Source(), target=parse_target("≥8场"),
                                                              progress=parse_quantity("5场")),))
    (r,) = from_monitoring(m)
    assert (r.department, r.year, r.stage, r.target_text(), r.actual.text()) == ("黄石市文化和旅游局", 2019, "monitoring", "≥8场", "5场")
    s = suggest(Library(seed()).with_records([r]), "活动场次", "黄石市文化和旅游局", 2020)
    assert s.text() == "" and "无法给出建议值" in s.rule  # 5场 by 6月 is no year's actual, and no peer has a figure
