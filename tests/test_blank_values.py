"""A value left blank is "not filled", whichever YAML parser PyYAML uses.

With libyaml (yaml.CSafeLoader) plain scalars carry the style '' instead of None; a blank
`total:` must still read as not filled, never as the text "" or "null".
"""

import pytest
import yaml
from click.testing import CliRunner

from jixiao.analysis import analyse
from jixiao.cli import main
from jixiao.io import yaml_tree
from jixiao.io.document import document_from_yaml, dump_yaml
from jixiao.io.load import load_text
from jixiao.numbers import fmt

from conftest import REFERENCE, SAMPLE

LOADERS = [pytest.param(yaml.SafeLoader, id="pure-python")]
LOADERS.append(
    pytest.param(
        getattr(yaml, "CSafeLoader", None),
        id="libyaml",
        marks=pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml"),
    )
)
BLANKS = ["total:", "total: null", "total: ~", "total: Null", "total: NULL", "total: ''", 'total: ""', "total:   "]


@pytest.fixture(params=LOADERS)
def loader(request, monkeypatch):
    monkeypatch.setattr(yaml_tree, "_LOADER", request.param)
    return request.param


def sample_with(old: str, new: str) -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("blank", BLANKS)
def test_blank_total_is_not_filled(loader, blank):
    loaded = load_text(sample_with("total: 95.52", blank), "自评.yaml")
    assert loaded.ok, [str(p) for p in loaded.problems]
    form = loaded.evaluation.self_evaluation
    assert form.total is None
    analysis = analyse(loaded.evaluation)
    assert fmt(analysis.self_scorecard.total) == "95.52"
    assert not {"selfeval.total", "selfeval.total_sum"} & {p.code for p in analysis.problems}


def test_blank_total_scores_from_the_command_line(loader, tmp_path):
    path = tmp_path / "自评.yaml"
    path.write_text(sample_with("total: 95.52", "total:"), encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(path)])
    assert result.exit_code == 0, result.output
    assert "无法读取" not in result.output and "不是数字" not in result.output
    assert "复核95.52分" in result.output


@pytest.mark.parametrize("blank", [" ", " null", " ~"])
def test_blank_fields_of_an_indicator_are_not_filled(loader, blank):
    """A blank 得分, 偏差原因 or 完成值 is not filled: never "不是数字", never the text "null"."""
    text = sample_with("actual: 3120人次, weight: 15, score: 15}", f"actual: 3120人次, weight: 15, score:{blank}}}")
    text = text.replace("reason: 两家培训机构年检整改尚未完成。", f"reason:{blank}", 1)
    loaded = load_text(text, "自评.yaml")
    assert loaded.ok, [str(p) for p in loaded.problems]
    rows = loaded.evaluation.self_evaluation.indicators
    assert rows[0].score is None
    assert rows[6].reason is None


def test_blank_actual_of_a_leaf_is_unscored_not_an_error(loader):
    text = REFERENCE.read_text(encoding="utf-8")
    old = "            benchmark: 明确\n            actual: 明确\n"
    assert old in text
    loaded = load_text(text.replace(old, "            benchmark: 明确\n            actual:\n", 1), "评价.yaml")
    assert loaded.ok, [str(p) for p in loaded.problems]
    card = analyse(loaded.evaluation).scorecard
    assert card.by_code["A11"].score is None and card.provisional


def test_quoted_null_stays_text(loader):
    loaded = load_text(sample_with("name: 职业技能提升行动专项资金\n", "name: 'null'\n"), "自评.yaml")
    assert loaded.ok
    assert loaded.evaluation.project.name == "null"


@pytest.mark.parametrize("path", [REFERENCE, SAMPLE], ids=["reference", "sample"])
def test_both_parsers_read_the_same_document(path, monkeypatch):
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    text = path.read_text(encoding="utf-8").replace("total: 95.52", "total:")
    docs = []
    for parser in (yaml.SafeLoader, yaml.CSafeLoader):
        monkeypatch.setattr(yaml_tree, "_LOADER", parser)
        problems = []
        docs.append(document_from_yaml(text, path.name, problems))
        assert not problems
        # what jixiao writes reads back the same, blanks included
        assert document_from_yaml(dump_yaml(docs[-1]), path.name, problems) == docs[-1]
    assert docs[0] == docs[1]


DUMPERS = [pytest.param(yaml.SafeDumper, id="pure-python-dumper")]
DUMPERS.append(
    pytest.param(
        getattr(yaml, "CSafeDumper", None),
        id="libyaml-dumper",
        marks=pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml"),
    )
)


@pytest.mark.parametrize("dumper", DUMPERS)
def test_a_form_written_by_another_program_reads_its_blanks(loader, dumper):
    """A form dumped by PyYAML itself (None → null, '' → '') is read with its blanks not filled."""
    doc = document_from_yaml(SAMPLE.read_text(encoding="utf-8"), "自评.yaml", [])
    doc["self_evaluation"]["total"] = None
    doc["self_evaluation"]["indicators"][0]["score"] = ""
    text = yaml.dump(doc, Dumper=dumper, allow_unicode=True, sort_keys=False)
    loaded = load_text(text, "自评.yaml")
    assert loaded.ok, [str(p) for p in loaded.problems]
    form = loaded.evaluation.self_evaluation
    assert form.total is None and form.indicators[0].score is None
    assert fmt(analyse(loaded.evaluation).self_scorecard.total) == "95.52"
