"""The evaluation page charts 一级指标得分率 and the 自评表's 填报 vs 复核 得分, as SVG drawn on
the server (no script), from the same figures as the table."""

from __future__ import annotations

import re
from decimal import Decimal

from pathlib import Path

from test_web_fixtures import demo  # noqa: F401
from jixiao.metrics.base import score_rate
from jixiao.render.figures import rate_text
from jixiao.scoring import score_evaluation
from jixiao.sources import open_source

REFERENCE = Path(__file__).resolve().parent.parent / "examples" / "xinshi-hrss-2024.yaml"


def test_web_indicators_tab_charts_level_rates_and_filled_vs_review(demo):
    html = demo.client("pingjia").get(f"/e/{demo.reference.pk}/indicators/").content.decode()
    charts = html[html.index('id="charts"'):html.index('id="indicator-table"')]
    levels = charts[charts.index('aria-label="一级指标得分率"'):]
    levels = levels[:levels.index("</svg>")]
    card = score_evaluation(open_source(REFERENCE).evaluation)
    expected = [x for n in card.roots for x in (n.name, rate_text(score_rate(n.score, n.weight)))]
    assert re.findall(r">([^<>]+)</text>", levels) == expected and expected[:2] == ["部门决策", "92.86%"]
    assert 'width="278.6"' in levels  # 92.86% of the 300 px bar
    assert 'aria-label="自评表填报得分与复核得分"' in charts and "<script" not in charts


def test_web_sample_form_charts_its_rows(demo):
    html = demo.client("pingjia2").get(f"/e/{demo.sample.pk}/indicators/").content.decode()
    assert 'aria-label="自评表填报得分与复核得分"' in html


def test_web_live_preview_redraws_the_charts_as_scores_are_typed(demo):
    from test_web_fixtures import leaf_path
    from jixiao.web.store import head_document

    ev = demo.reference
    client = demo.client("pingjia", enforce_csrf_checks=True)
    page = client.get(f"/e/{ev.pk}/indicators/").content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    c12 = leaf_path(head_document(ev), "C12")
    live = client.post(f"/e/{ev.pk}/preview/", {"base": str(ev.head), "tab": "indicators",
                                                f"f:{c12}.actual.value": "15000人次"}, HTTP_X_CSRFTOKEN=csrf)
    html = live.content.decode()
    assert live.status_code == 200 and '<div class="row" id="charts" hx-swap-oob="true">' in html
    levels = html[html.index('aria-label="一级指标得分率"'):]
    texts = re.findall(r">([^<>]+)</text>", levels[:levels.index("</svg>")])
    rates = dict(zip(texts[::2], texts[1::2]))
    card = score_evaluation(open_source(REFERENCE).evaluation)
    root_c = next(n for n in card.roots if n.code == "C")
    # C12 now scores 7.73 instead of 12: the 一级指标 C falls from 48.00 to 43.73 of its weight
    assert rates[root_c.name] == rate_text(score_rate(Decimal("43.73"), root_c.weight)) != rate_text(
        score_rate(root_c.score, root_c.weight))
    assert 'aria-label="自评表填报得分与复核得分"' in html
