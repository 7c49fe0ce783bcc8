"""The 部门整体绩效自评表 of the 得分系数 family (Chongqing's): 指标名称 / 计量单位 / 指标性质 / 年初指标值 /
调整指标值 / 全年完成值 / 得分系数(%) / 指标权重(分) / 指标得分(分) / 是否核心指标, read as a form whose
leaves are scored 系数 × 权重 with the 系数 as filled."""

from __future__ import annotations

from decimal import Decimal

import openpyxl

from jixiao.excel.cells import read_grids
from jixiao.excel.national import is_form, read_block
from jixiao.excel.review import review_file
from jixiao.excel.safety import Limits

HEADER = ["绩效指标", "指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值", "得分系数(%)",
          "指标权重(分)", "指标得分(分)", "是否核心指标"]


def _workbook(path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "部门整体绩效自评表"
    ws.append(["主管部门", "区科学城融媒体中心", None, None, None, None, None, "自评总分(分)", None, "14"])
    ws.append(["部门预算执行情况(万元)", "年初预算数", None, "全年(调整)预算数", None, "全年执行数", None, "执行率(%)",
               "执行率权重", "执行率得分(分)"])
    ws.append([None, "500", None, "500", None, "380", None, "76%", "10", "7.6"])
    ws.append(HEADER)
    ws.append([None, "政府采购执行率", "%", "定量指标", "100%", None, "72.74%", "100%", "2", "2", "是"])
    ws.append([None, "党性教育培训次数", "次", None, "≥6次", None, "12次", "100%", "5", "5", "是"])
    ws.append([None, "预算调整率", "%", None, "5%", "3%", "0", "100%", "2", "2", "否"])
    ws.merge_cells("A2:A3")
    book.save(path)


def test_the_coefficient_form_is_found_and_its_leaves_are_scored_by_the_coefficient(tmp_path):
    path = tmp_path / "部门整体.xlsx"
    _workbook(path)
    (grid,), _ = read_grids(path, str(path), Limits.from_env())
    assert is_form(grid)
    se = read_block(grid, 0, grid.height).data["self_evaluation"]
    rules = [(str(i["name"]), str(i["rule"]["type"]), str(i["rule"]["coefficient"])) for i in se["indicators"]]
    assert rules == [("政府采购执行率", "coefficient", "100%"), ("党性教育培训次数", "coefficient", "100%"),
                     ("预算调整率", "coefficient", "100%")]
    assert str(se["indicators"][2]["target"]) == "≤3%"  # the 调整指标值 where filled; 调整率 lower is better
    assert str(se["total"]) == "14" and se["total"].where.cell == "J1"


def test_a_coefficient_that_does_not_follow_from_the_actual_is_said(tmp_path):
    path = tmp_path / "部门整体.xlsx"
    _workbook(path)
    (form,) = review_file(path, Limits.from_env())
    assert form.status == "已复核" and form.project == "区科学城融媒体中心"
    wrong = [p.where.cell for p in form.problems if p.code == "selfeval.coefficient"]
    assert wrong == ["B5"]  # 72.74% of the target given a 系数 of 100%
    assert form.total.quantize(Decimal("0.01")) == Decimal("16.05")  # 7.60 + 2 × 72.74% + 5 + 2
