"""An evaluation's 整改情况表: exported for the department to fill in, and read back (the
department's upload) with every error at its cell and nothing saved unless all of it reads."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from .. import uploads
from ..audit import record
from ..models import ADMIN, ENTITY
from ..notify import notify, people
from ..uploads import Refused
from . import scope, workbook
from .models import DOING, SUBMITTED, Item
from .views import counts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def export(request, pk: int):
    ev = scope.evaluation_items_or_404(request, pk)
    items = list(Item.objects.filter(evaluation=ev))
    data = workbook.write(ev, items)
    record(request, "export", f"导出整改情况表（{len(items)} 项）", ev.pk)
    resp = HttpResponse(data, content_type=XLSX)
    resp["Content-Disposition"] = content_disposition_header(True, f"{workbook.title_of(ev)}.xlsx")
    return resp


@login_required
@require_POST
def upload(request, pk: int):
    ev = scope.evaluation_items_or_404(request, pk)
    scope.require(request, ENTITY, "上传整改情况表")
    items = {i.number: i for i in Item.objects.filter(evaluation=ev)}
    try:
        f = uploads.received(request, "file")
        if f is None:
            raise Refused("请选择填好的整改情况表（.xlsx 或 .xls）。")
        if Path(f.name).suffix.lower() not in (".xlsx", ".xls"):
            raise Refused(f"整改情况表应为 Excel 工作簿（.xlsx 或 .xls），“{f.name}”不是。")
        data = f.read()
        uploads.check_file(f.name, data)
    except Refused as refused:
        uploads.refused(request, refused, ev.pk)
        return _page(request, ev, [f"上传被拒绝：{refused.message}{uploads.NOTHING_KEPT}"], refused.status)
    changes, problems = workbook.read(data, f.name, items)
    if problems:
        record(request, "rectification_import", f"整改情况表 {f.name} 有 {len(problems)} 处错误，未导入", ev.pk)
        return _page(request, ev, [p.message for p in problems], 422)
    with transaction.atomic():
        for c in changes:
            c.item.measures, c.item.effect, c.item.completed_on = c.measures[:5000], c.effect[:5000], c.completed_on
            if c.status == SUBMITTED and c.item.status != SUBMITTED:
                c.item.submitted_at = timezone.now()
            c.item.status = c.status or DOING
            c.item.save()
        record(request, "rectification_import", f"导入整改情况表 {f.name}：更新 {len(changes)} 项", ev.pk)
    submitted = [c.item.title[:40] for c in changes if c.status == SUBMITTED]
    if submitted:
        notify(people(ev, ADMIN), ev, f"{ev.department or ev.subject}提交了整改情况 {len(submitted)} 项：{'；'.join(submitted)}",
               reverse("rectification:evaluation", args=[ev.pk]), but=request.user)
    messages.success(request, f"已从“{f.name}”导入 {len(changes)} 项整改情况。")
    return redirect("rectification:evaluation", ev.pk)


def _page(request, ev, errors: list[str], status: int):
    items = Item.objects.filter(evaluation=ev)
    today = timezone.localdate()
    return render(request, "rectification/evaluation.html", {
        "ev": ev, "items": items, "today": today, "counts": counts(items, today), "errors": errors,
        "is_bureau": False}, status=status)
