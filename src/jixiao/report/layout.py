"""The Word and PDF reports laid out: a LibreOffice pass tells where each heading fell.

The contents' page numbers (and 附件1's labels on its continuation pages) can only be
known once the document is laid out. When LibreOffice is installed, a first conversion
is made, its PDF bookmarks give the page of every heading, and the numbers are written
into the .docx itself, so Word and WPS show them without updating fields. Without
LibreOffice the .docx asks Word to refresh them on opening, as before.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from docx.oxml.ns import qn

from ..analysis import Analysis
from .continued import repeat_parent_labels
from .docx import LANGUAGE, render_document, save_docx, toc_entries, update_fields_on_open
from .pdf import LibreOfficeMissing, convert, find_soffice, set_pdf_language
from .toc import entry_text, match_pages, number_toc, outline_pages


def lay_out(doc, work: Path, name: str = "report") -> Path:
    """Number the contents from a first LibreOffice pass; the first PDF."""
    entries = toc_entries(doc)
    docx = work / f"{name}.docx"
    doc.save(str(docx))
    first = convert(docx, work / "first.pdf")
    pages = match_pages([entry_text(p) for p in entries], outline_pages(first))
    number_toc(doc, entries, pages)
    anchors = [link.get(qn("w:anchor")) for p in entries if (link := p.find(qn("w:hyperlink"))) is not None]
    repeat_parent_labels(doc, first, {a: page for a, page in zip(anchors, pages) if page is not None})
    # every entry numbered: nothing for Word to refresh, so no "update fields?" on opening
    update_fields_on_open(doc, ask=not entries or any(p is None for p in pages))
    return first


def render_docx(analysis: Analysis, out: Path, template: Path | None = None, laid_out: bool = False) -> Path:
    """Write the Word report to `out`; `laid_out` numbers its contents with LibreOffice when installed."""
    doc = render_document(analysis, template)
    if laid_out and find_soffice() is not None:
        with tempfile.TemporaryDirectory(prefix="jixiao-docx-") as tmp:
            lay_out(doc, Path(tmp))
    return save_docx(doc, out)


def render_pdf(analysis: Analysis, out: Path, template: Path | None = None, progress=None,
               docx_out: Path | None = None) -> Path:
    """Write the PDF report to `out` (and the laid-out Word report to `docx_out`, if given).

    `progress(percent, stage)`, if given, is told each step (the web's report queue shows it).
    """
    if find_soffice() is None:
        raise LibreOfficeMissing()
    progress = progress or (lambda percent, stage: None)
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="jixiao-docx-") as tmp:
        progress(20, "生成 Word 文档")
        doc = render_document(analysis, template)
        progress(40, "LibreOffice 转换（第一遍，确定目录页码）")
        lay_out(doc, Path(tmp), out.stem)
        docx = Path(tmp) / (out.stem + ".docx")
        doc.save(str(docx))
        if docx_out is not None:
            save_docx(doc, docx_out)
        progress(70, "LibreOffice 转换（第二遍）")
        return set_pdf_language(convert(docx, out), LANGUAGE)
