"""The Word report: docxtpl over the shipped (or a firm's own) template, then python-docx.

docxtpl fills the template from the report context; python-docx then does what a
template cannot: merges the parent-level cells of indicator tables, marks header
rows to repeat on each page, and fills the table of contents field.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import secrets
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm
from docxtpl import DocxTemplate, InlineImage

from ..analysis import Analysis
from ..model.evaluation import Evaluation
from .context import build_context
from .draft import draft_mark, mark_draft
from .jinja import environment
from .paginate import paginate
from .toc import fill_toc
from .balance import fit_all

TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORT_TEMPLATE = TEMPLATES / "report.docx"
SELFEVAL_TEMPLATE = TEMPLATES / "selfeval.docx"

LANGUAGE = "zh-CN"
# digits and Latin letters: as Word's Chinese documents mark them; marked zh-CN, LibreOffice
# breaks a number such as 2024 or 2.16 across two lines of justified Chinese text
LATIN_LANGUAGE = "en-US"
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
    from .chart import chart_png  # matplotlib costs a second to import: not for every command

    png = chart_png(chart) if chart and chart["labels"] else None
    ctx["chart_png"] = png  # to find the chart again after rendering (its caption)
    ctx["chart_image"] = InlineImage(tpl, io.BytesIO(png), width=Cm(14)) if png else ""
    photos = []
    for photo in ctx.get("photos", []):
        image = ""
        if photo["file"]:
            path = Path(photo["file"])
            path = path if path.is_absolute() else base / path
            if path.is_file():
                image = InlineImage(tpl, str(path), width=Mm(int(photo.get("width_mm") or 120)))
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
    filled = _images(tpl, ctx, base)
    try:
        tpl.render(filled, environment(), autoescape=True)
    except Exception as exc:  # jinja syntax errors in a firm's template
        raise TemplateError(f"Word模板 {path} 无法填充：{exc}") from None
    doc = tpl.docx
    paginate(doc, filled["chart_png"], (ctx.get("chart") or {}).get("title", ""))
    finish(doc)
    fit_all(doc)  # after the 合计 rows are spanned: widths are set per grid column
    if analysis.errors:  # what the checks call wrong is not delivered as final
        mark_draft(doc, draft_mark())
    describe(doc, analysis.evaluation, ctx["title"])
    return doc


def save_docx(doc, out: Path) -> Path:
    """Write `doc` to `out` atomically: a failed run leaves an existing file as it was."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # a staging file beside the target (created like any file, so the umask applies)
    tmp = out.parent / f".{out.stem}.{os.getpid()}.{secrets.token_hex(4)}.part"
    try:
        doc.save(str(tmp))
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


# -- document properties (Word's 属性, carried into the PDF) ---------------------------


def author_of(ev: Evaluation) -> str:
    """Who wrote the report: the evaluation firm, else the evaluated department itself (自评)."""
    if ev.engagement is not None and ev.engagement.firm:
        return ev.engagement.firm
    if ev.entity is not None:
        return ev.entity.name
    if ev.project is not None:
        return ev.project.department or ev.project.implementer or ""
    return ""


