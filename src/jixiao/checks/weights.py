"""Weights (权重): leaves add up to their parents and to 100; each rule's and each 评分标准's
full marks equal the weight; indicator codes are unique and nested."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from ..model.indicators import Indicator, walk_all
from ..numbers import ZERO, fmt_plain
from ..problems import Problem, error, warning
from ..rules import RULES
from .base import Context, Family, check

FAMILY = Family(
    "weights", "权重",
    {
        "weights.sum": "下级指标权重之和不等于上级指标权重",
        "weights.total": "指标权重合计不是100分",
        "weights.rule_full_marks": "评分规则的满分与指标权重不符",
        "weights.standard_full_marks": "评分标准写明的满分与指标权重不符",
        "weights.codes": "指标编码重复",
        "weights.code_nesting": "下级指标编码不以上级编码开头",
        "weights.deduction_exceeds": "评分标准列出的扣分项 × 每项扣分超过分值，后面的扣分项已无分可扣",
        "weights.standard_quantity": "评分标准计分所按的指标与指标名称不是同一个量",
        "weights.note_mismatch": "一级指标标签中的分值与表注规定的分值不符（由读表时核对）",
        "weights.level_without_leaves": "二级指标标签写有分值，下面却没有带分值的三级指标（由读表时核对）",
    },
)

TOTAL = Decimal(100)
_GAINS = re.compile(r"得\s*(\d+(?:\.\d+)?)\s*分")
_NUMBERED = re.compile(r"(?:^|[\s；;。，,])\d+\s*[.．、]\s*\D")


def _w(value: Decimal) -> str:
    return fmt_plain(value, thousands=False)


def _leaf_sum(ind: Indicator) -> Decimal:
    return sum((leaf.weight or ZERO for leaf in ind.leaves()), ZERO)


@check
def weights_sum(ctx: Context) -> Iterator[Problem]:
    """Leaves sum to each parent's declared weight, and the whole to 100."""
    roots = ctx.ev.indicators
    if not roots:
        return
    for _, node in walk_all(roots):
        if node.children and node.weight is not None:
            total = _leaf_sum(node)
            if total != node.weight:
                yield error(
                    "weights.sum",
                    f"{node.code} {node.name}的权重为{_w(node.weight)}分，但其下级指标权重合计为{_w(total)}分",
                    node.where.with_(indicator=node.code),
                    declared=node.weight,
                    children_total=total,
                    hint="调整下级指标权重，或修改上级指标的权重，使两者相等",
                )
    whole = sum((_leaf_sum(r) for r in roots), ZERO)
    if whole != TOTAL:
        yield error(
            "weights.total",
            f"全部末级指标权重合计为{_w(whole)}分，应为100分",
            roots[0].where.with_(path="indicators", indicator=None),
            total=whole,
            hint="调整各末级指标权重，使合计为100分",
        )


def standard_full_marks(text: str) -> Decimal | None:
    """The full marks a 评分标准 names: the sum of a numbered list's 得N分, else the largest 得N分.

    None where the text names none, or says 得满分 (full marks are then the weight by definition).
    """
    gains = [Decimal(g) for g in _GAINS.findall(text)]
    if not gains or "满分" in text or max(gains) == 0:
        return None
    if len(_NUMBERED.findall(text)) >= 2 and len(gains) >= 2:
        return sum(gains, ZERO)
    return max(gains)


@check
def weights_full_marks(ctx: Context) -> Iterator[Problem]:
    """A rule's own maximum and the 评分标准's stated full marks equal the leaf's weight."""
    for _, leaf in walk_all(ctx.ev.indicators):
        if leaf.children or leaf.weight is None:
            continue
        where = leaf.where.with_(indicator=leaf.code)
        if leaf.rule is not None:
            own = RULES[leaf.rule.type].full_marks(leaf.rule.params)
            if own is not None and own != leaf.weight:
                label = RULES[leaf.rule.type].LABEL
                yield error(
                    "weights.rule_full_marks",
                    f"{leaf.code} {leaf.name}：评分规则（{label}）满分为{_w(own)}分，与权重{_w(leaf.weight)}分不一致",
                    leaf.rule.where.with_(indicator=leaf.code),
                    rule_full_marks=own,
                    weight=leaf.weight,
                    hint="调整评分规则中各要点（等级）的分值，使满分等于权重",
                )
        if leaf.standard:
            stated = standard_full_marks(leaf.standard)
            if stated is not None and stated != leaf.weight:
                yield error(
                    "weights.standard_full_marks",
                    f"{leaf.code} {leaf.name}：评分标准写明满分{_w(stated)}分，与权重{_w(leaf.weight)}分不一致，"
                    "请修改评分标准或权重",
                    where,
                    standard_full_marks=stated,
                    weight=leaf.weight,
                    hint="修改评分标准中的满分，或修改权重，使两者一致",
                )


