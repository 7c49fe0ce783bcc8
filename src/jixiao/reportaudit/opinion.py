"""The one-page 复核意见 that opens an annotated report: the problems by severity and by chapter,
the figures the checks worked out again, and the problems no paragraph or cell could hold."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from ..glossary import LABELS, REVIEW, REVIEW_FIGURES
from ..problems import Problem, Severity
from ..render.places import document_place

MAX_FIGURE_ROWS = 12  # the page stays one page; the rest are in the comments
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def chapter_of(problem: Problem) -> str:
    """The chapter a problem lies in: the first heading above its place (一、基本概况, 附件1 …)."""
    w = problem.where
    heading = getattr(w, "heading", None)
    if heading:
        return heading.split(" · ")[0]
    return w.table or REVIEW["none"]


def by_chapter(problems: list[Problem]) -> list[tuple[str, dict[Severity, int]]]:
    """Chapters in the order their first problem comes, each with its count per severity."""
    rows: dict[str, dict[Severity, int]] = {}
    for p in problems:
        counts = rows.setdefault(chapter_of(p), {s: 0 for s in SEVERITIES})
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


def figure_rows(problems: list[Problem]) -> list[list[str]]:
    """位置 / 报告所写 / 重新计算 / 问题, for the problems whose check worked a figure out again."""
    rows = []
    for p in problems:
        figures = dict(p.figures)
        if not any(k in figures for k in REVIEW_FIGURES):
            continue
        stated = figures.get("stated", "")
        again = figures.get("computed") or figures.get("counted") or ""
        rows.append([document_place(p.where), stated, again, p.message])
    return rows


def figure_label(key: str) -> str:
    return REVIEW_FIGURES.get(key) or LABELS.get(key) or key


def prepend_opinion(doc, problems: list[Problem], unplaced: list[Problem]) -> None:
    """Write the 复核意见 page and move it in front of the report's first page."""
    body = doc.element.body
    before = set(map(id, body.iterchildren()))
    write_opinion(doc, problems, unplaced)
    added = [el for el in body.iterchildren() if id(el) not in before and el.tag != qn("w:sectPr")]
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
        rows = [[name, *(str(counts[s]) for s in SEVERITIES), str(sum(counts.values()))]
                for name, counts in by_chapter(problems)]
        totals = [REVIEW["count"], *(str(sum(p.severity is s for p in problems)) for s in SEVERITIES),
                  str(len(problems))]
        _table(doc, [REVIEW["chapter"], *(s.label for s in SEVERITIES), REVIEW["count"]], rows + [totals])
    figures = figure_rows(problems)
    if figures:
        _section(doc, f"二、{REVIEW['recomputed']}")
        head = [REVIEW["where"], figure_label("stated"), figure_label("computed"), REVIEW["problem"]]
        _table(doc, head, figures[:MAX_FIGURE_ROWS])
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


def _table(doc, head: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(head))
    try:
        table.style = doc.styles["Table Grid"]
    except KeyError:  # a report without Word's grid style: draw the borders on the table itself
        _borders(table)
    for r, values in enumerate([head, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = value
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def _borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            el.set(qn(key), value)
        borders.append(el)
    table._tbl.tblPr.append(borders)
