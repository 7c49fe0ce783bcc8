"""Who sees which declaration (web/stage_access.py): the bureau all of its own, a department only its own."""

from __future__ import annotations

from ..stage_access import Scope, bureau_of, stage_role  # noqa: F401  (the stage's callers use them from here)
from .models import Declaration

SCOPE = Scope(Declaration, "申报表", "目标申报", "申报单位", related=("department", "bureau"))
declarations_of = SCOPE.rows
declaration_or_404 = SCOPE.row_or_404
role_or_404 = SCOPE.role_or_404
require = SCOPE.require
