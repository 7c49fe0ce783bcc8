"""Who may see and do what in a 自评 round.

The bureau's 财政局管理员 opens rounds, takes in forms, returns and confirms them; a
department's 填报人 sees a round it is in scope of and only its own forms, and uploads
into it while it is open. A round or form out of reach is answered as one that does not
exist (404), and the attempt goes to the audit log, as for evaluations (access.py)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .access import audit, bureau_of_organisation
from .models import ADMIN, ENTITY, Round, RoundForm
from .profiles import profile_of


def visible_rounds(user) -> QuerySet[Round]:
    p = profile_of(user)
    if p is None:
        return Round.objects.none()
    if p.role == ADMIN:
        return Round.objects.filter(bureau_id=bureau_of_organisation(p.organisation))
    if p.role == ENTITY:
        return Round.objects.filter(departments=p.organisation_id)
    return Round.objects.none()


def round_or_404(request, pk: int, what: str = "") -> Round:
    r = visible_rounds(request.user).filter(pk=pk).first()
    if r is None:
        audit(request, "denied", f"{request.method} {request.path} 自评轮次 {pk} {what}".strip())
        raise Http404("自评轮次不存在或无权访问")
    return r


def can_manage(user, r: Round | None = None) -> bool:
    """The bureau's administrator (of this round's bureau)."""
    p = profile_of(user)
    if p is None or p.role != ADMIN:
        return False
    return r is None or r.bureau_id == bureau_of_organisation(p.organisation)


def own_department(user, r: Round) -> int | None:
    """The department a 填报人 submits for in this round, if it is in scope."""
    p = profile_of(user)
    if p is None or p.role != ENTITY or not r.departments.filter(pk=p.organisation_id).exists():
        return None
    return p.organisation_id


def past_deadline(r: Round, when=None) -> bool:
    """After the round's deadline (the whole day of the deadline is within it, in local time)."""
    from django.utils import timezone

    if r.deadline is None:
        return False
    day = timezone.localdate(when) if when is not None else timezone.localdate()
    return day > r.deadline


def submit_refusal(user, r: Round) -> str | None:
    """Why the user may not submit a form to the round now (Chinese), or None. After the deadline a
    department may not; the bureau still takes in a late form, which the round marks 逾期."""
    if not r.is_open:
        return "本轮自评已结束，不能再提交自评表。"
    if can_manage(user, r):
        return None
    if own_department(user, r) is None:
        return "您的角色不能向本轮提交自评表。"
    if past_deadline(r):
        return (f"本轮自评已于 {r.deadline:%Y-%m-%d} 截止，不能再提交自评表；"
                "如需补交，请联系财政局，由财政局代为接收（将标记为逾期）。")
    return None


def can_submit(user, r: Round) -> bool:
    return submit_refusal(user, r) is None


def _plain(name: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", name or "").split())


def in_scope(r: Round, project: str) -> bool:
    """The form's project is one of the round's projects in scope (full-width or spaced alike);
    a round that names none takes every project."""
    if not r.projects:
        return True
    return _plain(project) in {_plain(p) for p in r.projects}


def forms_of(user, r: Round) -> QuerySet[RoundForm]:
    """The round's forms the user may see: all for the bureau, its own for a department."""
    qs = RoundForm.objects.filter(round=r)
    if can_manage(user, r):
        return qs
    dept = own_department(user, r)
    return qs.filter(department_id=dept) if dept is not None else qs.none()


def form_or_404(request, r: Round, pk: int) -> RoundForm:
    form = forms_of(request.user, r).filter(pk=pk).select_related("file").first()
    if form is None:
        audit(request, "denied", f"{request.method} {request.path} 自评表 {pk}")
        raise Http404("自评表不存在或无权访问")
    return form
