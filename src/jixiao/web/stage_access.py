"""Who sees which record of a stage (web/stages.py): the bureau all of its own, a department only
its own; anyone else, and any other organisation's id, gets a 404 (logged), as for evaluations
(web/access.py). Each stage names its model and its words; the rule is written once, here."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from . import access
from .models import ADMIN, BUREAU, ENTITY


def stage_role(user) -> str | None:
    """ADMIN or ENTITY: the two sides of every stage; None for everyone else."""
    r = access.role(user)
    return r if r in (ADMIN, ENTITY) else None


def bureau_of(user):
    """The bureau a user works under: its own organisation (the bureau) or its department's bureau."""
    org = access.profile_of(user).organisation
    return org if org.kind == BUREAU else org.bureau


@dataclass(frozen=True)
class Scope:
    model: type[Model]  # with bureau and department foreign keys
    record: str  # 申报表, 运行监控表, 整改事项: what a 404 says does not exist
    stage: str  # 目标申报 …: what a 404 says the user may not enter
    entity: str  # the department's side, as a 403 names it
    related: tuple[str, ...] = ("department",)

    def rows(self, user) -> QuerySet:
        p = access.profile_of(user)
        if p is not None and p.role == ADMIN:
            return self.model.objects.filter(bureau_id=p.organisation_id)
        if p is not None and p.role == ENTITY:
            return self.model.objects.filter(department_id=p.organisation_id)
        return self.model.objects.none()

    def row_or_404(self, request, pk: int):
        row = self.rows(request.user).select_related(*self.related).filter(pk=pk).first()
        if row is None:
            access.audit(request, "denied", f"{request.method} {request.path}")
            raise Http404(f"{self.record}不存在或无权访问")
        return row

    def role_or_404(self, request) -> str:
        role = stage_role(request.user)
        if role is None:
            access.audit(request, "denied", f"{request.method} {request.path}")
            raise Http404(f"无权访问{self.stage}")
        return role

    def require(self, request, role: str, what: str) -> None:
        """403 for the side that may see the record but not do this to it (the 403 page audits it)."""
        if access.role(request.user) != role:
            raise PermissionDenied(f"{what}只能由{'财政局管理员' if role == ADMIN else self.entity}办理。")
