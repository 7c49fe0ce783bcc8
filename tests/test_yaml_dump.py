"""A document is written as the same YAML text whether or not PyYAML has libyaml: a
revision's text is hashed, compared with the previous one and shown in 修订历史, so the
faster emitter must never change it."""

from __future__ import annotations

import random

import pytest
import yaml

from conftest import EXAMPLES
from jixiao.io import document
from jixiao.io.document import dump_yaml
from jixiao.sources import open_text

pytestmark = pytest.mark.skipif(document._CDumper is None, reason="PyYAML 未带 libyaml / PyYAML without libyaml")

TRICKY = ["", "~", "null", "Null", "NULL", "true", "yes", "2", "97.63%", "≥2.4万人", "- 项目", "a: b", "#注",
          "第一行\n第二行", "尾随空格 ", " 前导空格", "引号\"在内", "反斜杠\\在内", "制表\t符", "回车\r符", "😀 表情",
          "？问号 ", "why? because", "[方括号]", "{花括号}", "&锚", "*别名", "!标签", "%指令", "@at", "`反引号",
          "x" * 5000, "很长的文字，" * 900]


def parse_text(text: str, name: str = "评价.yaml"):
    loaded = open_text(text, name, evaluate=False)
    return loaded.document, loaded.problems


def python_emitter(data) -> str:
    return yaml.dump(data, Dumper=document._Dumper, **document._DUMP)


@pytest.mark.parametrize("name", ["xinshi-hrss-2024.yaml", "project-selfeval-sample.yaml"])
def test_the_examples_are_written_as_the_python_emitter_writes_them(name):
    doc, problems = parse_text((EXAMPLES / name).read_text("utf-8"), name)
    assert doc is not None, problems
    text = dump_yaml(doc)
    assert text == python_emitter(doc)
    assert parse_text(text)[0] == doc


def test_tricky_texts_are_written_the_same_and_read_back_unchanged():
    rng = random.Random(11)
    for _ in range(3000):
        s = "".join(rng.choice(TRICKY[:-2]) for _ in range(rng.randint(1, 4)))
        data = {"title": s, "texts": {s or "空": s}, "findings": [{"problem": s, "items": [s, "普通文字"]}]}
        assert dump_yaml(data) == python_emitter(data), repr(s)
    for s in TRICKY:
        data = {"title": s, "findings": [{"problem": s}]}
        text = dump_yaml(data)
        assert text == python_emitter(data), repr(s)
        if s not in ("", "~", "null", "Null", "NULL"):  # those read back as not filled, by design
            assert parse_text(text)[0] == data, repr(s)
