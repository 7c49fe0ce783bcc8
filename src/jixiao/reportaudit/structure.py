"""What every reader leaves to one place: which lines are headings, which part of the report each
block is in (封面, 摘要, 目录, 正文, 附件N), the headings above it, the table of contents, and each
table's caption (表3-1 …, or the title line above it)."""

from __future__ import annotations

import re

from .document import Document, Heading, Paragraph, Table, TocEntry, compact, numbered

TOC_LINE = re.compile(r"^(?P<text>.*?\S)\s*(?:[.．…·]{3,}|\t)\s*(?P<page>[0-9０-９]+)\s*$")
_ANNEX = re.compile(r"^附件\s*(\d+)\s*[:：]?\s*(?P<title>[^;；。]*)$")
_CAPTION = re.compile(r"^表\s*\d+\s*[-－—]\s*\d+")
_TITLE_WORDS = ("表", "情况表", "得分表", "评分表", "自评表", "目标表")


def part_of(text: str) -> str | None:
    """The part a line opens, if it is a part's title line."""
    line = compact(text)
    if line in ("摘要",):
        return "摘要"
    if line in ("目录",):
        return "目录"
    m = _ANNEX.match(line)
    if m and len(line) <= 30:
        return f"附件{m.group(1)}"
    return None


def structure(doc: Document, styled: dict[int, int] | None = None) -> Document:
    """Fill in headings, parts, heading paths, the TOC and captions. `styled` gives the heading
    level a reader knows from the file itself (a Word heading style), by paragraph index."""
    part, stack, title_seen = "封面", [], False
    for block in doc.blocks:
        if isinstance(block, Table):
            block.part, block.path = part, _path(part, stack)
            continue
        text = block.text.strip()
        # a contents line (附件1：…　37) names a part without opening it
        opened = None if part == "目录" and TOC_LINE.match(text) else part_of(text)
        if opened is None and not title_seen and part == "目录" and (text.endswith("报告") or _restarts(doc, text)):
            opened = "正文"  # the report's title after the contents, or its first heading again
        if opened is None and part == "封面" and _first_chapter(text):
            opened = "正文"  # a short report (a 自评报告) has neither 摘要 nor 目录: its 一、 opens the body
        if opened is not None:
            part, stack = opened, []
            title_seen = title_seen or opened == "正文"
            if part == "正文" and _first_chapter(text):  # the opening chapter heading is a heading too
                block.heading = _heading(block, styled)
                stack = [block]
        elif part == "目录":
            entry = _toc_entry(block)
            if entry is not None:
                doc.toc.append(entry)
                block.part = part
                continue
        elif part != "封面":
            block.heading = _heading(block, styled)
            if block.heading is not None:
                stack = [p for p in stack if p.heading.level < block.heading.level] + [block]
        block.part, block.path = part, _path(part, stack)
    _captions(doc)
    return doc


def _first_chapter(text: str) -> bool:
    heading = numbered(text)
    return bool(heading and heading.level == 1 and heading.number == 1)


def _restarts(doc: Document, text: str) -> bool:
    heading = numbered(text)
    return bool(heading and heading.level == 1 and heading.number == 1 and doc.toc
                and not TOC_LINE.match(text.strip()) and any(e.heading and e.heading.level == 1 for e in doc.toc))


def _heading(p: Paragraph, styled: dict[int, int] | None) -> Heading | None:
    heading = numbered(p.text)
    if heading is None:
        return None
    if styled is not None and p.index in styled and styled[p.index] != heading.level:
        return Heading(styled[p.index], heading.number, heading.label, heading.title)
    return heading


def _path(part: str, stack: list[Paragraph]) -> tuple[str, ...]:
    return (part, *(compact(p.text) for p in stack))


def _toc_entry(p: Paragraph) -> TocEntry | None:
    m = TOC_LINE.match(p.text.strip())
    if not m:  # a contents field Word has not filled in yet: entries without page numbers
        heading = numbered(p.text)
        return TocEntry(p.text.strip(), "", heading, p.index, p.page) if heading else None
    text = m.group("text").strip()
    return TocEntry(text, m.group("page"), numbered(text), p.index, p.page)


def _captions(doc: Document) -> None:
    """A table's caption: the nearest line above it that names a table (表3-1 …, …情况表)."""
    recent: list[Paragraph] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                recent = (recent + [block])[-4:]
            continue
        for p in reversed(recent):
            line = p.text.strip()
            if _CAPTION.match(line) or (len(line) <= 60 and line.endswith(_TITLE_WORDS)):
                block.caption = line
                break
        recent = []
