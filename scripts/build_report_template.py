"""Build the shipped Word templates (report.docx, selfeval.docx) and fonts.conf.

Run after changing the layout:  .venv/bin/python scripts/build_report_template.py
The generated files (in src/jixiao/report/templates/) are committed so that they ship as
package data; the runtime never imports this script.

A firm's own template (`jixiao report --template their.docx`) is best made from a
copy of report.docx: restyle it (letterhead, fonts, margins) and keep the {{ … }}
and {%p … %} / {%tr … %} tags; the tags are documented in the report package.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from jixiao.report.fontconfig import fonts_conf

HERE = Path(__file__).resolve().parent.parent / "src" / "jixiao" / "report" / "templates"

# Official document fonts (党政机关公文格式): names as Word on the user's PC knows them.
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
SAN_HAO, XIAO_SI, WU_HAO, ER_HAO, SI_HAO, XIAO_WU = Pt(16), Pt(12), Pt(10.5), Pt(22), Pt(14), Pt(9)


# -- styles ---------------------------------------------------------------------------


def set_fonts(rpr_owner, name: str) -> None:
    """Name the font in every slot, East Asian included, and drop theme fonts that would win."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _style(doc, name: str, font: str, size, *, bold=False, align=None, indent=True, based="Normal",
           outline: int | None = None, exact: Pt | None = Pt(28), before=0, after=0, keep_next=False,
           page_break=False):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[based]
    style.hidden = False
    style.quick_style = True
    f = style.font
    f.name = font
    f.size = size
    f.bold = bold
    f.italic = False
    f.color.rgb = None
    set_fonts(style.element, font)
    pf = style.paragraph_format
    pf.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Pt(size.pt * 2) if indent else Pt(0)
    pf.left_indent = Pt(0)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.keep_with_next = keep_next
    pf.page_break_before = page_break
    if exact is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = exact
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    ppr = style.element.get_or_add_pPr()
    old = ppr.find(qn("w:outlineLvl"))
    if old is not None:
        ppr.remove(old)
    if outline is not None:
        lvl = OxmlElement("w:outlineLvl")
        lvl.set(qn("w:val"), str(outline))
        ppr.append(lvl)
    # the built-in heading styles carry a colour and theme fonts in their run properties
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:color", "w:i", "w:iCs"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    return style


