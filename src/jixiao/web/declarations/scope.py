"""Who sees which declaration: the bureau all of its own, a department only its own; anyone else,
and any other organisation's id, gets a 404 (logged), as for evaluations (web/access.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .. import access
from ..models import ADMIN, BUREAU, ENTITY
from .models import Declaration


def declarations_of(user) -> QuerySet[Declaration]:
    p = access.profile_of(user)
    if p is None:
        return Declaration.objects.none()
    if p.role == ADMIN:
        return Declaration.objects.filter(bureau_id=p.organisation_id)
    if p.role == ENTITY:
        return Declaration.objects.filter(department_id=p.organisation_id)
    return Declaration.objects.none()


def declaration_or_404(request, pk: int) -> Declaration:
    row = declarations_of(request.user).select_related("department", "bureau").filter(pk=pk).first()
    if row is None:
        access.audit(request, "denied", f"{request.method} {request.path}")
        raise Http404("申报表不存在或无权访问")
    return row


def stage_role(user) -> str | None:
    """ADMIN or ENTITY: the two sides of 目标申报; None for everyone else."""
    r = access.role(user)
    return r if r in (ADMIN, ENTITY) else None


def role_or_404(request) -> str:
    role = stage_role(request.user)
    if role is None:
        access.audit(request, "denied", f"{request.method} {request.path}")
        raise Http404("无权访问目标申报")
    return role


def require(request, role: str, what: str) -> None:
    """403 for the side that may see the declaration but not do this to it."""
    if access.role(request.user) != role:
        raise PermissionDenied(f"{what}只能由{'财政局管理员' if role == ADMIN else '申报单位'}办理。")


def bureau_of(user):
    """The bureau a user works under: its own organisation (the bureau) or its department's bureau."""
    p = access.profile_of(user)
    org = p.organisation
    return org if org.kind == BUREAU else org.bureau
