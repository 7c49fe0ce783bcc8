"""The 审计日志 pages of a bureau's 审计管理员: reading and verifying its audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import access
from .access import audit


AUDIT_PAGE_ROWS = 300


def _audit_bureau_or_404(request) -> int:
    """The 审计管理员's bureau; anyone else (the 财政局管理员 too: 三员分立) gets 404, logged."""
    bureau = access.audit_bureau(request.user)
    if bureau is None:
        audit(request, "denied", f"{request.method} {request.path} 非审计管理员")
        raise Http404()
    return bureau


@login_required
@require_safe  # read only: nothing on these pages changes a row
def audit_log(request):
    """The bureau's audit log for its 审计管理员: newest first, filtered by 用户, 操作 and 评价."""
    from ..glossary import AUDIT_ACTIONS
    from .audit import printable
    from .models import AuditEntry

    bureau = _audit_bureau_or_404(request)
    f = {k: printable(request.GET.get(k, "")).strip()[:150] for k in ("username", "action", "evaluation")}
    rows = AuditEntry.objects.filter(organisation_id=bureau)
    if f["username"]:
        rows = rows.filter(username=f["username"])
    if f["action"] in AUDIT_ACTIONS:
        rows = rows.filter(action=f["action"])
    if f["evaluation"].isdigit() and len(f["evaluation"]) < 19:
        rows = rows.filter(evaluation_id_ref=int(f["evaluation"]))
    entries = list(rows.order_by("-seq")[:AUDIT_PAGE_ROWS])
    for e in entries:
        e.action_label = AUDIT_ACTIONS.get(e.action, e.action)
    return render(request, "jixiao/audit.html", {"entries": entries, "filters": f, "limit": AUDIT_PAGE_ROWS,
                                                 "actions": sorted(AUDIT_ACTIONS.items(), key=lambda a: a[1])})


@login_required
@require_safe
def audit_verify(request):
    """Recompute the bureau's hash chain and name the first row that does not hold."""
    from .audit import verify

    bureau = _audit_bureau_or_404(request)
    result = verify(bureau)
    audit(request, "audit_verify", "哈希链完整" if result.ok else f"哈希链断开：{result.broken}")
    return render(request, "jixiao/audit.html", {"verification": result, "entries": [], "filters": {}})
