"""The 预算与资产 tab shows 表1-2 and 表1-1 as a clerk knows them — rows, 合计, 执行率 and
利用率 from jixiao.metrics, 万元 with thousands separators — and 发现与建议 as paragraphs."""

from __future__ import annotations

import re
from pathlib import Path

from test_web_fixtures import demo  # noqa: F401
from jixiao.metrics import compute
from jixiao.metrics.assets import column_total
from jixiao.metrics.budget import total
from jixiao.numbers import fmt
from jixiao.sources import open_source

REFERENCE = Path(__file__).resolve().parent.parent / "examples" / "xinshi-hrss-2024.yaml"


def cells(html: str, table_id: str) -> list[list[str]]:
    table = html[html.index(f'id="{table_id}"'):]
    table = table[:table.index("</table>")]
    return [[re.sub(r"<[^>]+>", "", c).strip(" \n\t") for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)]


def test_web_budget_tab_totals_are_jixiaos_figures_for_the_reference(demo):
    ev = open_source(REFERENCE).evaluation
    html = demo.client("renshe").get(f"/e/{demo.reference.pk}/budget/").content.decode()
    budget = cells(html, "table-1-2")
    assert budget[0] == ["项目", "年初预算数", "全年预算数", "全年执行数", "执行率"]
    sums = [fmt(total(ev.budget, c), thousands=True) for c in ("initial", "adjusted", "spent")]
    rate = fmt(compute("budget.execution_rate", ev).value) + "%"
    assert budget[-1] == ["合计", *sums, rate] == ["合计", "31,577.79", "31,577.79", "31,450.44", "99.60%"]
    assert ["　项目支出", "30,511.38", "30,511.38", "30,384.03", "99.58%"] in budget
    assets = cells(html, "table-1-1")
    closing = fmt(column_total(ev.assets, "closing"), thousands=True)
    assert assets[-1] == ["合计", "1,696.49", "0.00", "376.37", closing] and closing == "1,320.12"
    used = fmt(compute("assets.utilization", ev).value) + "%"
    assert f"固定资产利用率 <b>{used}</b>" in html and used == "99.98%"


def test_web_budget_tab_follows_a_saved_figure(demo):
    ev = demo.reference
    pingjia = demo.client("pingjia")
    resp = pingjia.post(f"/e/{ev.pk}/save/", {"base": str(ev.head), "tab": "budget",
                                              "f:budget.lines[0].children[1].spent": "３０５１１.３８"})
    assert resp.status_code == 302
    budget = cells(pingjia.get(f"/e/{ev.pk}/budget/").content.decode(), "table-1-2")
    assert ["　项目支出", "30,511.38", "30,511.38", "30,511.38", "100.00%"] in budget
    assert budget[-1] == ["合计", "31,577.79", "31,577.79", "31,577.79", "100.00%"]


def test_web_findings_texts_are_multi_line(demo):
    """A short text is still a paragraph to be written: a textarea, not a one-line input."""
    ev = demo.reference
    pingjia = demo.client("pingjia")
    assert pingjia.post(f"/e/{ev.pk}/save/", {"base": str(ev.head), "tab": "findings",
                                              "f:findings.problems[0].text": "见附件。",
                                              "f:findings.suggestions[0].text": "加强培训。"}).status_code == 302
    html = pingjia.get(f"/e/{ev.pk}/findings/").content.decode()
    for path in ("findings.problems[0].text", "findings.suggestions[0].text"):
        assert re.search(r'<textarea name="f:%s"' % re.escape(path), html), path
    assert re.search(r'<input type="text" name="f:findings.problems\[0\].title"', html)
