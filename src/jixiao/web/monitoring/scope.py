"""Who sees which monitoring form: the bureau all of its own, a department only its own; anyone
else, and any other organisation's id, gets a 404 (logged), as for evaluations (web/access.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .. import access
from ..models import ADMIN, BUREAU, ENTITY
from .models import Report


def reports_of(user) -> QuerySet[Report]:
    p = access.profile_of(user)
    if p is None:
        return Report.objects.none()
    if p.role == ADMIN:
        return Report.objects.filter(bureau_id=p.organisation_id)
    if p.role == ENTITY:
        return Report.objects.filter(department_id=p.organisation_id)
    return Report.objects.none()


def report_or_404(request, pk: int) -> Report:
    row = reports_of(request.user).select_related("department").filter(pk=pk).first()
    if row is None:
        access.audit(request, "denied", f"{request.method} {request.path}")
        raise Http404("运行监控表不存在或无权访问")
    return row


def role_or_404(request) -> str:
    """ADMIN or ENTITY, the two sides of 运行监控; anyone else a 404, logged."""
    r = access.role(request.user)
    if r not in (ADMIN, ENTITY):
        access.audit(request, "denied", f"{request.method} {request.path}")
        raise Http404("无权访问运行监控")
    return r


def require(request, role: str, what: str) -> None:
    """403 for the side that may see the page but not do this (the 403 page audits it)."""
    if access.role(request.user) != role:
        raise PermissionDenied(f"{what}只能由{'财政局管理员' if role == ADMIN else '部门（单位）填报人'}办理。")


def bureau_of(user):
    """The bureau a user works under: its own organisation, or its department's bureau."""
    org = access.profile_of(user).organisation
    return org if org.kind == BUREAU else org.bureau
