"""The annotated copy a reviewer hands on: a Word comment (批注) at each problem's paragraph or table
cell, anchored on the words it quotes, and a one-page 复核意见 in front; checked in python-docx and
in LibreOffice's PDF of it (the comments exported as PDF notes, each on the page of its words)."""

from __future__ import annotations

import contextlib
import importlib
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from conftest import ROOT
from jixiao.problems import Severity, Source, error, info, warning
from jixiao.report.pdf import WITH_COMMENTS, convert, find_soffice
from jixiao.reportaudit.annotate import NotAWordDocument, annotate

FIXTURE = ROOT / "tests" / "fixtures" / "reference-report"
REPORT = FIXTURE / "report.docx"
EXPECTED = yaml.safe_load((FIXTURE / "expected.yaml").read_text(encoding="utf-8"))
NEEDS_LIBREOFFICE = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None, reason="LibreOffice or poppler not installed")


def small_report() -> bytes:
    """A report as people write one: a sentence typed in several runs, a table with a merged cell."""
    doc = docx.Document()
    doc.add_paragraph("一、评价工作简述", style="Heading 1")
    p = doc.add_paragraph("最终将指标体系分为3个一级指标，二级指标13个、")
    p.add_run("三级指标20个").bold = True
    p.add_run("。（详见附件1）")
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([["项目", "分值权重", "得分"], ["年度总资金", "10", "9.96"], ["总分", "", "99.60"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 0).merge(table.cell(2, 1))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def anchored(doc) -> dict[str, tuple[str, object]]:
    """comment id → (the text between its range marks, the element holding its start)."""
    body = doc.element.body
    found = {}
    for start in body.iter(qn("w:commentRangeStart")):
        cid = start.get(qn("w:id"))
        text, node = [], start
        while True:
            node = next_in_document(node)
            if node is None or (node.tag == qn("w:commentRangeEnd") and node.get(qn("w:id")) == cid):
                break
            if node.tag == qn("w:t"):
                text.append(node.text or "")
        found[cid] = ("".join(text), start)
    return found


def next_in_document(node):
    """The next element in document order (depth first)."""
    if len(node):
        return node[0]
    while node is not None:
        sibling = node.getnext()
        if sibling is not None:
            return sibling
        node = node.getparent()
    return None


def comments(doc) -> dict[str, str]:
    return {str(c.comment_id): c.text for c in doc.comments}


def test_comment_on_the_quoted_words_of_its_paragraph():
    problem = error("audit.level_count", "正文写“三级指标20个”，附件1中为21个", Source(paragraph=1),
                    hint="按指标体系更正个数", stated="20", counted="21")
    doc = docx.Document(io.BytesIO(annotate(small_report(), [problem])))
    (cid, (words, start)), = anchored(doc).items()
    assert words == "三级指标20个"
    paragraph = start.getparent()
    assert Paragraph(paragraph, None).text == "最终将指标体系分为3个一级指标，二级指标13个、三级指标20个。（详见附件1）"
    assert comments(doc)[cid].splitlines() == [
        "【错误】正文写“三级指标20个”，附件1中为21个", "位置：第2段", "处理建议：按指标体系更正个数"]


def test_comment_in_its_table_cell_even_when_the_words_are_elsewhere_too():
    problem = error("selfeval.total_sum", "自评表总分填写为99.60分，但所填各项得分之和为99.96分",
                    Source(table="自评表", table_index=0, cell_row=2, cell_col=2))
    doc = docx.Document(io.BytesIO(annotate(small_report(), [problem])))
    (cid, (words, start)), = anchored(doc).items()
    cell = next(a for a in start.iterancestors() if a.tag == qn("w:tc"))
    assert cell is doc.tables[-1].cell(2, 2)._tc  # the report's table is last: the opinion's come first
    assert words == "99.60"
    assert "99.96" in comments(doc)[cid]


def test_problem_without_a_place_is_on_the_opinion_page_not_a_comment():
    nowhere = warning("audit.pdf_tables", "PDF中的表格未能按单元格读出", Source(file="报告.pdf"))
    outside = error("audit.rate", "“结案率97%”与同句数字不符", Source(paragraph=999))
    doc = docx.Document(io.BytesIO(annotate(small_report(), [nowhere, outside])))
    assert not comments(doc)
    first_page = [p.text for p in doc.paragraphs[:12]]
    assert first_page[0] == "复核意见"
    assert "经复核，本报告共有2项问题：错误1项、警告1项、提示0项。2项未能定位到段落或表格，列于本页末。" in first_page
    assert any(t.startswith("【警告】PDF中的表格未能按单元格读出") for t in first_page)
    assert any(t.startswith("【错误】“结案率97%”与同句数字不符") for t in first_page)


def test_opinion_counts_by_chapter_in_document_order_and_shows_figures_recomputed():
    problems = [
        info("reconcile.weight", "两套指标体系权重不同", Source(heading="附件3", table_index=0, cell_row=1, cell_col=1)),
        error("audit.level_count", "正文写三级指标20个", Source(heading="正文 · 二、评价工作简述", paragraph=1),
              stated="20", counted="21"),
        error("selfeval.total", "自评表总分填写为99.60分", Source(heading="附件3", table_index=0, cell_row=2, cell_col=2),
              stated="99.60", computed="99.95967102194295420927"),
    ]
    doc = docx.Document(io.BytesIO(annotate(small_report(), problems)))
    by_chapter, figures = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables[:2]]
    assert by_chapter == [["章节", "错误", "警告", "提示", "合计"], ["二、评价工作简述", "1", "0", "0", "1"],
                          ["附件3", "1", "0", "1", "2"], ["合计", "2", "0", "1", "3"]]
    assert [row[2:] for row in figures] == [["报告所写", "重新计算"], ["20", "21"], ["99.60", "99.96"]]
    assert len(comments(doc)) == 3


def test_the_report_is_unchanged_but_for_the_comments_and_the_opinion():
    problem = error("audit.level_count", "正文写“三级指标20个”", Source(paragraph=1))
    before = docx.Document(io.BytesIO(small_report()))
    after = docx.Document(io.BytesIO(annotate(small_report(), [problem], opinion=False)))
    assert [p.text for p in after.paragraphs] == [p.text for p in before.paragraphs]
    assert [[c.text for c in r.cells] for r in after.tables[0].rows] == [[c.text for c in r.cells] for r in before.tables[0].rows]


def expected_problems() -> list:
    """The reference report's contradictions as problems placed where expected.yaml puts them."""
    out = []
    for item in EXPECTED["contradictions"]:
        at = item["at"]
        heading = " · ".join(x for x in (at["part"] if at["part"] in ("正文", "摘要") else "", at["heading"]) if x)
        where = Source(heading=heading or None, paragraph=at.get("paragraph"),
                       table=at.get("table"), table_index=at.get("table_index"),
                       cell_row=at.get("cell_row"), cell_col=at.get("cell_col"))
        severity = Severity(item["severity"])
        make = {Severity.ERROR: error, Severity.WARNING: warning, Severity.INFO: info}[severity]
        out.append(make(f"audit.{item['kind']}", item["says"], where, quote=at["text"]))
    return out


def test_reference_report_comments_sit_on_the_quoted_words_of_each_place():
    original = docx.Document(str(REPORT))
    annotated = docx.Document(io.BytesIO(annotate(REPORT.read_bytes(), expected_problems())))
    marks = anchored(annotated)
    texts = comments(annotated)
    assert len(marks) == len(EXPECTED["contradictions"]) == 23
    by_chapter = [[c.text for c in row.cells] for row in annotated.tables[0].rows]
    assert by_chapter == [
        ["章节", "错误", "警告", "提示", "合计"], ["摘要", "1", "1", "0", "2"], ["目录", "0", "3", "0", "3"],
        ["一、基本概况", "1", "0", "0", "1"], ["二、评价工作简述", "1", "2", "0", "3"],
        ["三、绩效评价分析", "2", "2", "0", "4"], ["五、主要经验及做法、存在的问题及建议", "1", "1", "0", "2"],
        ["附件 1: 绩效评价指标体系及综合评价表", "4", "0", "0", "4"], ["附件 2: 信息基础表", "2", "0", "0", "2"],
        ["附件 3 整体支出绩效自评表", "2", "0", "0", "2"], ["合计", "14", "9", "0", "23"]]
    by_message = {texts[cid].splitlines()[0]: mark for cid, mark in marks.items()}
    for item in EXPECTED["contradictions"]:
        words, start = by_message[f"【{Severity(item['severity']).label}】{item['says']}"]
        at = item["at"]
        assert words == at["text"], item["id"]
        holder = start.getparent()
        if "paragraph" in at:
            assert Paragraph(holder, None).text == original.paragraphs[at["paragraph"]].text
        else:
            cell = next(a for a in start.iterancestors() if a.tag == qn("w:tc"))
            tables = annotated.tables[-len(original.tables):]  # the opinion's tables come first
            assert cell is tables[at["table_index"]].cell(at["cell_row"], at["cell_col"])._tc, item["id"]


def pdf_notes(data: bytes) -> list[tuple[int, str]]:
    """(page, text) of each note (Text annotation) in a PDF as LibreOffice writes it (no object streams)."""
    objects = {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}

    def refs(body: bytes, key: bytes) -> list[int]:
        m = re.search(key + rb"\s*\[([^\]]*)\]", body)
        return [int(x) for x in re.findall(rb"(\d+) 0 R", m.group(1))] if m else []

    pages: list[int] = []

    def walk(num: int) -> None:
        if re.search(rb"/Type\s*/Pages", objects[num]):
            for kid in refs(objects[num], rb"/Kids"):
                walk(kid)
        else:
            pages.append(num)

    walk(next(n for n, b in objects.items() if re.search(rb"/Type\s*/Pages", b) and b"/Parent" not in b))
    notes = []
    for page, num in enumerate(pages, 1):
        for ref in refs(objects[num], rb"/Annots"):
            m = re.search(rb"/Subtype\s*/Text.*?/Contents\s*<([0-9A-Fa-f]+)>", objects[ref], re.S)
            if m:
                notes.append((page, bytes.fromhex(m.group(1).decode()).decode("utf-16")))
    return notes


@NEEDS_LIBREOFFICE
def test_reference_report_comments_open_in_libreoffice_on_the_pages_of_their_words(tmp_path):
    annotated = tmp_path / "批注版.docx"
    annotated.write_bytes(annotate(REPORT.read_bytes(), expected_problems()))
    pdf = convert(annotated, tmp_path / "批注版.pdf", WITH_COMMENTS)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = ["".join(page.split()) for page in text.split("\f")]
    assert pages[0].startswith("复核意见经复核，本报告共有23项问题：错误14项、警告9项、提示0项。")
    notes = pdf_notes(pdf.read_bytes())
    assert len(notes) == 23
    for item in EXPECTED["contradictions"]:
        page = next(p for p, note in notes if note.startswith(f"【{Severity(item['severity']).label}】{item['says']}"))
        quote = "".join(item["at"]["text"].split())
        assert quote[:6] in pages[page - 1], (item["id"], page)
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf), str(png)], check=True,
                   capture_output=True)
    assert list(tmp_path.glob("page*.png"))


