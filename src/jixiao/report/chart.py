"""The chart of 得分率 by first-level indicator (matplotlib, Agg backend, a CJK font)."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: the report is written on servers and in CI

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from ..numbers import D, NotANumber  # noqa: E402

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "AR PL SungtiL GB", "AR PL KaitiM GB",
                "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei")


@lru_cache(maxsize=1)
def cjk_font() -> font_manager.FontProperties | None:
    """A font that has Chinese glyphs, or None (the labels would then show boxes)."""
    installed = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return font_manager.FontProperties(fname=installed[family])
    return None


def _percent(text: str) -> float:
    """Bar height from a rate as shown ("92.86%"); a float only for drawing."""
    try:
        return float(D(text.rstrip("%")))
    except (NotANumber, ValueError):
        return 0.0


def chart_png(chart: dict[str, Any], dpi: int = 200) -> bytes:
    """A bar chart of the rates in the report context's `chart` entry, as PNG bytes."""
    font = cjk_font()
    labels, rates = chart["labels"], chart["rates"]
    heights = [_percent(r) for r in rates]
    fig = Figure(figsize=(6.0, 3.2), dpi=dpi)
    ax = fig.add_subplot()
    bars = ax.bar(range(len(labels)), heights, width=0.55, color="#3b6ea5")
    ax.set_ylim(0, max([100.0, *heights]) * 1.15)
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, fontproperties=font, fontsize=11)
    ax.set_ylabel("得分率（%）", fontproperties=font, fontsize=10)
    ax.set_title(chart["title"], fontproperties=font, fontsize=12)
    for bar, text in zip(bars, rates):
        ax.annotate(text if text != "—" else "未评分", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    xytext=(0, 3), textcoords="offset points", ha="center", fontsize=10, fontproperties=font)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()
