"""A report saved as text or Markdown: paragraphs by blank lines, headings by their numbering,
tables as Markdown pipes or as tab-separated lines (as a report copied out of Word reads).

A paragraph a page break cut in two (no full stop before the blank lines) is joined again; a row
whose first cells are empty continues the merged cells of the row above."""

from __future__ import annotations

import re
import unicodedata

from .document import Cell, Document, Paragraph, Table, numbered
from .structure import structure

_MARKUP = re.compile(r"^\s*#+\s*|\*\*|__")
_SENTENCE_END = tuple("。；;！!？?：:”」）)")
_ALIGNED_GAP = re.compile(r"\s{2,}|　+")  # two spaces or more, or an ideographic space
_CUT_CLAUSE = re.compile(r"^[^，。；：、\s]{1,3}[，、]")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}")


def read_text_document(text: str, file: str, pages: list[int] | None = None) -> Document:
    """`pages`: the page of each line (a PDF's text), else none is known."""
    doc = Document(file, kind="text")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    groups = _groups(lines)
    for kind, start, body in groups:
        page = pages[start - 1] if pages and start <= len(pages) else None
        if kind == "table":
            doc.blocks.append(_table(len(doc.tables), start, body))
            doc.blocks[-1].page = page
        else:
            doc.blocks.append(Paragraph(body[0], len(doc.paragraphs), page=page, line=None if pages else start))
    return structure(doc)


def _clean(line: str) -> str:
    return _MARKUP.sub("", line).strip()


def _is_row(line: str) -> bool:
    if "\t" in line.strip("\n") and not re.search(r"[.．…]{3,}\s*\t", line) or line.lstrip().startswith("|"):
        return True
    return len(_ALIGNED_GAP.split(line.strip())) >= 3  # columns set apart by runs of spaces


def _groups(lines: list[str]) -> list[tuple[str, int, list[str]]]:
    """("table", first line, rows) and ("text", line, [paragraph]) in order."""
    out: list[tuple[str, int, list[str]]] = []
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        if _is_row(raw):
            if _PIPE_RULE.match(raw.strip()):
                continue
            last = out[-1] if out else None
            if last and last[0] == "table" and _only_blank_between(lines, last, number):
                last[2].append(raw)
            else:
                out.append(("table", number, [raw]))
            continue
        text = _clean(raw)
        if not text:
            continue
        last = out[-1] if out else None
        marked = raw.lstrip().startswith("#")  # a Markdown heading is a line of its own
        broken = number > 1 and lines[number - 2].endswith("  ") and lines[number - 2].strip()  # Markdown's line break
        if last and last[0] == "text" and not marked and not last[2][1:] and (broken or _continues(last[2][0], text)):
            last[2][0] += text
        else:
            out.append(("text", number, [text] + (["#"] if marked else [])))
    return out


def _only_blank_between(lines: list[str], group: tuple[str, int, list[str]], number: int) -> bool:
    """Rows of one table may be parted by blank lines (a page break), never by text."""
    end = group[1]
    while end < number - 1 and (lines[end].strip() == "" or _is_row(lines[end])):
        end += 1
    return end >= number - 1


def _continues(previous: str, text: str) -> bool:
    """Whether `text` is the rest of a paragraph a page break cut: the paragraph stops mid-sentence."""
    if len(previous) < 20 or previous.endswith(_SENTENCE_END) or not re.search("[，、]", previous):
        return False  # a title line, a cover line or a finished sentence
    if numbered(previous) and not _CUT_CLAUSE.match(text):  # a heading, unless the text goes on mid-clause
        return False
    return numbered(text) is None and not text.startswith(("表", "附件", "单位："))


def _table(index: int, line: int, raw_rows: list[str]) -> Table:
    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}
    starts = _starts(raw_rows[0]) if _aligned(raw_rows[0]) else []
    for r, raw in enumerate(raw_rows):
        texts = _placed(raw, starts) if starts and _aligned(raw) else _cells(raw)
        row: list[Cell] = []
        leading = r > 0
        for c, text in enumerate(texts):
            text = _clean(text)
            if leading and not text and c in above:
                # an empty first cell continues the merged cell above it
                merged = above[c]
                above[c] = Cell(merged.text, merged.row, merged.col, merged.rowspan + 1, merged.colspan)
                _replace(rows, merged, above[c])
                continue
            leading = False
            cell = Cell(text, r, c)
            row.append(cell)
            above[c] = cell
        rows.append(row)
    return Table(index, _fit(rows), line=line)


def _fit(rows: list[list[Cell]]) -> list[list[Cell]]:
    """A row with one stray tab (one cell more than most rows of its table) loses its first empty cell."""
    def width(row: list[Cell]) -> int:
        filled = [c.col + c.colspan for c in row if c.text]
        return max(filled, default=0)

    widths = [width(r) for r in rows]
    common = max(set(widths), key=widths.count) if widths else 0
    fitted = []
    for row, w in zip(rows, widths):
        blank = next((i for i, c in enumerate(row) if not c.text and c.rowspan == 1 and i), None)
        if w == common + 1 and blank is not None:
            row = row[:blank] + [Cell(c.text, c.row, c.col - 1, c.rowspan, c.colspan) for c in row[blank + 1:]]
        fitted.append(row)
    return fitted


def _replace(rows: list[list[Cell]], old: Cell, new: Cell) -> None:
    row = rows[old.row]
    row[row.index(old)] = new


def _aligned(raw: str) -> bool:
    return "\t" not in raw and not raw.lstrip().startswith("|")


def _starts(raw: str) -> list[int]:
    """Where each field of an aligned line starts (a CJK character is two columns wide, as an editor shows it)."""
    widths = [2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in raw]
    column, starts, inside = 0, [], False
    for i, ch in enumerate(raw):
        gap = ch == " " and (i + 1 < len(raw) and raw[i + 1] == " " or i and raw[i - 1] == " ") or ch == "　"
        if not gap and not ch.isspace() and not inside:
            starts.append(column)
        inside = not gap and not ch.isspace() or (inside and ch == " " and not gap)
        column += widths[i]
    return starts


def _placed(raw: str, header: list[int]) -> list[str]:
    """An aligned line's fields in the header's columns: each under the header field it starts nearest to."""
    fields = [f for f in _ALIGNED_GAP.split(raw.strip()) if f]
    out = [""] * len(header)
    for field, start in zip(fields, _starts(raw)):
        col = min(range(len(header)), key=lambda k: abs(header[k] - start))
        out[col] = f"{out[col]} {field}".strip()
    return out


def _cells(raw: str) -> list[str]:
    line = raw.rstrip("\n")
    if line.lstrip().startswith("|"):
        return [c.strip() for c in line.strip().strip("|").split("|")]
    return [c.strip() for c in line.split("\t")]
