"""Rule parameters are declared once, read back from the text a clerk types, and named in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REFERENCE, SAMPLE

from jixiao.io.document import document_from_yaml
from jixiao.rules import REGISTRY, RULES, all_params, rule_type
from jixiao.rules.params import KINDS, Param, from_text, to_text

README = Path(__file__).resolve().parents[1] / "README.md"
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_rule_type_declares_labelled_parameters():
    assert set(REGISTRY) == set(RULES)
    for kind in REGISTRY.values():
        assert CJK.search(kind.label), kind.type
        for p in kind.params:
            assert isinstance(p, Param) and p.kind in KINDS, (kind.type, p)
            assert CJK.search(p.label) and CJK.search(p.help), (kind.type, p.name)
            assert p.example, (kind.type, p.name)
    # a name shared by several types is one column and one field: it must mean the same in each
    for p, kinds in all_params():
        for kind in kinds:
            other = kind.param(p.name)
            assert (other.label, other.kind) == (p.label, p.kind), (kind.type, p.name)


def test_rule_type_accepts_the_chinese_label_and_the_code():
    assert rule_type("等级评分") == "levels"
    assert rule_type("levels") == "levels"
    assert rule_type(" 扣分制（deduct） ") == "deduct"
    assert rule_type("等级") is None


def test_the_loader_names_a_bad_parameter_by_its_declared_label():
    text = REFERENCE.read_text(encoding="utf-8").replace("rule: {type: step, full_at: 95%, per_point: 0.10}",
                                                         "rule: {type: step, full_at: 95%, per_point: 一毛}")
    from jixiao.io.load import load_text

    loaded = load_text(text, "评价.yaml")
    messages = [p.message for p in loaded.problems]
    assert any("每个百分点扣分（per_point）“一毛”不是数字" in m for m in messages), messages


def _rules(path: Path) -> list[dict]:
    doc = document_from_yaml(path.read_text(encoding="utf-8"), str(path), [])
    out = []

    def walk(items):
        for ind in items:
            if isinstance(ind.get("rule"), dict):
                out.append(ind["rule"])
            walk(ind.get("children") or [])

    walk(doc.get("indicators") or [])
    out += [i["rule"] for i in (doc.get("self_evaluation") or {}).get("indicators") or [] if isinstance(i.get("rule"), dict)]
    return out


@pytest.mark.parametrize("example", [REFERENCE, SAMPLE], ids=["department", "selfeval"])
def test_every_parameter_of_the_examples_survives_its_text_form(example):
    for rule in _rules(example):
        kind = REGISTRY[rule["type"]]
        for name, value in rule.items():
            if name == "type":
                continue
            p = kind.param(name)
            text = to_text(p, value)
            assert text is not None and "{" not in text, (name, value)
            back, problem = from_text(p, text)
            assert problem is None and back == value, (name, value, text, back)


def test_structured_parameters_read_as_a_clerk_writes_them():
    levels = REGISTRY["levels"].param("levels")
    assert from_text(levels, "明确=3；较明确=2；不明确=0")[0] == {"明确": "3", "较明确": "2", "不明确": "0"}
    assert from_text(levels, "明确＝3;\n不明确=0")[0] == {"明确": "3", "不明确": "0"}
    assert "应写成 等级=得分" in from_text(levels, "明确3分")[1]

    findings = REGISTRY["deduct"].param("findings")
    assert from_text(findings, "无") == ([], None)
    assert from_text(findings, "") == (None, None)  # blank: not assessed, not "nothing found"
    assert from_text(findings, "制度不完整\n采购未公开（扣1分）\n")[0] == ["制度不完整", {"text": "采购未公开", "points": "1"}]
    assert to_text(findings, []) == "无"

    items = REGISTRY["checklist"].param("items")
    read, problem = from_text(items, "目标明确；1分；满足\n指标可衡量；0.5；未满足；部分指标无目标值；待补充")
    assert problem is None
    assert read == [{"text": "目标明确", "points": "1", "met": "true"},
                    {"text": "指标可衡量", "points": "0.5", "met": "false", "note": "部分指标无目标值；待补充"}]
    assert "第1行" in from_text(items, "目标明确 1分 满足")[1]
    pending = [{"text": "目标明确", "points": "1"}]  # not yet assessed: no `met`, never read as 未满足
    assert to_text(items, pending) == "目标明确；1分；未评定" and from_text(items, "目标明确；1分；未评定")[0] == pending

    bands = REGISTRY["completion"].param("overshoot")
    read, problem = from_text(bands, "偏差≤10%：不扣分\n偏差比例≤20%，每超1个百分点扣1分\n偏差>20%：本项计0分")
    assert problem is None
    assert read == [{"upto": "10%", "deduct": "0"}, {"upto": "20%", "per_point": "1"}, {"above": "20%", "score": "0"}]
    assert "第1行" in from_text(bands, "超过10%扣分")[1]

    veto = REGISTRY["deduct"].param("veto")
    assert from_text(veto, "是") == ("true", None) and to_text(veto, "false") == "否"
    assert "应为“是”或“否”" in from_text(veto, "也许")[1]


def test_readme_names_every_rule_type_and_every_parameter_with_its_label():
    text = README.read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        m = re.match(r"\| `(\w+)` \| (\S+) \|", line)
        if m and m.group(1) in REGISTRY:
            rows[m.group(1)] = (m.group(2), line)
    assert set(rows) == set(REGISTRY), set(REGISTRY) - set(rows)
    for kind in REGISTRY.values():
        label, line = rows[kind.type]
        assert label == kind.label, kind.type
        for p in kind.params:
            assert f"`{p.name}` {p.label}" in line, (kind.type, p.name, p.label)
