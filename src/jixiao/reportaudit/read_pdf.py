"""A report as a PDF, read by position with pdfplumber: tables from the ruling lines the word
processor drew (so a merged cell is one cell with its span, and a cell's wrapped lines are one
text), paragraphs from the lines outside them (a new paragraph where a line is indented or the
previous one ended a sentence), page numbers kept. A table that runs on over a page break is one
table, its repeated header row dropped.

pdfplumber rather than poppler's `pdftotext -bbox-layout`: poppler gives words and blocks but not
the cell borders, and it merges a column's cells into one block, so cells cannot be rebuilt."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..problems import Problem, Source, error
from .document import Cell, Document, Paragraph, Table
from .structure import TOC_LINE, structure

_SENTENCE_END = tuple("。；;！!？?：:")
_FOOTER = re.compile(r"^[\s—\-–－·第]*\d+\s*[页]?[\s—\-–－·]*(?:/\s*\d+\s*)?$")
INDENT = 12  # points: a first-line indent of two characters is about 24


def read_pdf_document(path: Path, file: str) -> tuple[Document | None, list[Problem]]:
    where = Source(file=file)
    with open(path, "rb") as f:
        if f.read(5) != b"%PDF-":
            return None, [error("audit.unreadable", "不是有效的 PDF 文件（文件头不是 %PDF-），文件可能已损坏或被改名", where)]
    try:
        pages = _pages(path)
    except Exception as exc:  # pdfminer raises many kinds on a damaged or encrypted file
        return None, [error("audit.unreadable", f"PDF 文件无法读取（已损坏或已加密）：{type(exc).__name__}", where)]
    doc = Document(file, kind="pdf")
    previous = None
    for number, (margins, items) in enumerate(pages, 1):
        for kind, item in items:
            if kind == "line":
                _line(doc, item, number, margins, previous)
                previous = item
            else:
                _table(doc, item, number)
                previous = None
    return structure(doc), []


def _pages(path: Path) -> list[tuple[tuple[float, float], list[tuple[str, object]]]]:
    """Every page's margins and its lines and tables in reading order; the pages are shared among
    the processors, since parsing a page's drawing is most of the time a PDF takes."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        count = len(pdf.pages)
    workers = min(os.cpu_count() or 1, 4, max(1, count // 8))
    if workers == 1:
        return _read_range((str(path), 0, count))
    import concurrent.futures
    import multiprocessing

    step = -(-count // workers)
    ranges = [(str(path), i, min(i + step, count)) for i in range(0, count, step)]
    # fork shares the already imported code (as jixiao review does); where it is missing, spawn re-imports it
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        return [page for part in pool.map(_read_range, ranges) for page in part]


def _read_range(job: tuple[str, int, int]) -> list[tuple[tuple[float, float], list[tuple[str, object]]]]:
    import pdfplumber

    path, first, last = job
    with pdfplumber.open(path, pages=list(range(first + 1, last + 1))) as pdf:
        return [_page(page) for page in pdf.pages]


def _page(page) -> tuple[tuple[float, float], list[tuple[str, object]]]:
    found = page.find_tables()
    boxes = [t.bbox for t in found]
    items: list[tuple[float, str, object]] = [(t.bbox[1], "table", _cells(t)) for t in found]
    outside = page.filter(lambda obj: not any(_inside(obj, b) for b in boxes))
    for line in outside.extract_text_lines(strip=True):
        if line["top"] > page.height * 0.85 and _FOOTER.match(line["text"]):
            continue  # the page number in the footer: 23, — 23 —, 第23页
        items.append((line["top"], "line", {k: line[k] for k in ("x0", "x1", "top", "text")}))
    items.sort(key=lambda item: item[0])
    lines = [item for _, kind, item in items if kind == "line"]
    margins = (min((x["x0"] for x in lines), default=0), max((x["x1"] for x in lines), default=0))
    return margins, [(kind, item) for _, kind, item in items]


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
    y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _line(doc: Document, line: dict, page: int, margins: tuple[float, float], previous: dict | None) -> None:
    """A line goes on the paragraph before it unless it is indented, or the line before ended a
    sentence or stopped short of the right margin."""
    text = line["text"].strip()
    left, right = margins
    last = doc.blocks[-1] if doc.blocks else None
    starts = (previous is None or line["x0"] > left + INDENT or previous["x1"] < right - 6 * INDENT
              or previous["text"].rstrip().endswith(_SENTENCE_END) or TOC_LINE.match(previous["text"].strip()))
    if isinstance(last, Paragraph) and not starts and abs(line["x0"] - left) < INDENT:
        last.text += text
        return
    doc.blocks.append(Paragraph(text, len(doc.paragraphs), page=page))


def _cells(found) -> tuple[list[list[Cell]], list[int]]:
    """A table's cells from its ruling lines, each merged cell once with its span, and the x of
    each of its column edges."""
    texts = found.extract()
    boxes = [c for row in found.rows for c in row.cells if c is not None]
    xs = sorted({round(b[0]) for b in boxes} | {round(b[2]) for b in boxes})
    ys = sorted({round(b[1]) for b in boxes} | {round(b[3]) for b in boxes})
    rows: list[list[Cell]] = []
    for i, row in enumerate(found.rows):
        cells = []
        for j, box in enumerate(row.cells):
            if box is None:
                continue  # covered by a cell merged from above or from the left
            col, top = xs.index(round(box[0])), ys.index(round(box[1]))
            text = (texts[i][j] or "").replace("\n", "").strip()
            cells.append(Cell(text, top, col, max(1, ys.index(round(box[3])) - top), max(1, xs.index(round(box[2])) - col)))
        rows.append(cells)
    return _renumber([r for r in rows if r]), xs


def _table(doc: Document, found: tuple[list[list[Cell]], list[int]], page: int) -> None:
    rows, xs = found
    last = doc.blocks[-1] if doc.blocks else None
    if isinstance(last, Table) and (last.last_page or last.page) == page - 1 and rows:
        if not _same_columns(last, rows):  # the next page's part, its columns cut by fewer edges
            rows = _onto(rows, xs, last.edges)
        if rows is not None:
            _continue(last, rows, page)
            last.last_page = page
            return
        rows = found[0]
    doc.blocks.append(Table(len(doc.tables), rows, page=page, edges=xs))


def _onto(rows: list[list[Cell]], xs: list[int], edges: list[int]) -> list[list[Cell]] | None:
    """The cells of a continuation put on the columns of the table they continue, where every edge
    of theirs is one of its edges (within a point or two); None where they are another table's."""
    def near(x: int) -> int | None:
        return next((i for i, e in enumerate(edges) if abs(e - x) <= 2), None)

    out = []
    for row in rows:
        cells = []
        for c in row:
            first, end = near(xs[c.col]), near(xs[c.col + c.colspan])
            if first is None or end is None:
                return None
            cells.append(Cell(c.text, c.row, first, c.rowspan, end - first))
        out.append(cells)
    return out


def _renumber(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Rows counted from 0 in order; a span counts the rows it covers."""
    tops = [row[0].row for row in rows]
    out = []
    for i, row in enumerate(rows):
        out.append([Cell(c.text, i, c.col, max(1, sum(1 for t in tops if c.row <= t < c.row + c.rowspan)), c.colspan)
                    for c in row])
    return out


def _same_columns(table: Table, rows: list[list[Cell]]) -> bool:
    def width(rs: list[list[Cell]]) -> int:
        return max((c.col + c.colspan for r in rs for c in r), default=0)

    return bool(rows) and width(table.rows) == width(rows)


def _continue(table: Table, rows: list[list[Cell]], page: int) -> None:
    """Rows of the next page appended; the header printed again is dropped."""
    head = [c.text for c in table.rows[0]] if table.rows else []
    if rows and [c.text for c in rows[0]] == head:
        rows = rows[1:]
    if rows and _remainder(table, rows[0]):
        _join(table.rows[-1], rows[0])
        rows = rows[1:]
    base = len(table.rows)
    for i, row in enumerate(rows):
        table.rows.append([Cell(c.text, base + i, c.col, c.rowspan, c.colspan) for c in row])


def _remainder(table: Table, row: list[Cell]) -> bool:
    """A row the page break split: blank in the row's name — the first column that each row before
    it fills in a cell of its own (the 三级指标) — while holding text in others."""
    body = table.rows[1:]
    if not body or not any(c.text for c in row):
        return False
    keys = set.intersection(*({c.col for c in r if c.text and c.rowspan == 1 and c.colspan == 1} for r in body))
    return bool(keys) and not any(c.text for c in row if c.col == min(keys))


def _join(last: list[Cell], rest: list[Cell]) -> None:
    """The split row's two parts made one: each column's text continued."""
    at = {c.col: i for i, c in enumerate(last)}
    for c in rest:
        if c.text and c.col in at:
            i = at[c.col]
            last[i] = Cell(last[i].text + c.text, last[i].row, last[i].col, last[i].rowspan, last[i].colspan)
