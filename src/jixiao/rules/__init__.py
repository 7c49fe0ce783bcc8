"""Rule types: one module each, with read (parameters), score and full_marks."""

from __future__ import annotations

from types import ModuleType

from . import band, checklist, completion, deduct, levels, manual, ratio, step, threshold, tiers

RULES: dict[str, ModuleType] = {
    module.TYPE: module
    for module in (levels, deduct, checklist, step, band, threshold, completion, ratio, tiers, manual)
}


def rule_names() -> str:
    return "、".join(f"{name}（{module.LABEL}）" for name, module in RULES.items())
