"""The monitoring form entered on the page: the form's texts, its 监控期 and funds, and one row an
indicator — prefilled from the department's last form of the same project, else from its
declaration of the year (the same indicators, their 指标值 as the 年度指标值). What is posted is
written as a format-1 document and read by jixiao.sources like any upload, so a figure that is no
figure is refused at its field, nothing stored."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from ...io.document import dump_yaml
from ...sources import open_text
from .. import access
from ..models import ENTITY
from . import scope
from .entry import accepted

COLUMNS = ("level1", "level2", "name", "target", "progress", "likelihood", "reason", "measure")
LIKELIHOOD = ("确定能", "有可能", "不可能")
SPARE = 3  # blank rows below the prefilled ones
MAX_ROWS = 300


def _declared(department) -> dict:
    """The department's latest declaration as a form to fill in: its year, name and indicators."""
    try:
        from ..declarations.models import Declaration
    except ImportError:  # the stage is not installed
        return {}
    row = Declaration.objects.filter(department=department).order_by("-year", "-updated_at").first()
    loaded = open_text(row.text, "申报表.yaml") if row is not None else None
    d = loaded.evaluation.declaration if loaded is not None and loaded.evaluation is not None else None
    if d is None:
        return {}
    return {"year": row.year, "name": d.name.text if d.name else "", "form": d.form,
            "rows": [{"level1": i.level1 or "", "level2": i.level2 or "", "name": i.name,
                      "target": i.target.text() if i.target else ""} for i in d.indicators]}


def _prefill(request, department) -> dict:
    """The form to show: from the department's own earlier form (?from=pk), or blank with its declared indicators."""
    source = request.GET.get("from", "")
    if source.isdigit():
        report = scope.report_or_404(request, int(source))
        m = open_text(report.text, "监控表.yaml").evaluation.monitoring
        line = m.total
        return {"form": m.form, "name": m.name.text if m.name else "", "year": report.year, "months": report.months,
                "budget": line.budget if line and line.budget is not None else "",
                "executed": line.executed if line and line.executed is not None else "",
                "reason": m.reason.text if m.reason else "", "measure": m.measure.text if m.measure else "",
                "rows": [{"level1": i.level1 or "", "level2": i.level2 or "", "name": i.name,
                          "target": i.target.text() if i.target else "", "progress": str(i.progress or ""),
                          "likelihood": i.likelihood or "", "reason": i.reason or "", "measure": i.measure or ""}
                         for i in m.indicators]}
    return {"form": "project", "year": timezone.localdate().year, "months": "", "rows": [], **_declared(department)}


def _posted(post) -> dict:
    """The posted fields as a format-1 document (blank fields left out, blank rows dropped)."""
    def text(key: str) -> str:
        return post.get(key, "").strip()[:2000]

    m: dict = {"form": text("form") or "project", "name": text("name"), "months": text("months")}
    m["funds"] = [{"name": "年度资金总额", "budget": text("budget"), "executed": text("executed")}]
    rows = []
    for i in range(min(int(post.get("rows", "0")), MAX_ROWS) if post.get("rows", "").isdigit() else 0):
        row = {k: text(f"{k}_{i}") for k in COLUMNS}
        if row["name"]:
            rows.append({k: v for k, v in row.items() if v})
    m["indicators"] = rows
    for key in ("reason", "measure"):
        if text(key):
            m[key] = text(key)
    doc = {"format": 1, "kind": "monitoring", "year": text("year"), "monitoring": m}
    return _without_blanks(doc)


def _without_blanks(data):
    if isinstance(data, dict):
        return {k: _without_blanks(v) for k, v in data.items() if v not in ("", None)}
    if isinstance(data, list):
        return [_without_blanks(v) for v in data]
    return data


@login_required
def enter(request):
    scope.role_or_404(request)
    scope.require(request, ENTITY, "填报运行监控表")
    department = access.profile_of(request.user).organisation
    if request.method == "POST":
        doc = _posted(request.POST)
        m = doc.get("monitoring", {})
        shown = {"form": m.get("form"), "name": m.get("name"), "year": doc.get("year"),
                 "months": int(m["months"]) if str(m.get("months", "")).isdigit() else "",
                 "budget": m.get("funds", [{}])[0].get("budget"), "executed": m.get("funds", [{}])[0].get("executed"),
                 "reason": m.get("reason"), "measure": m.get("measure"), "rows": m.get("indicators", [])}
        return accepted(request, dump_yaml(doc).encode("utf-8"), "在线填报.yaml",
                        again=lambda errors: _page(request, shown, errors, 422))
    return _page(request, _prefill(request, department))


def _page(request, form: dict, errors: list[str] = (), status: int = 200):
    rows = list(form["rows"]) + [{}] * SPARE
    return render(request, "monitoring/enter.html", {"f": form, "rows": rows, "row_count": len(rows), "errors": errors,
                                                     "likelihoods": LIKELIHOOD, "month_choices": range(1, 13)}, status=status)
