"""The report as one HTML page, from the same context as the Word report (web preview)."""

from __future__ import annotations

import base64
from pathlib import Path

from ..analysis import Analysis
from .context import build_context
from .jinja import environment

TEMPLATE = Path(__file__).resolve().parent / "templates" / "report.html"


def render_html(analysis: Analysis) -> str:
    """A standalone HTML document (the chart inlined as a data: URI); all text escaped."""
    ctx = build_context(analysis)
    chart = ctx.get("chart")
    chart_uri = ""
    if chart and chart["labels"]:
        from .chart import chart_png  # matplotlib costs a second to import: only when a chart is drawn

        chart_uri = "data:image/png;base64," + base64.b64encode(chart_png(chart, dpi=110)).decode("ascii")
    template = environment().from_string(TEMPLATE.read_text(encoding="utf-8"))
    return template.render(**ctx, chart_uri=chart_uri)
