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
        return {"weight": "", "score": "未评分", "rate": "—", "reason": "", "actual": "", "leaf": True}
    return {
        "leaf": n.is_leaf,
        "weight": weight_text(n.weight),
        "score": score_text(n.score),
        "rate": rate_text(n.rate),
        "reason": n.reason,
        "actual": "" if n.actual is None else (n.actual.display() if hasattr(n.actual, "display") else str(n.actual)),
        "computed": bool(n.actual_arithmetic),  # the 指标体系 row shows a computed 完成值 (a-…) only then
    }


def _cell_input(name: str, value, disabled: bool, ident: str = "") -> str:
    from django.utils.html import escape

    text = "" if value is None else str(value)
    return (f'<input type="text" name="f:{escape(name)}" value="{escape(text)}"'
            + (f' id="{ident}"' if ident else "")
            + (" disabled" if disabled else "") + ">")


def rows_html(rows: list[Row], leaf_url: str, edit_figures: bool, edit_tree: bool) -> str:
    """The 指标体系 table body. Built here rather than in a template: it is the
    busiest page of the workspace and a template loop costs several times more."""
    from django.utils.html import escape
    from urllib.parse import quote

    out = []
    lock = not edit_figures
    for r in rows:
        fig = figures(r.scored)
        cid, p = r.cid, r.path
        cells = [f'<tr class="depth-{r.depth}" id="row-{cid}" data-code="{escape(r.code)}">',
                 f"<td>{escape(r.code)}</td>",
                 f'<td class="c-name"><a href="{leaf_url}?path={quote(p)}">{escape(r.node.get("name", ""))}</a></td>']
        if r.is_leaf:
            cells.append(f'<td class="num c-weight">{_cell_input(p + ".weight", r.node.get("weight"), lock)}</td>')
            cells.append(f'<td class="c-benchmark">{_cell_input(p + ".benchmark", r.node.get("benchmark"), lock)}</td>')
            kind = r.actual_kind
            if kind == "scalar":
                actual = _cell_input(p + ".actual", r.node.get("actual"), lock)
            elif kind == "value":
                actual = _cell_input(p + ".actual.value", r.node["actual"].get("value"), lock)
            else:
                what = "公式" if kind == "formula" else "计算"
                actual = f'<span title="{escape(r.actual_text)}">{what}</span> = <span id="a-{cid}" class="muted">{escape(fig["actual"])}</span>'
            cells.append(f'<td class="c-actual">{actual}</td>')
            cells.append(f'<td class="c-reported">{_cell_input(p + ".reported", r.node.get("reported"), lock, ident="reported-" + cid)}</td>')
        else:
            cells.append(f'<td class="num"><span id="w-{cid}">{escape(fig["weight"])}</span></td><td></td><td></td><td></td>')
        cells.append(f'<td class="num live"><b><span id="s-{cid}">{escape(fig["score"])}</span></b></td>')
        cells.append(f'<td class="num live"><span id="r-{cid}">{escape(fig["rate"])}</span></td>')
        cells.append(f'<td class="live c-reason"><span id="d-{cid}" class="reason">{escape(fig["reason"])}</span></td>')
        if edit_tree:
            buttons = ""
            if not r.is_leaf or r.depth < 3:
                buttons += f'<button type="submit" name="action" value="child:{escape(p)}" class="small" title="添加下级指标">＋下级</button> '
            buttons += (f'<button type="submit" name="action" value="del:{escape(p)}" class="small danger" title="删除此指标及其下级"'
                        f' data-confirm="删除指标 {escape(r.code)} 及其全部下级？">删除</button>')
            cells.append(f'<td class="c-actions">{buttons}</td>')
        cells.append("</tr>")
        out.append("".join(cells))
    return "\n".join(out)


def leaf_path_of(doc: dict, code: str) -> str | None:
    """The document path of the indicator with this code (indicators[2].children[1]), None if absent."""
    def walk(items, path):
        for i, node in enumerate(items or []):
            here = f"{path}[{i}]"
            if isinstance(node, dict) and str(node.get("code", "")) == code:
                return here
            found = walk(node.get("children") if isinstance(node, dict) else None, f"{here}.children")
            if found:
                return found
        return None

    return walk(doc.get("indicators"), "indicators")
