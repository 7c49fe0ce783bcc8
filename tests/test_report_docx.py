"""The Word report of the reference evaluation: contents, numbers, tables, layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from jixiao.cli import main
from jixiao.render.figures import rate_text, score_text

from test_report_fixtures import REFERENCE, analysis_of, body_rows, document_text, render, table_after


@pytest.fixture(scope="module")
def reference_doc(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "r.docx"
    result = CliRunner().invoke(main, ["report", str(REFERENCE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "总得分97.00分" in result.output
    return Document(str(out))


@pytest.fixture(scope="module")
def reference_text(reference_doc):
    return document_text(reference_doc)


def test_annex1_has_a_row_per_leaf_with_the_scorecard_scores(reference_doc):
    card = analysis_of(REFERENCE).scorecard
    table = table_after(reference_doc, "高新区（新市区）人力资源和社会保障局2024年度部门整体支出绩效评价指标体系")
    header = [c.text for c in table.rows[0].cells]
    assert header[:4] == ["一级指标", "二级指标", "三级指标", "权重"] and "扣分原因" in header
    rows = [r for r in body_rows(table) if r[0] != "合计"]
    assert len(rows) == 21
    leaves = card.leaves()
    assert [r[2] for r in rows] == [f"{leaf.code} {leaf.name}" for leaf in leaves]
    assert [r[8] for r in rows] == [score_text(leaf.score) for leaf in leaves]
    assert [r[10] for r in rows] == [rate_text(leaf.rate) for leaf in leaves]
    total = body_rows(table)[-1]
    assert total[0] == "合计" and "97.00" in total and "100" in total
    c23 = next(r for r in rows if r[2].startswith("C23"))
    assert c23[8] == "4.00" and "扣2分" in c23[9]


def test_counts_total_and_grade_are_stated(reference_text):
    assert "二级指标13个，三级指标21个" in reference_text
    assert "3个一级指标，权重分别为14分、36分、50分" in reference_text
    assert "总得分为97.00分" in reference_text
    assert "绩效评级为“优”" in reference_text
    assert "部门绩效类指标由2个二级指标、5个三级指标构成，权重分值50分，实际得分48.00分" in reference_text


def test_every_leaf_closes_with_its_weight_and_score(reference_text):
    card = analysis_of(REFERENCE).scorecard
    for leaf in card.leaves():
        sentence = f"该指标设定分值{leaf.weight.normalize():f}分，根据评分标准得{score_text(leaf.score)}分。"
        assert sentence in reference_text, leaf.code
    # the arithmetic of computed figures is shown, with its inputs
    assert "预算执行率 = 全年执行数 / 全年预算数 × 100% = 31,450.44 / 31,577.79 × 100% = 99.60%" in reference_text
    assert "1,153 / (20 + 1,161) × 100% = 97.63%" in reference_text


def test_body_tables(reference_doc, reference_text):
    assets = body_rows(table_after(reference_doc, "表1-1"))
    assert assets[-1][0] == "合计" and assets[-1][2:] == ["1,696.49", "0.00", "376.37", "1,320.12"]
    budget = body_rows(table_after(reference_doc, "表1-2"))
    assert budget[0] == ["一、一般公共预算财政拨款", "31,490.15", "31,490.15", "31,362.80", "99.60%"]
    assert budget[-1] == ["合计", "31,577.79", "31,577.79", "31,450.44", "99.60%"]
    assert len(body_rows(table_after(reference_doc, "表1-3"))) == 5
    team = body_rows(table_after(reference_doc, "表2-1"))
    assert [r[1] for r in team] == ["胡嘉敏", "王吉江", "蔡翼如", "孙怡凡"]
    for i, count in ((1, 5), (2, 11), (3, 5)):
        rows = body_rows(table_after(reference_doc, f"表3-{i}"))
        assert len(rows) == count + 1
    summary = body_rows(table_after(reference_doc, "表4-1"))
    assert summary == [
        ["1. 部门决策类", "14.00", "13.00", "92.86%"],
        ["2. 部门管理类", "36.00", "36.00", "100.00%"],
        ["3. 部门绩效类", "50.00", "48.00", "96.00%"],
        ["合计", "100.00", "97.00", "97.00%"],
    ]
    for caption in ("表1-1", "表1-2", "表1-3", "表2-1", "表3-1", "表3-2", "表3-3", "表4-1", "附件1", "附件2",
                    "附件3", "附件4", "附件5"):
        assert caption in reference_text
    assert "（1）前期准备（2025年7月14日—7月20日）" in reference_text
    assert "评价得分90（含）分以上为优" in reference_text and "70分以下为差" in reference_text


def test_indicator_tables_merge_parent_cells_and_repeat_their_header(reference_doc):
    table = table_after(reference_doc, "高新区（新市区）人力资源和社会保障局2024年度部门整体支出绩效评价指标体系")

    def starts(column: int) -> list[str]:
        """Texts of the cells that start a run: a merged run counts once."""
        found = []
        for row in table.rows[1:-1]:
            tc = row._tr.findall(qn("w:tc"))[column]
            merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            if merge is None or merge.get(qn("w:val")) == "restart":
                found.append("".join(t.text or "" for t in tc.iter(qn("w:t"))))
        return found

    # A, B, C, each one merged cell, restarted (with its label) only on a continuation page
    assert len(set(starts(0))) == 3 and len(starts(0)) <= 3 + 8  # 附件1 fills six pages or so
    assert len(set(starts(1))) == 13 and len(starts(1)) <= 13 + 8
    assert len(starts(2)) == 21
    for t in reference_doc.tables:
        assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_official_fonts_with_the_east_asian_slot(reference_doc):
    styles = reference_doc.styles

    def east_asia(name):
        fonts = styles[name].element.rPr.find(qn("w:rFonts"))
        return fonts.get(qn("w:eastAsia"))

    assert east_asia("Normal") == "仿宋_GB2312"
    assert styles["Normal"].font.size.pt == 16
    assert east_asia("Heading 1") == "黑体"
    assert east_asia("Heading 2") == "楷体_GB2312"
    assert east_asia("报告标题") == "方正小标宋简体"
    assert east_asia("表格文字") == "仿宋_GB2312" and styles["表格文字"].font.size.pt == 12
    section = reference_doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml
    assert any("TOC" in (t.text or "") for t in reference_doc.element.body.iter(qn("w:instrText")))


def test_chart_is_embedded(reference_doc):
    assert any(rel.reltype.endswith("/image") for rel in reference_doc.part.rels.values())


def _with(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_changing_one_figure_changes_every_dependent_number(tmp_path):
    """C23 reported as verified (97.63%): C23 6 points, 部门绩效 50, total 99.00."""
    original = REFERENCE.read_text(encoding="utf-8")
    changed = _with(original, "reported: 97%  ", "reported: 97.63%")
    before = document_text(render(original, tmp_path / "before.docx"))
    after_doc = render(changed, tmp_path / "after.docx")
    after = document_text(after_doc)

    assert "总得分为97.00分" in before and "总得分为99.00分" in after
    assert "97.00" not in after
    assert "部门绩效类指标由2个二级指标、5个三级指标构成，权重分值50分，实际得分50.00分，得分率100.00%" in after
    assert "举报投诉案件结案率 | 6 | ≥97% | 97.63% | 6.00 | 100.00%" in after  # 表3-3
    assert "该指标设定分值6分，根据评分标准得6.00分。" in after
    assert "不符，扣2分" in before and "不符，扣2分" not in after
    summary = body_rows(table_after(after_doc, "表4-1"))
    assert summary[2] == ["3. 部门绩效类", "50.00", "50.00", "100.00%"]
    assert summary[3] == ["合计", "100.00", "99.00", "99.00%"]
    annex = table_after(after_doc, "高新区（新市区）人力资源和社会保障局2024年度部门整体支出绩效评价指标体系")
    assert body_rows(annex)[-1][8] == "99.00"
    # the summary table of the 摘要 follows the same figures
    assert after.count("合计 | 100.00 | 99.00 | 99.00%") == 2
    # the chart is drawn from the new figures
    images = lambda d: sorted(p.blob for p in d.part.package.parts if p.partname.endswith(".png"))  # noqa: E731
    assert images(after_doc) != images(Document(str(tmp_path / "before.docx")))


def test_the_grade_follows_the_bands(tmp_path):
    text = REFERENCE.read_text(encoding="utf-8")
    text = _with(text, "- {min: 90, grade: 优}", "- {min: 98, grade: 优}")
    text = _with(text, "- {min: 80, grade: 良}", "- {min: 95, grade: 良}")
    doc_text = document_text(render(text, tmp_path / "r.docx"))
    assert "绩效评级为“良”" in doc_text
    assert "评价得分98（含）分以上为优，95（含）—98分为良" in doc_text


def test_text_is_escaped_never_interpreted(tmp_path):
    text = REFERENCE.read_text(encoding="utf-8")
    text = _with(text, "  firm: 新疆华阳有限责任会计师事务所", "  firm: A&B<公司>")
    text = _with(text, "title: 目标设定不够合理", "title: 目标{{ 7*7 }}设定</w:t>不够合理")
    text += "\ntexts:\n  purpose: 本次评价的目的是检验“A&B<公司>”的工作。\n"
    out = tmp_path / "r.docx"
    doc_text = document_text(render(text, out))
    assert "评价机构：A&B<公司>" in doc_text
    assert "本次评价的目的是检验“A&B<公司>”的工作。" in doc_text
    assert "部门支出绩效评价是围绕部门职能" not in doc_text  # the standard 评价目的 was replaced
    assert "目标{{ 7*7 }}设定</w:t>不够合理" in doc_text and "目标49设定" not in doc_text
    from zipfile import ZipFile

    xml = ZipFile(out).read("word/document.xml").decode("utf-8")
    assert "A&amp;B&lt;公司&gt;" in xml


def test_missing_or_broken_template_is_a_message_not_a_traceback(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(REFERENCE), "-o", str(tmp_path / "r.docx"),
                                  "--template", str(tmp_path / "none.docx")])
    assert result.exit_code == 2 and "找不到Word模板文件" in result.output
    bad = tmp_path / "bad.docx"
    bad.write_text("not a word file", encoding="utf-8")
    result = runner.invoke(main, ["report", str(REFERENCE), "-o", str(tmp_path / "r.docx"), "--template", str(bad)])
    assert result.exit_code == 2 and "无法读取Word模板" in result.output
    assert not (tmp_path / "r.docx").exists()


def test_a_firms_own_template(tmp_path):
    tpl = Document()
    tpl.add_paragraph("某某会计师事务所")
    tpl.add_paragraph("{{ title }}：总得分{{ summary.score }}分，评级{{ summary.grade }}")
    # Written for an earlier version: its tag names (w, l1, q) still fill.
    tpl.add_paragraph("{{ w.overview }}；{% for r in self_form.rows %}{% if loop.first %}{{ r.l1 }}{% endif %}{% endfor %}")
    path = tmp_path / "firm.docx"
    tpl.save(str(path))
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(main, ["report", str(REFERENCE), "-o", str(out), "--template", str(path)])
    assert result.exit_code == 0, result.output
    text = document_text(Document(str(out)))
    assert "某某会计师事务所" in text
    assert re.search(r"2024年度部门整体支出绩效评价报告：总得分97.00分，评级优", text)
    assert "部门概况；履职效能" in text


def test_an_unwritable_output_keeps_the_old_file(tmp_path):
    out = tmp_path / "r.docx"
    out.write_bytes(b"old")
    text = REFERENCE.read_text(encoding="utf-8")
    from jixiao.report import TemplateError, render_docx

    with pytest.raises(TemplateError):
        render_docx(analysis_of(text), out, template=Path(__file__))
    assert out.read_bytes() == b"old"


def test_photos_are_embedded_when_the_file_exists(tmp_path):
    from PIL import Image

    photo = tmp_path / "培训现场.png"
    Image.new("RGB", (40, 30), "white").save(photo)
    text = REFERENCE.read_text(encoding="utf-8")
    text = _with(text, "  - 开展就业培训\n", f"  - {{caption: 开展就业培训, file: {photo}}}\n")
    doc = render(text, tmp_path / "r.docx")
    images = [p for p in doc.part.package.parts if p.partname.endswith(".png")]
    assert len(images) == 2  # the chart and the photo
    annex = document_text(doc).split("附件5：现场照片")[-1]
    assert "开展就业培训" in annex and "进行民生诉求投诉调解工作" in annex


def test_a_template_cannot_reach_into_python(tmp_path):
    tpl = Document()
    tpl.add_paragraph("[{{ title.__class__.__mro__ }}][{{ cycler.__init__.__globals__ }}]")
    path = tmp_path / "probe.docx"
    tpl.save(str(path))
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(main, ["report", str(REFERENCE), "-o", str(out), "--template", str(path)])
    assert result.exit_code == 2
    assert "无法填充" in result.output and "unsafe" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_a_project_evaluation_reads_as_a_project(tmp_path):
    from jixiao.io.document import document_from_yaml, dump_yaml

    doc = document_from_yaml(REFERENCE.read_text(encoding="utf-8"), "p.yaml", [])
    doc["kind"] = "project"
    del doc["entity"]
    doc["project"] = {"name": "就业补助资金", "department": "人力资源和社会保障局", "implementer": "就业服务管理中心",
                      "description": "用于职业技能培训补贴和就业创业扶持。"}
    del doc["title"]
    text = document_text(render(dump_yaml(doc), tmp_path / "p.docx"))
    assert "就业补助资金2024年度项目支出绩效评价报告" in text
    assert "（一）项目基本情况" in text and "项目主管部门为人力资源和社会保障局。" in text
    assert "用于职业技能培训补贴和就业创业扶持。" in text
    assert "表1-3 项目绩效目标表" in text and "附件3：项目支出绩效自评表" in text
    assert "部门基本情况" not in text and "部门整体支出绩效评价是围绕部门职能" not in text
    assert "总得分为97.00分" in text and "二级指标13个，三级指标21个" in text
