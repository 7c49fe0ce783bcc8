"""The annexes as the official forms: 附件2 信息基础表, 附件3 自评表 with 复核 columns, 附件5 photos."""

from __future__ import annotations

from pathlib import Path

from docx.oxml.ns import qn
from PIL import Image
from test_report_fixtures import REFERENCE, SAMPLE, _cell_texts, analysis_of, document_text, render

from jixiao.report import build_context

PHOTOS = """photos:
  - {caption: 开展就业培训, file: 照片/1.jpg}
  - {caption: 开展职业技能培训, file: 照片/2.png}
  - {caption: 开展政策宣传活动, file: 照片/坏.jpg}
  - 开展学生招聘会
"""


def _annex5(doc) -> str:
    text = document_text(doc)
    return text[text.rindex("附件5："):]  # the annex itself, not its line in the list of annexes


def _tables_after(doc, heading: str):
    """The tables between an annex heading and the next annex heading."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out, armed = [], False
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = Paragraph(child, doc._body).text.strip()
            if text.startswith("附件") and "：" in text and Paragraph(child, doc._body).style.name == "附件标题":
                armed = text.startswith(heading)
        elif child.tag == qn("w:tbl") and armed:
            out.append(Table(child, doc._body))
    return out


def _width(table) -> int:
    return sum(int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol")))


def _with_photos(tmp_path: Path) -> Path:
    folder = tmp_path / "照片"
    folder.mkdir()
    Image.new("RGB", (800, 600), "lightgray").save(folder / "1.jpg", "JPEG")
    Image.new("RGB", (300, 400), "white").save(folder / "2.png")
    data = (folder / "1.jpg").read_bytes()
    (folder / "坏.jpg").write_bytes(data[: len(data) // 3])  # cut short, as a failed copy leaves it
    text = REFERENCE.read_text(encoding="utf-8")
    head, _, _ = text.partition("photos:")
    path = tmp_path / "评价.yaml"
    path.write_text(head + PHOTOS, encoding="utf-8")
    return path


def test_photos_next_to_the_file_are_embedded_two_to_a_page_and_captioned(tmp_path):
    path = _with_photos(tmp_path)
    doc = render(path, tmp_path / "r.docx")
    images = [p for p in doc.part.package.parts if p.partname.endswith((".jpg", ".jpeg", ".png"))]
    assert len(images) == 3  # the chart and the two good photos, not the cut one
    annex = _annex5(doc)
    assert [line for line in annex.splitlines() if line.startswith("图5-")] == [
        "图5-1 开展就业培训", "图5-2 开展职业技能培训", "图5-3 开展政策宣传活动", "图5-4 开展学生招聘会"]
    # a page break after the second photo, none after the last
    body = doc.element.body
    paras = list(body.iterchildren(qn("w:p")))
    captions = [i for i, p in enumerate(paras) if "".join(t.text or "" for t in p.iter(qn("w:t"))).startswith("图5-")]
    def breaks(ps) -> bool:  # a page break, or a paragraph set to begin a page
        return any(br.get(qn("w:type")) == "page" for p in ps for br in p.iter(qn("w:br"))) or any(
            el.get(qn("w:val"), "true") != "false" for p in ps for el in p.iter(qn("w:pageBreakBefore")))

    assert breaks(paras[captions[1] + 1:captions[2] + 1])
    assert not breaks(paras[captions[0] + 1:captions[1] + 1]) and not breaks(paras[captions[-1] + 1:])
    # the caption under a photo stands off the photo below it
    from docx.text.paragraph import Paragraph

    spaced = [Paragraph(paras[i], doc._body).paragraph_format.space_after for i in captions[:2]]
    assert all(space is not None and space.pt >= 12 for space in spaced), spaced


def test_a_bad_photo_is_a_finding_of_the_checks_not_a_remark_in_the_report(tmp_path):
    path = _with_photos(tmp_path)
    from jixiao.sources import open_source
    from jixiao.analysis import analyse

    analysis = analyse(open_source(path).evaluation)
    found = [p for p in analysis.problems if p.code == "photos.file"]
    assert len(found) == 1 and "开展政策宣传活动" in found[0].message and "照片/坏.jpg" in found[0].message
    assert found[0].where.line  # the photo's line in the file
    doc = render(path, tmp_path / "r.docx")
    assert "损坏" not in document_text(doc)


def test_a_photo_too_large_or_missing_is_named_with_the_limit(tmp_path):
    from jixiao.parse import images

    big = tmp_path / "大.png"
    Image.new("RGB", (3000, 2000), "white").save(big)
    try:
        images.read_image_file(big, "大.png", max_bytes=10)
    except images.BadImage as exc:
        assert "超过上限" in str(exc) and "大.png" in str(exc)
    else:
        raise AssertionError("a file over the size cap was accepted")
    try:
        images.inspect_image("大.png", big.read_bytes(), "PNG", max_pixels=1_000_000)
    except images.BadImage as exc:
        assert "3000×2000" in str(exc)
    else:
        raise AssertionError("an image over the pixel cap was accepted")
    try:
        images.read_image_file(tmp_path / "无.jpg", "无.jpg")
    except images.BadImage as exc:
        assert "不存在" in str(exc)
    else:
        raise AssertionError("a missing photo was accepted")


def test_annex2_is_one_bordered_form_without_the_functions_again(tmp_path):
    doc = render(REFERENCE, tmp_path / "r.docx")
    tables = _tables_after(doc, "附件2")
    assert len(tables) == 1
    rows = [_cell_texts(r) for r in tables[0].rows]
    assert rows[0] == ["部门单位", "高新区（新市区）人力资源和社会保障局", "部门负责人", "马新星"]
    assert [r[0] for r in rows[-2:]] == ["部门基本概况", "年度重点任务"]
    function = "承担人力资源和社会保障统计和信息工作。"
    assert document_text(doc).count(function) == 2  # the 摘要 and 一、基本情况, not 附件2
    assert function not in "".join(rows[-2][1])


def test_annex3_is_the_national_department_form_with_the_review_beside(tmp_path):
    doc = render(REFERENCE, tmp_path / "r.docx")
    funds, indicators = _tables_after(doc, "附件3")
    assert abs(_width(funds) - _width(indicators)) <= 20  # one width, to the renderer's rounding (1/70 mm a twip)
    head = [_cell_texts(r) for r in funds.rows]
    assert head[0] == ["部门名称", "高新区（新市区）人力资源和社会保障局"]
    assert head[1][-4:] == ["执行率（复核）", "分值权重", "得分", "得分（复核）"]
    assert ["年度总目标", "预期目标", "实际完成情况"] in head
    rows = [_cell_texts(r) for r in indicators.rows]
    assert rows[0] == ["一级指标", "二级指标", "三级指标", "指标值", "指标设定依据", "实际完成值", "分值权重", "得分",
                       "得分（复核）"]
    level1 = [r[0] for r in rows[1:-1] if r[0]]
    assert level1 == ["运行成本", "管理效率", "履职效能", "社会效益", "可持续发展能力", "服务对象满意度"]
    assert rows[1][1:] == [""] * 8  # an empty row of the form, printed as on the form
    assert rows[-1] == ["总分", "100", "99.60", "99.96"]


def test_annex3_of_a_project_form_lists_every_second_level_row():
    ctx = build_context(analysis_of(SAMPLE))
    rows = ctx["self_form"]["form_rows"]
    assert [(r["level1"], r["level2"]) for r in rows if not r["name"]] == [
        ("效益指标", "经济效益指标"), ("效益指标", "生态效益指标")]
    assert [h["label"] for h in ctx["self_form"]["heads"]] == ["项目名称", "主管部门", "实施单位"]
    assert len(ctx["self_form"]["rows"]) == 8  # as filled in: a firm's template reading rows keeps its rows


def test_interview_dates_read_as_chinese_dates():
    ctx = build_context(analysis_of(REFERENCE))
    assert "访谈日期：2025年7月" in ctx["interviews"][0]["meta"]
