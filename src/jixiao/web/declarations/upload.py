"""A department's 绩效目标申报表 uploaded as a workbook (or a Word table, or YAML): checked as every
upload is (web/uploads.py, excel/safety.py), read by the declaration layout, and kept only when it
reads as a declaration; anything else is refused in Chinese with its place, nothing saved."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ...problems import Severity
from ...sources import open_source, suffixes
from .. import access, uploads
from ..audit import record
from ..documents import to_text
from ..models import ENTITY
from ..rounds_review import problem_row
from ..uploads import DOCUMENT_SUFFIXES, Refused
from . import scope
from .actions import describe
from .models import Declaration
from .review import review_and_store

NOT_A_DECLARATION = "“{name}”不是绩效目标申报表：没有找到申报表的指标表头（一级指标、二级指标、三级指标、指标值）及资金总额或年度总体目标"


def accepted() -> list[str]:
    return sorted(suffixes() & DOCUMENT_SUFFIXES.keys())


def _received(request) -> tuple[str, bytes]:
    f = uploads.received(request, "file")
    if f is None:
        raise Refused("请选择填好的绩效目标申报表（Excel、Word 或 YAML 文件）。")
    suffix = PurePosixPath(f.name).suffix.lower()
    if suffix not in accepted():
        raise Refused(f"“{f.name}”不是可读取的申报表文件：可上传 {'、'.join(accepted())} 文件。")
    data = f.read()
    uploads.check_file(f.name, data)
    return f.name, data


def _refuse(request, row, messages_: list[str], status: int):
    return render(request, "declarations/refused.html", {"row": row, "messages_": messages_,
                                                          "nothing": uploads.NOTHING_KEPT}, status=status)


@login_required
@require_POST
def upload(request, pk: int | None = None):
    scope.role_or_404(request)
    scope.require(request, ENTITY, "上传绩效目标申报表")
    row = scope.declaration_or_404(request, pk) if pk is not None else None
    if row is not None and not row.editable:
        return _refuse(request, row, [f"申报表{row.get_status_display()}，不能替换。"], 409)
    try:
        name, data = _received(request)
    except Refused as refused:
        uploads.refused(request, refused)
        return _refuse(request, row, [f"上传被拒绝：{refused.message}"], refused.status)
    loaded = open_source(data, name)
    ev = loaded.evaluation
    errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
    if ev is None or ev.declaration is None or errors:
        said = [f"{r['where']}：{r['message']}" if r["where"] else r["message"] for r in map(problem_row, errors)]
        record(request, "declaration_upload", f"申报表 {name} 无法读取，未保存")
        if ev is None or ev.declaration is None:
            said.insert(0, NOT_A_DECLARATION.format(name=name))
        return _refuse(request, row, said, 422)
    doc = loaded.document
    if not str(doc.get("year", "")).isdigit():
        return _refuse(request, row, [f"“{name}”没有写明年度（如“2025年度”）：请在表头写明申报年度后重新上传"], 422)
    stored, _sha = uploads.store(data, name)
    with transaction.atomic():
        if row is None:
            row = Declaration(bureau=scope.bureau_of(request.user), department=access.profile_of(request.user).organisation,
                              created_by=request.user)
        describe(row, doc)
        row.text, row.stored_name, row.original_name = to_text(doc), stored, name
        review_and_store(row)
        record(request, "declaration_upload", f"上传绩效目标申报表 {name}：错误{row.error_count}个、警告{row.warning_count}个")
    messages.success(request, f"已读取“{name}”：{len(ev.declaration.indicators)} 个绩效指标。")
    return redirect("declarations:page", row.pk)
