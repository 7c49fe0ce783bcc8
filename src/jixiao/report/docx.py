"""The Word report: docxtpl over the shipped (or a firm's own) template, then python-docx.

docxtpl fills the template from the report context; python-docx then does what a
template cannot: merges the parent-level cells of indicator tables, marks header
rows to repeat on each page, and fills the table of contents field.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage

from ..analysis import Analysis
from .chart import chart_png
from .context import build_context
from .jinja import environment

TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORT_TEMPLATE = TEMPLATES / "report.docx"
SELFEVAL_TEMPLATE = TEMPLATES / "selfeval.docx"

MERGE_HEADERS = ("一级指标", "二级指标")
TOTAL_LABELS = ("合计", "总分")


class TemplateError(Exception):
    """The Word template could not be read or rendered; the message is for the user."""


def default_template(analysis: Analysis) -> Path:
    return SELFEVAL_TEMPLATE if analysis.evaluation.kind == "project_self_evaluation" else REPORT_TEMPLATE


def _images(tpl: DocxTemplate, ctx: dict[str, Any], base: Path) -> dict[str, Any]:
    """The context with the chart and the photos as images of this template."""
    ctx = dict(ctx)
    chart = ctx.get("chart")
    ctx["chart_image"] = (
        InlineImage(tpl, io.BytesIO(chart_png(chart)), width=Cm(14)) if chart and chart["labels"] else ""
    )
    photos = []
    for photo in ctx.get("photos", []):
        image = ""
        if photo["file"]:
            path = Path(photo["file"])
            path = path if path.is_absolute() else base / path
            if path.is_file():
                image = InlineImage(tpl, str(path), width=Cm(12))
        photos.append({**photo, "image": image})
    ctx["photos"] = photos
    return ctx


def render_document(analysis: Analysis, template: Path | None = None, ctx: dict[str, Any] | None = None):
    """The rendered python-docx Document (not yet saved)."""
    path = Path(template) if template else default_template(analysis)
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception as exc:  # a corrupt or non-Word file: say which and why
        raise TemplateError(f"无法读取Word模板 {path}：{exc}") from None
    ctx = build_context(analysis) if ctx is None else ctx
    base = Path(analysis.evaluation.file).resolve().parent if analysis.evaluation.file else Path.cwd()
    try:
        tpl.render(_images(tpl, ctx, base), environment(), autoescape=True)
    except Exception as exc:  # jinja syntax errors in a firm's template
        raise TemplateError(f"Word模板 {path} 无法填充：{exc}") from None
    doc = tpl.docx
    finish(doc)
    return doc


def render_docx(analysis: Analysis, out: Path, template: Path | None = None) -> Path:
    """Write the Word report to `out` (atomically: a failed run leaves an existing file as it was)."""
    doc = render_document(analysis, template)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".jixiao-", suffix=".docx", dir=out.parent)
    os.close(fd)
    try:
        doc.save(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


# -- post-processing ------------------------------------------------------------------


def finish(doc) -> None:
    for table in doc.tables:
        repeat_header(table)
        merge_parents(table)
    fill_toc(doc)
    update_fields_on_open(doc)


def repeat_header(table) -> None:
    if not table.rows:
        return
    trpr = table.rows[0]._tr.get_or_add_trPr()
    if trpr.find(qn("w:tblHeader")) is None:
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        trpr.append(el)


def _clear(cell) -> None:
    paragraphs = cell.paragraphs
    for p in paragraphs[1:]:
        p._p.getparent().remove(p._p)
    for r in list(paragraphs[0]._p.findall(qn("w:r"))):
        paragraphs[0]._p.remove(r)


def merge_parents(table) -> None:
    """Merge runs of equal 一级指标 / 二级指标 cells (a 二级 run never crosses its 一级)."""
    rows = table.rows
    if len(rows) < 3:
        return
    header = [c.text.strip() for c in rows[0].cells]
    columns = [i for i, h in enumerate(header) if h in MERGE_HEADERS]
    if not columns or columns[0] != 0:
        return
    body = [r for r in rows[1:] if r.cells[0].text.strip() not in TOTAL_LABELS]
    texts = [[r.cells[c].text for c in range(len(header))] for r in body]
    for depth, col in enumerate(columns):
        start = 0
        while start < len(body):
            end = start
            key = [texts[start][c] for c in columns[: depth + 1]]
            while end + 1 < len(body) and [texts[end + 1][c] for c in columns[: depth + 1]] == key:
                end += 1
            if end > start and texts[start][col].strip():
                top = body[start].cells[col]
                for k in range(start + 1, end + 1):
                    _clear(body[k].cells[col])
                top.merge(body[end].cells[col])
            start = end + 1
    for r in rows[1:]:
        cells = r.cells
        if cells[0].text.strip() in TOTAL_LABELS and len(columns) >= 1 and len(cells) > 3:
            span = 3 if "三级指标" in header else len(columns)
            if all(not cells[k].text.strip() for k in range(1, span)):
                cells[0].merge(cells[span - 1])


def fill_toc(doc) -> None:
    """Put the headings into the TOC field's result, so the PDF has a contents page; Word refreshes it."""
    body = doc.element.body
    instr = next((t for t in body.iter(qn("w:instrText")) if "TOC" in (t.text or "")), None)
    if instr is None:
        return
    para = instr.getparent().getparent()
    runs = list(para.findall(qn("w:r")))
    sep_index = next(
        (i for i, r in enumerate(runs) if (c := r.find(qn("w:fldChar"))) is not None
         and c.get(qn("w:fldCharType")) == "separate"), None)
    if sep_index is None:
        return
    end_run = None
    for r in runs[sep_index + 1:]:
        c = r.find(qn("w:fldChar"))
        para.remove(r)
        if c is not None and c.get(qn("w:fldCharType")) == "end":
            end_run = r
            break
    if end_run is None:
        return
    from docx.text.paragraph import Paragraph

    headings = []
    seen_toc = False
    for p in doc.paragraphs:
        if p._p is para:
            seen_toc = True
            continue
        if not seen_toc:
            continue
        name = p.style.name if p.style is not None else ""
        if name in ("Heading 1", "Heading 2") and p.text.strip():
            headings.append((1 if name == "Heading 1" else 2, p.text.strip()))
    anchor = para
    styles = {s.name for s in doc.styles}
    for level, text in headings:
        new = OxmlElement("w:p")
        anchor.addnext(new)
        paragraph = Paragraph(new, doc._body)
        style = f"TOC {level}"
        if style in styles:
            paragraph.style = doc.styles[style]
        paragraph.add_run(text)
        anchor = new
    anchor.append(end_run)


def update_fields_on_open(doc) -> None:
    """Ask Word to refresh the TOC (page numbers) when the document is opened."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        el = OxmlElement("w:updateFields")
        el.set(qn("w:val"), "true")
        settings.append(el)
