"""The laid-out report: contents numbered in the .docx, no blank page, labels on continuation pages, drafts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from jixiao.cli import main
from jixiao.report.toc import entry_text

from test_report_fixtures import REFERENCE

HAVE_TOOLS = all(shutil.which(t) for t in ("pdftotext", "pdfinfo")) and (
    shutil.which("soffice") is not None or shutil.which("libreoffice") is not None)
pytestmark = pytest.mark.skipif(not HAVE_TOOLS, reason="需要 LibreOffice 与 poppler-utils")


FULL = REFERENCE.with_name("xinshi-hrss-2024-full.yaml")  # every section of the reference, photos included
EXAMPLES = [REFERENCE] + ([FULL] if FULL.is_file() else [])


@pytest.fixture(scope="module", params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def laid_out(request, tmp_path_factory):
    """Each example's report rendered once: the .docx and the PDF beside it (and the PDF's path)."""
    out = tmp_path_factory.mktemp("layout") / "报告.docx"
    result = CliRunner().invoke(main, ["report", str(request.param), "-o", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = out.with_suffix(".pdf")
    count = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    pages = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout for n in range(1, count + 1)]
    return Document(str(out)), pages, pdf


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _entries(doc):
    ids = {doc.styles[name].style_id for name in ("TOC 1", "TOC 2")}
    for p in doc.element.body.iterchildren(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")) in ids:
            yield p


def test_no_page_is_blank(laid_out):
    _, pages, _ = laid_out
    # a page holding only its page number (— 8 —) is a blank page
    blank = [n for n, text in enumerate(pages, start=1) if len(_squeeze(text).strip("—0123456789")) < 2]
    assert not blank, f"blank pages: {blank}"


def test_contents_in_the_docx_carry_the_pages_the_headings_fall_on(laid_out):
    doc, pages, pdf = laid_out
    entries = list(_entries(doc))
    assert len(entries) > 25
    names = [entry_text(p) for p in entries]
    assert names[0] == "摘  要" and "附件1：绩效评价指标体系及综合评价表" in names
    toc_pages = {n for n, text in enumerate(pages, start=1) if "目录" in _squeeze(text)[:8]}
    for p, name in zip(entries, names):
        link = p.find(qn("w:hyperlink"))
        assert link is not None and link.get(qn("w:anchor")).startswith("_Toc"), name
        instr = "".join(t.text for t in p.iter(qn("w:instrText")))
        assert "PAGEREF" in instr, name
        number = int("".join(t.text for t in p.iter(qn("w:t")))[len(name):])
        page = _squeeze(pages[number - 1])
        assert number not in toc_pages and _squeeze(name) in page, f"{name}: 目录写第{number}页"
    # every entry numbered, so Word does not ask to update fields on opening
    assert doc.settings.element.find(qn("w:updateFields")) is None
    bookmarks = {b.get(qn("w:name")) for b in doc.element.body.iter(qn("w:bookmarkStart"))}
    assert {p.find(qn("w:hyperlink")).get(qn("w:anchor")) for p in entries} <= bookmarks


def test_no_empty_paragraph_carries_a_page_break(laid_out):
    doc, _, _ = laid_out
    for p in doc.element.body.iterchildren(qn("w:p")):
        breaks = [b for b in p.iter(qn("w:br")) if b.get(qn("w:type")) == "page"]
        assert not (breaks and not "".join(t.text or "" for t in p.iter(qn("w:t"))).strip())


def test_signature_block_shares_its_page_with_the_text_before_it(laid_out):
    _, pages, _ = laid_out
    page = next(_squeeze(t) for t in pages if "评价机构（盖章）" in t)
    assert "附件5：现场照片" in page or "附件5:现场照片" in page


def test_annex1_continuation_pages_print_the_parent_labels(laid_out):
    _, pages, _ = laid_out
    squeezed = [_squeeze(t) for t in pages]
    start = next(n for n, t in enumerate(squeezed) if t.startswith("附件1：") and "一级指标" in t)
    end = next(n for n in range(start, len(pages)) if squeezed[n].startswith("附件2："))
    continued = [_squeeze(pages[n]) for n in range(start + 1, end)]
    assert continued
    for n, page in enumerate(continued, start=start + 2):
        # the page's first row (its lowest 三级 code, B42) is printed with its parents' labels
        # (B 部门管理, B4 资产管理), which a merged cell begun on the page before would not show
        codes = sorted(re.findall(r"([A-Z])(\d)\d(?=[\u4e00-\u9fff])", page))
        assert codes, f"第{n}页无三级指标"
        letter, digit = codes[0]  # the page's first row
        assert f"{letter}部门" in page, f"第{n}页：一级指标未重印"
        assert re.search(f"{letter}{digit}(?!\\d)[\u4e00-\u9fff]", page), f"第{n}页：二级指标未重印"


def test_chart_caption_and_draft_watermark(laid_out):
    doc, pages, pdf = laid_out
    text = "".join(_squeeze(t) for t in pages)
    assert "图4-1一级指标得分率" in text
    # the reference has errors (the contradictions of the delivered report): a draft
    marks = [s.get("string") for s in doc.sections[0].header._element.iter("{urn:schemas-microsoft-com:vml}textpath")]
    assert "征求意见稿" in marks


def test_final_refuses_while_check_finds_errors(tmp_path):
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(main, ["report", str(REFERENCE), "-o", str(out), "--final"])
    assert result.exit_code == 2
    assert "不能生成正式稿" in result.output and "指标B21" in result.output
    assert not out.exists()


FIGURE = re.compile(r"[±≥≤<>]?\d[\d,.]*%?(?:[\u4e00-\u9fff]{1,3}(?:/[\u4e00-\u9fff]{1,2})*)?")


def _annex_of_tables(doc):
    """Each table of the body with the 附件 it is in ("" before 附件1)."""
    annex, title = "", doc.styles["附件标题"].style_id
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:p"):
            style = el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            text = _squeeze("".join(t.text or "" for t in el.iter(qn("w:t"))))
            if style is not None and style.get(qn("w:val")) == title and re.match(r"附件\d：", text):
                annex = text[:3]
        elif el.tag == qn("w:tbl"):
            yield annex, el


def test_no_figure_in_a_table_cell_wraps(laid_out):
    """Every table, the 附件 included: each figure is printed whole on a line of its own part of the
    report (附件3's ≥1.85万人次 on 附件3's pages, not found in the prose instead)."""
    doc, pages, pdf = laid_out
    squeezed = [_squeeze(t) for t in pages]
    starts = {m.group(0)[:3]: n for n, t in enumerate(squeezed) if (m := re.match(r"附件\d：", t))}
    bounds = sorted(starts.values()) + [len(pages)]
    figures: dict[tuple[str, str], int] = {}
    for annex, tbl in _annex_of_tables(doc):
        for tc in tbl.iter(qn("w:tc")):
            text = _squeeze("".join(t.text or "" for t in tc.iter(qn("w:t"))))
            if FIGURE.fullmatch(text) and not text.replace(".", "").isdigit():
                figures[annex, text] = figures.get((annex, text), 0) + 1
    assert {"±10%以内", "25,632人", "≥2.4万人"} <= {f for _, f in figures}
    assert ("附件3", "≥1.85万人次") in figures
    def lines_of(annex: str) -> list[str]:
        first = starts.get(annex, 0) if annex else 0
        last = next(b for b in bounds if b > first) if annex else min(starts.values(), default=len(pages))
        return [_squeeze(line) for text in pages[first:last] for line in text.splitlines()]

    # each figure is printed whole on a line at least as often as the tables of its part hold it
    wrapped = {f"{a or '正文'} {f}": n for (a, f), n in figures.items() if sum(line.count(f) for line in lines_of(a)) < n}
    assert not wrapped, f"断行的数字：{wrapped}"


LABEL = re.compile(r"(?:[A-C]\d{0,2} ?)?[\u4e00-\u9fff（）：、]{4,7}")  # at most nine characters wide
CLOSING = "）：、"


def test_no_label_of_any_table_leaves_a_character_alone_on_its_line(laid_out):
    """Every table, the 附件 included: no 分值/权/重, 一级指/标, 年度资金总/额, 得分（复/核）, B22 预算执行/率."""
    doc, pages, _ = laid_out
    lines = [_squeeze(line) for text in pages for line in text.splitlines()]
    labels = {}
    for tbl in doc.element.body.iter(qn("w:tbl")):
        for p in tbl.iter(qn("w:p")):  # a cell's paragraph: 二级指标 cells hold “B1 制度建设” and “（4分）”
            text = _squeeze("".join(t.text or "" for t in p.iter(qn("w:t"))))
            if LABEL.fullmatch(text):
                labels[text] = labels.get(text, 0) + 1
    assert {"分值权重", "执行率（复核）", "得分（复核）", "年度资金总额", "工作计划", "一级指标", "B22预算执行率"} <= set(labels)
    # a cell's lines follow each other in the text: the label's last character alone after its head
    alone = {a + b for a, b in zip(lines, lines[1:]) if a + b in labels and len(b.rstrip(CLOSING)) == 1}
    assert not alone, f"单字成行的表格文字：{sorted(alone)}"
    # a label of four characters is never broken at all
    short = {t: n for t, n in labels.items() if re.fullmatch("[\u4e00-\u9fff]{4}", t)
             and sum(line.count(t) for line in lines) < n}
    assert not short, f"断行的四字表头：{short}"


def _fill(pdf) -> list[float]:
    """How far down each page's text reaches, as a share of the text area (the page number left out)."""
    from xml.etree import ElementTree

    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace(' xmlns="http://www.w3.org/1999/xhtml"', ""))
    fills = []
    for page in root.iter("page"):
        height = float(page.get("height"))
        bottoms = [float(w.get("yMax")) for w in page.iter("word") if float(w.get("yMax")) < height * 0.9]
        fills.append((max(bottoms, default=0) - height * 0.09) / (height * 0.81))
    return fills