FIXTURE_MODULES = ("build", "layout", "tables", "writer")


@contextlib.contextmanager
def fixture_modules():
    """The reference report's builder modules, imported from FIXTURE whatever else the run imported
    under the same names (tests/forms/build.py), and those put back as they were afterwards."""
    saved = {name: sys.modules.pop(name) for name in FIXTURE_MODULES if name in sys.modules}
    path = list(sys.path)
    sys.path.insert(0, str(FIXTURE))
    try:
        yield {name: importlib.import_module(name) for name in FIXTURE_MODULES}
    finally:
        sys.path[:] = path  # build.py puts its folder on the path itself
        for name in FIXTURE_MODULES:
            sys.modules.pop(name, None)
        sys.modules.update(saved)


def test_expected_quotes_are_where_expected_yaml_says():
    with fixture_modules() as m:
        assert m["build"].misplaced_quotes(REPORT, FIXTURE / "expected.yaml") == []


def test_reference_docx_is_rebuilt_from_the_text_with_the_same_content(tmp_path):
    with fixture_modules() as m:
        rebuilt = m["writer"].write(m["layout"].parse(m["build"].source_text()), tmp_path / "report.docx")
        assert m["build"].docx_content(rebuilt) == m["build"].docx_content(REPORT)


@pytest.mark.parametrize("report", [b"%PDF-1.7\n%", b"PK\x03\x04 not a zip", "不存在的报告.docx"])
def test_a_report_that_is_not_word_is_refused_in_chinese(report):
    with pytest.raises(NotAWordDocument, match="无法在“.*”上加批注：不是可读的 Word 文档（.docx）"):
        annotate(report, [])


