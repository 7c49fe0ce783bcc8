"""Rule types: one module each, with its parameters (PARAMS), read, score and full_marks.

A rule type is anything with the attributes of RuleType (a module is the usual shape). The
built-ins are registered below in their declared order, then those other packages list under
the entry point group ``jixiao.rules`` (by entry point name), the same way pyproject.toml
lists the built-ins; a source checkout that was never installed still has the built-ins.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from importlib.metadata import entry_points
from typing import Any, Protocol, runtime_checkable

from ..parse.tree import Reader
from . import band, brackets, checklist, coefficient, completion, deduct, either, levels, manual, ratio, step, summed, threshold, tiers, undirected
from .base import RuleInput, RuleResult
from .params import Param

GROUP = "jixiao.rules"


@runtime_checkable
class RuleType(Protocol):
    """What scoring, the loader, the forms and the docs need of a rule type."""

    TYPE: str  # the code written in a file: levels
    LABEL: str  # the Chinese name: 等级评分
    PARAMS: tuple[Param, ...]  # every parameter, declared once

    def read(self, r: Reader) -> Any: ...

    def score(self, p: Any, x: RuleInput) -> RuleResult: ...

    def full_marks(self, p: Any) -> Decimal | None: ...


RULES: dict[str, RuleType] = {}


@dataclass(frozen=True)
class RuleKind:
    """A rule type as the forms show it: its code, Chinese label and parameters."""

    type: str
    label: str
    params: tuple[Param, ...]

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


REGISTRY: dict[str, RuleKind] = {}


def register(rule: Any) -> RuleType:
    """Add a rule type, checked against RuleType: its code must be new and its parameters declared."""
    if not isinstance(rule, RuleType) or not all(callable(getattr(rule, f)) for f in ("read", "score", "full_marks")):
        raise TypeError(f"{rule!r} 不是评分规则类型：须有 TYPE、LABEL、PARAMS、read、score、full_marks")
    if not isinstance(rule.PARAMS, tuple) or not all(isinstance(p, Param) for p in rule.PARAMS):
        raise TypeError(f"评分规则 {rule.TYPE} 的 PARAMS 须为 Param 的元组")
    known = RULES.get(rule.TYPE)
    if known is not None and known is not rule:
        raise ValueError(f"评分规则 {rule.TYPE} 已登记")
    RULES[rule.TYPE] = rule
    REGISTRY[rule.TYPE] = RuleKind(rule.TYPE, rule.LABEL, rule.PARAMS)
    return rule


for _rule in (levels, deduct, checklist, step, band, threshold, completion, ratio, tiers, manual, coefficient, brackets,
              either, summed, undirected):
    register(_rule)
for _ep in sorted(entry_points(group=GROUP), key=lambda ep: ep.name):
    register(_ep.load())  # the built-ins again, when installed: the same module, kept once


def rule_names() -> str:
    return "、".join(f"{name}（{module.LABEL}）" for name, module in RULES.items())


def rule_type(text: str) -> str | None:
    """The type code of 等级评分, levels or 等级评分（levels）; None if it is none of them."""
    text = str(text).strip()
    for kind in REGISTRY.values():
        if text in (kind.type, kind.label, f"{kind.label}（{kind.type}）", f"{kind.label}({kind.type})"):
            return kind.type
    return None


def all_params() -> list[tuple[Param, tuple[RuleKind, ...]]]:
    """Every parameter name once, with the rule types that use it, in declaration order.

    A name shared by several types (per_point, score) means the same thing in each.
    """
    seen: dict[str, tuple[Param, list[RuleKind]]] = {}
    for kind in REGISTRY.values():
        for p in kind.params:
            seen.setdefault(p.name, (p, []))[1].append(kind)
    return [(p, tuple(kinds)) for p, kinds in seen.values()]
