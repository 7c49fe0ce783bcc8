"""The properties of the Word and PDF reports (文件属性) come from the evaluation, not python-docx."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from jixiao.cli import main

from test_report_fixtures import REFERENCE, SAMPLE

HAVE_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
HAVE_PDFINFO = shutil.which("pdfinfo") is not None

REFERENCE_TITLE = "乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）人力资源和社会保障局2024年度部门整体支出绩效评价报告"
FIRM = "新疆华阳有限责任会计师事务所"
SAMPLE_TITLE = "职业技能提升行动专项资金项目支出绩效自评表（2024年度）"
DEPARTMENT = "示例县人力资源和社会保障局"


def _report(source, out):
    result = CliRunner().invoke(main, ["report", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _default_language(doc) -> tuple[str | None, str | None]:
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang is not None, "no default language in styles.xml"
    return lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))


def test_word_properties_of_the_evaluation_report(tmp_path):
    out = _report(REFERENCE, tmp_path / "r.docx")
    doc = Document(str(out))
    props = doc.core_properties
    assert props.title == REFERENCE_TITLE
    assert props.author == FIRM and props.last_modified_by == FIRM
    assert props.created.date() == props.modified.date() == dt.date(2025, 8, 15)  # the report date
    assert props.language == "zh-CN"
    assert "python-docx" not in f"{props.author}{props.comments}{props.last_modified_by}"
    # Chinese text zh-CN; digits and Latin letters en-US, as in Word's Chinese documents
    assert _default_language(doc) == ("en-US", "zh-CN")
    # no preview picture of python-docx's blank page
    assert not any("thumbnail" in name for name in zipfile.ZipFile(out).namelist())


def test_word_properties_of_a_self_evaluation_name_the_department(tmp_path):
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    doc = Document(str(_report(SAMPLE, tmp_path / "s.docx")))
    props = doc.core_properties
    assert props.title == SAMPLE_TITLE
    assert props.author == DEPARTMENT  # 自评: written by the department itself
    # no report date in a 自评表: the day it was written, not python-docx's 2013
    assert before <= props.created <= dt.datetime.now(dt.timezone.utc)
    assert props.language == "zh-CN" and _default_language(doc) == ("en-US", "zh-CN")


@pytest.mark.skipif(not (HAVE_SOFFICE and HAVE_PDFINFO),
                    reason="需要 LibreOffice 与 poppler-utils（LibreOffice and poppler-utils not installed）")
def test_pdf_properties_come_from_the_evaluation(tmp_path):
    out = _report(SAMPLE, tmp_path / "s.pdf")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    fields = dict(re.findall(r"^(\w+):\s+(.*)$", info, re.MULTILINE))
    assert fields.get("Title") == SAMPLE_TITLE
    assert fields.get("Author") == DEPARTMENT
    assert re.search(rb"/Lang\(zh-CN\)", out.read_bytes())  # the document language, for screen readers