def add_styles(doc) -> None:
    _style(doc, "Normal", FANGSONG, SAN_HAO, based="Normal")
    _style(doc, "Heading 1", HEITI, SAN_HAO, outline=0, keep_next=True, before=6)
    _style(doc, "Heading 2", KAITI, SAN_HAO, outline=1, keep_next=True, before=6)
    _style(doc, "Heading 3", FANGSONG, SAN_HAO, bold=True, outline=2, keep_next=True)
    _style(doc, "Heading 4", FANGSONG, SAN_HAO, bold=True, outline=3, keep_next=True)
    _style(doc, "报告标题", TITLE_FONT, ER_HAO, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
           exact=Pt(36), before=12, after=12)
    _style(doc, "章节标题", HEITI, Pt(18), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, exact=Pt(36),
           after=6, keep_next=True)
    _style(doc, "摘要一级", HEITI, SAN_HAO, keep_next=True)
    _style(doc, "摘要二级", KAITI, SAN_HAO, keep_next=True)
    _style(doc, "摘要三级", FANGSONG, SAN_HAO, bold=True, keep_next=True)
    _style(doc, "封面", FANGSONG, SAN_HAO, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, exact=Pt(30))
    _style(doc, "封面日期", FANGSONG, SAN_HAO, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=24)
    _style(doc, "无缩进", FANGSONG, SAN_HAO, indent=False)
    _style(doc, "落款", FANGSONG, SAN_HAO, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _style(doc, "表题", HEITI, SI_HAO, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, exact=None,
           before=6, after=3, keep_next=True)
    _style(doc, "表注", FANGSONG, XIAO_SI, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, exact=None,
           keep_next=True)
    _style(doc, "表格文字", FANGSONG, XIAO_SI, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, exact=None, before=2, after=2)
    _style(doc, "表格文字左", FANGSONG, XIAO_SI, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, exact=None, before=2, after=2)
    _style(doc, "表格小字", FANGSONG, WU_HAO, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, exact=None, before=2, after=2)
    _style(doc, "表格小字左", FANGSONG, WU_HAO, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, exact=None, before=2, after=2)
    # 小五: the official forms of 附件3, whose figures must fit nine columns of a portrait page
    _style(doc, "表格小五", FANGSONG, XIAO_WU, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, exact=None, before=1, after=1)
    _style(doc, "表格小五左", FANGSONG, XIAO_WU, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, exact=None, before=1, after=1)
    _style(doc, "附件标题", HEITI, SAN_HAO, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, keep_next=True)
    _style(doc, "图", FANGSONG, SAN_HAO, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, exact=None, before=6)
    for level in (1, 2):
        toc = _style(doc, f"TOC {level}", FANGSONG, SAN_HAO, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
        toc.paragraph_format.left_indent = Pt(32 * (level - 1))
        # page numbers flush right after a dotted leader
        toc.paragraph_format.tab_stops.add_tab_stop(Cm(15.6), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    # table text must not inherit the body's first-line indent
    tables = doc.styles["Table Grid"]
    set_fonts(tables.element, FANGSONG)


def page_setup(section, landscape: bool = False) -> None:
    width, height = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    # 公文版心: top 3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm
    section.top_margin, section.bottom_margin = (Cm(2.5), Cm(2.5)) if landscape else (Cm(3.7), Cm(3.5))
    section.left_margin, section.right_margin = (Cm(2.5), Cm(2.5)) if landscape else (Cm(2.8), Cm(2.6))
    section.footer_distance = Cm(2.0)


def page_number_footer(section) -> None:
    footer = section.footer
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    run = p.add_run("— ")
    field(p, "PAGE", "1")
    p.add_run(" —")
    for r in p.runs:
        r.font.size = SI_HAO
    set_fonts(run._r, "宋体")


def field(paragraph, instr: str, placeholder: str = "") -> None:
    def fld(kind: str):
        r = OxmlElement("w:r")
        c = OxmlElement("w:fldChar")
        c.set(qn("w:fldCharType"), kind)
        r.append(c)
        paragraph._p.append(r)

    fld("begin")
    r = OxmlElement("w:r")
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instr} "
    r.append(t)
    paragraph._p.append(r)
    fld("separate")
    paragraph.add_run(placeholder)
    fld("end")


# -- building blocks ----------------------------------------------------------------------


class Builder:
    def __init__(self, doc):
        self.doc = doc

    def p(self, text: str = "", style: str = "Normal"):
        return self.doc.add_paragraph(text, style=style)

    def tag(self, tag: str):
        """A paragraph that holds only a docxtpl paragraph tag ({%p … %})."""
        return self.doc.add_paragraph(f"{{%p {tag} %}}", style="Normal")

    def loop(self, var: str, seq: str, text: str, style: str = "Normal"):
        self.tag(f"for {var} in {seq}")
        self.p(text, style)
        self.tag("endfor")

    def page_break(self):
        para = self.doc.add_paragraph(style="无缩进")
        para.add_run().add_break(WD_BREAK.PAGE)

    def table(self, headers: list[str], cells: list[str], widths_cm: list[float], *, loop: str | None,
              total: list[str] | None = None, small: bool = False, left: tuple[int, ...] = ()):
        """A table: header row, a docxtpl row loop over `loop`, and an optional 合计 row."""
        rows = 1 + (3 if loop else 1) + (1 if total else 0)
        t = self.doc.add_table(rows=rows, cols=len(headers))
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        style = "表格小字" if small else "表格文字"
        widths = [Cm(w) for w in widths_cm]

        def fill(row, texts, bold=False):
            for i, (cell, text) in enumerate(zip(row.cells, texts)):
                cell.width = widths[i]
                para = cell.paragraphs[0]
                para.style = self.doc.styles[style + ("左" if i in left and not bold else "")]
                run = para.add_run(text)
                run.bold = bold or None

        fill(t.rows[0], headers, bold=True)
        header_repeat(t.rows[0])
        k = 1
        if loop:
            fill(t.rows[1], [f"{{%tr for r in {loop} %}}"] + [""] * (len(headers) - 1))
            fill(t.rows[2], cells)
            fill(t.rows[3], ["{%tr endfor %}"] + [""] * (len(headers) - 1))
            k = 4
        else:
            fill(t.rows[1], cells)
            k = 2
        if total:
            fill(t.rows[k], total, bold=True)
        grid = t._tbl.tblGrid
        for col, w in zip(grid.findall(qn("w:gridCol")), widths):
            col.set(qn("w:w"), str(int(w.twips)))
        fixed_width(t, sum(int(w.twips) for w in widths))
        return t


    def form(self, widths_cm: list[float], rows: list[list[tuple[str, int]]], *, bold_rows: tuple[int, ...] = (),
             left: tuple[tuple[int, int], ...] = (), repeat: int | None = None, split: tuple[int, ...] = (),
             text_style: str = "表格小字"):
        """A bordered form: each row a list of (text, columns spanned); a text with newlines is a cell of
        several paragraphs (docxtpl {%p %} loops inside a cell). `left` lists (row, cell) set flush left."""
        t = self.doc.add_table(rows=len(rows), cols=len(widths_cm))
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        widths = [Cm(w) for w in widths_cm]
        for i, spec in enumerate(rows):
            col = 0
            for k, (text, span) in enumerate(spec):
                cell = t.cell(i, col)
                for j in range(col, col + span):
                    t.cell(i, j).width = widths[j]
                if span > 1:
                    cell = cell.merge(t.cell(i, col + span - 1))
                bold = i in bold_rows
                style = self.doc.styles[text_style + ("左" if (i, k) in left else "")]
                for n, line in enumerate(text.split("\n")):
                    para = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                    para.style = style
                    run = para.add_run(line)
                    run.bold = bold or None
                col += span
        if repeat is not None:
            header_repeat(t.rows[repeat])
        for i in split:  # a row of long text may go on over a page (the renderer keeps other rows whole)
            el = OxmlElement("w:cantSplit")
            el.set(qn("w:val"), "false")
            t.rows[i]._tr.get_or_add_trPr().append(el)
        # the last column takes the rounding, so forms of one total width are exactly one width
        twips = [int(w.twips) for w in widths]
        twips[-1] += int(Cm(sum(widths_cm)).twips) - sum(twips)
        for gc, w in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), twips):
            gc.set(qn("w:w"), str(w))
        fixed_width(t, sum(twips))
        return t


