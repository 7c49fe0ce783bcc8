"""brackets — 分段计分: the points of the first bracket the actual value reaches.

评分标准 as the forms state it, e.g. 重点支出安排率: “≥90%，计5分；80%（含）-90%，计4分；70%（含）-80%，
计3分；60%（含）-70%，计2分；低于60%不得分。” written as ≥90%=5；≥80%=4；≥70%=3；≥60%=2；<60%=0, or
预算调整率 “=0 计3分；0-10%（含）计2分 …” as =0%=3；≤10%=2；≤20%=1；≤30%=0.5；>30%=0. The brackets are
tried in the order written. Not `levels` (which matches a level's words) nor `band` (a deduction per
point outside ±limit): each bracket is a target with its points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..model.quantity import Target
from ..parse.quantity import ParseError, parse_target
from ..parse.tree import Reader
from .base import RuleInput, RuleResult, clamp, mapping, need_quantity, not_scored, pts, units_clash
from .params import Param

TYPE = "brackets"
LABEL = "分段计分"

BRACKETS = Param("brackets", "分段及得分", "levels", "≥90%=5；≥80%=4；≥70%=3；≥60%=2；<60%=0", required=True,
                 help="每段写成 区间=得分（如 ≥90%=5），以“；”分隔，按所写顺序取完成值达到的第一段")
PARAMS = (BRACKETS,)


@dataclass(frozen=True)
class Params:
    brackets: tuple[tuple[Target, Decimal], ...]


def read(r: Reader) -> Params:
    brackets = []
    node, keys = mapping(r, BRACKETS, "{≥90%: 5, ≥80%: 4, <80%: 0}") or (r, [])
    for key in keys:
        points = node.decimal(key, f"分段“{key}”的得分")
        try:
            target = parse_target(str(key))
        except ParseError as e:
            node._fail(node.child(key), "target", f"{BRACKETS.label}中的“{key}”不是区间（如 ≥90%）：{e}", value=key)  # type: ignore[arg-type]
            continue
        if target.quantity is None:
            node._fail(node.child(key), "target", f"{BRACKETS.label}中的“{key}”应为数值区间，如 ≥90%、<60%", value=key)  # type: ignore[arg-type]
        elif points is not None:
            brackets.append((target, points))
    return Params(tuple(brackets))


def full_marks(p: Params) -> Decimal | None:
    return max((points for _, points in p.brackets), default=None)


def score(p: Params, x: RuleInput) -> RuleResult:
    actual = need_quantity(x)
    if isinstance(actual, RuleResult):
        return actual
    for target, points in p.brackets:
        assert target.quantity is not None
        clash = units_clash(x, actual, target.quantity, "与分段")
        if clash:
            return clash
        if target.is_met_by(actual.value):
            got = clamp(points, x.weight)
            reason = "" if got >= x.weight else f"{actual.base_text()}在“{target}”一段，得{pts(got)}分"
            return RuleResult(got, f"{actual.base_text()}，在“{target}”一段，得{pts(got)}分", reason)
    shown = "、".join(str(t) for t, _ in p.brackets)
    return not_scored(x, f"完成值{actual.base_text()}不在评分标准的任何一段（{shown}）")


_SEGMENTS = re.compile(r"[;；\n。]+")
_POINTS_AT = re.compile(r"[,，:：\s]*(?:计|得)\s*(\d+(?:\.\d+)?)\s*分\s*$|[,，:：\s]*不得分\s*$")
_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*%?\s*(\(含\))?\s*[-—–~至到]\s*(\d+(?:\.\d+)?)\s*%?\s*(\(含\))?$")
_BOUND = re.compile(r"(≥|≤|>|<|=|大于等于|小于等于|大于|小于|高于|低于|不低于|不高于|等于)?\s*(\d+(?:\.\d+)?)\s*(%?)\s*(以上|以下)?$")
_WORDS = {"大于等于": "≥", "不低于": "≥", "小于等于": "≤", "不高于": "≤", "大于": ">", "高于": ">", "小于": "<",
          "低于": "<", "等于": "=", "以上": "≥", "以下": "≤"}


def from_standard(text: str) -> dict[str, Decimal] | None:
    """A 评价标准 written as bands — “预算控制率=0,计8分; 0-10%(含),计6分; 10-20%(含),计4分; 大于30%不得分”
    — as brackets in the order written ({"=0%": 8, "≤10%": 6, "≤20%": 4, ">30%": 0}); None where a
    segment is no band with its points (a deduction per point, a list of requirements): not guessed.
    A range "a-b" keeps the bound it includes ((含)), else the one away from the bands before it."""
    text = str(text).replace("（", "(").replace("）", ")").replace("＞", ">").replace("＜", "<").replace("＝", "=")
    out: dict[str, Decimal] = {}
    previous: Decimal | None = None
    for segment in (s.strip() for s in _SEGMENTS.split(text) if s.strip()):
        points = _POINTS_AT.search(segment)
        if points is None:
            return None
        body = re.sub(r"^[^\d≥≤<>=大小高低不等]*?(?=[\d≥≤<>=]|大于|小于|高于|低于|不低于|不高于|等于)", "", segment[:points.start()]).strip()
        band = _band(body, previous)
        if band is None:
            return None
        out[band[0]], previous = Decimal(points.group(1) or 0), band[1]
    return out if len(out) >= 2 else None


def _band(body: str, previous: Decimal | None) -> tuple[str, Decimal] | None:
    """One band as a bracket key and the figure it ends at."""
    span = _RANGE.fullmatch(body)
    if span:
        low, high = Decimal(span.group(1)), Decimal(span.group(3))
        rising = previous is None or previous <= low
        upper = bool(span.group(4)) or (rising and not span.group(2))
        return (f"≤{span.group(3)}%", high) if upper else (f"≥{span.group(1)}%", low)
    bound = _BOUND.fullmatch(body)
    if bound is None:
        return None
    sign = _WORDS.get(bound.group(1) or "", bound.group(1)) or _WORDS.get(bound.group(4) or "", "=")
    return f"{sign}{bound.group(2)}%", Decimal(bound.group(2))
