"""How scores, weights and rates are shown: every renderer formats through here."""

from __future__ import annotations

from decimal import Decimal

from ..numbers import fmt, fmt_plain

NOT_SCORED = "未评分"
NOT_FILLED = "未填写"


def score_text(value: Decimal | None) -> str:
    return NOT_SCORED if value is None else fmt(value)


def filled_text(value: Decimal | None) -> str:
    """A score as the form was filled in: blank is 未填写, not 未评分."""
    return NOT_FILLED if value is None else fmt(value)


def weight_text(value: Decimal | None) -> str:
    return "" if value is None else fmt_plain(value, thousands=False)


def rate_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{fmt(value)}%"


def decimal_json(value: Decimal | None) -> str | None:
    """Decimals travel as strings in JSON, exact."""
    return None if value is None else format(value, "f")