def fixed_width(table, twips: int) -> None:
    """A fixed layout of the given width, so Word and LibreOffice keep the column widths."""
    tblpr = table._tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout"):
        for el in tblpr.findall(qn(tag)):
            tblpr.remove(el)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(twips))
    width.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(width)
    tblpr.append(layout)


def header_repeat(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)


def new_document():
    doc = Document()
    add_styles(doc)
    page_setup(doc.sections[0])
    doc.sections[0].different_first_page_header_footer = True
    page_number_footer(doc.sections[0])
    # the default template's single empty paragraph
    body = doc.element.body
    for p in list(body.findall(qn("w:p"))):
        body.remove(p)
    return doc


def findings_block(b: Builder, level1: str, level2: str, level3: str, numbers: tuple[str, str, str]) -> None:
    """主要经验及做法、存在的问题及建议 — used in the summary and in chapter 五."""
    b.p(f"{numbers[0]}主要经验及做法", level2)
    b.tag("for e in findings.experiences")
    b.p("{{ e.heading }}", level3)
    b.loop("t", "e.paragraphs", "{{ t }}")
    b.tag("endfor")
    for number, title, groups in ((numbers[1], "存在的问题", "problems"), (numbers[2], "改进建议", "suggestions")):
        b.p(f"{number}{title}", level2)
        b.tag(f"for g in findings.{groups}")
        b.tag("if g.heading")
        b.p("{{ g.heading }}", level3)
        b.tag("endif")
        b.loop("t", "g.entries", "{{ t }}")
        b.tag("endfor")

def summary_table(b: Builder, caption: str) -> None:
    b.p(caption, "表题")
    b.table(["指标", "权重", "得分", "得分率"], ["{{ r.name }}", "{{ r.weight }}", "{{ r.score }}", "{{ r.rate }}"],
            [6.0, 3.2, 3.2, 3.2], loop="summary.rows",
            total=["合计", "{{ summary.total.weight }}", "{{ summary.total.score }}", "{{ summary.total.rate }}"])
    b.p("{{ chart_image }}", "图")


