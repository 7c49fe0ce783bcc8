"""The evaluation page charts 一级指标得分率 and the 自评表's 填报 vs 复核 得分, as SVG drawn on
the server (no script), from the same figures as the table."""

from __future__ import annotations

import re

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
