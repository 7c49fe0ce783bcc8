"""The evaluation report: Word, PDF and HTML from one report context.

    build_context(analysis) -> dict          every number formatted once
    render_docx(analysis, out, template=None) -> Path
    render_pdf(analysis, out, template=None) -> Path   (LibreOfficeMissing without soffice)
    render_html(analysis) -> str
"""

from __future__ import annotations

from .context import build_context
from .docx import TemplateError, render_docx
from .html import render_html
from .pdf import ConversionFailed, LibreOfficeMissing, render_pdf

__all__ = [
    "build_context",
    "render_docx",
    "render_pdf",
    "render_html",
    "LibreOfficeMissing",
    "ConversionFailed",
    "TemplateError",
]
