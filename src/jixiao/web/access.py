"""Who may see and do what: one place, used by every view, download and API call.

An evaluation outside a user's reach is answered exactly like one that does not
exist (404), and the attempt is written to the audit log. The 审计管理员 reads and
verifies the audit log of its own bureau and sees no evaluation; nobody else reads it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from .audit import bureau_of_organisation, client_ip  # noqa: F401  (client_ip: used by other modules)
from .audit import record as audit
from .models import ADMIN, APPROVED, AUDITOR, ENTITY, EVALUATOR, REVIEWER, Evaluation
from .profiles import profile_of
from .rows import RowBy

# Looked up on every request: its SQL is composed once (see rows.py).
_evaluations = RowBy(Evaluation, "pk")

# Sections of the document each role may change (the evaluator: all of them).
ENTITY_SECTIONS = {"entity", "project", "budget", "assets", "targets", "self_evaluation"}


def is_party(user, ev: Evaluation) -> bool:
    """The user's organisation is the one its role works for on this evaluation
    (not merely one it is shared with, which may only read)."""
    p = profile_of(user)
    if p is None:
        return False
    own = {ADMIN: ev.bureau_id, EVALUATOR: ev.firm_id, REVIEWER: ev.firm_id, ENTITY: ev.department_id}.get(p.role)
    return own is not None and own == p.organisation_id


def may_see(user, ev: Evaluation) -> bool:
    """The rule of visible(), for one evaluation already fetched."""
    if is_party(user, ev):
        return True
    p = profile_of(user)
    return p is not None and ev.shared_with.filter(pk=p.organisation_id).exists()


def visible(user) -> QuerySet[Evaluation]:
    p = profile_of(user)
    if p is None:
        return Evaluation.objects.none()
    org = p.organisation
    if p.role == ADMIN:
        q = Q(bureau=org)
    elif p.role in (EVALUATOR, REVIEWER):
        q = Q(firm=org)
    elif p.role == ENTITY:
        q = Q(department=org)
    else:
        return Evaluation.objects.none()
    return Evaluation.objects.filter(q | Q(shared_with=org)).distinct()


def evaluation_or_404(request: HttpRequest, pk: int, what: str = "") -> Evaluation:
    """The evaluation if the user may see it; otherwise 404 and an audit entry."""
    ev = _evaluations.get(pk)
    if ev is None or not may_see(request.user, ev):
        audit(request, "denied", f"{request.method} {request.path} {what}".strip(), evaluation_id=pk)
        raise Http404("评价不存在或无权访问")
    return ev


def role(user) -> str | None:
    p = profile_of(user)
    return p.role if p else None


def role_on(user, ev: Evaluation) -> str | None:
    """The user's role on this evaluation; None where it is only shared with them."""
    return role(user) if is_party(user, ev) else None


def can_edit_section(user, ev: Evaluation, section: str) -> bool:
    if ev.is_final:
        return False
    r = role_on(user, ev)
    if r == EVALUATOR:
        return True
    if r == ENTITY:
        return section in ENTITY_SECTIONS
    return False


def can_edit_any(user, ev: Evaluation) -> bool:
    return not ev.is_final and role_on(user, ev) in (EVALUATOR, ENTITY)


def may_finalise_role(user, ev: Evaluation) -> bool:
    return not ev.is_final and role_on(user, ev) in (EVALUATOR, ADMIN)


def can_finalise(user, ev: Evaluation) -> bool:
    """定稿 is offered only after 质控通过 (the gate in workflow.py)."""
    return may_finalise_role(user, ev) and ev.status == APPROVED


def can_review(user, ev: Evaluation) -> bool:
    return role_on(user, ev) == REVIEWER


def can_assign(user, ev: Evaluation) -> bool:
    return role_on(user, ev) == ADMIN and not ev.is_final


def can_create(user) -> bool:
    return role(user) in (ADMIN, EVALUATOR)


def can_upload_files(user, ev: Evaluation) -> bool:
    return not ev.is_final and role_on(user, ev) in (EVALUATOR, ENTITY)


def audit_bureau(user) -> int | None:
    """The bureau whose audit log this user may read and verify: a 审计管理员's own; None for everyone else."""
    p = profile_of(user)
    if p is None or p.role != AUDITOR:
        return None
    return bureau_of_organisation(p.organisation)
