"""What a department and the bureau do to a declaration: save the online form (a draft), upload a
workbook or Word form in its place, submit; return with a note, approve. Each is audited; a refused
one saves nothing and says why in Chinese."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from ...io.document import load_plain
from ...numbers import D, NotANumber
from ...problems import Severity
from .. import access
from ..audit import record
from ..documents import to_text
from ..models import ADMIN, ENTITY
from . import forms, scope
from .models import APPROVED, RETURNED, SUBMITTED, Declaration
from .review import STORED, review_and_store
from .views import edit_response, page_response


def _load_errors(doc: dict) -> dict[str, str]:
    """The reader's errors of a document the form made, at their fields (a field it cannot place: the form's)."""
    loaded = load_plain(doc, STORED)
    errors: dict[str, str] = {}
    for p in loaded.problems:
        if p.severity is Severity.ERROR:
            errors.setdefault(forms.field_of(p.where.path) or "form", p.message)
    if loaded.evaluation is None and not errors:
        errors["form"] = "申报表无法读取"
    return errors


def describe(row: Declaration, doc: dict) -> None:
    """The list's columns, from the document: year, form, name, 资金总额."""
    d = doc.get("declaration") or {}
    row.year = int(doc["year"])
    row.form = d.get("form", "project")
    row.name = str(d.get("name") or "")[:300]
    total = (d.get("funds") or {}).get("total")
    try:
        row.total = D(str(total)) if total is not None else None
    except NotANumber:
        row.total = None
    if row.total is not None and abs(row.total) >= Decimal(10) ** 12:
        row.total = None  # beyond the column: the page still shows it as written


@login_required
@require_POST
def save(request, pk: int | None = None):
    scope.role_or_404(request)
    scope.require(request, ENTITY, "填报绩效目标申报表")
    row = scope.declaration_or_404(request, pk) if pk is not None else None
    if row is not None and not row.editable:
        return page_response(request, row, f"申报表{row.get_status_display()}，不能修改。", 409)
    adding = request.POST.get("action") == "add_row"
    doc, errors = forms.from_post(request.POST, add_row=adding)
    if adding:
        return edit_response(request, row, doc, {})
    if not errors:
        errors = _load_errors(doc)
    if errors:
        return edit_response(request, row, doc, errors, 422)
    p = access.profile_of(request.user)
    with transaction.atomic():
        if row is None:
            row = Declaration(bureau=scope.bureau_of(request.user), department=p.organisation, created_by=request.user)
        describe(row, doc)
        row.text, row.stored_name, row.original_name = to_text(doc), "", ""
        review_and_store(row)
        record(request, "declaration_save", f"保存绩效目标申报表 {row}（{row.error_count} 个错误）")
    messages.success(request, "申报表已保存（草稿），提交前可继续修改。")
    return redirect("declarations:page", row.pk)


@login_required
@require_POST
def submit(request, pk: int):
    row = scope.declaration_or_404(request, pk)
    scope.require(request, ENTITY, "提交绩效目标申报表")
    if not row.editable:
        return page_response(request, row, f"申报表{row.get_status_display()}，不能再次提交。", 409)
    with transaction.atomic():
        row.status, row.submitted_at = SUBMITTED, timezone.now()
        review_and_store(row)
        record(request, "declaration_submit", f"提交绩效目标申报表 {row}：错误{row.error_count}个、警告{row.warning_count}个")
    messages.success(request, "申报表已提交财政局审核。")
    return redirect("declarations:page", row.pk)


@login_required
@require_POST
def decide(request, pk: int):
    row = scope.declaration_or_404(request, pk)
    scope.require(request, ADMIN, "审核绩效目标申报表")
    if row.status != SUBMITTED:
        return page_response(request, row, f"申报表{row.get_status_display()}，不在待审核状态。", 409)
    action, note = request.POST.get("action", ""), request.POST.get("note", "").strip()[:5000]
    if action == "return" and not note:
        return page_response(request, row, "退回时请写明退回说明（申报单位据此修改）。", 422)
    if action not in ("return", "approve"):
        return page_response(request, row, "请选择退回或审核通过。", 422)
    row.status = RETURNED if action == "return" else APPROVED
    row.note, row.decided_at, row.decided_by = note, timezone.now(), request.user
    row.save()
    record(request, "declaration_decide", f"{'退回' if action == 'return' else '审核通过'}绩效目标申报表 {row}" + (f"：{note[:200]}" if note else ""))
    messages.success(request, "已退回申报单位。" if action == "return" else "申报表已审核通过。")
    return redirect("declarations:page", row.pk)



@login_required
@require_POST
def rereview(request, pk: int):
    """Review again with what the database now holds: another department's declaration sent since, a
    定稿 of last year's evaluation."""
    row = scope.declaration_or_404(request, pk)
    review_and_store(row)
    record(request, "declaration_review", f"重新复核绩效目标申报表 {row}：错误{row.error_count}个、警告{row.warning_count}个")
    messages.success(request, "已按当前的上年实际完成值和同类部门申报表重新复核。")
    return redirect("declarations:page", row.pk)
