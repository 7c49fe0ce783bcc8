"""绩效运行监控表 in the layouts departments send: a budget system's export with its placeholder month
columns, and every published form of tests/forms/monitoring/ read and warned as its expected.yaml says."""

from __future__ import annotations

from openpyxl import Workbook

from jixiao.analysis import analyse
from jixiao.sources import open_source


def _alerts(ev):
    return [p for p in analyse(ev).problems if p.code.startswith("monitoring.")]


def test_the_budget_systems_placeholder_month_columns_are_read_and_the_period_comes_from_its_label(tmp_path):
    """A budget system's 预算执行情况 table heads its columns with the placeholder "1-X月执行数" and
    "1-X月执行率%" beside 年初预算数 | 调整后预算数 | 全年预计执行数 (the column names of a provincial
    system's monitoring page, tests/forms/monitoring/README.md): the columns are read, the period is
    the 监控期 written beside its label, and the X is never taken for a month."""
    book = Workbook()
    ws = book.active
    for row in (
        ["2024年度项目支出绩效运行监控表"], ["项目名称", "社区居家养老服务补贴"],
        ["主管部门", "民政局", None, "实施单位", "养老服务指导中心"], ["监控期", "1-7月"],
        [" ", "年初预算数", "调整后预算数", "1-X月执行数", "1-X月执行率%", "全年预计执行数"],
        ["资金总额", 300, 320, 96, "30.00", 310], ["其中：财政拨款", 300, 320, 96, "30.00", 310],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "1-X月完成值", "全年预计完成值", "偏差原因", "纠偏措施"],
        ["产出指标", "数量指标", "服务老年人人次", "≥12000人次", "6500人次", "12000人次"],
        [None, "时效指标", "补贴按季发放及时率", "100%", "100%", "100%"],
    ):
        ws.append(row)
    book.save(tmp_path / "系统导出.xlsx")
    loaded = open_source(tmp_path / "系统导出.xlsx", "系统导出.xlsx")
    assert loaded.ok, [p.message for p in loaded.problems]
    m = loaded.evaluation.monitoring
    assert (m.months, m.name.text) == (7, "社区居家养老服务补贴")
    # 调整后预算数 is the year's budget when both are printed
    assert [(f.name, f.budget, f.executed, f.stated_rate) for f in m.funds] == [
        ("资金总额", 320, 96, 30), ("财政拨款", 320, 96, 30)]
    assert [(i.name, i.progress.text()) for i in m.indicators] == [("服务老年人人次", "6500人次"), ("补贴按季发放及时率", "100%")]
    # 96 ÷ 320 = 30.00% against 7 ÷ 12 = 58.33%; 6500 × 12 ÷ 7 = 11142.86 short of 12000
    assert sorted((p.code, p.where.cell or "") for p in _alerts(loaded.evaluation)) == [
        ("monitoring.execution_lag", "D6"), ("monitoring.reason_missing", ""), ("monitoring.reason_missing", "C9"),
        ("monitoring.target_unreachable", "E9")]


def _department_sheet(tmp_path, title: str, label: str):
    book = Workbook()
    ws = book.active
    for row in (
        [title], [label, "民政局"], ["监控期", "1-7月"],
        ["资金", "全年预算数", "1-7月执行数", "执行率"], ["年度资金总额", 5000, 2900, "58.00%"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "1-7月完成值"],
        ["产出指标", "数量指标", "最低生活保障对象人数", "≥8000人", "7950人"],
    ):
        ws.append(row)
    book.save(tmp_path / "整体.xlsx")
    loaded = open_source(tmp_path / "整体.xlsx", "整体.xlsx")
    assert loaded.ok, [p.message for p in loaded.problems]
    return loaded.evaluation.monitoring


def test_a_units_own_whole_spending_form_is_a_department_form(tmp_path):
    """A unit titles its 部门整体 form with its own name (科技局整体支出绩效评价评分表 is one in tests/forms/), or
    heads it 部门名称 with no 项目名称: either is a 部门整体支出 form, not a project."""
    assert _department_sheet(tmp_path, "民政局2024年度整体支出绩效运行监控表", "单位名称").form == "department"
    assert _department_sheet(tmp_path, "2024年度绩效运行监控表", "部门名称").form == "department"
    project = _department_sheet(tmp_path, "2024年度绩效运行监控表", "项目名称")
    assert (project.form, project.name.text) == ("project", "民政局")
