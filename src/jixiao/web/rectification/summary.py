"""整改完成率 for other stages (the 结果应用 report): how many of an evaluation's 整改事项 the
bureau has confirmed."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from django.db.models import Count, Q

from .models import CONFIRMED, Item


def completion(evaluations: Iterable) -> dict[int, tuple[int, int]]:
    """evaluation id → (已确认, 整改事项总数), for each evaluation given (an Evaluation or its id);
    an evaluation without 整改事项 is (0, 0), which rate_text() states as such."""
    ids = [getattr(e, "pk", e) for e in evaluations]
    out = {i: (0, 0) for i in ids}
    rows = (Item.objects.filter(evaluation_id__in=ids).values("evaluation_id")
            .annotate(total=Count("id"), confirmed=Count("id", filter=Q(status=CONFIRMED))))
    for row in rows:
        out[row["evaluation_id"]] = (row["confirmed"], row["total"])
    return out


def rate(confirmed: int, total: int) -> Decimal | None:
    """整改完成率 in percent; None where there is nothing to rectify (never 0% or 100%)."""
    if total == 0:
        return None
    return Decimal(confirmed) * 100 / Decimal(total)


def rate_text(confirmed: int, total: int) -> str:
    r = rate(confirmed, total)
    if r is None:
        return "—（无整改事项）"
    return f"{r.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%（{confirmed}/{total}）"
