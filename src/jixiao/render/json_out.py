"""JSON rendering of a scorecard: every leaf's score, rate, arithmetic and reason; decimals as strings."""

from __future__ import annotations

from typing import Any

from ..analysis import headline_of
from ..model.evaluation import Evaluation
from ..scoring import Scorecard, ScoredNode
from ..metrics.base import score_rate
from ..selfeval import SelfScorecard
from .figures import decimal_json as d


def _node(n: ScoredNode) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": n.code,
        "name": n.name,
        "weight": d(n.weight),
        "score": d(n.score),
        "score_rate": d(n.rate),
        "scored": n.score is not None,
    }
    if n.is_leaf:
        ind = n.indicator
        out.update(
            benchmark=str(ind.benchmark) if ind.benchmark else None,
            actual=None if n.actual is None else str(n.actual),
            actual_value=d(getattr(n.actual, "value", None)),
            actual_arithmetic=n.actual_arithmetic or None,
            reported=None if ind.reported is None else str(ind.reported),
            rule=ind.rule.type if ind.rule else None,
            arithmetic=n.arithmetic,
            deduction_reason=n.reason,
        )
    else:
        out.update(provisional=n.provisional, children=[_node(c) for c in n.children])
    return out


def _headline(head) -> dict[str, Any]:
    """The weight that was scored, and the headline as every door shows it."""
    return {"scored_weight": d(head.scored_weight), "headline": head.text}


def scorecard_json(ev: Evaluation, sc: Scorecard | None, ss: SelfScorecard | None) -> dict[str, Any]:
    out: dict[str, Any] = {"title": ev.title, "kind": ev.kind, "year": ev.year, "file": ev.file}
    if sc is not None and sc.roots:
        out["scorecard"] = {
            "weight": d(sc.weight),
            "total": d(sc.total),
            "score_rate": d(sc.rate),
            "grade": sc.grade,
            "provisional": sc.provisional,
            **_headline(headline_of(sc, None)),
            "indicators": [_node(r) for r in sc.roots],
        }
    if ss is not None:
        funds = None
        if ss.funds is not None:
            f = ss.funds
            funds = {
                "weight": d(f.weight),
                "execution_rate": d(f.metric.value),
                "filled": d(f.filled),
                "score": d(f.score),
                "arithmetic": f.arithmetic,
            }
        out["self_evaluation"] = {
            "funds": funds,
            "indicators": [
                {
                    "name": r.indicator.name,
                    "target": str(r.indicator.target) if r.indicator.target else None,
                    "actual": None if r.indicator.actual is None else str(r.indicator.actual),
                    "weight": d(r.indicator.weight),
                    "filled": d(r.filled),
                    "score": d(r.score),
                    "score_rate": d(score_rate(r.score, r.indicator.weight)),
                    "arithmetic": r.arithmetic,
                    "deduction_reason": r.reason,
                }
                for r in ss.rows
            ],
            "filled_total": d(ss.filled_total),
            "filled_sum": d(ss.filled_given[0]),  # of the scores filled in
            "filled_blank": ss.filled_given[2],  # scores left blank
            "total": d(ss.total),
            "grade": ss.grade,
            "provisional": ss.provisional,
            **_headline(headline_of(None, ss)),
        }
    return out
