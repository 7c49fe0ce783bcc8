"""jixiao.web.tree: the 指标体系 tab's rows, their figures, and a node that cannot be scored yet."""

from __future__ import annotations

import yaml

from conftest import REFERENCE, load_ok
from test_scoring import TREE

from jixiao.scoring import score_evaluation
from jixiao.web.tree import figures, rows, rows_html


def tree_rows(text: str):
    return rows(yaml.safe_load(text), score_evaluation(load_ok(text)))


def test_rows_follow_the_document_with_depth_path_and_score():
    got = tree_rows(TREE)
    assert [(r.code, r.depth, r.is_leaf) for r in got] == [
        ("A", 1, False), ("A1", 2, True), ("B", 1, False), ("B1", 2, True), ("B2", 2, True)
    ]
    assert got[3].path == "indicators[1].children[0]"
    assert all(r.scored is not None and r.scored.code == r.code for r in got)


def test_every_reference_indicator_is_a_row_with_its_score(reference_card):
    got = rows(yaml.safe_load(REFERENCE.read_text(encoding="utf-8")), reference_card)
    assert len(got) == len(reference_card.by_code)
    assert sum(figures(r.scored)["score"] != "未评分" for r in got) == len(got)


def test_figures_of_a_scored_leaf_are_display_text():
    a1 = {r.code: r for r in tree_rows(TREE)}["A1"]
    fig = figures(a1.scored)
    assert fig["weight"] == "40" and fig["score"] == "40.00" and fig["rate"] == "100.00%"
    assert fig["actual"] == "明确" and fig["leaf"] is True and fig["computed"] is False


def test_a_node_that_cannot_be_scored_is_unassessed_not_zero():
    by_code = {r.code: r for r in tree_rows(TREE)}  # B1 asks for the budget the file does not have
    b1, b = figures(by_code["B1"].scored), figures(by_code["B"].scored)
    assert b1["score"] == "未评分" and b1["rate"] == "—" and b1["weight"] == "30"
    assert by_code["B"].scored.provisional and by_code["B1"].scored.provisional
    assert b["score"] != "0.00" and not by_code["A"].scored.provisional
    assert figures(None)["score"] == "未评分"  # a row the scorecard does not know yet (just added)


def test_rows_html_locks_inputs_for_readers_and_escapes_names():
    text = TREE.replace("name: 立项依据", "name: \"A&B<立项>\"")
    body = rows_html(tree_rows(text), "/leaf/", edit_figures=False, edit_tree=False)
    assert "A&amp;B&lt;立项&gt;" in body and "<立项>" not in body
    assert 'name="f:indicators[0].children[0].weight" value="40" disabled' in body
    assert "删除" not in body and "＋下级" not in body
    assert '<span id="s-B1">未评分</span>' in body
    assert '<span title="budget.execution_rate">计算</span>' in body


def test_rows_html_lets_editors_change_figures_and_the_tree():
    body = rows_html(tree_rows(TREE), "/leaf/", edit_figures=True, edit_tree=True)
    assert 'name="f:indicators[0].children[0].weight" value="40">' in body
    assert 'value="del:indicators[1].children[1]"' in body and 'value="child:indicators[0]"' in body
