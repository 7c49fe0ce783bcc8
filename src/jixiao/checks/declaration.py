"""Target declarations (绩效目标申报表): the three dimensions are all there, every quantitative
target can be measured, cost targets are ceilings, rates stay within 100%, the funds add up, and
no target is set below what was already achieved last year (目标设定偏低)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from ..model.declaration import Declaration, DeclaredIndicator, Peer, same_indicator
from ..numbers import fmt, fmt_plain
from ..parse.directions import infer, undirected
from ..parse.quantity import normalize
from ..problems import Problem, error, info, warning
from .base import Context, Family, check

FAMILY = Family(
    "declaration", "绩效目标申报",
    {
        "declaration.dimension_missing": "申报表缺少产出、效益或满意度指标，或产出指标缺少数量、质量、时效、成本之一",
        "declaration.not_measurable": "量化指标的指标值缺少比较方向、数值或计量单位，无法考核",
        "declaration.cost_direction": "成本指标的指标值应为“≤”（不超过）",
        "declaration.rate_over_full": "比率类指标值超过 100%",
        "declaration.funds_sum": "资金总额与其来源（财政拨款、其他资金）之和不等",
        "declaration.target_low": "指标值低于上年实际完成值，目标设定偏低",
        "declaration.peer_low": "指标值低于同类部门同一指标的中位数超过设定比例（上限类高于中位数），目标设定偏低",
        "declaration.peer_outside": "指标值在同类部门同一指标的取值范围之外",
    },
)

DIMENSIONS = (("产出", "产出指标"), ("效益", "效益指标"), ("满意", "满意度指标"))
OUTPUT_KINDS = ("数量", "质量", "时效", "成本")
# 二级指标 whose targets are figures by their nature: a level ("明确") there cannot be measured
QUANTITATIVE = ("数量", "成本")
OWNERS = ((r"数量|质量|时效|成本", "产出指标"), (r"满意", "满意度指标"), (r"效益|影响", "效益指标"))


def _declaration(ctx: Context) -> Declaration | None:
    return ctx.ev.declaration


def _level1(ind: DeclaredIndicator) -> str:
    """The 一级指标, or where a form prints none (一级 | 二级 as 数量指标 | name) the one its 二级 belongs to."""
    if ind.level1:
        return normalize(ind.level1)
    level2 = _level2(ind)
    return next((level1 for pattern, level1 in OWNERS if re.search(pattern, level2)), "")


def _at(ind: DeclaredIndicator):
    return ind.target_at or ind.where


def _level2(ind: DeclaredIndicator) -> str:
    return normalize(ind.level2 or "")


@check
def dimensions(ctx: Context) -> Iterator[Problem]:
    """产出 (with 数量, 质量, 时效, 成本), 效益 and 满意度 each have at least one indicator."""
    d = _declaration(ctx)
    if d is None:
        return
    for word, label in DIMENSIONS:
        if not any(word in _level1(i) or (word == "满意" and word in _level2(i)) for i in d.indicators):
            yield error("declaration.dimension_missing", f"申报表没有{label}：绩效指标应包括产出、效益和满意度三个方面", d.where, missing=label)
    outputs = [i for i in d.indicators if "产出" in _level1(i)]
    if outputs:
        for kind in OUTPUT_KINDS:
            if not any(kind in _level2(i) for i in outputs):
                yield warning("declaration.dimension_missing", f"产出指标中没有{kind}指标：产出应从数量、质量、时效、成本四方面设定",
                              outputs[0].where, missing=f"{kind}指标")


@check
def measurable(ctx: Context) -> Iterator[Problem]:
    """A figure has its direction and unit; a 数量 or 成本 indicator has a figure at all."""
    d = _declaration(ctx)
    if d is None:
        return
    for ind in d.indicators:
        t = ind.target
        if t is None:
            yield error("declaration.not_measurable", f"“{ind.name}”未填写指标值", _at(ind))
        elif t.quantity is None:
            if any(k in _level2(ind) for k in QUANTITATIVE):
                yield warning("declaration.not_measurable", f"“{ind.name}”是{ind.level2}，指标值“{t.text()}”没有数值，无法考核：应写成如 {'≤50万元' if '成本' in _level2(ind) else '≥100人'}",
                              _at(ind), value=t.text())
        elif undirected(t.raw or t.text()):
            direction = infer(ind.name, ind.level2)
            said = f"，按指标名称应为“{direction}{t.text()}”" if direction else "，指标名称也定不了方向（应达到还是不超过）"
            yield warning("declaration.not_measurable", f"“{ind.name}”的指标值“{t.text()}”未写≥/≤/={said}", _at(ind), inferred=direction)
        elif not t.quantity.unit:
            yield warning("declaration.not_measurable", f"“{ind.name}”的指标值“{t.text()}”没有计量单位（人、个、%、万元 …）", _at(ind), value=t.text())


@check
def cost_ceiling(ctx: Context) -> Iterator[Problem]:
    """A 成本指标 is a ceiling: ≤ or ＜, never ≥ or a bare amount to reach."""
    d = _declaration(ctx)
    if d is None:
        return
    for ind in d.indicators:
        t = ind.target
        if "成本" in _level2(ind) and t is not None and t.quantity is not None and t.op in (">=", ">"):
            yield error("declaration.cost_direction", f"“{ind.name}”是成本指标，指标值“{t.text()}”应为“≤{t.quantity.text()}”（不超过）",
                        _at(ind), value=t.text())


@check
def rates(ctx: Context) -> Iterator[Problem]:
    """A rate (a percent) cannot be set above 100%."""
    d = _declaration(ctx)
    if d is None:
        return
    for ind in d.indicators:
        q = ind.target.quantity if ind.target is not None else None
        if q is not None and q.is_percent and q.value > 100 and not re.search(r"增长|增幅|提高|提升", ind.name):
            yield error("declaration.rate_over_full", f"“{ind.name}”的指标值“{ind.target.text()}”超过 100%", _at(ind), value=q.value)


@check
def funds_sum(ctx: Context) -> Iterator[Problem]:
    """资金总额 = 财政拨款 + 其他资金 (+ every other source the form lists)."""
    d = _declaration(ctx)
    f = d.funds if d is not None else None
    if f is None or f.total is None or f.total.amount is None:
        return
    parts = [p.amount for p in f.parts if p.amount is not None]
    if not parts:
        return
    total = sum(parts, Decimal(0))
    if total != f.total.amount:
        terms = " + ".join(f"{p.name} {fmt_plain(p.amount)}" for p in f.parts if p.amount is not None)
        yield error("declaration.funds_sum", f"资金总额 {fmt_plain(f.total.amount)}{f.unit} 与其来源之和不等：{terms} = {fmt_plain(total)}{f.unit}",
                    f.total.where, stated=f.total.amount, computed=total)


def _op(ind: DeclaredIndicator) -> str:
    """The target's direction: as written, or where it is bare the one its name gives."""
    t = ind.target
    assert t is not None
    if not undirected(t.raw or t.text()):
        return t.op
    return {"≥": ">=", "≤": "<="}.get(infer(ind.name, ind.level2) or "", t.op)


