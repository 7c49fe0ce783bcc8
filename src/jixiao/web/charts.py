"""Charts on the evaluation page, drawn on the server as SVG (the CSP runs no inline script):
一级指标得分率, and 填报 vs 复核 得分 of the 自评表 row by row."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from ..metrics.base import score_rate
from ..render.figures import rate_text, score_text

ROW, LABEL, BAR = 22, 150, 300  # px: a row's height, the label column, the full bar


def _svg(rows: int, body: SafeString, title: str) -> SafeString:
    height = rows * ROW + 8
    return format_html('<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}">{}</svg>',
                       LABEL + BAR + 90, height, title, body)


def _width(value: Decimal | None, full: Decimal) -> str:
    if value is None or not full:
        return "0"
    return str(max(Decimal(0), min(Decimal(BAR), value * BAR / full)).quantize(Decimal("0.1")))


def level_rates(card) -> SafeString:
    """一级指标得分率: one bar per 一级指标, its 得分率 beside it (未评分 where nothing is scored)."""
    roots = list(card.roots) if card else []
    if not roots:
        return mark_safe("")
    rates = [(n.name, score_rate(n.score, n.weight)) for n in roots]
    body = format_html_join("", (
        '<text x="0" y="{}" font-size="12" fill="#333">{}</text><rect x="{}" y="{}" width="{}" height="14" fill="#9b1c1c"/>'
        '<text x="{}" y="{}" font-size="12" fill="#333">{}</text>'), (
        (i * ROW + 15, name, LABEL, i * ROW + 4, _width(rate, Decimal(100)), LABEL + BAR + 6, i * ROW + 15,
         rate_text(rate) if rate is not None else "未评分")
        for i, (name, rate) in enumerate(rates)))
    return _svg(len(rates), body, "一级指标得分率")


def filled_vs_review(ss) -> SafeString:
    """填报 and 复核 得分 of each row of the 自评表, two bars a row on the row's 分值."""
    if ss is None or not ss.rows:
        return mark_safe("")
    rows = [(r.indicator.name, r.indicator.weight, r.filled, r.score) for r in ss.rows]
    body = format_html_join("", (
        '<text x="0" y="{}" font-size="12" fill="#333">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="7" fill="#b8b8b8"/><rect x="{}" y="{}" width="{}" height="7" fill="#9b1c1c"/>'
        '<text x="{}" y="{}" font-size="12" fill="#333">{} / {}</text>'), (
        (i * ROW + 15, name[:12], LABEL, i * ROW + 4, _width(filled, weight), LABEL, i * ROW + 12, _width(score, weight),
         LABEL + BAR + 6, i * ROW + 15, score_text(filled) if filled is not None else "未填", score_text(score))
        for i, (name, weight, filled, score) in enumerate(rows)))
    return _svg(len(rows), body, "自评表填报得分与复核得分")


def charts(card, ss) -> dict:
    return {"chart_levels": level_rates(card), "chart_self": filled_vs_review(ss)}
