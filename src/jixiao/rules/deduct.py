"""deduct — 扣分制: the weight less the deductions of the findings, not below 0.

评分标准 as the field states it, e.g. B11: “建立完善的内部控制制度，得4分；制度不完整的
每个扣0.5分，扣完为止；制度缺失不得分。” and B31: “一项不符合扣0.50分，扣完为止。有重大
违规违纪行为的一票否决。”
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..parse.tree import Reader, is_blank
from ..numbers import ZERO
from .base import RuleInput, RuleResult, clamp, final_line, not_scored, pts
from .params import Param

TYPE = "deduct"
LABEL = "扣分制"

PER_ITEM = Param("per_item", "每项扣分", "decimal", "0.5", required=True, help="每个扣分事项扣的分数，扣完为止")
FINDINGS = Param("findings", "扣分事项", "findings", "制度不完整\n采购未按规定公开（扣1分）",
                 help="每行一个扣分事项；某项扣分与“每项扣分”不同时在末尾注明（扣1分）；核查后没有扣分事项填“无”")
VETO = Param("veto", "一票否决", "boolean", "否", help="存在重大违规违纪行为时选“是”，本项得0分")
VETO_REASON = Param("veto_reason", "否决原因", "text", "挪用专项资金", help="一票否决时写明原因")
PARAMS = (PER_ITEM, FINDINGS, VETO, VETO_REASON)


@dataclass(frozen=True)
class DeductionItem:
    """One 扣分事项 of a deduct rule (not a 存在问题 of the 发现与建议: model.evaluation.Finding)."""

    text: str
    points: Decimal | None = None  # overrides per_item for this finding


@dataclass(frozen=True)
class Params:
    per_item: Decimal
    findings: tuple[DeductionItem, ...] | None = ()  # None: not yet assessed (no `findings` key)
    veto: bool = False  # 一票否决
    veto_reason: str | None = None


def read(r: Reader) -> Params:
    per_item = PER_ITEM.read(r)
    findings = []
    assessed = r.has("findings")  # `findings: []` is the assessment "nothing found"
    for node in r.items("findings", FINDINGS.title):
        if is_blank(node):
            continue  # a line left blank is no finding
        if node.is_scalar:
            findings.append(DeductionItem(str(node.value)))
        else:
            sub = r.sub(node)
            text = sub.text("text", "扣分事项", required=True) or ""
            findings.append(DeductionItem(text, sub.decimal("points", "该项扣分")))
            sub.done()
    return Params(
        per_item=per_item if per_item is not None else ZERO,
        findings=tuple(findings) if assessed else None,
        veto=VETO.read(r),
        veto_reason=VETO_REASON.read(r),
    )


def full_marks(p: Params) -> Decimal | None:
    return None  # the weight itself


def score(p: Params, x: RuleInput) -> RuleResult:
    if p.veto:
        why = p.veto_reason or "存在重大违规违纪行为"
        return RuleResult(ZERO, f"{why}，一票否决，得0分", f"{why}，一票否决")
    if p.findings is None:
        return not_scored(x, "尚未评定扣分事项（findings）；核查后没有扣分事项时填写 findings: []")
    if not p.findings:
        return RuleResult(x.weight, f"无扣分事项，得{pts(x.weight)}分")
    amounts = [f.points if f.points is not None else p.per_item for f in p.findings]
    total = sum(amounts, ZERO)
    points = clamp(x.weight - total, x.weight)
    if all(a == p.per_item for a in amounts):
        how = f"扣分事项{len(amounts)}项 × {pts(p.per_item)}分 = {pts(total)}分"
    else:
        how = "扣分 " + " + ".join(pts(a) for a in amounts) + f" = {pts(total)}分"
    floor = "，扣完为止" if total > x.weight else ""
    arithmetic = f"{how}{floor}；{final_line(x.weight, points, x.weight - points)}"
    reason = "；".join(f"{f.text}（扣{pts(a)}分）" for f, a in zip(p.findings, amounts))
    return RuleResult(points, arithmetic, reason)
