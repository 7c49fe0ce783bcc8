"""Self-evaluation checks on the sample form, one mistake at a time."""

import pytest

from jixiao.analysis import analyse
from jixiao.io.document import document_from_yaml, load_plain, set_path
from jixiao.problems import Severity

from conftest import SAMPLE

ROWS = "self_evaluation.funds.rows"
IND = "self_evaluation.indicators"

MISTAKES = [
    # (field, new value, the problems it must cause besides the sample's own missing reason)
    # 部分达成 allows 6–8 of 10; the written total no longer adds up either
    (f"{IND}[6].score", "9", {"score.tier_range", "selfeval.total", "selfeval.total_sum"}),
    (f"{ROWS}[2].spent", "70.00", {"selfeval.funds_rows"}),  # 391.52 + 70 + 0 ≠ 465.12
    (f"{ROWS}[0].rate", "96.00%", {"selfeval.rate"}),
    (f"{ROWS}[0].score", "9.60", {"selfeval.funds_score", "selfeval.total_sum"}),
    (f"{IND}[0].weight", "20", {"selfeval.weights", "selfeval.score", "selfeval.total"}),
    (f"{IND}[3].score", "10", {"selfeval.score", "selfeval.total_sum"}),
    ("self_evaluation.total", "96.52", {"selfeval.total", "selfeval.total_sum"}),
    (f"{IND}[3].reason", None, {"selfeval.reason"}),
]


def sample_doc():
    problems = []
    return document_from_yaml(SAMPLE.read_text(encoding="utf-8"), "sample.yaml", problems)


@pytest.mark.parametrize("path, value, expected", MISTAKES, ids=[m[0].split(".", 1)[1] for m in MISTAKES])
def test_one_mistake(path, value, expected):
    doc = sample_doc()
    set_path(doc, path, value)
    loaded = load_plain(doc, "sample.yaml")
    assert loaded.ok
    found = {p.code for p in analyse(loaded.evaluation).problems if p.severity is not Severity.INFO}
    assert found == expected | {"selfeval.reason"}
