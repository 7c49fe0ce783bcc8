"""either — 二者择其一: two figures may score one indicator; the better counts, or the one that has data.

评分标准 as the forms state it, e.g. “结转结余率或结转结余变动率（二者择其一）：结转结余率≤…，或结转
结余变动率≤0，得满分”. The leaf's own actual and 标杆值 are the first figure; the parameters give the
second (its name, its completion value and its target). Each is scored by the national form's rule
(met: full marks; missed: 完成值 / 指标值, or 指标值 / 完成值 for a ≤ target), and the higher score counts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from ..model.quantity import Target, computed
from ..parse.tree import Reader
from .base import RuleInput, RuleResult, not_scored, pts
from .coefficient import national
from .params import Param

TYPE = "either"
LABEL = "二者择其一"

OTHER_NAME = Param("other_name", "另一指标名称", "text", "结转结余变动率", help="可代替本指标计分的另一指标")
OTHER_ACTUAL = Param("other_actual", "另一指标完成值", "percent", "-5%", help="另一指标的完成值（百分比）；没有数据时不填")
OTHER_TARGET = Param("other_target", "另一指标目标值", "target", "≤0", help="另一指标的目标值，如 ≤0")
PARAMS = (OTHER_NAME, OTHER_ACTUAL, OTHER_TARGET)


@dataclass(frozen=True)
class Params:
    other_name: str | None = None
    other_actual: Decimal | None = None  # percent
    other_target: Target | None = None


def read(r: Reader) -> Params:
    return Params(OTHER_NAME.read(r), OTHER_ACTUAL.read(r), OTHER_TARGET.read(r))


def full_marks(p: Params) -> Decimal | None:
    return None


def score(p: Params, x: RuleInput) -> RuleResult:
    other = p.other_name or "另一指标"
    first = national(x) if x.actual is not None else None
    second = None
    if p.other_actual is not None and p.other_target is not None:
        second = national(replace(x, name=other, actual=computed(p.other_actual, "%"), benchmark=p.other_target))
    scored = [(name, r) for name, r in ((x.name, first), (other, second)) if r is not None and r.score is not None]
    if not scored:
        why = "两项均缺少完成值或目标值" if first is None or second is None else "两项均无法评分"
        return not_scored(x, f"{x.name}与{other}二者择其一：{why}")
    name, best = max(scored, key=lambda item: item[1].score)  # type: ignore[arg-type, return-value]
    if len(scored) == 2:
        (n1, r1), (n2, r2) = scored
        how = f"{n1}：{r1.arithmetic}；{n2}：{r2.arithmetic}；二者择其一，取较高的{name}，得{pts(best.score)}分"  # type: ignore[arg-type]
    else:
        how = f"{name}：{best.arithmetic}；{other if name == x.name else x.name}没有数据，按{name}计分"
    return RuleResult(best.score, how, best.reason, best.problems)
