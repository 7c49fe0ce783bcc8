"""目标申报 where the rest of the workspace shows it: the 待办 of the department (declarations to
fill in, returned ones, next year's while none is begun) and of the bureau (declarations to review);
on the evaluation page, the department's declarations of the evaluation's year, the targets it is
evaluated against."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from .. import access
from ..models import ADMIN, ENTITY
from .models import DRAFT, RETURNED, SUBMITTED, Declaration, next_year
from .scope import declarations_of

LOW = ("declaration.target_low", "declaration.peer_low")  # 目标设定偏低, against history or peers


def todo_items(user, role: str) -> list[dict]:
    p = access.profile_of(user)
    if p is None:
        return []
    if role == ENTITY:
        rows = Declaration.objects.filter(department_id=p.organisation_id, status__in=(DRAFT, RETURNED))
        items = [{"what": (f"绩效目标申报表已退回：{r}" + (f"；退回说明：{r.note[:60]}" if r.note else "")) if r.status == RETURNED
                  else f"绩效目标申报表待提交：{r}", "place": f"{r.year}年度目标申报", "link": reverse("declarations:page", args=[r.pk])}
                 for r in rows]
        return items + _to_declare(p.organisation_id)
    if role == ADMIN:
        rows = Declaration.objects.filter(bureau_id=p.organisation_id, status=SUBMITTED).select_related("department")
        return [{"what": f"绩效目标申报表待审核：{r.department.name}·{r}（错误{r.error_count}个、警告{r.warning_count}个）",
                 "place": f"{r.year}年度目标申报", "link": reverse("declarations:page", args=[r.pk])} for r in rows]
    return []


def _to_declare(department_id: int) -> list[dict]:
    """Next year's targets to declare, while the department has no declaration of that year at all."""
    year = next_year()
    if Declaration.objects.filter(department_id=department_id, year=year).exists():
        return []
    return [{"what": f"{year}年度绩效目标申报表尚未填报：请随{year}年度预算申报绩效目标", "place": f"{year}年度目标申报",
             "link": f"{reverse('declarations:new')}?year={year}"}]


@login_required
def panel(request, pk: int):
    """On the evaluation page: the department's 绩效目标申报表 of the evaluation's year with their
    review, for the bureau and the department (who see declarations); nothing for anyone else."""
    ev = access.evaluation_or_404(request, pk, "目标申报")
    sees = access.is_party(request.user, ev) and ev.department_id is not None and ev.year is not None
    rows = []
    if sees:
        for r in declarations_of(request.user).filter(department_id=ev.department_id, year=ev.year):
            r.low = sum(1 for p in r.problems or [] if p.get("code") in LOW)
            rows.append(r)
    return render(request, "declarations/panel.html", {"ev": ev, "rows": rows,
                                                       "sees": sees and access.role(request.user) in (ADMIN, ENTITY)})
