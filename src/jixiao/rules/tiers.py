"""tiers — 定性分档: a qualitative result places the score in a tier of the weight.

The national self-evaluation form states: 达成预期指标 得该指标分值的100%–80%，部分达成预期
指标 80%–60%，未达成预期指标 60%–0%. The evaluator gives the score; the rule
checks that it lies in the tier of the stated level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..parse.quantity import normalize
from ..parse.tree import Reader
from ..model.quantity import TIER_ACHIEVED, TIER_MISSED, TIER_PARTLY
from ..numbers import HUNDRED, fmt
from ..problems import error
from .base import RuleInput, RuleResult, clamp, not_scored, pts
from .params import Param

TYPE = "tiers"
LABEL = "定性分档"

SCORE = Param("score", "评价人给分", "decimal", "8",
              help="须在完成情况所对应的分档区间内；不填则用指标的“评价人给分”")
SPLITS = Param("splits", "分档界限", "text", "80%、50%",
               help="达成与部分达成、部分达成与未达成之间的界限（分值的百分比）；不填为80%、60%，"
                    "即100%–80%、80%–60%、60%–0%")
PARAMS = (SCORE, SPLITS)

# level → (lowest, highest) share of the weight, in percent
DEFAULT_TIERS: tuple[tuple[str, Decimal, Decimal], ...] = (
    (TIER_ACHIEVED, Decimal(80), Decimal(100)),
    (TIER_PARTLY, Decimal(60), Decimal(80)),
    (TIER_MISSED, Decimal(0), Decimal(60)),
)


@dataclass(frozen=True)
class Params:
    score: Decimal | None = None
    tiers: tuple[tuple[str, Decimal, Decimal], ...] = DEFAULT_TIERS


def read(r: Reader) -> Params:
    score = SCORE.read(r)
    text = SPLITS.read(r)
    if text is None:
        return Params(score)
    tiers = tiers_from(text)
    if tiers is None:
        r._fail(r.child("splits"), "number", f"{SPLITS.title}“{text}”应为两个百分比，由高到低，如 80%、50%",  # type: ignore[arg-type]
                value=text)
        return Params(score)
    return Params(score, tiers)


def tiers_from(text: str) -> tuple[tuple[str, Decimal, Decimal], ...] | None:
    """“80%、50%” (or “100–80–50–0”, as the forms print the tiers) → the three tiers; None if it is neither."""
    numbers = [Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", normalize(str(text)))]
    inner = [n for n in numbers if 0 < n < HUNDRED]
    if len(inner) != 2 or len(numbers) - len(inner) > 2 or not inner[0] > inner[1]:
        return None
    high, low = inner
    return ((TIER_ACHIEVED, high, HUNDRED), (TIER_PARTLY, low, high), (TIER_MISSED, Decimal(0), low))


def full_marks(p: Params) -> Decimal | None:
    return None


def tier_of(level: str, tiers: tuple[tuple[str, Decimal, Decimal], ...] = DEFAULT_TIERS):
    """The tier a stated level falls in; 达成 also matches 全部达成, 已达成 …"""
    text = level.strip()
    for name, low, high in tiers:
        if text == name:
            return name, low, high
    for name, low, high in sorted(tiers, key=lambda t: -len(t[0])):
        core = name.replace("预期指标", "")
        if core in text:
            return name, low, high
    return None


def bounds(weight: Decimal, low: Decimal, high: Decimal) -> tuple[Decimal, Decimal]:
    """The lowest and highest score of a tier: its shares of the weight."""
    return weight * low / HUNDRED, weight * high / HUNDRED


def score(p: Params, x: RuleInput) -> RuleResult:
    given = p.score if p.score is not None else x.given_score
    if x.actual is None:
        return not_scored(x, "缺少完成情况（达成预期指标 / 部分达成预期指标 / 未达成预期指标）")
    tier = tier_of(str(x.actual), p.tiers)
    if tier is None:
        names = "、".join(name for name, _, _ in p.tiers)
        return not_scored(x, f"完成情况“{x.actual}”不是{names}之一")
    name, low, high = tier
    lowest, highest = bounds(x.weight, low, high)
    if given is None:
        return not_scored(x, f"定性指标须由评价人在{pts(lowest)}–{pts(highest)}分之间给分")
    arithmetic = f"“{name}”得分区间为分值的{fmt(low, 0)}%–{fmt(high, 0)}%，即{pts(lowest)}–{pts(highest)}分；给分{pts(given)}分"
    problems = ()
    if not (lowest <= given <= highest):
        arithmetic += "，不在区间内"
        problems = (
            error(
                "score.tier_range",
                f"{x.code or x.name}：完成情况为“{name}”，得分应在{pts(lowest)}–{pts(highest)}分之间，实际给分{pts(given)}分",
                x.where,
                given=given,
                lowest=lowest,
                highest=highest,
            ),
        )
    given = clamp(given, x.weight)
    reason = "" if given >= x.weight else f"{name}"
    return RuleResult(given, arithmetic, reason, problems)
