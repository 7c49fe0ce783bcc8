"""The chart of 得分率 by first-level indicator (matplotlib, Agg backend, a CJK font)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: the report is written on servers and in CI

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from ..numbers import D, NotANumber  # noqa: E402

# In order of preference: the fonts scripts/system-deps installs first (templates/fonts.conf
# maps the official fonts to them), then what Windows and macOS ship.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "AR PL SungtiL GB", "AR PL KaitiM GB",
                "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei",
                "SimHei", "SimSun", "Hiragino Sans GB", "STHeiti", "Arial Unicode MS")
_WINDOWS_FONTS = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
# Where the Debian packages (fonts-noto-cjk, fonts-arphic-gbsn00lp, fonts-arphic-gkai00mp)
# and the other systems put them, so no font cache or fontconfig is needed to find them.
FONT_FILES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"),
    Path("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"),
    _WINDOWS_FONTS / "msyh.ttc",
    _WINDOWS_FONTS / "simhei.ttf",
    Path("/System/Library/Fonts/Hiragino Sans GB.ttc"),
    Path("/System/Library/Fonts/STHeiti Medium.ttc"),
    Path("/Library/Fonts/Arial Unicode.ttf"),
)
FONT_MISSING = (
    "未找到中文字体（Noto Sans CJK SC、文鼎ＰＬ简报宋等），报告图表中的中文（标题、指标名称）将显示为方框。"
    "请先安装字体再重新生成报告：\n"
    "  Debian/Ubuntu：sudo apt-get install fonts-noto-cjk fonts-arphic-gkai00mp fonts-arphic-gbsn00lp"
)
_lock = threading.Lock()


def _fontconfig_files() -> list[str]:
    """Files of the CJK families fontconfig knows (other distributions' paths)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        proc = subprocess.run([fc_list, ":lang=zh", "--format", "%{file}\t%{family}\n"],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []
    wanted = set(CJK_FAMILIES)
    files = []
    for line in proc.stdout.splitlines():
        path, _, families = line.partition("\t")
        if wanted.intersection(families.split(",")):
            files.append(path)
    return files


def font_files() -> list[str]:
    """The CJK font files on this machine that jixiao can draw with."""
    found = [str(p) for p in FONT_FILES if p.is_file()]
    return list(dict.fromkeys(found + _fontconfig_files()))


@lru_cache(maxsize=1)
def cjk_font() -> font_manager.FontProperties | None:
    """A font that has Chinese glyphs, or None (the labels would then show boxes).

    matplotlib's font cache is a list made when it first ran; fonts installed since
    (the order the install steps produce) are not in it. So the files are registered
    here every time instead of trusting the cache.
    """
    manager = font_manager.fontManager
    with _lock:
        known = {f.fname for f in manager.ttflist}
        for path in font_files():
            if path in known:
                continue
            try:
                manager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # unreadable or not a font: try the next
                continue
        installed = {f.name for f in manager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return font_manager.FontProperties(family=family)
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
