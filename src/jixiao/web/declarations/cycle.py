"""目标申报 where the rest of the workspace shows it: the 待办 of the department (declarations to
fill in and returned ones) and of the bureau (declarations to review)."""

from __future__ import annotations

from django.urls import reverse

from .. import access
from ..models import ADMIN, ENTITY
from .models import DRAFT, RETURNED, SUBMITTED, Declaration


def todo_items(user, role: str) -> list[dict]:
    p = access.profile_of(user)
    if p is None:
        return []
    if role == ENTITY:
        rows = Declaration.objects.filter(department_id=p.organisation_id, status__in=(DRAFT, RETURNED))
        return [{"what": (f"绩效目标申报表已退回：{r}" + (f"；退回说明：{r.note[:60]}" if r.note else "")) if r.status == RETURNED
                 else f"绩效目标申报表待提交：{r}", "round": _stage(r), "link": reverse("declarations:page", args=[r.pk])} for r in rows]
    if role == ADMIN:
        rows = Declaration.objects.filter(bureau_id=p.organisation_id, status=SUBMITTED).select_related("department")
        return [{"what": f"绩效目标申报表待审核：{r.department.name}·{r}（错误{r.error_count}个、警告{r.warning_count}个）",
                 "round": _stage(r), "link": reverse("declarations:page", args=[r.pk])} for r in rows]
    return []


def _stage(r: Declaration) -> dict:
    """The 待办 table's first column (an evaluation's or a round's name there): the year's 目标申报."""
    return {"name": f"{r.year}年度目标申报"}
