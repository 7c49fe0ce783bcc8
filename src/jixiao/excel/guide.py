"""The 填写说明 sheet: written into the blank template and into every exported workbook."""

from __future__ import annotations

import openpyxl

from . import layout as L
from .put import HEADER_FONT, WRAP, put_text

GUIDE_LINES = [
    ("总则", "每个工作表对应评价文件的一部分；第1行为表头（已冻结），请从第2行起逐行填写，不要改动表头文字。"),
    ("总则", "金额单位默认为万元（可在“基本信息”中修改）；百分比可直接输入 96.9%；数值单元格不要填写文字。"),
    ("总则", "不要合并数据单元格；不要使用公式（公式必须有计算结果，否则无法读取）；以 = + - @ 开头的文字会按文字保存。"),
    (L.INFO, "按“键”列逐项填写“内容”；“键”是程序识别用的名称，请勿修改。列表项（如主要职能）可复制一行并把 [0] 改为 [1]、[2]…"),
    (L.BUDGET, "分组填“预算明细”或“资金来源”；级次 1 为一级项目，2 为其下级，依此类推（下级行紧跟在上级行之后）。"),
    (L.ASSETS, "每类固定资产一行：期初金额、本期增加、本期减少、期末金额。"),
    (L.TARGETS, "部门（单位）整体或项目绩效目标表：三级指标与目标值（如 ≥2.4万人、=100%、明确）。"),
    (L.INDICATORS, "每个指标一行；上级编码为空的是一级指标。末级指标须填权重，并从下拉列表选择规则类型（等级评分、扣分制……）。"),
    (L.INDICATORS, "规则参数各占一列，列名括号内是使用该参数的规则类型，只填所选规则类型的参数；点击单元格可看到填写说明和示例。"),
    (L.INDICATORS, "等级及得分写成 明确=2；职责不清晰=1；未进行职责分解=0。扣分事项、评分要点、超额偏差档每行一项（单元格内换行：Alt+Enter）；"
                   "核查后没有扣分事项填“无”，留空表示尚未评定。"),
    (L.INDICATORS, "完成值可直接填写（25632人、97.63%、明确），或在“计算指标”中选择由本评价数据计算的指标（预算执行率、预算调整率、“三公经费”控制率、结转结余率、固定资产利用率），或填“计算公式”与“公式输入值”。"),
    (L.SELF, "全国通用的项目支出绩效自评表格式：资金、年度总体目标、绩效指标（一级、二级、三级指标，年度指标值，实际完成值，分值，得分，偏差原因）。"),
    (L.SELF, "未完成目标的指标须填写偏差原因分析及改进措施；定性指标的实际完成值可选 达成预期指标 / 部分达成预期指标 / 未达成预期指标。"),
    (L.FINDINGS, "类别填“经验做法”“存在问题”或“意见建议”；关联指标填指标编码（如 C11）。"),
    ("导入", "填好后运行 jixiao import 本文件.xlsx -o 评价.yaml，或直接 jixiao score 本文件.xlsx；错误会指出 文件!工作表!单元格。"),
]


def guide(book: openpyxl.Workbook, kind: str) -> None:
    ws = book.create_sheet(L.GUIDE)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 110
    put_text(ws, 1, 1, "填写说明").font = HEADER_FONT
    sheets = set(L.KIND_SHEETS.get(kind, L.KIND_SHEETS["department"]))
    r = 2
    for part, text in GUIDE_LINES:
        if part in (L.INFO, L.BUDGET, L.ASSETS, L.TARGETS, L.INDICATORS, L.SELF, L.FINDINGS) and part not in sheets:
            continue
        put_text(ws, r, 1, part)
        put_text(ws, r, 2, text).alignment = WRAP
        r += 1
