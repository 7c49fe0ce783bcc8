"""Chapter 三 绩效评价分析: one section per first-level indicator, its table (表3-n) and leaf texts."""

from __future__ import annotations

from dataclasses import dataclass

from ...model.indicators import FormulaActual, MetricActual, ValueActual
from ...render.figures import rate_text, score_text, weight_text
from ...scoring import Scorecard, ScoredNode
from .. import texts as standard
from .common import cn_ordinal, shown, strip_end


@dataclass(frozen=True)
class IndicatorRow:
    """One leaf of the indicator tree as a table row, under its first- and second-level labels."""

    code: str
    level1: str
    level2: str
    level3: str
    weight: str
    explanation: str
    standard: str
    benchmark: str
    actual: str
    score: str
    reason: str
    rate: str


@dataclass(frozen=True)
class ScoreTotal:
    weight: str
    score: str
    rate: str


@dataclass(frozen=True)
class LeafText:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    heading: str
    opening: str
    caption: str
    rows: tuple[IndicatorRow, ...]
    total: ScoreTotal
    intro: str
    leaves: tuple[LeafText, ...]


def label(node: ScoredNode, with_weight: bool) -> str:
    text = f"{node.code} {node.name}"
    return f"{text}（{weight_text(node.weight)}分）" if with_weight else text


def leaf_paths(root: ScoredNode) -> list[tuple[ScoredNode | None, ScoredNode]]:
    """(second-level parent or None, leaf) for each leaf under a first-level indicator."""
    out: list[tuple[ScoredNode | None, ScoredNode]] = []
    for child in root.children:
        if child.is_leaf:
            out.append((None, child))
        else:
            for _, node in child.walk():
                if node.is_leaf:
                    out.append((child, node))
    return out


def source_of(node: ScoredNode) -> str | None:
    actual = node.indicator.actual
    if isinstance(actual, (ValueActual, MetricActual, FormulaActual)):
        return actual.source
    return None


def leaf_paragraphs(node: ScoredNode) -> list[str]:
    """The analysis of a leaf, the arithmetic of its figures, and the closing sentence."""
    ind = node.indicator
    paras: list[str] = []
    if ind.analysis:
        paras.extend(standard.paragraphs(ind.analysis))
    if node.actual_arithmetic:
        source = source_of(node)
        lead = f"根据{source}，" if source else "经计算，"
        paras.append(f"{lead}{strip_end(node.actual_arithmetic)}。")
    elif not ind.analysis and node.actual is not None:
        source = source_of(node)
        lead = f"根据{source}显示" if source else "经核实"
        paras.append(f"{lead}，该指标完成值为{shown(node.actual)}，标杆值为{ind.benchmark or '-'}。")
    if node.arithmetic:
        paras.append(f"按照评分标准，{strip_end(node.arithmetic)}。")
    if node.reason:
        paras.append(f"扣分原因：{strip_end(node.reason)}。")
    if node.score is None:
        paras.append(f"该指标设定分值{weight_text(node.weight)}分，尚未评分。")
    else:
        paras.append(f"该指标设定分值{weight_text(node.weight)}分，根据评分标准得{score_text(node.score)}分。")
    return paras


def indicator_row(root: ScoredNode, parent: ScoredNode | None, leaf: ScoredNode) -> IndicatorRow:
    ind = leaf.indicator
    return IndicatorRow(
        code=leaf.code,
        level1=label(root, True),
        level2=label(parent, True) if parent else "",
        level3=label(leaf, False),
        weight=weight_text(leaf.weight),
        explanation=ind.explanation or "",
        standard=ind.standard or "",
        benchmark=str(ind.benchmark) if ind.benchmark is not None else "-",
        actual=shown(leaf.actual),
        score=score_text(leaf.score),
        reason=leaf.reason or "",
        rate=rate_text(leaf.rate),
    )


def section_of(i: int, root: ScoredNode) -> Section:
    paths = leaf_paths(root)
    n2 = sum(1 for c in root.children if not c.is_leaf)
    seconds = "、".join(c.name for c in root.children)
    opening = (
        f"{root.name}指标从{seconds}等方面，对照设定的标杆值考察完成情况。"
        f"{root.name}类指标由{n2}个二级指标、{len(paths)}个三级指标构成，"
        f"权重分值{weight_text(root.weight)}分，实际得分{score_text(root.score)}分，"
        f"得分率{rate_text(root.rate)}。指标的得分情况如表3-{i}所示。"
    )
    leaves = tuple(
        LeafText(f"（{j}）{leaf.code} {leaf.name}", tuple(leaf_paragraphs(leaf)))
        for j, (_, leaf) in enumerate(paths, start=1)
    )
    return Section(
        heading=f"（{cn_ordinal(i)}）{root.name}",
        opening=opening,
        caption=f"表3-{i} {root.name}类指标得分情况表",
        rows=tuple(indicator_row(root, parent, leaf) for parent, leaf in paths),
        total=ScoreTotal(weight_text(root.weight), score_text(root.score), rate_text(root.rate)),
        intro=f"{root.name}类指标具体情况分析如下：",
        leaves=leaves,
    )


def sections_of(sc: Scorecard) -> tuple[Section, ...]:
    return tuple(section_of(i, root) for i, root in enumerate(sc.roots, start=1))


def all_rows(sc: Scorecard) -> tuple[IndicatorRow, ...]:
    """Every leaf of the tree as a row, first-level indicator by first-level indicator (附件1)."""
    return tuple(indicator_row(root, parent, leaf) for root in sc.roots for parent, leaf in leaf_paths(root))