def loop_row(tag: str, cols: int) -> list[tuple[str, int]]:
    return [(f"{{%tr {tag} %}}", 1)] + [("", 1)] * (cols - 1)


# 15.6 cm each, the portrait text width; at 小五 an amount (31,577.79) or a target (≥1.85万人次) fits its column
FORM_WIDTHS = [2.5, 2.1, 2.1, 2.1, 1.55, 1.55, 1.0, 1.35, 1.35]
DEPARTMENT_INDICATOR_WIDTHS = [1.3, 1.3, 2.9, 2.4, 1.6, 2.2, 1.1, 1.3, 1.5]
PROJECT_INDICATOR_WIDTHS = [1.2, 1.4, 2.2, 2.3, 2.6, 1.0, 1.3, 1.4, 2.2]


def spacer(b: Builder) -> None:
    para = b.p("", "表注")
    para.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    para.paragraph_format.line_spacing = Pt(2)


def self_form_tables(b: Builder) -> None:
    """附件3 as the national form; the 复核 columns are the evaluation's own recomputation."""
    b.p("{{ self_form.title }}", "表题")
    b.p("（{{ year }}）", "图")
    b.p("单位：{{ self_form.funds_unit }}", "表注")
    n = len(FORM_WIDTHS)
    b.form(FORM_WIDTHS, [
        loop_row("for h in self_form.heads", n),
        [("{{ h.label }}", 1), ("{{ h.value }}", n - 1)],
        loop_row("endfor", n),
        [("资金来源", 1), ("年初预算数", 1), ("全年预算数（调整后）", 1), ("全年执行数", 1), ("执行率", 1),
         ("执行率（复核）", 1), ("分值权重", 1), ("得分", 1), ("得分（复核）", 1)],
        loop_row("for r in self_form.funds", n),
        [("{{ r.name }}", 1), ("{{ r.initial }}", 1), ("{{ r.adjusted }}", 1), ("{{ r.spent }}", 1),
         ("{{ r.rate_filled }}", 1), ("{{ r.rate }}", 1), ("{{ r.weight }}", 1), ("{{ r.filled }}", 1),
         ("{{ r.score }}", 1)],
        loop_row("endfor", n),
        [("年度总目标", 1), ("预期目标", 4), ("实际完成情况", 4)],
        loop_row("for r in self_form.goals", n),
        [("", 1), ("{{ r.planned }}", 4), ("{{ r.achieved }}", 4)],
        loop_row("endfor", n),
    ], bold_rows=(3, 7), left=((1, 1), (5, 0), (9, 1), (9, 2)), split=(9,), text_style="表格小五")
    spacer(b)  # two tables with nothing between them would be joined into one by Word and LibreOffice
    header = ["一级指标", "二级指标", "三级指标"]
    b.tag("if self_form.department")
    b.form(DEPARTMENT_INDICATOR_WIDTHS, [
        [(h, 1) for h in header + ["指标值", "指标设定依据", "实际完成值", "分值权重", "得分", "得分（复核）"]],
        loop_row("for r in self_form.form_rows", 9),
        [("{{ r.level1 }}", 1), ("{{ r.level2 }}", 1), ("{{ r.name }}", 1), ("{{ r.target }}", 1), ("{{ r.basis }}", 1),
         ("{{ r.actual }}", 1), ("{{ r.weight }}", 1), ("{{ r.filled }}", 1), ("{{ r.score }}", 1)],
        loop_row("endfor", 9),
        [("总分", 6), ("{{ self_form.total.weight }}", 1), ("{{ self_form.total.filled }}", 1),
         ("{{ self_form.total.score }}", 1)],
    ], bold_rows=(0, 4), left=((2, 2),), repeat=0, text_style="表格小五")
    b.tag("else")
    b.form(PROJECT_INDICATOR_WIDTHS, [
        [(h, 1) for h in header + ["年度指标值", "实际完成值", "分值", "得分", "得分（复核）", "偏差原因分析及改进措施"]],
        loop_row("for r in self_form.form_rows", 9),
        [("{{ r.level1 }}", 1), ("{{ r.level2 }}", 1), ("{{ r.name }}", 1), ("{{ r.target }}", 1), ("{{ r.actual }}", 1),
         ("{{ r.weight }}", 1), ("{{ r.filled }}", 1), ("{{ r.score }}", 1), ("{{ r.reason }}", 1)],
        loop_row("endfor", 9),
        [("总分", 5), ("{{ self_form.total.weight }}", 1), ("{{ self_form.total.filled }}", 1),
         ("{{ self_form.total.score }}", 1), ("", 1)],
    ], bold_rows=(0, 4), left=((2, 2), (2, 8)), repeat=0, text_style="表格小五")
    b.tag("endif")
    b.p("注：“复核”列为评价机构按评价文件数据重新计算的结果，其余各列为被评价单位填报的内容。"
        "复核总分{{ self_form.total.score }}分，复核评级：{{ self_form.total.grade }}。", "表注")