@check
def below_history(ctx: Context) -> Iterator[Problem]:
    """A target to reach (≥) set below last year's actual value of the same indicator."""
    d = _declaration(ctx)
    if d is None or not d.history:
        return
    last = {normalize(a.name): a for a in d.history}
    for ind in d.indicators:
        a = last.get(normalize(ind.name))
        t = ind.target
        if a is None or t is None or t.quantity is None or t.quantity.unit != a.actual.unit:
            continue
        op = _op(ind)
        if op in (">=", ">", "=") and t.quantity.value < a.actual.value:
            year = f"{a.year}年" if a.year else "上年"
            yield warning("declaration.target_low", f"“{ind.name}”的指标值“{t.text()}”低于{year}实际完成值 {a.actual.text()}：目标设定偏低",
                          _at(ind), target=t.quantity.value, actual=a.actual.value)


MIN_PEERS = 2  # one other department is no range to stand outside of


def median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def comparable(unit: str) -> bool:
    """A rate (%) or a figure per head (元/人, 万元/公里) means the same in a small department as in a big
    one; a count (人次, 个) or an amount grows with the department, so its peers say nothing of it."""
    return unit == "%" or "/" in unit or "每" in unit


def peers_of(d: Declaration, ind: DeclaredIndicator) -> list[Peer]:
    """The other departments' targets of the same indicator, in the same comparable unit."""
    q = ind.target.quantity if ind.target is not None else None
    if q is None or not comparable(q.unit):
        return []
    return [p for p in d.peers if p.target.unit == q.unit and same_indicator(p.name, ind.name)]


def _peer_terms(peers: list[Peer]) -> str:
    signs = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜", "=": "="}
    return "、".join(f"{p.department} {signs.get(p.op, '')}{p.target.text()}" for p in peers)


@check
def against_peers(ctx: Context) -> Iterator[Problem]:
    """A target below the peers' median by more than the set share (a ceiling above it), or outside their range."""
    d = _declaration(ctx)
    if d is None or not d.peers:
        return
    share = ctx.settings.peer_share
    for ind in d.indicators:
        peers = peers_of(d, ind)
        if len(peers) < MIN_PEERS:
            continue
        q, t, op = ind.target.quantity, ind.target, _op(ind)
        values = [p.target.value for p in peers]
        mid, terms = median(values), _peer_terms(peers)
        ceiling = op in ("<=", "<")
        gap = (q.value - mid if ceiling else mid - q.value) * 100 / mid if mid else None  # no share of a zero median
        said = f"同类部门（{len(peers)}个）：{terms}，中位数 {fmt_plain(mid)}{q.unit}"
        if gap is not None and gap > share:
            how = "高于" if ceiling else "低于"
            yield warning("declaration.peer_low", f"“{ind.name}”的指标值“{t.text()}”{how}同类部门中位数 {fmt(gap)}%（超过 {fmt_plain(share)}%）："
                          f"目标设定偏低。{said}", _at(ind), target=q.value, median=mid, gap=gap, peers=len(peers))
        elif not min(values) <= q.value <= max(values):
            yield info("declaration.peer_outside", f"“{ind.name}”的指标值“{t.text()}”在同类部门的取值范围（{fmt_plain(min(values))}～"
                               f"{fmt_plain(max(values))}{q.unit}）之外。{said}", _at(ind), target=q.value, median=mid)
