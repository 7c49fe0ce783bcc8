"""The one-page 复核意见 that opens an annotated report: the problems by severity and by chapter,
the figures the checks worked out again, and the problems no paragraph or cell could hold."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..glossary import LABELS, REVIEW, REVIEW_FIGURES
from ..numbers import D, NotANumber, fmt, places_of
from ..problems import Problem, Severity
from ..render.places import document_place

MAX_FIGURE_ROWS = 12  # the page stays one page; the rest are in the comments
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
TABLE_FONT = Pt(9)


PARTS = ("正文",)  # a part whose chapters are named by their own 一、 heading
CONTENTS = "目录"


def chapter_of(problem: Problem, doc=None) -> str:
    """The chapter a problem lies in: 摘要, 二、评价工作简述, 附件3 … (the heading path's first step);
    a paragraph under no heading that is a contents entry (style TOC n) lies in 目录."""
    w = problem.where
    path = (getattr(w, "heading", None) or "").split(" · ")
    if path[0] in PARTS and len(path) > 1:
        return path[1]
    if path[0] or w.table:
        return path[0] or w.table
    index = getattr(w, "paragraph", None)
    if doc is not None and index is not None and 0 <= index < len(doc.paragraphs):
        if doc.paragraphs[index].style.name.lower().startswith("toc"):
            return CONTENTS
    return REVIEW["none"]


def body_position(doc, problem: Problem) -> int:
    """Where the problem's place comes in the document (unplaced ones last), to list chapters in order."""
    w = problem.where
    table, paragraph = getattr(w, "table_index", None), getattr(w, "paragraph", None)
    blocks = list(doc.element.body.iterchildren())
    kind, index = ("w:tbl", table) if table is not None else ("w:p", paragraph)
    if index is None:
        return len(blocks)
    positions = [i for i, el in enumerate(blocks) if el.tag == qn(kind)]
    return positions[index] if 0 <= index < len(positions) else len(blocks)


def by_chapter(doc, problems: list[Problem]) -> list[tuple[str, dict[Severity, int]]]:
    """Chapters in the document's order, each with its count of problems per severity."""
    rows: dict[str, dict[Severity, int]] = {}
    for p in sorted(problems, key=lambda p: body_position(doc, p)):
        counts = rows.setdefault(chapter_of(p, doc), {s: 0 for s in SEVERITIES})
        counts[p.severity] += 1
    return list(rows.items())


def summary(problems: list[Problem], unplaced: list[Problem]) -> str:
    if not problems:
        return REVIEW["no_problems"]
    counts = "、".join(f"{s.label}{sum(p.severity is s for p in problems)}项" for s in SEVERITIES)
    text = f"经复核，本报告共有{len(problems)}项问题：{counts}。"
    placed = len(problems) - len(unplaced)
    if placed:
        text += f"其中{placed}项已在正文相应位置加{REVIEW['comment']}。"
    if unplaced:
        text += f"{len(unplaced)}项未能定位到段落或表格，列于本页末。"
    return text


def short_place(w) -> str:
    """A place short enough for one line: 表3-2 第2行第2列, or the nearest heading and 第n段."""
    if getattr(w, "table_index", None) is not None:
        return document_place(w)
    heading = (getattr(w, "heading", None) or "").split(" · ")[-1]
    index = getattr(w, "paragraph", None)
    return " · ".join(x for x in (heading, f"第{index + 1}段" if index is not None else "") if x) or REVIEW["none"]


def shown(figure: str) -> str:
    """A figure as the page shows it: a long decimal rounded to 2 places (四舍五入), anything else as given."""
    number = figure.rstrip("%")
    try:
        value = D(number)
    except NotANumber:
        return figure
    if places_of(value) <= 2:
        return figure
    return fmt(value, 2) + figure[len(number):]


def brief(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def figure_rows(problems: list[Problem]) -> list[list[str]]:
    """位置 / 问题 / 报告所写 / 重新计算, for the problems whose check worked a figure out again."""
    rows = []
    for p in problems:
        figures = dict(p.figures)
        if not any(k in figures for k in REVIEW_FIGURES):
            continue
        again = figures.get("computed") or figures.get("counted") or ""
        rows.append([short_place(p.where), brief(p.message), shown(figures.get("stated", "")), shown(again)])
    return rows


def figure_label(key: str) -> str:
    return REVIEW_FIGURES.get(key) or LABELS.get(key) or key


def prepend_opinion(doc, problems: list[Problem], unplaced: list[Problem]) -> None:
    """Write the 复核意见 page and move it in front of the report's first page."""
    body = doc.element.body
    ends_with_section = len(body) and body[-1].tag == qn("w:sectPr")
    start = len(body) - (1 if ends_with_section else 0)  # python-docx adds before the final sectPr
    write_opinion(doc, problems, unplaced)
    children = list(body)
    added = children[start:len(children) - (1 if ends_with_section else 0)]
    for i, el in enumerate(added):
        body.insert(i, el)


def write_opinion(doc, problems: list[Problem], unplaced: list[Problem]) -> None:
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(REVIEW["opinion"])
    run.bold, run.font.size = True, Pt(18)
    doc.add_paragraph(summary(problems, unplaced))
    if problems:
        _section(doc, f"一、按{REVIEW['chapter']}")
        rows = [[brief(name, 20), *(str(counts[s]) for s in SEVERITIES), str(sum(counts.values()))]
                for name, counts in by_chapter(doc, problems)]
        totals = [REVIEW["count"], *(str(sum(p.severity is s for p in problems)) for s in SEVERITIES),
                  str(len(problems))]
        _table(doc, [REVIEW["chapter"], *(s.label for s in SEVERITIES), REVIEW["count"]], rows + [totals],
               [7.0, 2.0, 2.0, 2.0, 2.0])
    figures = figure_rows(problems)
    if figures:
        _section(doc, f"二、{REVIEW['recomputed']}")
        head = [REVIEW["where"], REVIEW["problem"], figure_label("stated"), figure_label("computed")]
        _table(doc, head, figures[:MAX_FIGURE_ROWS], [4.0, 7.0, 2.0, 2.0])
        if len(figures) > MAX_FIGURE_ROWS:
            doc.add_paragraph(f"另有{len(figures) - MAX_FIGURE_ROWS}项见正文{REVIEW['comment']}。")
    if unplaced:
        _section(doc, f"三、{REVIEW['unlocated']}")
        for p in unplaced:
            doc.add_paragraph(f"【{p.severity.label}】{p.message}（{REVIEW['where']}：{document_place(p.where)}）")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _section(doc, text: str) -> None:
    run = doc.add_paragraph().add_run(text)
    run.bold = True


def _table(doc, head: list[str], rows: list[list[str]], widths_cm: list[float]) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(head))
    try:
        table.style = doc.styles["Table Grid"]
    except KeyError:  # a report without Word's grid style: draw the borders on the table itself
        _borders(table)
    table.autofit = False
    for c, width in enumerate(widths_cm):
        table.columns[c].width = Cm(width)
    for r, values in enumerate([head, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Cm(widths_cm[c])
            p = cell.paragraphs[0]
            p.paragraph_format.line_spacing = 1.0
            p.paragraph_format.first_line_indent = Pt(0)
            run = p.add_run(value)
            run.font.size, run.bold = TABLE_FONT, r == 0


def _borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            el.set(qn(key), value)
        borders.append(el)
    table._tbl.tblPr.append(borders)