# -- the full evaluation report ----------------------------------------------------------


def build_report(path: Path) -> None:
    doc = new_document()
    b = Builder(doc)
    for chapter in (front_matter, basic_facts, evaluation_work, analysis_and_conclusions, annexes):
        chapter(b)
    doc.save(path)


def front_matter(b: Builder) -> None:
    """Cover, 摘要 and 目录, each ending with a page break, and the letter's opening."""
    # cover
    for _ in range(2):
        b.p("", "无缩进")
    b.p("{{ title }}", "报告标题")
    for _ in range(2):
        b.p("", "无缩进")
    b.loop("line", "cover", "{{ line.label }}：{{ line.value }}", "封面")
    b.p("{{ date_month }}", "封面日期")
    b.page_break()

    # 摘要
    b.p("摘  要", "章节标题")
    b.p("一、{{ words.overview }}", "摘要一级")
    b.loop("t", "texts.overview", "{{ t }}")
    b.loop("t", "entity.functions", "{{ t }}")
    b.loop("t", "entity.transformation", "{{ t }}")
    b.loop("t", "entity.organisation", "{{ t }}")
    b.p("二、评价结论与结果", "摘要一级")
    b.p("（一）总体评价结论", "摘要二级")
    b.loop("t", "texts.conclusion", "{{ t }}")
    b.p("（二）评分结果", "摘要二级")
    b.p("{{ summary.sentence }}")
    summary_table(b, "{{ kind_label }}得分表")
    b.p("三、主要经验及做法、存在的问题及建议", "摘要一级")
    findings_block(b, "摘要一级", "摘要二级", "摘要三级", ("（一）", "（二）", "（三）"))
    b.page_break()

    # 目录
    b.p("目  录", "章节标题")
    toc = b.p("", "无缩进")
    field(toc, 'TOC \\o "1-2" \\h \\z \\u', "（目录）")
    b.page_break()

    # the body opens as a letter
    b.p("{{ title }}", "报告标题")
    b.p("{{ addressee }}", "无缩进")
    b.loop("t", "texts.preface", "{{ t }}")


