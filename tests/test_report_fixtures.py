"""Helpers for the report tests: render from YAML text and read a Word document back as text."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from jixiao.analysis import analyse
from jixiao.io.load import load_text
from jixiao.sources import open_source
from jixiao.report import render_docx

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "xinshi-hrss-2024.yaml"
SAMPLE = ROOT / "examples" / "project-selfeval-sample.yaml"


def analysis_of(path_or_text: Path | str, file: str = "评价.yaml"):
    loaded = open_source(path_or_text) if isinstance(path_or_text, Path) else load_text(path_or_text, file)
    assert loaded.ok, [str(p) for p in loaded.problems]
    return analyse(loaded.evaluation)


def render(path_or_text: Path | str, out: Path, **kw) -> Document:
    render_docx(analysis_of(path_or_text), out, **kw)
    return Document(str(out))


def _cell_texts(row) -> list[str]:
    """A row's cell texts, a merged (spanned) cell counted once."""
    seen, out = set(), []
    for tc in row._tr.findall(qn("w:tc")):
        if id(tc) in seen:
            continue
        seen.add(id(tc))
        out.append("".join(t.text or "" for t in tc.iter(qn("w:t"))).strip())
    return out


def document_text(doc: Document) -> str:
    """The document in reading order: paragraphs, and table rows as cells joined by “ | ”."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = Paragraph(child, doc._body).text.strip()
            if text:
                lines.append(text)
        elif child.tag == qn("w:tbl"):
            for row in Table(child, doc._body).rows:
                lines.append(" | ".join(_cell_texts(row)))
    return "\n".join(lines) + "\n"


def table_after(doc: Document, caption_start: str):
    """The first table following a paragraph that starts with caption_start."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    armed = False
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p") and Paragraph(child, doc._body).text.strip().startswith(caption_start):
            armed = True
        elif child.tag == qn("w:tbl") and armed:
            return Table(child, doc._body)
    raise AssertionError(f"no table after “{caption_start}”")


def body_rows(table) -> list[list[str]]:
    """Rows below the header, as plain cell texts (merged cells repeat their text)."""
    return [[c.text.strip() for c in row.cells] for row in table.rows[1:]]
