"""Time the Word report of the reference evaluation; compare with bare python-docx; prints a table.

Run: python benchmarks/bench_report.py [RUNS]

"bare python-docx" writes the same tables (摘要/表4-1, 表1-1, 表1-2, 表1-3, 表2-1,
表3-x, 附件1) from the same report context into a blank document, with no template,
styles, merged cells, chart or text: the floor that the templated report is measured against.
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

from docx import Document

from jixiao.analysis import analyse
from jixiao.sources import open_source
from jixiao.report import build_context, render_docx, render_html
from jixiao.report.chart import chart_png

sys.path.insert(0, str(Path(__file__).parent))

from timing import best_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "xinshi-hrss-2024.yaml"


def bare_tables(ctx: dict) -> bytes:
    doc = Document()

    def table(headers, rows):
        t = doc.add_table(rows=1, cols=len(headers))
        for cell, text in zip(t.rows[0].cells, headers):
            cell.text = text
        for row in rows:
            cells = t.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = text

    s = ctx["summary"]
    table(["指标", "权重", "得分", "得分率"], [[r["name"], r["weight"], r["score"], r["rate"]] for r in s["rows"]])
    a = ctx["assets"]
    table(["序号", "资产类别", "期初金额", "本期增加", "本期减少", "期末金额"],
          [[r["no"], r["name"], r["opening"], r["increase"], r["decrease"], r["closing"]] for r in a["rows"]])
    b = ctx["budget"]
    table(["资金来源", "年初预算", "调整后预算", "支出决算", "执行率"],
          [[r["name"], r["initial"], r["adjusted"], r["spent"], r["rate"]] for r in b["rows"]])
    table(["一级指标", "二级指标", "三级指标", "目标值"], [[r["level1"], r["level2"], r["name"], r["target"]] for r in ctx["targets"]])
    table(["序号", "姓名", "评价角色", "评价工作职责"], [[r["no"], r["name"], r["role"], r["duty"]] for r in ctx["team"]])
    keys = ["level1", "level2", "level3", "weight", "benchmark", "actual", "score", "rate"]
    for sec in ctx["sections"]:
        table(["一级指标", "二级指标", "三级指标", "权重", "标杆值", "完成值", "得分", "得分率"],
              [[r[k] for k in keys] for r in sec["rows"]])
    table(["指标", "权重", "得分", "得分率"], [[r["name"], r["weight"], r["score"], r["rate"]] for r in s["rows"]])
    keys = ["level1", "level2", "level3", "weight", "explanation", "standard", "benchmark", "actual", "score", "reason", "rate"]
    table(["一级指标", "二级指标", "三级指标", "权重", "指标解释", "评分标准", "标杆值", "完成值", "得分", "扣分原因", "得分率"],
          [[r[k] for k in keys] for r in ctx["annex1"]["rows"]])
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def main(runs: int = 7) -> None:
    loaded = open_source(REFERENCE)
    assert loaded.ok
    ev = loaded.evaluation
    analysis = analyse(ev)
    ctx = build_context(analysis)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.docx"
        render_docx(analysis, out)  # warm: imports, font cache
        rows = [
            ("analyse (score + checks)", *best_of(lambda: analyse(ev), runs)),
            ("build_context", *best_of(lambda: build_context(analysis), runs)),
            ("chart (matplotlib PNG)", *best_of(lambda: chart_png(ctx["chart"]), runs)),
            ("Word report (render_docx)", *best_of(lambda: render_docx(analysis, out), runs)),
            ("bare python-docx, same tables", *best_of(lambda: bare_tables(ctx), runs)),
            ("HTML report (render_html)", *best_of(lambda: render_html(analysis), runs)),
        ]
        size = out.stat().st_size
    print(f"reference evaluation: {len(analysis.scorecard.leaves())} leaves, Word report {size / 1024:.0f} KiB, "
          f"best and median of {runs} runs")
    print(f"{'step':<34}{'best ms':>10}{'median ms':>12}")
    for name, best, median in rows:
        print(f"{name:<34}{best:>10.1f}{median:>12.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
