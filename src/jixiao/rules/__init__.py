"""Rule types: one module each, with its parameters (PARAMS), read, score and full_marks."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from . import band, checklist, completion, deduct, levels, manual, ratio, step, threshold, tiers
from .params import Param

RULES: dict[str, ModuleType] = {
    module.TYPE: module
    for module in (levels, deduct, checklist, step, band, threshold, completion, ratio, tiers, manual)
}


@dataclass(frozen=True)
class RuleKind:
    """A rule type as the forms show it: its code, Chinese label and parameters."""

    type: str
    label: str
    params: tuple[Param, ...]

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


REGISTRY: dict[str, RuleKind] = {name: RuleKind(name, module.LABEL, module.PARAMS) for name, module in RULES.items()}


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