def test_the_firms_own_comments_stay_and_ours_follow_them():
    doc = docx.Document(io.BytesIO(small_report()))
    doc.add_comment(doc.paragraphs[0].runs, text="请补充评价依据", author="质控 王吉江")
    out = io.BytesIO()
    doc.save(out)
    problem = error("audit.level_count", "正文写“三级指标20个”", Source(paragraph=1))
    annotated = docx.Document(io.BytesIO(annotate(out.getvalue(), [problem])))
    assert sorted(c.author for c in annotated.comments) == ["jixiao 复核", "质控 王吉江"]
    assert len(set(anchored(annotated))) == 2


def test_no_problems_says_so_on_the_opinion_page():
    doc = docx.Document(io.BytesIO(annotate(small_report(), [])))
    assert [p.text for p in doc.paragraphs[:2]] == ["复核意见", "未发现报告前后矛盾之处。"]
    assert len(doc.tables) == 1 and not list(doc.comments)


def report_with_contents_field() -> bytes:
    """A contents page as Word makes it: the entries are the last result of a TOC field."""
    doc = docx.Document()
    doc.add_paragraph("目 录")
    first = doc.add_paragraph("一、基本情况\t2")
    doc.add_paragraph("二、评价工作简述\t12")
    doc.add_paragraph("一、基本概况", style="Heading 1")
    begin, instr, separate, end = (OxmlElement("w:r") for _ in range(4))
    for run, kind in ((begin, "begin"), (separate, "separate"), (end, "end")):
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run.append(char)
    text = OxmlElement("w:instrText")
    text.text = ' TOC \\o "1-3" \\h \\z \\u '
    instr.append(text)
    for el in (separate, instr, begin):
        first._p.insert(0, el)
    doc.paragraphs[2]._p.append(end)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_contents_entry_inside_the_toc_field_is_commented_on_the_contents_title():
    # LibreOffice drops the text of a comment inside the field, Word loses it when the field updates
    entry = error("audit.toc_title", "目录为“一、基本情况”，正文标题为“一、基本概况”", Source(paragraph=1))
    heading = warning("audit.heading_number", "标题“一、基本概况”", Source(paragraph=3))
    doc = docx.Document(io.BytesIO(annotate(report_with_contents_field(), [entry, heading], opinion=False)))
    marks = {comments(doc)[cid].splitlines()[0]: words for cid, (words, _) in anchored(doc).items()}
    assert marks == {"【错误】目录为“一、基本情况”，正文标题为“一、基本概况”": "目 录", "【警告】标题“一、基本概况”": "一、基本概况"}
