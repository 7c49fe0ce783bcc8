"""Who sees which monitoring form (web/stage_access.py): the bureau all of its own, a department only its own."""

from __future__ import annotations

from ..stage_access import Scope, bureau_of  # noqa: F401  (the stage's callers use it from here)
from .models import Report

SCOPE = Scope(Report, "运行监控表", "运行监控", "部门（单位）填报人")
reports_of = SCOPE.rows
report_or_404 = SCOPE.row_or_404
role_or_404 = SCOPE.role_or_404
require = SCOPE.require
