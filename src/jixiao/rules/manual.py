"""manual — 评价人评分: a score given by the evaluator, with a mandatory reason.

Used where the 评分标准 leaves the points to professional judgement; the
reason is printed as the 扣分原因 (or, at full marks, as the basis of the score).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..parse.tree import Reader
from .base import RuleInput, RuleResult, not_scored, pts
from .params import Param

TYPE = "manual"
LABEL = "评价人评分"

SCORE = Param("score", "评价人给分", "decimal", "3", help="0至权重之间；不填则用指标的“评价人给分”")
REASON = Param("reason", "评分理由", "text", "制度执行记录不完整", help="必须写明；不填则用指标的“扣分原因”")
PARAMS = (SCORE, REASON)


@dataclass(frozen=True)
class Params:
    score: Decimal | None = None
    reason: str | None = None


def read(r: Reader) -> Params:
    return Params(SCORE.read(r), REASON.read(r))


def full_marks(p: Params) -> Decimal | None:
    return None


def score(p: Params, x: RuleInput) -> RuleResult:
    given = p.score if p.score is not None else x.given_score
    reason = p.reason or x.given_reason
    if given is None:
        return not_scored(x, "评价人评分须填写得分（score）")
    if not reason:
        return not_scored(x, "评价人评分须填写评分理由（reason）")
    if given < 0 or given > x.weight:
        return not_scored(x, f"评价人给分{pts(given)}不在0至权重{pts(x.weight)}分之间")
    return RuleResult(given, f"评价人评分{pts(given)}分：{reason}", reason if given < x.weight else "")
