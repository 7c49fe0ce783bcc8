"""Workbooks for the workbook tests: national-layout 自评表 forms written the way departments fill them."""

from __future__ import annotations

from pathlib import Path

import openpyxl

SAMPLE_FORM = {
    "project": "职业技能提升行动专项资金",
    "department": "示例县人力资源和社会保障局",
    "implementer": "示例县就业服务管理中心",
    "funds": [
        ("年度资金总额", "500", "480", "465.12", "10", 0.969, "9.69"),
        ("其中：本年财政拨款", "400", "400", "391.52", "—", "—", "—"),
        ("上年结转资金", "100", "80", "73.60", "—", "—", "—"),
        ("其他资金", "0", "0", "0", "—", "—", "—"),
    ],
    "goal": ("全年开展职业技能培训3000人次。", "完成职业技能培训3120人次。"),
    "indicators": [
        ("产出指标", "数量指标", "职业技能培训人次", "≥3000人次", "3120人次", "15", "15", ""),
        ("产出指标", "数量指标", "新建技能大师工作室", "=2个", "2个", "5", "5", ""),
        ("产出指标", "质量指标", "培训取证率", "≥80%", "82.02%", "10", "10", ""),
        ("产出指标", "时效指标", "补贴资金发放及时率", "≥95%", "91%", "10", "9.58", "材料补正延迟。"),
        ("产出指标", "成本指标", "人均培训补贴", "≤1500元/人次", "1490.77元/人次", "10", "10", ""),
        ("效益指标", "社会效益指标", "培训后就业率", "≥60%", "57%", "15", "14.25", "就业市场波动。"),
        ("效益指标", "可持续影响指标", "培训机构规范化管理水平", "有效提升", "部分达成预期指标", "10", "7", "年检整改未完成。"),
        ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "93.5%", "15", "15", ""),
    ],
    "total": "95.52",
}


def write_national_form(ws, form: dict, top: int = 1, *, numbers_as_text: bool = True) -> dict[str, str]:
    """One form in the national layout from row `top`, with merged label cells, "指标N：" names,
    blank 指标2 rows and numbers typed as text. Returns where some figures landed (name → cell)."""
    cells: dict[str, str] = {}

    def put_str(row: int, col: int, value) -> None:
        cell = ws.cell(row=row, column=col, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # "=2个" is typed as text, not a formula

    def put(row: int, col: int, value) -> None:
        if isinstance(value, str) and not numbers_as_text:
            try:
                value = float(value) if "." in value else int(value)
            except ValueError:
                pass
        put_str(row, col, value)

    r = top
    ws.cell(row=r, column=1, value="项目支出绩效自评表")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=9)
    r += 1
    ws.cell(row=r, column=1, value="（2024年度）")
    r += 1
    ws.cell(row=r, column=1, value="项目名称")
    ws.cell(row=r, column=2, value=form["project"])
    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=9)
    r += 1
    ws.cell(row=r, column=1, value="主管部门")
    ws.cell(row=r, column=2, value=form["department"])
    ws.cell(row=r, column=5, value="实施单位")
    ws.cell(row=r, column=6, value=form["implementer"])
    r += 1
    head = r
    for col, text in enumerate(["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"], 1):
        ws.cell(row=r, column=col, value=text or None)
    for name, initial, adjusted, spent, weight, rate, score in form["funds"]:
        r += 1
        for col, value in enumerate([name, initial, adjusted, spent, weight, rate, score], 2):
            put(r, col, value)
        if isinstance(rate, float):
            ws.cell(row=r, column=7).number_format = "0.00%"
    ws.merge_cells(start_row=head, start_column=1, end_row=r, end_column=1)
    cells["funds_weight"] = f"F{head + 1}"
    r += 1
    ws.cell(row=r, column=1, value="年度总体目标")
    ws.cell(row=r, column=2, value="预期目标")
    ws.cell(row=r, column=5, value="实际完成情况")
    r += 1
    ws.cell(row=r, column=2, value=form["goal"][0])
    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
    ws.cell(row=r, column=5, value=form["goal"][1])
    ws.merge_cells(start_row=r, start_column=5, end_row=r, end_column=9)
    ws.merge_cells(start_row=r - 1, start_column=1, end_row=r, end_column=1)
    r += 1
    ws.cell(row=r, column=1, value="绩效指标")
    for col, text in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"], 2):
        ws.cell(row=r, column=col, value=text)
    first = r + 1
    previous = (None, None)
    run_start = {1: first, 2: first}
    number = 0
    for i, (l1, l2, name, target, actual, weight, score, reason) in enumerate(form["indicators"]):
        r += 1
        number += 1
        if l1 != previous[0]:
            if r - 1 >= run_start[1] + 1:
                ws.merge_cells(start_row=run_start[1], start_column=2, end_row=r - 1, end_column=2)
            run_start[1] = r
            ws.cell(row=r, column=2, value=l1)
        if (l1, l2) != previous:
            ws.cell(row=r, column=3, value=l2)
        previous = (l1, l2)
        ws.cell(row=r, column=4, value=f"指标{number}：{name}")
        put_str(r, 5, target)
        put_str(r, 6, actual)
        put(r, 7, weight)
        put(r, 8, score)
        ws.cell(row=r, column=9, value=reason or None)
        cells[f"weight{i}"] = f"G{r}"
        cells[f"score{i}"] = f"H{r}"
        if i == 1:  # a blank "指标2：" row as printed forms have
            r += 1
            ws.cell(row=r, column=4, value=f"指标{number + 1}：")
            number += 1
    ws.merge_cells(start_row=first - 1, start_column=1, end_row=r, end_column=1)
    r += 1
    ws.cell(row=r, column=1, value="总分")
    put(r, 7, "100")
    put(r, 8, form["total"])
    cells["total"] = f"H{r}"
    cells["end"] = str(r)
    return cells


def national_workbook(path: Path, forms: list[dict] | None = None, **options) -> dict[str, str]:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "自评表"
    cells: dict[str, str] = {}
    top = 1
    for form in forms or [SAMPLE_FORM]:
        cells = write_national_form(ws, form, top, **options)
        top = int(cells["end"]) + 3
    book.save(path)
    return cells
