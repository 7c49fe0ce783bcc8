"""The results report as Word: the evaluation report's own template, so its styles (方正小标宋 title,
黑体 headings, 仿宋_GB2312 text, 表题, 表格文字) and page numbers are the same; a cover, the
overview, 表1–表6 and the chart of 一级指标得分率 drawn with the report's Chinese font."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm

from ..report.chart import chart_png
from ..report.docx import REPORT_TEMPLATE, save_docx
from .summary import Results
from .tables import Table, cell_text, family_table, overview, tables_of

# relative column widths by header: the long texts get the room, counts and grades little
WEIGHTS = {"部门": 1.8, "评价对象": 1.8, "测算": 2.8, "主要扣分原因": 3.4, "指标": 2.2, "二级指标": 1.8, "一级指标": 1.5,
           "序号": 0.6, "等级": 0.8, "得分": 1.0, "评价数": 0.9, "扣分次数": 0.9, "结果应用": 1.3, "评价类型": 1.3,
           "预算数": 2.0, "下年度预算基数": 2.0, "扣分合计": 1.0}
SECTIONS = {1: "一、评价等级分布", 3: "二、指标得分率", 5: "三、主要扣分事项", 6: "四、结果应用与下年度预算安排"}


def _blank(template: Path):
    """The template with its body emptied; its styles, page setup and page-number footer kept."""
    doc = Document(str(template))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = doc.sections[-1]
    section.different_first_page_header_footer = True  # no page number on the cover
    return doc


def _cover(doc, r: Results, bureau: str, date: dt.date) -> None:
    for _ in range(4):
        doc.add_paragraph("", style="无缩进")
    doc.add_paragraph(r.title, style="报告标题")
    for _ in range(3):
        doc.add_paragraph("", style="无缩进")
    if bureau:
        doc.add_paragraph(f"编制单位：{bureau}", style="封面")
    doc.add_paragraph(f"评价年度：{r.year or '—'}", style="封面")
    doc.add_paragraph(f"评价数量：{len(r.entries)}个", style="封面")
    doc.add_paragraph(f"{date.year}年{date.month}月", style="封面日期")
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def _table(doc, t: Table) -> None:
    doc.add_paragraph(t.caption, style="表题")
    table = doc.add_table(rows=1, cols=len(t.header))
    table.style = doc.styles["Table Grid"]
    for cell, label in zip(table.rows[0].cells, t.header):
        cell.paragraphs[0].text = label
        cell.paragraphs[0].style = doc.styles["表格文字"]
        cell.paragraphs[0].runs[0].bold = True
    _repeat_header(table.rows[0])
    small = "表格小字" if len(t.header) >= 6 else "表格文字"  # a wide table in the smaller size, as the report sets them
    for row in t.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.paragraphs[0].text = cell_text(value)
            left = isinstance(value, str) and len(value) > 12
            cell.paragraphs[0].style = doc.styles[f"{small}左" if left else small]
    if not t.rows:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        merged.paragraphs[0].text = "（无）"
        merged.paragraphs[0].style = doc.styles["表格文字"]
    _widths(doc, table, t.header)
    if t.note:
        doc.add_paragraph(f"注：{t.note}", style="表注")


def _widths(doc, table, header: tuple[str, ...]) -> None:
    section = doc.sections[-1]
    room = section.page_width - section.left_margin - section.right_margin
    weights = [WEIGHTS.get(h.split("（")[0], 1.1) for h in header]
    widths = [int(room * w / sum(weights)) for w in weights]
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid, which LibreOffice and WPS lay out by
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _repeat_header(row) -> None:
    """The header row repeats on every page a long table runs over."""
    props = row._tr.get_or_add_trPr()
    el = props.makeelement(qn("w:tblHeader"), {})
    props.append(el)


def _chart(doc, r: Results) -> None:
    t = family_table(r, 1)
    if not t.rows:
        return
    chart = {"labels": [row[0] for row in t.rows], "rates": [row[-1] for row in t.rows], "title": "一级指标得分率"}
    png = chart_png(chart)
    doc.add_paragraph("", style="图").add_run().add_picture(io.BytesIO(png), width=Cm(14))
    doc.add_paragraph("图1 一级指标得分率", style="表题")


def build_document(r: Results, *, bureau: str = "", date: dt.date | None = None, template: Path = REPORT_TEMPLATE):
    doc = _blank(template)
    _cover(doc, r, bureau, date or dt.date.today())
    doc.add_paragraph("摘  要", style="章节标题")
    for text in overview(r):
        doc.add_paragraph(text)
    for t in tables_of(r):
        if t.number in SECTIONS:
            doc.add_paragraph(SECTIONS[t.number], style="Heading 1")
        _table(doc, t)
        if t.number == 3:
            _chart(doc, r)
    props = doc.core_properties
    props.title, props.author, props.language = r.title, bureau, "zh-CN"
    return doc


def write_docx(r: Results, out: Path, *, bureau: str = "", date: dt.date | None = None) -> Path:
    return save_docx(build_document(r, bureau=bureau, date=date), out)


def docx_bytes(r: Results, *, bureau: str = "", date: dt.date | None = None) -> bytes:
    buf = io.BytesIO()
    build_document(r, bureau=bureau, date=date).save(buf)
    return buf.getvalue()