def describe(doc, ev: Evaluation, title: str) -> None:
    """Title, author, dates and language from the evaluation, not the template's (python-docx's) own."""
    props = doc.core_properties
    author = author_of(ev)[:255]  # the properties hold at most 255 characters
    props.title = title[:255]
    props.author = author
    props.last_modified_by = author
    props.subject = ev.kind_label
    props.category = ev.kind_label
    props.keywords = f"预算绩效评价；{ev.year}年度" if ev.year else "预算绩效评价"
    props.comments = ""
    props.language = LANGUAGE
    props.revision = 1
    report_date = ev.engagement.report_date if ev.engagement else None
    when = (dt.datetime.combine(report_date, dt.time()) if report_date
            else dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0))
    props.created = when
    props.modified = when
    set_language(doc, LANGUAGE, LATIN_LANGUAGE)
    # the template's preview picture shows python-docx's blank page, not this report
    package_rels = doc.part.package.rels
    for rid in [rid for rid, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        package_rels.pop(rid)


def set_language(doc, language: str, latin: str) -> None:
    """The proofing language of the whole document (styles' run defaults): `language` for the
    Chinese text, `latin` for the digits and Latin letters among it."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), latin)
    lang.set(qn("w:eastAsia"), language)


# -- post-processing ------------------------------------------------------------------


def finish(doc) -> None:
    """Tables merged and repeated, the contents filled; Word is asked to refresh the page numbers
    (layout.lay_out writes them instead, and withdraws the request, when LibreOffice is there)."""
    for table in doc.tables:
        repeat_header(table)
        merge_parents(table)
    fill_toc(doc, toc_style_ids(doc))
    update_fields_on_open(doc)


def repeat_header(table) -> None:
    """The header row repeats on every page; no row is split across pages."""
    trs = table._tbl.findall(qn("w:tr"))
    if not trs:
        return
    for k, tr in enumerate(trs):
        trpr = tr.get_or_add_trPr()
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.insert(0, OxmlElement("w:cantSplit"))
        if k == 0 and trpr.find(qn("w:tblHeader")) is None:
            el = OxmlElement("w:tblHeader")
            el.set(qn("w:val"), "true")
            trpr.append(el)


def _tcs(tr) -> list:
    return tr.findall(qn("w:tc"))


def text_of(tc) -> str:
    """The text of a table cell or paragraph (every w:t inside it), stripped."""
    return "".join(t.text or "" for t in tc.iter(qn("w:t"))).strip()


def _clear(tc) -> None:
    """Empty a cell, keeping the one paragraph (and its properties) a cell must have."""
    paragraphs = tc.findall(qn("w:p"))
    for p in paragraphs[1:]:
        tc.remove(p)
    for child in list(paragraphs[0]):
        if child.tag != qn("w:pPr"):
            paragraphs[0].remove(child)


def _v_merge(tc, value: str) -> None:
    tcpr = tc.get_or_add_tcPr()
    el = tcpr.find(qn("w:vMerge"))
    if el is None:
        el = OxmlElement("w:vMerge")
        tcpr.append(el)
    el.set(qn("w:val"), value)


def merge_parents(table) -> None:
    """Merge runs of equal 一级指标 / 二级指标 cells (a 二级 run never crosses its 一级).

    Works on the XML directly (python-docx's cell merging re-reads the whole grid per
    cell); rows that already span columns are left alone.
    """
    trs = table._tbl.findall(qn("w:tr"))
    if len(trs) < 3:
        return
    header = [text_of(tc) for tc in _tcs(trs[0])]
    columns = [i for i, h in enumerate(header) if h in MERGE_HEADERS]
    if not columns or columns[0] != 0:
        return
    width = len(header)
    body = [tr for tr in trs[1:] if len(_tcs(tr)) == width and text_of(_tcs(tr)[0]) not in TOTAL_LABELS]
    texts = [[text_of(tc) for tc in _tcs(tr)] for tr in body]
    for depth, col in enumerate(columns):
        start = 0
        while start < len(body):
            key = [texts[start][c] for c in columns[: depth + 1]]
            end = start
            while end + 1 < len(body) and [texts[end + 1][c] for c in columns[: depth + 1]] == key:
                end += 1
            if end > start and texts[start][col]:
                _v_merge(_tcs(body[start])[col], "restart")
                for k in range(start + 1, end + 1):
                    tc = _tcs(body[k])[col]
                    _clear(tc)
                    _v_merge(tc, "continue")
            start = end + 1
    span = 3 if "三级指标" in header else len(columns)
    for tr in trs[1:]:
        tcs = _tcs(tr)
        if len(tcs) != width or text_of(tcs[0]) not in TOTAL_LABELS or span < 2:
            continue
        if any(text_of(tc) for tc in tcs[1:span]):
            continue
        # 合计 spans the indicator-name columns
        first = tcs[0]
        tcpr = first.get_or_add_tcPr()
        total_width = 0
        for tc in tcs[:span]:
            w = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            total_width += int(w.get(qn("w:w"), "0")) if w is not None else 0
        for tc in tcs[1:span]:
            tr.remove(tc)
        grid_span = OxmlElement("w:gridSpan")
        grid_span.set(qn("w:val"), str(span))
        tcw = tcpr.find(qn("w:tcW"))
        if tcw is not None and total_width:
            tcw.set(qn("w:w"), str(total_width))
            tcw.addnext(grid_span)
        else:
            tcpr.insert(0, grid_span)


def _style_id(doc, name: str) -> str | None:
    try:
        return doc.styles[name].style_id
    except KeyError:
        return None


def _p_style(p) -> str | None:
    ppr = p.find(qn("w:pPr"))
    el = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return el.get(qn("w:val")) if el is not None else None


def toc_style_ids(doc) -> dict[int, str | None]:
    return {1: _style_id(doc, "TOC 1"), 2: _style_id(doc, "TOC 2")}


def toc_entries(doc) -> list:
    """The paragraphs of the filled table of contents (styles TOC 1 / TOC 2)."""
    ids = set(toc_style_ids(doc).values()) - {None}
    return [p for p in doc.element.body.iterchildren(qn("w:p")) if _p_style(p) in ids]


def update_fields_on_open(doc, ask: bool = True) -> None:
    """Ask Word to refresh the TOC (page numbers) when the document is opened, or stop asking."""
    settings = doc.settings.element
    el = settings.find(qn("w:updateFields"))
    if el is not None and not ask:
        settings.remove(el)
    elif el is None and ask:
        el = OxmlElement("w:updateFields")
        el.set(qn("w:val"), "true")
        settings.append(el)