@check
def codes(ctx: Context) -> Iterator[Problem]:
    """Indicator codes are unique, and a child's code extends its parent's (B1 → B11)."""
    seen: dict[str, Indicator] = {}
    for _, node in walk_all(ctx.ev.indicators):
        if node.code in seen:
            first = seen[node.code]
            yield error(
                "weights.codes",
                f"指标编码“{node.code}”重复：{first.name}（第{first.where.line}行）与{node.name}",
                node.where.with_(indicator=node.code),
                code=node.code,
                hint="为每个指标使用唯一的编码",
            )
        seen.setdefault(node.code, node)
        for child in node.children:
            if not child.code.startswith(node.code):
                yield warning(
                    "weights.code_nesting",
                    f"指标编码“{child.code}”（{child.name}）不以上级指标编码“{node.code}”（{node.name}）开头，"
                    "报告中的编号会与层级不符",
                    child.where.with_(indicator=child.code),
                    code=child.code,
                    parent=node.code,
                    hint="按层级编码，如 B1 下为 B11、B12",
                )


_ITEMS = re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]|(?:^|\n)\s*[(（]?\d+[)）.．、]")
_PER_ITEM = re.compile(r"(?:每|一)(?:出现)?[一]?[例项个处条次](?:[^扣。；;]{0,12})?扣\s*(\d+(?:\.\d+)?)\s*分")
_RATE_TERM = re.compile(r"[\u4e00-\u9fa5]{2,10}率")
_QUOTES = re.compile(r"[“”\"'‘’\s]")


def _standards(ctx: Context) -> Iterator[tuple[str, Decimal, str, object]]:
    """(name, weight, 评分标准, where) of every leaf and 自评表 row that prints a 评分标准."""
    for _, leaf in walk_all(ctx.ev.indicators):
        if leaf.is_leaf and leaf.standard and leaf.weight is not None:
            yield leaf.name, leaf.weight, leaf.standard, leaf.where.with_(indicator=leaf.code)
    form = ctx.ev.self_evaluation
    for ind in form.indicators if form is not None else ():
        if ind.standard:
            yield ind.name, ind.weight, ind.standard, ind.place


@check
def deduction_items(ctx: Context) -> Iterator[Problem]:
    """“①…⑤… 以上每出现一例不符合要求的扣1分” under 3 points: the 4th and 5th cannot be deducted."""
    for name, weight, standard, where in _standards(ctx):
        per = _PER_ITEM.search(standard)
        count = len(_ITEMS.findall(standard))
        if per is None or count < 2:
            continue
        each = Decimal(per.group(1))
        if count * each > weight:
            yield warning(
                "weights.deduction_exceeds",
                f"{name}：评分标准列了{count}项要求、每项不符合扣{_w(each)}分，可扣{_w(count * each)}分，"
                f"而分值只有{_w(weight)}分",
                where, items=count, per_item=each, weight=weight,  # type: ignore[arg-type]
                hint="调整每项扣分或分值，使各项扣分之和不超过分值",
            )


@check
def standard_quantity(ctx: Context) -> Iterator[Problem]:
    """A 评分标准 scoring another 率 than its indicator's (在职人员控制率 for 财政供养人员控制率)."""
    for name, _, standard, where in _standards(ctx):
        own = _QUOTES.sub("", name)
        term = next(iter(_RATE_TERM.findall(_QUOTES.sub("", standard))), None)
        if not own.endswith("率") or term is None or term in own or own in term:
            continue
        if term[-3:] == own[-3:]:  # the same kind of rate (…控制率) of another quantity
            yield warning(
                "weights.standard_quantity",
                f"{name}：评分标准按“{term}”计分，与指标“{own}”不是同一个量（口径不同）",
                where, hint="评分标准应按本指标的口径计分，或更正指标名称",  # type: ignore[arg-type]
            )