def basic_facts(b: Builder) -> None:
    """一、基本情况."""
    b.p("一、基本情况", "Heading 1")
    b.p("（一）{{ words.basic }}", "Heading 2")
    b.p("1. {{ words.functions }}", "Heading 3")
    b.loop("t", "texts.overview", "{{ t }}")
    b.loop("t", "entity.functions", "{{ t }}")
    b.loop("t", "entity.transformation", "{{ t }}")
    b.p("2. {{ words.organisation }}", "Heading 3")
    b.loop("t", "entity.organisation", "{{ t }}")
    b.tag("if entity.key_tasks")
    b.p("3. {{ words.tasks }}", "Heading 3")
    b.loop("t", "entity.key_tasks", "{{ t }}")
    b.tag("endif")
    b.tag("if assets")
    b.p("4. {{ words.assets }}", "Heading 3")
    b.p("{{ assets.summary }}")
    b.p("{{ assets.caption }}", "表题")
    b.p("单位：{{ assets.unit }}", "表注")
    b.table(["序号", "资产类别", "期初金额", "本期增加", "本期减少", "期末金额"],
            ["{{ r.no }}", "{{ r.name }}", "{{ r.opening }}", "{{ r.increase }}", "{{ r.decrease }}", "{{ r.closing }}"],
            [1.4, 3.8, 2.6, 2.6, 2.6, 2.6], loop="assets.rows", left=(1,),
            total=["合计", "", "{{ assets.total.opening }}", "{{ assets.total.increase }}",
                   "{{ assets.total.decrease }}", "{{ assets.total.closing }}"])
    b.tag("endif")
    b.tag("if budget")
    b.p("（二）{{ words.spending }}", "Heading 2")
    b.tag('if kind == "department"')
    b.p("1. 整体支出情况", "Heading 3")
    b.tag("endif")
    b.loop("t", "budget.summary", "{{ t }}")
    b.p("{{ budget.caption }}", "表题")
    b.p("单位：{{ budget.unit }}", "表注")
    b.table(["资金来源", "年初预算", "调整后预算", "支出决算", "执行率"],
            ["{{ r.name }}", "{{ r.initial }}", "{{ r.adjusted }}", "{{ r.spent }}", "{{ r.rate }}"],
            [5.6, 2.7, 2.7, 2.7, 2.0], loop="budget.rows", left=(0,),
            total=["合计", "{{ budget.total.initial }}", "{{ budget.total.adjusted }}", "{{ budget.total.spent }}",
                   "{{ budget.total.rate }}"])
    b.tag("endif")
    b.p("（三）{{ words.management }}", "Heading 2")
    b.tag("if management")
    b.tag("for m in management")
    b.p("{{ m.heading }}", "Heading 3")
    b.loop("t", "m.paragraphs", "{{ t }}")
    b.tag("for pt in m.parts")
    b.p("{{ pt.heading }}", "Heading 4")
    b.loop("t", "pt.paragraphs", "{{ t }}")
    b.tag("endfor")
    b.tag("endfor")
    b.tag("else")
    b.loop("t", "texts.management", "{{ t }}")
    b.tag("endif")
    b.p("（四）{{ words.goals }}", "Heading 2")
    b.p("1. {{ words.overall_goal }}", "Heading 3")
    b.loop("t", "texts.overall_goal", "{{ t }}")
    b.p("2. {{ words.annual_goal }}", "Heading 3")
    b.loop("t", "texts.annual_goal", "{{ t }}")
    b.tag("if targets")
    b.p("{{ words.targets }}", "表题")
    b.table(["一级指标", "二级指标", "三级指标", "目标值"],
            ["{{ r.level1 }}", "{{ r.level2 }}", "{{ r.name }}", "{{ r.target }}"], [3.0, 3.0, 6.4, 3.2],
            loop="targets", left=(2,))
    b.tag("endif")
    b.p("（五）评价对象和范围、主要内容", "Heading 2")
    b.p("1. 评价对象和范围", "Heading 3")
    b.loop("t", "texts.scope", "{{ t }}")
    b.p("2. 评价主要内容", "Heading 3")
    b.loop("t", "texts.content", "{{ t }}")
    b.tag("if fieldwork")
    b.p("3. 绩效评价时段", "Heading 3")
    b.p("本次绩效评价工作的评价时段为：{{ fieldwork }}。")
    b.tag("endif")


def evaluation_work(b: Builder) -> None:
    """二、评价工作简述."""
    b.p("二、评价工作简述", "Heading 1")
    b.p("（一）评价依据", "Heading 2")
    b.loop("t", "basis", "{{ t }}")
    b.p("（二）评价目的", "Heading 2")
    b.loop("t", "texts.purpose", "{{ t }}")
    b.p("（三）评价原则", "Heading 2")
    b.loop("t", "texts.principles", "{{ t }}")
    b.p("（四）评价方法", "Heading 2")
    b.loop("t", "texts.methods", "{{ t }}")
    b.loop("m", "methods", "{{ m.name }}：{{ m.text }}")
    b.p("（五）评价指标体系及评价标准", "Heading 2")
    b.p("1. 评价指标体系", "Heading 3")
    b.loop("t", "texts.system", "{{ t }}")
    b.p("{{ system.sentence }}")
    b.p("2. 评价定级标准", "Heading 3")
    b.p("{{ grading }}")
    b.p("（六）评价人员分工及工作进程", "Heading 2")
    b.p("1. 人员分工", "Heading 3")
    b.p("{{ team_intro }}")
    b.tag("if team")
    b.p("表2-1 评价组成员表", "表题")
    b.table(["序号", "姓名", "评价角色", "评价工作职责"],
            ["{{ r.no }}", "{{ r.name }}", "{{ r.role }}", "{{ r.duty }}"], [1.4, 2.4, 2.6, 9.2],
            loop="team", left=(3,))
    b.tag("endif")
    b.p("2. 工作进程安排", "Heading 3")
    b.tag("for ph in phases")
    b.p("{{ ph.heading }}", "Heading 4")
    b.loop("t", "ph.paragraphs", "{{ t }}")
    b.tag("endfor")


