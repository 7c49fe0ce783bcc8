"""The review's summary workbook, streamed row by row: what Excel, WPS and openpyxl read back."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
from python_calamine import CalamineWorkbook

from jixiao.excel.fastxlsx import StreamBook


def test_the_streamed_summary_keeps_texts_as_text_and_figures_as_numbers(tmp_path):
    out = tmp_path / "汇总.xlsx"
    book = StreamBook(str(out))
    sheet = book.sheet("审核汇总", ["序号", "项目", "复核总分", "说明"], [6, 30, 10, 80])
    sheet.add([1, "=SUM(1,2)", Decimal("96.925"), " 前后有空格 "])
    sheet.add([2, "A&B <项目>", None, "第一行\n第二行\x07_x0041_"])
    sheet.add([3, "", Decimal("0"), "＝全角等号"])
    sheet.close()
    other = book.sheet("问题清单", ["表序号"], [6])
    other.close()
    book.close()
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["审核汇总", "问题清单"]
    ws = wb["审核汇总"]
    assert [c.value for c in ws[1]] == ["序号", "项目", "复核总分", "说明"] and ws["A1"].font.b
    assert ws.freeze_panes == "A2"
    assert (ws["B2"].data_type, ws["B2"].value, ws["B2"].quotePrefix) == ("s", "=SUM(1,2)", True)
    assert (ws["C2"].data_type, ws["C2"].value, ws["C2"].number_format) == ("n", 96.93, "0.00")  # 四舍五入
    assert ws["D2"].value == " 前后有空格 "
    assert ws["B3"].value == "A&B <项目>" and ws["C3"].value is None
    assert ws["D3"].value.startswith("第一行\n第二行")  # a control character does not spoil the file's XML
    assert ws["B4"].value is None and ws["C4"].value == 0 and ws["D4"].quotePrefix
    assert ws["A4"].data_type == "n" and ws["A4"].value == 3
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("审核汇总").to_python()
    assert rows[1][:3] == [1.0, "=SUM(1,2)", 96.93]
    assert rows[2][3] == "第一行\n第二行\x07_x0041_"  # as Excel reads it back: the escapes undone
