"""The indicator tree as rows for the 指标体系 tab, with scores beside the document."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..render.figures import rate_text, score_text, weight_text
from ..scoring import Scorecard, ScoredNode


def code_id(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "-", code)


@dataclass
class Row:
    depth: int
    path: str
    node: dict
    scored: ScoredNode | None

    @property
    def code(self) -> str:
        return str(self.node.get("code", ""))

    @property
    def cid(self) -> str:
        return code_id(self.code)

    @property
    def is_leaf(self) -> bool:
        return not self.node.get("children")

    @property
    def actual_kind(self) -> str:
        a = self.node.get("actual")
        if a is None or isinstance(a, str):
            return "scalar"
        if isinstance(a, dict) and "value" in a:
            return "value"
        if isinstance(a, dict) and "metric" in a:
            return "metric"
        if isinstance(a, dict) and "formula" in a:
            return "formula"
        return "other"

    @property
    def actual_text(self) -> str:
        a = self.node.get("actual")
        if isinstance(a, dict):
            return str(a.get("formula") or a.get("metric") or a.get("value") or "")
        return "" if a is None else str(a)


def rows(doc: dict, card: Scorecard | None) -> list[Row]:
    out: list[Row] = []

    def walk(items: Any, path: str, depth: int) -> None:
        if not isinstance(items, list):
            return
        for i, node in enumerate(items):
            if not isinstance(node, dict):
                continue
            p = f"{path}[{i}]"
            scored = card.by_code.get(str(node.get("code"))) if card else None
            out.append(Row(depth, p, node, scored))
            walk(node.get("children"), f"{p}.children", depth + 1)

    walk(doc.get("indicators"), "indicators", 1)
    return out


def figures(n: ScoredNode | None) -> dict[str, str]:
    if n is None:
        return {"weight": "", "score": "未评分", "rate": "—", "reason": "", "actual": ""}
    return {
        "weight": weight_text(n.weight),
        "score": score_text(n.score),
        "rate": rate_text(n.rate),
        "reason": n.reason,
        "actual": "" if n.actual is None else (n.actual.display() if hasattr(n.actual, "display") else str(n.actual)),
    }
