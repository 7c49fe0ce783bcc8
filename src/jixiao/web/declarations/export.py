"""The bureau's list of declarations as an Excel workbook: the rows the list shows, in its order."""

from __future__ import annotations

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook

from ...excel.put import HEADER_FILL, HEADER_FONT, put_figure, put_text
from ...model.declaration import FORMS
from ..audit import record
from ..models import ADMIN
from . import scope
from .views import filtered

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEAD = ("单位", "年度", "申报表", "项目名称", "资金总额（万元）", "错误", "警告", "提示", "状态", "提交时间", "退回说明")
WIDTHS = (40, 8, 24, 36, 16, 8, 8, 8, 12, 18, 40)


@login_required
def export(request):
    scope.role_or_404(request)
    scope.require(request, ADMIN, "导出申报汇总")
    rows, _f = filtered(request, scope.declarations_of(request.user).select_related("department"))
    wb = Workbook()
    ws = wb.active
    ws.title = "申报汇总"
    for c, (text, width) in enumerate(zip(HEAD, WIDTHS), start=1):
        cell = put_text(ws, 1, c, text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[cell.column_letter].width = width
    n = 1
    for n, row in enumerate(rows, start=2):
        for c, value in enumerate((row.department.name, str(row.year), FORMS.get(row.form, row.form), row.name), start=1):
            put_text(ws, n, c, value)
        if row.total is not None:
            put_figure(ws, n, 5, row.total, "#,##0.00")
        for c, value in enumerate((row.error_count, row.warning_count, row.note_count), start=6):
            ws.cell(n, c, value)
        put_text(ws, n, 9, row.get_status_display())
        put_text(ws, n, 10, row.submitted_at.strftime("%Y-%m-%d %H:%M") if row.submitted_at else "")
        put_text(ws, n, 11, row.note)
    out = BytesIO()
    wb.save(out)
    record(request, "export", f"导出绩效目标申报汇总（{n - 1} 份）")
    resp = HttpResponse(out.getvalue(), content_type=XLSX)
    resp["Content-Disposition"] = content_disposition_header(True, "绩效目标申报汇总.xlsx")
    return resp