def test_a_page_a_table_goes_on_from_is_full(laid_out):
    """附件1's first page no longer ends half empty before a tall row: a tall row splits instead."""
    _, pages, pdf = laid_out
    fills = _fill(pdf)
    squeezed = [_squeeze(t) for t in pages]
    # the next page opens with the table's repeated header row (一级指标 …, or 一级指 as it wraps)
    going_on = [n for n in range(len(pages) - 1) if squeezed[n + 1].startswith("一级指")]
    assert going_on
    short = {n + 1: round(fills[n], 2) for n in going_on if fills[n] < 0.8}
    assert not short, f"表格续页之前未排满的页（页码: 排满比例）：{short}"


def test_no_number_in_the_prose_breaks_across_lines(laid_out):
    """“对 20 / 24 年”, “约2.1 / 6亿元”, “新财预〔2 / 018〕”: not printed (a full line ending in a digit
    and the next line starting with one is a number broken in two)."""
    _, pages, _ = laid_out
    lines = [_squeeze(line) for text in pages for line in text.splitlines()]
    broken = [(a[-8:], b[:6]) for a, b in zip(lines, lines[1:])
              if len(a) >= 18 and re.search(r"\d$", a) and re.match(r"[\d.,%]", b)]
    assert not broken, f"跨行断开的数字：{broken}"


