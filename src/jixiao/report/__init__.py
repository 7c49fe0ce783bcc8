"""The evaluation report: Word, PDF and HTML from one report context.

    build_report(analysis) -> ReportContext  every number formatted once, as typed records by chapter
    build_context(analysis) -> dict          the same records as the dicts the templates are filled from
    render_docx(analysis, out, template=None) -> Path
    render_pdf(analysis, out, template=None) -> Path   (LibreOfficeMissing without soffice)
    render_html(analysis) -> str
"""

from __future__ import annotations

from .context import ReportContext, build_context, build_report
from .docx import TemplateError
from .html import render_html
from .layout import render_docx, render_pdf
from .pdf import ConversionFailed, LibreOfficeMissing

__all__ = [
    "build_context",
    "build_report",
    "ReportContext",
    "render_docx",
    "render_pdf",
    "render_html",
    "LibreOfficeMissing",
    "ConversionFailed",
    "TemplateError",
]
