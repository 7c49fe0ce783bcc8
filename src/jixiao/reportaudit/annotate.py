"""The report back as the reviewer hands it on: a Word comment (批注) at each problem's place.

A problem placed on a paragraph (Source.paragraph, its index in python-docx's
Document.paragraphs) or a table cell (Source.table_index, cell_row, cell_col) gets its comment
there, anchored on the words it quotes when the paragraph holds them (the first “…” of its
message that is found there), else on the whole paragraph or cell. A problem with no place, or
with a place the document does not have, is listed on the 复核意见 page (opinion.py), which
opens the annotated copy.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path
from typing import BinaryIO, Iterable

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..glossary import REVIEW
from ..problems import Problem, sort_problems
from ..render.places import document_place
from .opinion import prepend_opinion

AUTHOR_INITIALS = "JX"
_QUOTED = re.compile(r"“([^”]{1,80})”")
_ONE_CHARACTER = {qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:ptab"), qn("w:noBreakHyphen")}


def annotate(report: bytes | str | Path | BinaryIO, problems: Iterable[Problem], *,
             author: str = REVIEW["reviewer"], opinion: bool = True) -> bytes:
    """The .docx `report` with a comment at each problem's place and, first, the 复核意见 page."""
    doc = open_word(report)
    problems = sort_problems(problems)
    unplaced = [p for p in problems if not comment_at(doc, p, author)]
    if opinion:
        prepend_opinion(doc, problems, unplaced)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class NotAWordDocument(ValueError):
    """The report cannot take comments: str() says so in Chinese."""


def open_word(report: bytes | str | Path | BinaryIO):
    source = io.BytesIO(report) if isinstance(report, bytes) else report
    name = str(report) if isinstance(report, (str, Path)) else "报告"
    try:
        return docx.Document(str(source) if isinstance(source, Path) else source)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, PackageNotFoundError, etree.XMLSyntaxError) as exc:
        # python-docx opens only .docx; a PDF, text or .doc report is annotated after conversion
        raise NotAWordDocument(f"无法在“{name}”上加批注：不是可读的 Word 文档（.docx）（{type(exc).__name__}）") from None


def comment_text(problem: Problem) -> list[str]:
    """The comment's paragraphs: what disagrees with what, where, and what to do."""
    lines = [f"【{problem.severity.label}】{problem.message}", f"{REVIEW['where']}：{document_place(problem.where)}"]
    if problem.hint:
        lines.append(f"{REVIEW['hint']}：{problem.hint}")
    return lines


def comment_at(doc, problem: Problem, author: str) -> bool:
    """Add the problem's comment at its place; False when it has none in this document."""
    paragraphs = target_paragraphs(doc, problem.where)
    if not paragraphs:
        return False
    runs = anchor_runs(paragraphs, quotes(problem))
    first, *more = comment_text(problem)
    comment = doc.add_comment(runs, text=first, author=author, initials=AUTHOR_INITIALS)
    for line in more:
        comment.add_paragraph(line)
    return True


def target_paragraphs(doc, where) -> list[Paragraph]:
    index = getattr(where, "paragraph", None)
    table = getattr(where, "table_index", None)
    if index is not None and table is None:
        paragraphs = doc.paragraphs
        if not 0 <= index < len(paragraphs):
            return []
        return [paragraphs[before_contents_field(paragraphs, index)]]
    if table is None or not 0 <= table < len(doc.tables):
        return []
    grid = doc.tables[table]
    row, col = getattr(where, "cell_row", None), getattr(where, "cell_col", None)
    try:  # a place on the whole table (no cell) is commented at its first cell
        cell = grid.cell(row or 0, col or 0)
    except IndexError:
        return []
    return list(cell.paragraphs)


def before_contents_field(paragraphs: list[Paragraph], index: int) -> int:
    """A contents entry inside Word's TOC field is commented on the paragraph before the field (目录):
    LibreOffice drops the text of a comment inside the field, and Word loses it when the field updates."""
    opened = None
    for i, p in enumerate(paragraphs[: index + 1]):
        for el in p._p.iter(qn("w:fldChar"), qn("w:instrText")):
            if el.tag == qn("w:instrText") and (el.text or "").strip().startswith("TOC"):
                opened = i
            elif el.tag == qn("w:fldChar") and el.get(qn("w:fldCharType")) == "end" and opened is not None and i < index:
                opened = None
    if opened is None:
        return index
    return max(opened - 1, 0)


def quotes(problem: Problem) -> list[str]:
    """The words to anchor on, most specific first: a quoted figure, the message's “…”, the stated value."""
    figures = dict(problem.figures)
    quoted = [figures[k] for k in ("quote", "text") if figures.get(k)]
    return quoted + _QUOTED.findall(problem.message) + ([figures["stated"]] if figures.get("stated") else [])


def anchor_runs(paragraphs: list[Paragraph], wanted: list[str]) -> list[Run]:
    """The runs that hold the first quoted words found, split off; else every run of the place."""
    for quote in wanted:
        for p in paragraphs:
            runs = isolate(p, quote)
            if runs:
                return runs
    runs = [r for p in paragraphs for r in p.runs]
    if runs:
        return runs
    return [paragraphs[0].add_run("")]  # an empty paragraph or cell: anchor at its start


def isolate(p: Paragraph, quote: str) -> list[Run]:
    """The runs covering exactly `quote` in `p`, split at its ends where the runs are plain text."""
    start = "".join(r.text for r in p.runs).find(quote) if quote else -1
    if start < 0:
        return []
    end = start + len(quote)
    for at in (end, start):  # the end first: splitting there leaves the start's offset as it was
        _split_at(p, at)
    return [r for r, o in _offsets(p) if o < end and o + len(r.text) > start]


def _offsets(p: Paragraph) -> list[tuple[Run, int]]:
    out, pos = [], 0
    for run in p.runs:
        out.append((run, pos))
        pos += len(run.text)
    return out


def _split_at(p: Paragraph, at: int) -> None:
    for run, offset in _offsets(p):
        if offset < at < offset + len(run.text):
            split_run(run, at - offset)
            return


def _length(child) -> int:
    """How many characters of Run.text an element of a run makes (w:t its text, a tab or break one)."""
    if child.tag == qn("w:t"):
        return len(child.text or "")
    return 1 if child.tag in _ONE_CHARACTER else 0


def split_run(run: Run, at: int) -> Run:
    """Cut a run in two at character `at` of its text; `run` keeps the left part, the right is returned."""
    right = copy.deepcopy(run._r)
    for child in list(right):
        if child.tag != qn("w:rPr"):
            right.remove(child)
    pos = 0
    for child in list(run._r):
        if child.tag == qn("w:rPr"):
            continue
        length = _length(child)
        if pos >= at:
            right.append(child)  # moves it
        elif pos + length > at:  # the w:t the cut falls in
            tail = copy.deepcopy(child)
            tail.text, child.text = child.text[at - pos:], child.text[: at - pos]
            for t in (child, tail):
                t.set(qn("xml:space"), "preserve")
            right.append(tail)
        pos += length
    run._r.addnext(right)
    return Run(right, run._parent)