def test_a_caption_slightly_too_long_stays_on_one_line(laid_out):
    doc, pages, pdf = laid_out
    caption = next(p.text for p in doc.paragraphs if p.text.startswith("表1-1"))
    assert len(caption) > 33  # longer than a 四号 line of the portrait page
    lines = [_squeeze(line) for text in pages for line in text.splitlines()]
    assert _squeeze(caption) in lines


def test_photos_of_annex5_are_in_the_pdf(laid_out):
    doc, pages, pdf = laid_out
    body = list(doc.element.body.iterchildren(qn("w:p")))
    # the 附件5 title, not the line that names it in chapter 六
    start = max(k for k, p in enumerate(body) if "".join(t.text or "" for t in p.iter(qn("w:t"))).startswith("附件5"))
    drawings = sum(1 for p in body[start:] for _ in p.iter(qn("w:drawing")))
    photos = [p for p in doc.paragraphs if p.text.startswith("图5-")]
    if not drawings:
        pytest.skip("this example has no photo files")
    assert drawings == len(photos)
    # and the PDF's last pages (附件5) hold them, two a page
    annex = next(n for n, text in enumerate(pages) if _squeeze(text).startswith("附件5"))
    pdf_pages = {n for n, text in enumerate(pages) if "图5-" in _squeeze(text)}
    assert min(pdf_pages) == annex and len(pdf_pages) == (len(photos) + 1) // 2
    if shutil.which("pdfimages"):
        listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
        on = [int(line.split()[0]) - 1 for line in listing.splitlines()[2:] if line.split()[2] == "image"]
        assert sorted(n for n in on if n in pdf_pages) and len([n for n in on if n in pdf_pages]) == len(photos)
