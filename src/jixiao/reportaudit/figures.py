"""Figures stated in the prose, each with its sentence and place: counts and amounts with the words
before them (举办招聘活动52场, 落实就业补贴19894.59万元), rates (结案率97%), counts of indicators by level
(三级指标20个), and a figure's parts in brackets (受理案件2410件（仲裁1161，乡街1249））, each kept
with its paragraph and place; the text itself is read by jixiao.parse.prose."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Iterator

from ..model.quantity import Quantity
from ..parse.prose import UNITS, Stated, sentences, stated_in
from ..parse.quantity import ParseError, parse_quantity
from ..problems import Source
from .document import Document, Paragraph

PROSE_CELL = 40  # a cell this long is prose, not a figure
LEVEL_WORDS = {"一": 1, "二": 2, "三": 3}
_LEVEL_COUNT = re.compile(r"(?:(?P<n1>\d+)\s*个\s*(?P<l1>[一二三])级指标|(?P<l2>[一二三])级指标[^，。；\d]{0,8}?(?P<n2>\d+)\s*个)")
_PARTS = re.compile(r"（(?P<body>[^（）]{2,60})）")
_PART_ITEM = re.compile(r"(?P<name>[^\d，,、；]+?)\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>%s)?" % UNITS)


@dataclass(frozen=True)
class Figure(Stated):
    """A figure of the prose (parse.prose.Stated) with the paragraph and place it was read at."""

    paragraph: Paragraph | None = None  # (for a table cell: a paragraph of the cell's text)
    where: Source | None = None


@dataclass(frozen=True)
class LevelCount:
    level: int
    count: int
    sentence: str
    paragraph: Paragraph


def figures_in(sentence: str, paragraph: Paragraph, where: Source | None = None) -> list[Figure]:
    return [Figure(**{k.name: getattr(f, k.name) for k in fields(Stated)}, paragraph=paragraph, where=where)
            for f in stated_in(sentence)]


def prose_figures(doc: Document) -> Iterator[Figure]:
    """Figures of the paragraphs, and of table cells that hold prose (年度重点任务, 实际完成情况)."""
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.heading is None and block.part != "目录":
                where = doc.at_paragraph(block)
                for s in sentences(block.text):
                    yield from figures_in(s, block, where)
            continue
        for row in block.rows:
            for cell in row:
                if len(cell.text) >= PROSE_CELL:
                    text = Paragraph(cell.text, -1, page=block.page, path=block.path, part=block.part)
                    where = doc.at_cell(block, cell.row, cell.col)
                    for s in sentences(cell.text):
                        yield from figures_in(s, text, where)


def level_counts(doc: Document) -> Iterator[LevelCount]:
    """三级指标20个, 由4个二级指标、5个三级指标构成: how many indicators of a level the prose says."""
    for p in doc.paragraphs:
        for s in sentences(p.text):
            for m in _LEVEL_COUNT.finditer(s):
                level = LEVEL_WORDS[m.group("l1") or m.group("l2")]
                yield LevelCount(level, int(m.group("n1") or m.group("n2")), s, p)


def parts_of(figure: Figure) -> list[tuple[str, Quantity]] | None:
    """受理案件2410件（仲裁1161，乡街1249）: the named parts in brackets right after a figure, if any."""
    m = _PARTS.match(figure.sentence, figure.end)
    if not m:
        return None
    parts = []
    for item in re.split(r"[，,、；]", m.group("body")):
        found = _PART_ITEM.fullmatch(item.strip())
        if not found:
            return None
        unit = found.group("unit") or figure.quantity.unit
        try:
            parts.append((found.group("name").strip(), parse_quantity(found.group("num") + unit)))
        except ParseError:
            return None
    return parts if len(parts) >= 2 else None
