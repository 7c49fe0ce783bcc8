"""Who sees which 整改事项: the bureau all of its own, a department only its own; anyone else,
and any other organisation's id, gets a 404 (logged), as for evaluations (web/access.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .. import access
from ..models import ADMIN, ENTITY
from .models import Item


def items_of(user) -> QuerySet[Item]:
    p = access.profile_of(user)
    if p is None:
        return Item.objects.none()
    if p.role == ADMIN:
        return Item.objects.filter(bureau_id=p.organisation_id)
    if p.role == ENTITY:
        return Item.objects.filter(department_id=p.organisation_id)
    return Item.objects.none()


def item_or_404(request, pk: int) -> Item:
    item = items_of(request.user).select_related("evaluation", "department").filter(pk=pk).first()
    if item is None:
        access.audit(request, "denied", f"{request.method} {request.path}")
        raise Http404("整改事项不存在或无权访问")
    return item


def stage_role(user) -> str | None:
    """ADMIN or ENTITY: the two sides of 整改; None for everyone else."""
    r = access.role(user)
    return r if r in (ADMIN, ENTITY) else None


def require(request, role: str, what: str) -> None:
    """403 for the side that may see the item but not do this to it (the 403 page audits it)."""
    if access.role(request.user) != role:
        raise PermissionDenied(f"{what}只能由{'财政局管理员' if role == ADMIN else '被评价单位'}办理。")


def evaluation_items_or_404(request, ev_pk: int):
    """An evaluation whose 整改事项 the user may see (the bureau's own, the department's own)."""
    ev = access.evaluation_or_404(request, ev_pk, "整改")
    if stage_role(request.user) is None or not access.is_party(request.user, ev):
        access.audit(request, "denied", f"{request.method} {request.path} 整改", evaluation_id=ev_pk)
        raise Http404("评价不存在或无权访问")
    return ev