def analysis_and_conclusions(b: Builder) -> None:
    """三 to 六, the list of annexes and the signature block."""
    b.p("三、绩效评价分析", "Heading 1")
    b.tag("for s in sections")
    b.p("{{ s.heading }}", "Heading 2")
    b.p("{{ s.opening }}")
    b.p("{{ s.caption }}", "表题")
    b.table(["一级指标", "二级指标", "三级指标", "权重", "标杆值", "完成值", "得分", "得分率"],
            ["{{ r.level1 }}", "{{ r.level2 }}", "{{ r.level3 }}", "{{ r.weight }}", "{{ r.benchmark }}", "{{ r.actual }}",
             "{{ r.score }}", "{{ r.rate }}"],
            [1.9, 2.4, 3.1, 1.2, 1.9, 1.9, 1.4, 1.8], loop="s.rows", small=True,
            total=["合计", "", "", "{{ s.total.weight }}", "-", "-", "{{ s.total.score }}", "{{ s.total.rate }}"])
    b.p("{{ s.intro }}")
    b.tag("for leaf in s.leaves")
    b.p("{{ leaf.heading }}", "Heading 4")
    b.loop("t", "leaf.paragraphs", "{{ t }}")
    b.tag("endfor")
    b.tag("endfor")

    b.p("四、评价结论", "Heading 1")
    b.p("（一）总体评价结论", "Heading 2")
    b.loop("t", "texts.conclusion", "{{ t }}")
    b.p("（二）评分结果", "Heading 2")
    b.p("{{ summary.sentence }}")
    summary_table(b, "表4-1 {{ kind_label }}得分表")

    b.p("五、主要经验及做法、存在的问题及建议", "Heading 1")
    findings_block(b, "Heading 1", "Heading 2", "Heading 3", ("（一）", "（二）", "（三）"))

    b.p("六、其他需要说明的问题", "Heading 1")
    b.p("（一）关于评价责任的说明", "Heading 2")
    b.loop("t", "texts.responsibility", "{{ t }}")
    b.p("（二）关于影响本次绩效评价局限性的说明", "Heading 2")
    b.loop("t", "texts.limitations", "{{ t }}")
    b.p("（三）提示报告使用者注意事项的说明", "Heading 2")
    b.loop("t", "texts.notice", "{{ t }}")

    b.p("附件1：绩效评价指标体系及综合评价表", "无缩进")
    b.p("附件2：信息基础表", "无缩进")
    b.p("附件3：{{ words.self_form }}", "无缩进")
    b.p("附件4：访谈记录", "无缩进")
    b.p("附件5：现场照片", "无缩进")
    b.p("", "无缩进").paragraph_format.keep_with_next = True
    # the signature block stays on one page
    b.p("评价机构（盖章）：{{ firm }}", "落款").paragraph_format.keep_with_next = True
    b.p("主评人（签字）：{{ lead }}", "落款").paragraph_format.keep_with_next = True
    b.p("评价日期：{{ date_signature }}", "落款")


