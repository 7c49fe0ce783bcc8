"""Headings against the table of contents and against each other: a TOC entry the body words
otherwise, two sibling headings with one title, numbering that skips or repeats, TOC page numbers
that go backwards."""

from __future__ import annotations

from typing import Iterator

from ...checks.base import Family
from ...problems import Problem, warning
from ..document import Paragraph, compact
from .base import AuditContext, text_check

FAMILY = Family("audit.headings", "标题与目录", {
    "audit.toc_title": "目录中的标题与正文标题不符",
    "audit.toc_missing": "目录中的标题在正文中没有",
    "audit.toc_page": "目录页码不递增或不像页码",
    "audit.heading_duplicate": "同一上级下两个标题相同",
    "audit.heading_number": "标题编号不连续（跳号或重号）",
})
CHECKED_PARTS = ("摘要", "正文")


def _siblings(ctx: AuditContext) -> dict[tuple, list[Paragraph]]:
    """Headings grouped by part and parent heading, in order."""
    groups: dict[tuple, list[Paragraph]] = {}
    for p in ctx.doc.headings():
        if p.part in CHECKED_PARTS:
            groups.setdefault((p.part, p.path[:-1], p.heading.level), []).append(p)
    return groups


@text_check
def numbering(ctx: AuditContext) -> Iterator[Problem]:
    for (_, _, level), heads in _siblings(ctx).items():
        titles: dict[str, Paragraph] = {}
        expected = 1
        for p in heads:
            h = p.heading
            if h.number != expected and not (expected == 1 and level >= 3):
                yield warning("audit.heading_number", f"标题“{p.text}”编号为{h.label}，按顺序应为第{expected}个",
                              ctx.doc.at_paragraph(p), hint="更正标题编号")
            expected = h.number + 1
            key = compact(h.title)
            if key in titles:
                yield warning("audit.heading_duplicate", f"标题“{p.text}”与同级标题“{titles[key].text}”相同，"
                            "两节内容不同却用了同一标题", ctx.doc.at_paragraph(p), hint="按本节内容改写标题")
            titles.setdefault(key, p)


@text_check
def toc(ctx: AuditContext) -> Iterator[Problem]:
    body = [p for p in ctx.doc.headings() if p.part == "正文" and p.heading.level <= 2]
    entries = [e for e in ctx.doc.toc if e.heading is not None and e.heading.level <= 2]
    if not entries:
        return
    level1 = 0
    for entry in entries:
        h = entry.heading
        if h.level == 1:
            level1 = h.number
        match = _find(body, h.level, level1, h.number)
        where = ctx.doc.at_paragraph(_toc_paragraph(ctx, entry.paragraph))
        if match is None:
            yield warning("audit.toc_missing", f"目录“{entry.text}”在正文中没有对应的标题", where)
        elif compact(match.heading.title) != compact(h.title):
            yield warning("audit.toc_title", f"目录为“{entry.text}”，正文标题为“{match.text}”", where,
                        hint="更新目录或统一标题")
    yield from _pages(ctx, entries)


def _find(body: list[Paragraph], level: int, level1: int, number: int) -> Paragraph | None:
    current = 0
    for p in body:
        if p.heading.level == 1:
            current = p.heading.number
        if p.heading.level == level and p.heading.number == number and (level == 1 or current == level1):
            return p
    return None


def _toc_paragraph(ctx: AuditContext, index: int) -> Paragraph:
    return next(p for p in ctx.doc.paragraphs if p.index == index)


def _pages(ctx: AuditContext, entries) -> Iterator[Problem]:
    """A page before the previous entry's, or far past every page so far (3030 for 30), is misprinted."""
    last = None
    for entry in entries:
        if not entry.page_text.isdigit():
            continue
        page = int(entry.page_text)
        if last is not None and (page < last or page > 2 * last + 10):
            yield warning("audit.toc_page", f"目录“{entry.text}”的页码为{entry.page_text}，前一条目在第{last}页",
                          ctx.doc.at_paragraph(_toc_paragraph(ctx, entry.paragraph)), hint="更新目录页码")
            continue
        last = page
