"""A firm's own template: the shipped one restyled still gives every figure, in the firm's styles."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from jixiao.report import render_docx
from jixiao.report.docx import REPORT_TEMPLATE

from test_report_fixtures import REFERENCE, ROOT, analysis_of, document_text, table_after

HAVE_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


@pytest.fixture(scope="module")
def firm_template(tmp_path_factory) -> Path:
    """The shipped template with the firm's fonts, sizes, colour and margins."""
    path = tmp_path_factory.mktemp("tpl") / "本所模板.docx"
    doc = Document(str(REPORT_TEMPLATE))
    h1 = doc.styles["Heading 1"]
    h1.font.size = Pt(18)
    h1.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    h1.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    normal = doc.styles["Normal"]
    normal.font.name = "宋体"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    normal.font.size = Pt(14)
    doc.styles["表题"].font.size = Pt(12)
    for section in doc.sections:
        section.left_margin = Cm(3.0)
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def firm_report(firm_template, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "报告.docx"
    render_docx(analysis_of(REFERENCE), out, template=firm_template, laid_out=True)
    return Document(str(out))


def test_figures_are_those_of_the_shipped_template(firm_report):
    text = document_text(firm_report)
    assert "总得分为97.00分，绩效评级为“优”" in text
    assert "二级指标13个，三级指标21个" in text
    rows = table_after(firm_report, "表4-1").rows
    assert [c.text for c in rows[-1].cells][-3:] == ["100.00", "97.00", "97.00%"]


def test_the_firms_styles_are_kept(firm_report):
    h1 = firm_report.styles["Heading 1"]
    assert h1.font.size == Pt(18) and h1.font.color.rgb == RGBColor(0x1F, 0x4E, 0x79)
    assert h1.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    normal = firm_report.styles["Normal"]
    assert normal.font.size == Pt(14) and normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert round(firm_report.sections[0].left_margin.cm, 2) == 3.0
    headings = [p.text for p in firm_report.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["一、基本情况", "二、评价工作简述"]


def test_layout_rules_apply_to_the_firms_template(firm_report):
    text = document_text(firm_report)
    assert "图4-1 一级指标得分率" in text
    entries = [p for p in firm_report.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert len(entries) > 25
    if HAVE_SOFFICE:  # laid out: every entry ends with its page number
        assert all(re.search(r"\d+$", p.text) for p in entries), [p.text for p in entries[:3]]
    body = firm_report.element.body
    for p in body.iterchildren(qn("w:p")):
        breaks = [b for b in p.iter(qn("w:br")) if b.get(qn("w:type")) == "page"]
        assert not (breaks and not "".join(t.text or "" for t in p.iter(qn("w:t"))).strip())


def test_readme_lists_every_tag_of_the_shipped_template():
    """A firm copies the template and keeps its tags: the README says what each top-level name holds."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("Template tags."):]
    listed = set(re.findall(r"`([a-z_0-9]+)`", table[: table.index("The post-layout rules")]))
    xml = re.sub(r"<[^>]+>", "", zipfile.ZipFile(REPORT_TEMPLATE).read("word/document.xml").decode("utf-8"))
    bound = set(re.findall(r"for (\w+) in", xml))
    used = set(re.findall(r"\{\{\s*([a-z_]\w*)", xml))
    used |= {name.split(".")[0] for name in re.findall(r"(?:for \w+ in|if) ([a-z_][\w.]*)", xml)}
    assert used - bound <= listed, sorted(used - bound - listed)