def annexes(b: Builder) -> None:
    """附件1 (landscape) to 附件5."""
    # 附件1 on landscape pages: eleven columns
    landscape = b.doc.add_section(WD_SECTION.NEW_PAGE)
    page_setup(landscape, landscape=True)
    landscape.different_first_page_header_footer = False
    b.p("附件1：绩效评价指标体系及综合评价表", "附件标题")
    b.p("{{ annex1.title }}", "表题")
    b.table(["一级指标", "二级指标", "三级指标", "权重", "指标解释", "评分标准", "标杆值", "完成值", "得分",
             "扣分原因", "得分率"],
            ["{{ r.level1 }}", "{{ r.level2 }}", "{{ r.level3 }}", "{{ r.weight }}", "{{ r.explanation }}", "{{ r.standard }}",
             "{{ r.benchmark }}", "{{ r.actual }}", "{{ r.score }}", "{{ r.reason }}", "{{ r.rate }}"],
            [1.9, 2.2, 2.4, 1.2, 3.0, 5.3, 1.6, 1.7, 1.4, 2.3, 1.7], loop="annex1.rows", small=True,
            left=(4, 5, 9),
            total=["合计", "", "", "{{ annex1.total.weight }}", "", "", "", "", "{{ annex1.total.score }}", "",
                   "{{ annex1.total.rate }}"])

    portrait = b.doc.add_section(WD_SECTION.NEW_PAGE)
    page_setup(portrait)
    portrait.different_first_page_header_footer = False
    b.p("附件2：信息基础表", "附件标题")
    b.p("信息基础表", "表题")
    b.p("（{{ year }}）", "图")
    b.form([2.8, 5.0, 2.8, 5.0], [
        loop_row("for r in info_rows", 4),
        [("{{ r.label }}", 1), ("{{ r.value }}", 1), ("{{ r.label2 }}", 1), ("{{ r.value2 }}", 1)],
        loop_row("endfor", 4),
        [("{{ words.info_overview }}", 1), ("{%p for t in entity.overview %}\n{{ t }}\n{%p endfor %}", 3)],
        loop_row("if entity.key_tasks", 4),
        [("年度重点任务", 1), ("{%p for t in entity.key_tasks %}\n{{ t }}\n{%p endfor %}", 3)],
        loop_row("endif", 4),
    ], left=((1, 1), (1, 3), (3, 1), (5, 1)), split=(3, 5))
    b.page_break()
    b.p("附件3：{{ words.self_form }}", "附件标题")
    b.tag("if self_form")
    self_form_tables(b)
    b.tag("else")
    b.p("本评价文件未提供绩效自评表。")
    b.tag("endif")
    b.page_break()
    b.p("附件4：访谈记录", "附件标题")
    b.tag("for iv in interviews")
    b.tag("if iv.heading")
    b.p("{{ iv.heading }}", "Heading 4")
    b.tag("endif")
    b.loop("t", "iv.meta", "{{ t }}", "无缩进")
    b.tag("for x in iv.qa")
    b.p("{{ x.question }}", "摘要三级")
    b.p("{{ x.answer }}")
    b.loop("t", "x.more", "{{ t }}")
    b.tag("endfor")
    b.tag("endfor")
    b.tag("if interviews")  # else: none in the file, or kept out of the 公开版
    b.tag("else")
    b.p("本报告未附访谈记录。")
    b.tag("endif")
    b.page_break()
    b.p("附件5：现场照片", "附件标题")
    b.tag("if photos")
    b.tag("else")
    b.p("本报告未附现场照片。")
    b.tag("endif")
    b.tag("for ph in photos")
    b.tag("if ph.image")
    b.p("{{ ph.image }}", "图").paragraph_format.keep_with_next = True
    b.tag("endif")
    b.p("{{ ph.caption }}", "图")
    b.tag("if ph.page_break")
    b.page_break()
    b.tag("endif")
    b.tag("endfor")


# -- the standalone self-evaluation --------------------------------------------------------


def build_selfeval(path: Path) -> None:
    doc = new_document()
    doc.sections[0].different_first_page_header_footer = False
    b = Builder(doc)
    b.p("{{ subject }}{{ year }}绩效自评报告", "报告标题")
    b.p("一、项目基本情况", "Heading 1")
    b.loop("t", "self_report.basics", "{{ t }}")
    b.p("二、资金投入和使用情况", "Heading 1")
    b.loop("t", "self_report.funds", "{{ t }}")
    b.p("三、绩效目标完成情况", "Heading 1")
    b.loop("t", "self_report.goals", "{{ t }}")
    b.p("{{ self_report.conclusion }}")
    b.p("四、偏差原因及改进措施", "Heading 1")
    b.loop("t", "self_report.deviations", "{{ t }}")
    b.p("五、复核说明", "Heading 1")
    b.loop("t", "self_report.review", "{{ t }}")
    b.loop("t", "self_report.notice", "{{ t }}")
    b.page_break()
    self_form_tables(b)
    doc.save(path)


def main() -> None:
    build_report(HERE / "report.docx")
    build_selfeval(HERE / "selfeval.docx")
    (HERE / "fonts.conf").write_text(fonts_conf(), encoding="utf-8")
    print(f"wrote {HERE / 'report.docx'}, {HERE / 'selfeval.docx'}, {HERE / 'fonts.conf'}")


if __name__ == "__main__":
    main()
