"""A report as a PDF: poppler's pdftotext (already a system dependency of the PDF report, no new
package) gives each page's text in reading order, and the pages are numbered by its form feeds.

Tables are read as text only: their rows, printed with wrapped cells across lines, are not rebuilt
into cells, so the checks that read tables see none in a PDF (said once as audit.pdf_tables)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..problems import Problem, Source, error, info
from .document import Document
from .read_text import read_text_document

PDF_SECONDS = 60


def read_pdf_document(path: Path, file: str) -> tuple[Document | None, list[Problem]]:
    where = Source(file=file)
    with open(path, "rb") as f:
        if f.read(5) != b"%PDF-":
            return None, [error("audit.unreadable", "不是有效的 PDF 文件（文件头不是 %PDF-），文件可能已损坏或被改名", where)]
    tool = shutil.which("pdftotext")
    if tool is None:
        return None, [error("audit.convert", "读取 PDF 需要 poppler 的 pdftotext，本机未安装：请 apt-get install poppler-utils", where)]
    try:
        done = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=PDF_SECONDS)
    except subprocess.TimeoutExpired:
        return None, [error("audit.convert", f"PDF 读取超过 {PDF_SECONDS} 秒未完成，已停止", where)]
    if done.returncode != 0:
        return None, [error("audit.unreadable", "PDF 文件无法读取（已损坏或已加密）", where)]
    text = done.stdout.decode("utf-8", "replace")
    pages, lines = [], []
    for number, page in enumerate(text.split("\f"), 1):
        for line in page.split("\n"):
            lines.append(line)
            pages.append(number)
    doc = read_text_document("\n".join(lines), file, pages=pages)
    doc.kind = "pdf"
    return doc, [info("audit.pdf_tables", "PDF 中的表格按文字读取，未还原为单元格：表格之间的核对请用 Word 版本", where)]
