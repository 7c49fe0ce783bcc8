"""目标申报's pages: the list (the bureau's every declaration with its problem counts and status, a
department's own), a declaration's page with its review, and the online form."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ...model.declaration import FORMS
from ...numbers import NotANumber, D, fmt
from .. import access
from ..documents import stored_document
from ..models import ADMIN, Organisation
from . import forms, scope
from .models import EDITABLE, STATUSES, SUBMITTED, Declaration, next_year


def filtered(request, rows):
    """The list as the filters ask (年度, 单位, 状态), and the filters as the form shows them again."""
    f = {k: request.GET.get(k, "") for k in ("year", "department", "status")}
    if f["year"].isdigit():
        rows = rows.filter(year=int(f["year"]))
    if f["department"].isdigit():
        rows = rows.filter(department_id=int(f["department"]))
    if f["status"] in dict(STATUSES):
        rows = rows.filter(status=f["status"])
    return rows, f


@login_required
def declaration_list(request):
    role = scope.role_or_404(request)
    everything = scope.declarations_of(request.user)
    rows, f = filtered(request, everything.select_related("department"))
    rows = [_with_total(r) for r in rows]
    by = Counter(everything.values_list("status", flat=True))
    ctx = {"rows": rows, "filters": f, "statuses": STATUSES, "is_bureau": role == ADMIN, "forms": dict(FORMS),
           "counts": [(label, by.get(code, 0), code) for code, label in STATUSES],
           "years": sorted(set(everything.values_list("year", flat=True)), reverse=True),
           "next_year": next_year()}
    if role == ADMIN:
        ctx["departments"] = Organisation.objects.filter(pk__in=everything.values("department_id")).order_by("name")
    return render(request, "declarations/list.html", ctx)


def _with_total(row: Declaration) -> Declaration:
    """资金总额 as the field shows money: thousands, 2 places (四舍五入, for display only), the form's unit."""
    funds = (stored_document(row.text).get("declaration") or {}).get("funds") or {}
    unit = str(funds.get("unit") or "万元") if isinstance(funds, dict) else "万元"
    row.total_text = "—" if row.total is None else f"{fmt(row.total, thousands=True)}{unit}"
    return row


def _money_text(text) -> str:
    """An amount as typed, shown as the field shows money (thousands, 2 places); as typed where it is no number."""
    try:
        return fmt(D(str(text)), thousands=True)
    except NotANumber:
        return str(text or "")


@login_required
def declaration_page(request, pk: int):
    return page_response(request, scope.declaration_or_404(request, pk))


def page_response(request, row: Declaration, error: str = "", status: int = 200):
    role = scope.stage_role(request.user)
    doc = stored_document(row.text)
    problems = row.problems or []
    f = forms.fields_of(doc)
    for part in f["parts"]:
        part["shown"] = _money_text(part.get("amount"))
    return render(request, "declarations/page.html", {
        "row": _with_total(row), "f": f, "problems": problems, "error": error,
        "by_field": _by_field(problems), "form_label": FORMS.get(row.form, ""),
        "is_bureau": role == ADMIN, "editable": role != ADMIN and row.status in EDITABLE,
        "decidable": role == ADMIN and row.status == SUBMITTED,
        "low": [p for p in problems if p["code"] in ("declaration.target_low", "declaration.peer_low")]}, status=status)


def _by_field(problems: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for p in problems:
        if p.get("field"):
            out.setdefault(p["field"], []).append(p)
    return out


def edit_response(request, row: Declaration | None, doc: dict, errors: dict[str, str], status: int = 200):
    """The online form; `errors`: {field: message}, shown beside their fields (nothing was saved)."""
    f = forms.fields_of(doc)
    for r in f["rows"]:
        r["errors"] = [errors[k] for k in (f"ind-{r['i']}-{c}" for c, _ in forms.COLUMNS) if k in errors]
        r["bad"] = {c for c, _ in forms.COLUMNS if f"ind-{r['i']}-{c}" in errors}
    for p in f["parts"]:
        p["error"] = errors.get(f"part-{p['i']}-amount", "")
    return render(request, "declarations/edit.html", {
        "row": row, "f": f, "errors": errors, "field_errors": {k: v for k, v in errors.items() if not k.startswith(("ind-", "part-"))},
        "count": len(errors)}, status=status)


@login_required
def new(request):
    scope.role_or_404(request)
    scope.require(request, "entity", "填报绩效目标申报表")
    p = access.profile_of(request.user)
    year = request.GET.get("year", "")
    doc = forms.blank(int(year) if year.isdigit() else next_year(), p.organisation.name)
    return edit_response(request, None, doc, {})


@login_required
def edit(request, pk: int):
    row = scope.declaration_or_404(request, pk)
    scope.require(request, "entity", "修改绩效目标申报表")
    if not row.editable:
        return page_response(request, row, f"申报表{row.get_status_display()}，不能修改。", 409)
    return edit_response(request, row, stored_document(row.text), {})
