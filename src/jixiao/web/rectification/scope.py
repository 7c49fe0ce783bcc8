"""Who sees which 整改事项 (web/stage_access.py): the bureau all of its own, a department only its own;
and which evaluation's items."""

from __future__ import annotations

from django.http import Http404

from .. import access
from ..stage_access import Scope, stage_role
from .models import Item


SCOPE = Scope(Item, "整改事项", "整改", "被评价单位", related=("evaluation", "department"))
items_of = SCOPE.rows
item_or_404 = SCOPE.row_or_404
require = SCOPE.require


def evaluation_items_or_404(request, ev_pk: int):
    """An evaluation whose 整改事项 the user may see (the bureau's own, the department's own)."""
    ev = access.evaluation_or_404(request, ev_pk, "整改")
    if stage_role(request.user) is None or not access.is_party(request.user, ev):
        access.audit(request, "denied", f"{request.method} {request.path} 整改", evaluation_id=ev_pk)
        raise Http404("评价不存在或无权访问")
    return ev
