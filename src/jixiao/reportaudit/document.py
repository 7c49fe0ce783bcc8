"""The plain structure every report reader produces: paragraphs with their headings, tables with
their captions and merged cells, the table of contents, and where each lies.

A Word file, a PDF and a text file all become a Document; the checks read only this. Indices are
the reader's own: for Word `Paragraph.index` is the position in python-docx's
`Document.paragraphs` and `Table.index` the position in `Document.tables`, so a comment can be
put at the same place; for text and PDF they count paragraphs and tables in reading order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..problems import Source

CHINESE_DIGITS = "〇一二三四五六七八九十"

# Heading numbers as reports write them, by level: 一、 （一） 1. （1）
_NUMBERS = (
    (1, re.compile(r"^([一二三四五六七八九十]+)\s*、\s*")),
    (2, re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*")),
    (3, re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*")),
    (4, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*")),
)
_END_OF_SENTENCE = "。；;，,：:"
MAX_HEADING = 40  # a numbered line longer than this is a paragraph that starts with a number


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20; None for anything else."""
    if not text or any(ch not in CHINESE_DIGITS for ch in text):
        return None
    if "十" not in text:
        return CHINESE_DIGITS.index(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    return (CHINESE_DIGITS.index(tens) if tens else 1) * 10 + (CHINESE_DIGITS.index(units) if units else 0)


def _cut(title: str) -> bool:
    """A bracket left open: the line is the start of a sentence a line break cut, not a title."""
    pairs = (("（", "）"), ("(", ")"), ("《", "》"), ("“", "”"))
    return any(title.count(a) != title.count(b) for a, b in pairs)


@dataclass(frozen=True)
class Heading:
    level: int  # 1 一、, 2 （一）, 3 1., 4 （1）
    number: int  # its ordinal among its siblings, as written
    label: str  # the number as printed: 一、 （一） 1. （1）
    title: str  # the words after the number


def numbered(text: str) -> Heading | None:
    """The heading a line's numbering makes, if it reads as a heading (short, not a sentence)."""
    line = text.strip()
    for level, pattern in _NUMBERS:
        m = pattern.match(line)
        if not m:
            continue
        title = line[m.end():].strip()
        if not title or len(line) > MAX_HEADING or title[-1] in _END_OF_SENTENCE or "。" in title or _cut(title):
            return None
        raw = m.group(1)
        number = int(raw) if raw.isdigit() else chinese_number(raw)
        return None if number is None else Heading(level, number, line[: m.end()].strip(), title)
    return None


def compact(text: str) -> str:
    """Text compared as a reader compares it: no spaces, full-width brackets as half-width."""
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")


@dataclass
class Paragraph:
    text: str
    index: int
    page: int | None = None
    line: int | None = None  # line in a text file
    heading: Heading | None = None
    path: tuple[str, ...] = ()  # the headings it lies under (for a heading: itself last)
    part: str = ""  # 摘要, 正文, 附件1 …


@dataclass(frozen=True)
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    index: int
    rows: list[list[Cell]]
    caption: str = ""
    page: int | None = None
    line: int | None = None
    path: tuple[str, ...] = ()
    part: str = ""
    last_page: int | None = None  # a table that runs over page breaks ends here
    edges: list[int] = field(default_factory=list)  # a PDF table's column edges (x, points)

    def grid(self) -> list[list[str]]:
        """Every row's text by column, a merged cell's text in each column and row it spans."""
        width = max((c.col + c.colspan for row in self.rows for c in row), default=0)
        grid = [[""] * width for _ in self.rows]
        for row in self.rows:
            for c in row:
                for r in range(c.row, min(c.row + c.rowspan, len(grid))):
                    for k in range(c.col, c.col + c.colspan):
                        grid[r][k] = c.text
        return grid

    def cell_at(self, row: int, col: int) -> Cell | None:
        """The cell that covers (row, col): a merged cell is one cell, at its top left."""
        for r in self.rows[: row + 1]:
            for c in r:
                if c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan:
                    return c
        return None

    @property
    def name(self) -> str:
        """表3-1, or the caption, or 第N个表格."""
        m = re.match(r"\s*(表\s*\d+\s*[-－—]\s*\d+)", self.caption)
        if m:
            return re.sub(r"\s+", "", m.group(1)).replace("－", "-").replace("—", "-")
        if self.part.startswith("附件"):
            return self.part
        return self.caption.strip() or f"第{self.index + 1}个表格"


@dataclass(frozen=True)
class TocEntry:
    text: str  # the entry without its leader dots and page number
    page_text: str  # the page number as printed
    heading: Heading | None
    paragraph: int  # the index of the paragraph (or line) it is printed in
    page: int | None = None


@dataclass
class Document:
    file: str
    blocks: list[Paragraph | Table] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    kind: str = ""  # docx, pdf, text

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def headings(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.heading is not None]

    def at_paragraph(self, p: Paragraph) -> Source:
        return Source(file=self.file, page=p.page, heading=" · ".join(p.path) or None, paragraph=p.index,
                      line=p.line)

    def at_cell(self, t: Table, row: int | None = None, col: int | None = None) -> Source:
        return Source(file=self.file, page=t.page, heading=" · ".join(t.path) or None, table_index=t.index,
                      table=t.name, cell_row=row, cell_col=col, line=t.line)
