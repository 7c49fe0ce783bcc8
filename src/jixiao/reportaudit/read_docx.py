"""A report as Word delivers it (.docx): the body's paragraphs and tables in order, each merged
cell once with its span, the page a paragraph is on where Word recorded its page breaks.

The file is checked as every Office file jixiao opens is (size, parts, macros) before python-docx
parses it. Indices are python-docx's own (Document.paragraphs, Document.tables), so a comment can be
anchored at the place a problem names."""

from __future__ import annotations

from pathlib import Path

from ..excel.safety import Limits, check_archive
from ..problems import Problem, Source, error
from .document import Cell, Document, Paragraph, Table
from .structure import structure

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLES = ("Heading ", "标题 ", "heading ")


def read_docx_document(path: Path, file: str) -> tuple[Document | None, list[Problem]]:
    from ..sources.docx_form import DOCX_PART, in_word_terms

    where = Source(file=file)
    with open(path, "rb") as f:
        refused = check_archive(f, where, Limits.from_env(), DOCX_PART, "word/document.xml")
    if refused:
        return None, [in_word_terms(p) for p in refused]
    too_large = _document_part(path, where)
    if too_large:
        return None, too_large
    import docx

    try:
        word = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        return None, [error("audit.unreadable", f"Word 文档无法读取：{type(exc).__name__}", where)]
    return _document(word, file), []


def _document_part(path: Path, where: Source) -> list[Problem]:
    """The body part's unzipped size, before python-docx builds it in memory (a 45-page report's is 2 MB)."""
    import zipfile

    from ..sources.docx_form import MAX_DOCUMENT

    with zipfile.ZipFile(path) as archive:
        size = sum(e.file_size for e in archive.infolist() if e.filename == "word/document.xml")
    if size > MAX_DOCUMENT:
        return [error("audit.too_large", f"Word 文档正文部分解压后为 {size / 2**20:,.1f} MB，"
                      f"超过上限 {MAX_DOCUMENT / 2**20:,.0f} MB，已拒绝读取", where)]
    return []


def _document(word, file: str) -> Document:
    from docx.table import Table as WordTable

    doc = Document(file, kind="docx")
    names = _style_names(word)
    styled: dict[int, int] = {}
    page, breaks = 1, False
    p_index = t_index = 0
    for item in word.iter_inner_content():  # body paragraphs and tables in order, as Document.paragraphs / .tables count them
        found = sum(_page_breaks(p) for p in item._element.iter(W + "p")) if isinstance(item, WordTable) else _page_breaks(item._p)
        if isinstance(item, WordTable):
            doc.blocks.append(Table(t_index, _rows(item), page=page))
            t_index += 1
        else:
            page += found
            text = item.text.strip()
            if text:
                doc.blocks.append(Paragraph(text, p_index, page=page))
                level = _style_level(item, names)
                if level:
                    styled[p_index] = level
            p_index += 1
            found = 0
        breaks = breaks or bool(found) or page > 1
        page += found
    if not breaks:  # Word never laid the file out (python-docx, LibreOffice): no page is known
        for block in doc.blocks:
            block.page = None
    return structure(doc, styled)


def _page_breaks(element) -> int:
    rendered = sum(1 for _ in element.iter(W + "lastRenderedPageBreak"))
    hard = sum(1 for br in element.iter(W + "br") if br.get(W + "type") == "page")
    return rendered or hard


def _style_names(word) -> dict[str, str]:
    """Style id → name, read once (python-docx looks a paragraph's style up anew each time)."""
    try:
        return {s.style_id: s.name or "" for s in word.styles}
    except (KeyError, ValueError):
        return {}


def _style_level(para, names: dict[str, str]) -> int | None:
    ppr = para._p.pPr
    style = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
    name = names.get(style, "") if style else ""
    for prefix in _HEADING_STYLES:
        if name.startswith(prefix) and name[len(prefix):].strip().isdigit():
            return int(name[len(prefix):])
    return None


def _rows(table) -> list[list[Cell]]:
    """Each cell once, at its top-left grid position, with how many rows and columns it spans."""
    seen: dict[int, list[int]] = {}  # id of the cell's XML element → [row, col, rowspan, colspan]
    order: list[tuple[int, str]] = []
    alive = []  # keeps each element's proxy, so its id stays its own
    for r, row in enumerate(table.rows):
        col = row.grid_cols_before
        last = None
        for cell in row.cells:
            alive.append(cell._tc)
            key = id(cell._tc)
            if key not in seen:
                seen[key] = [r, col, 1, 1]
                order.append((key, cell.text.strip()))
            else:
                span = seen[key]
                if span[0] == r:
                    span[3] = max(span[3], col - span[1] + 1)
                elif key != last:
                    span[2] = r - span[0] + 1
            last = key
            col += 1
    rows: list[list[Cell]] = [[] for _ in table.rows]
    for key, text in order:
        r, c, rowspan, colspan = seen[key]
        rows[r].append(Cell(text, r, c, rowspan, colspan))
    return rows
