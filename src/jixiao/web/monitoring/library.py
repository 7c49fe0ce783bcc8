"""The 指标库's records from 运行监控: every indicator of a bureau's monitoring forms, with its
annual target and what was achieved by the end of the 监控期 (a 1—N月 figure, not the year's)."""

from __future__ import annotations

from typing import Iterator

from ...model.quantity import Quantity
from ...sources import open_text
from .models import Report

SIGNS = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜", "=": "=", "within": "±"}


def indicator_records(bureau) -> Iterator[dict]:
    """One mapping per indicator of each stored form of the bureau: department, year, stage
    "monitoring", name, unit, direction, target (text as written), actual (the 1—N月 figure, or None)."""
    for report in Report.objects.filter(bureau=bureau).select_related("department").order_by("year", "months", "id"):
        loaded = open_text(report.text, f"运行监控表{report.pk}.yaml")
        m = loaded.evaluation.monitoring if loaded.evaluation is not None else None
        if m is None:
            continue
        for ind in m.indicators:
            t = ind.target
            q = t.quantity if t is not None else None
            actual = ind.progress if isinstance(ind.progress, Quantity) else None
            yield {"department": report.department.name, "year": report.year, "stage": "monitoring", "name": ind.name,
                   "unit": (q or actual).unit if (q or actual) is not None else "",
                   "direction": SIGNS.get(t.op, "") if q is not None else "",
                   "target": t.text() if t is not None else None,
                   "actual": actual.text() if actual is not None else None,
                   "where": f"{report}（{report.period}）"}
