"""The chart's Chinese when matplotlib's font cache was made before the CJK fonts were installed.

The README's install steps (pip first, the Debian font packages after) leave matplotlib a
font cache without the CJK fonts; the chart in Word, PDF, HTML and the web preview must
still show Chinese, not boxes. Each case runs in a fresh process with its own MPLCONFIGDIR.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_report_fixtures import REFERENCE

ROOT = Path(__file__).resolve().parent.parent


def _cjk_files() -> set[str]:
    if shutil.which("fc-list") is None:
        return set()
    out = subprocess.run(["fc-list", ":lang=zh", "--format", "%{file}\n"], capture_output=True, text=True).stdout
    return set(out.split())


CJK_FILES = _cjk_files()
needs_cjk_fonts = pytest.mark.skipif(
    not CJK_FILES, reason="需要中文字体（fonts-noto-cjk 等，scripts/system-deps 安装）")

# What matplotlib writes on its first run on a machine without the CJK fonts: the same
# scan of the system fonts, less the files installed later.
STALE_CACHE = """
import sys
import matplotlib
from matplotlib import font_manager as fm
later = set(sys.argv[1:])
scan = fm.findSystemFonts
fm.findSystemFonts = lambda *a, **k: [p for p in scan(*a, **k) if p not in later]
fm.json_dump(fm.FontManager(), f"{matplotlib.get_cachedir()}/fontlist-v{fm.FontManager.__version__}.json")
"""

CLI = "import sys; from jixiao.cli import main; main(sys.argv[1:])"


def _env(mplconfig: Path) -> dict[str, str]:
    env = dict(os.environ, MPLCONFIGDIR=str(mplconfig), PYTHONWARNINGS="default")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


@pytest.fixture()
def stale_mplconfig(tmp_path) -> Path:
    """A fresh MPLCONFIGDIR whose font cache was built before the CJK fonts were installed."""
    config = tmp_path / "mplconfig"
    config.mkdir()
    subprocess.run([sys.executable, "-c", STALE_CACHE, *sorted(CJK_FILES)], env=_env(config), check=True)
    return config


def _python(code: str, config: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], env=_env(config), cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@needs_cjk_fonts
def test_chart_draws_chinese_with_a_font_cache_older_than_the_fonts(stale_mplconfig):
    probe = """
import json, warnings
from matplotlib import font_manager as fm
cached = sorted({f.fname for f in fm.fontManager.ttflist})
warnings.simplefilter("error", UserWarning)  # a glyph drawn as a box warns: fail on it
from jixiao.report.chart import chart_png, cjk_font
png = chart_png({"title": "一级指标得分率", "labels": ["决策", "过程", "产出", "效益"],
                 "rates": ["100.00%", "92.86%", "—", "95.00%"]})
font = cjk_font()
print(json.dumps({"cached": cached, "font": font and fm.findfont(font, fallback_to_default=False),
                  "png": png[:8].hex()}))
"""
    proc = _python(probe, stale_mplconfig)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout)
    assert not CJK_FILES & set(seen["cached"])  # the cache really is the old one
    assert seen["font"] in CJK_FILES
    assert seen["png"] == b"\x89PNG\r\n\x1a\n".hex()


@needs_cjk_fonts
def test_report_command_writes_word_and_html_without_boxes(stale_mplconfig, tmp_path):
    proc = _python(CLI, stale_mplconfig, "report", str(REFERENCE), "-o", str(tmp_path / "r.docx"), "--html",
                   cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "r.docx").is_file() and (tmp_path / "r.html").is_file()
    assert "missing from font" not in proc.stderr and "未找到中文字体" not in proc.stderr, proc.stderr


def test_report_command_says_when_no_chinese_font_is_installed(stale_mplconfig, tmp_path):
    # a machine with no CJK font at all: none installed where jixiao looks, none in the cache
    no_fonts = "import jixiao.report.chart as chart; chart.font_files = lambda: []\n" + CLI
    proc = _python(no_fonts, stale_mplconfig, "report", str(REFERENCE), "-o", str(tmp_path / "r.html"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "r.html").is_file()
    assert "警告 报告图表：未找到中文字体" in proc.stderr
    assert "sudo apt-get install fonts-noto-cjk fonts-arphic-gkai00mp fonts-arphic-gbsn00lp" in proc.stderr
    # said once, in Chinese: not a UserWarning per character
    assert "UserWarning" not in proc.stderr and "Glyph" not in proc.stderr, proc.stderr
