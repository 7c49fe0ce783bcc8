"""The public disclosure version (公开版): the report without what the bureau marks internal, every
figure as in the full report."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import ROOT
from jixiao.analysis import analyse
from jixiao.cli import main
from jixiao.report.docx import render_document
from jixiao.report.public import public_version
from jixiao.sources import open_source

REFERENCE = ROOT / "examples" / "xinshi-hrss-2024.yaml"
MARKED = "\ndisclosure:\n  internal: [interviews, photos, \"findings.problems[1]\"]\n"
INTERVIEW = "目前人力资源和社会保障局的人员编制情况如何"
PROBLEM = "相关人员在绩效管理领域专业知识的系统性学习存在短板"
PHOTO = "开展政策宣传活动"


def _text(doc) -> str:
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _figures(doc) -> list[str]:
    """Every decimal figure of every table, in order (scores, budget, rates)."""
    return [f for t in doc.tables for r in t.rows for c in r.cells for f in re.findall(r"\d[\d,]*\.\d+%?", c.text)]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("公开")
    path = folder / "ref.yaml"
    path.write_text(REFERENCE.read_text(encoding="utf-8") + MARKED, encoding="utf-8")
    loaded = open_source(path)
    assert loaded.ok, loaded.problems  # the disclosure key is part of format 1
    public = public_version(loaded)
    assert not public.problems and public.removed == ("interviews", "photos", "findings.problems[1]")
    full, pub = analyse(loaded.evaluation), analyse(public.loaded.evaluation)
    return full, pub, render_document(full), render_document(pub)


def test_public_version_leaves_out_the_internal_parts(both):
    _, _, full_doc, pub_doc = both
    full, pub = _text(full_doc), _text(pub_doc)
    for part in (INTERVIEW, PROBLEM, PHOTO):
        assert part in full and part not in pub
    assert "目标设定不够合理" in pub  # the other problems stay


def test_every_figure_of_the_public_version_agrees(both):
    full, pub, full_doc, pub_doc = both
    assert pub.headline == full.headline and pub.headline.text == "97.00分 优"
    assert [n.score for n in pub.scorecard.leaves()] == [n.score for n in full.scorecard.leaves()]
    assert _figures(pub_doc) == _figures(full_doc)


def test_a_figure_is_never_internal(tmp_path):
    path = tmp_path / "ref.yaml"
    path.write_text(REFERENCE.read_text(encoding="utf-8") + "\ndisclosure:\n  internal: [budget, \"photos[9]\"]\n",
                    encoding="utf-8")
    public = public_version(open_source(path))
    messages = [p.message for p in public.problems]
    assert "“budget”不能标为内部" in messages[0] and "得分和预算数据必须公开" in messages[0]
    assert messages[1] == "标为内部的“photos[9]”在评价文件中不存在"
    assert public.problems[0].where.line == REFERENCE.read_text(encoding="utf-8").count("\n") + 3
    res = CliRunner().invoke(main, ["report", str(path), "--public", "-o", str(tmp_path / "x.docx")])
    assert res.exit_code == 2 and "无法生成" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "x.docx").exists()


def test_cli_writes_the_public_report(tmp_path):
    path = tmp_path / "ref.yaml"
    path.write_text(REFERENCE.read_text(encoding="utf-8") + MARKED, encoding="utf-8")
    res = CliRunner().invoke(main, ["report", str(path), "--public", "-o", str(tmp_path / "公开版.docx")])
    assert res.exit_code == 0, res.output
    text = _text(Document(str(tmp_path / "公开版.docx")))
    assert INTERVIEW not in text and "97.00" in text


def test_public_version_says_an_annex_it_leaves_out_is_not_attached(tmp_path):
    """附件4/附件5 kept internal still have their headings (the annexes keep their numbers), with a line
    saying the report does not attach them, never an empty heading."""
    from docx import Document

    src = tmp_path / "公开.yaml"
    src.write_text((ROOT / "examples" / "xinshi-hrss-2024.yaml").read_text(encoding="utf-8")
                   + "\ndisclosure:\n  internal: [interviews, photos]\n", encoding="utf-8")
    out = tmp_path / "公开版.docx"
    result = CliRunner().invoke(main, ["report", str(src), "--public", "-o", str(out)])
    assert result.exit_code == 0, result.output
    texts = [p.text for p in Document(str(out)).paragraphs]
    at4 = max(i for i, t in enumerate(texts) if t == "附件4：访谈记录")
    at5 = max(i for i, t in enumerate(texts) if t == "附件5：现场照片")
    assert "本报告未附访谈记录。" in texts[at4 + 1:at5]
    assert "本报告未附现场照片。" in texts[at5 + 1:]
