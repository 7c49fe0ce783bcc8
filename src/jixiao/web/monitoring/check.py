"""A monitoring form as the stage keeps it: read (an upload, or the form entered online, both
through jixiao.sources), checked against the bureau's 预警 rules, and stored with its figures and
alerts; nothing is stored when the form cannot be read."""

from __future__ import annotations

import contextlib
import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from ...analysis import analyse
from ...io.document import dump_yaml
from ...model.monitoring import FORMS, execution_rate, time_progress
from ...problems import Problem, Severity, sort_problems
from ...sources import open_source
from .. import uploads
from .models import SEVERITY_RANK, Report, Rules

KEPT = (".xlsx", ".xls", ".docx", ".doc")  # kept as sent: their alerts name cells


@dataclass
class Outcome:
    report: Report | None
    problems: list[Problem]  # why nothing was stored (the reader's errors), or what the form says
    replaced: bool = False
    places: list[str] | None = None  # where each of `problems` lies, in the user's words


def rules_of(bureau):
    """The bureau's rules, made with the defaults the first time they are asked for."""
    return Rules.objects.get_or_create(bureau=bureau)[0]


# the form's keys in the words of the form, for a place given by its key path (a YAML upload, the page's entry)
FIELDS = {"budget": "全年预算数", "executed": "执行数", "rate": "执行率", "target": "年度指标值", "progress": "1—N月完成值",
          "likelihood": "完成可能性", "reason": "偏差原因", "measure": "纠偏措施", "name": "名称", "level1": "一级指标",
          "level2": "二级指标", "months": "监控期", "year": "年度", "form": "监控表类型", "unit": "金额单位",
          "department": "主管部门", "implementer": "实施单位", "funds": "资金", "indicators": "绩效指标"}
STEP = re.compile(r"(\w+)(?:\[(\d+)\])?")


def place_of(p: Problem, document: dict | None) -> str:
    """Where a problem lies as the user finds it: the sheet and cell of a workbook, else the line and
    the field (资金「年度资金总额」 · 执行数, 指标「培训人次」 · 1—N月完成值)."""
    w = p.where
    if w.cell or w.sheet or not w.path:
        return str(w)
    node: object = document or {}
    words = []
    for key, index in STEP.findall(w.path):
        node = node.get(key) if isinstance(node, dict) else None
        if key == "monitoring":
            continue
        if index and isinstance(node, list) and int(index) < len(node):
            node = node[int(index)]
            name = node.get("name") if isinstance(node, dict) else None
            words.append(f"{'指标' if key == 'indicators' else FIELDS.get(key, '')}「{name or f'第{int(index) + 1}行'}」")
        else:
            words.append(FIELDS.get(key, "其他栏目"))
    line = f"{w.file}第{w.line}行" if w.line else w.file or ""
    return " · ".join(x for x in (line, *words) if x)


def _row(p: Problem, document: dict | None = None) -> dict:
    return {"severity": p.severity.value, "severity_label": p.severity.label, "code": p.code,
            "message": p.message, "where": place_of(p, document)}


def not_monitoring(name: str) -> Problem:
    from ...problems import Source, error

    return error("monitoring.rules", f"“{name}”不是绩效运行监控表：未找到“全年预算数”“1—N月执行数”表头和含“完成值”或“执行情况”的指标表头",
                 Source(file=name))


def _checked(data: bytes, name: str, rules) -> tuple[object | None, list[Problem], dict]:
    """(the form, its problems, its stored figures), or (None, the errors) where it cannot be kept."""
    loaded = open_source(data, name)
    ev = loaded.evaluation
    if not loaded.ok or ev is None or ev.monitoring is None:
        return None, [p for p in loaded.problems if p.severity is Severity.ERROR] or [not_monitoring(name)], {"document": loaded.document}
    m = ev.monitoring
    missing = [text for text, absent in (("监控期（1—N月）：请在“监控期”栏或执行数表头写明，如 1—7月", m.months is None),
                                         ("年度：请在表头写明，如（2024年度）", m.year is None)) if absent]
    if missing:
        from ...problems import error

        return None, [error("monitoring.rules", f"未填写{text}", m.where) for text in missing], {}
    m = dataclasses.replace(m, rules=rules)
    problems = sort_problems([*loaded.problems, *analyse(dataclasses.replace(ev, monitoring=m)).problems])
    alerts = [p for p in problems if p.code.startswith("monitoring.")]
    worst = min(alerts, key=lambda p: SEVERITY_RANK[p.severity.value], default=None)
    line = m.total
    rate = execution_rate(line) if line is not None else None
    return m, problems, {
        "text": dump_yaml(loaded.document or {}), "original_name": name[:255],
        "budget": line.budget if line else None, "executed": line.executed if line else None,
        "rate": None if rate is None else round(rate, 4), "time_progress": round(time_progress(m.months), 4),
        "alert_count": len(alerts), "error_count": sum(p.severity is Severity.ERROR for p in alerts),
        "worst": worst.message if worst else "", "problems": [_row(p, loaded.document) for p in problems],
    }


def receive(data: bytes, name: str, department, bureau, user) -> Outcome:
    """Read, check and store one form of `department`: the same project and 监控期 sent again replaces
    the earlier one. A workbook or Word file is kept as sent, so a later change of the rules re-checks
    it with its cells."""
    m, problems, fields = _checked(data, name, rules_of(bureau).to_rules())
    if m is None:
        return Outcome(None, problems, places=[place_of(p, fields.get("document")) for p in problems])
    stored = uploads.store(data, name)[0] if Path(name).suffix.lower() in KEPT else ""
    title = (m.name.text if m.name else "") or FORMS[m.form]
    earlier = Report.objects.filter(department=department, year=m.year, months=m.months, form=m.form, name=title[:300]).first()
    report, created = Report.objects.update_or_create(
        department=department, year=m.year, months=m.months, form=m.form, name=title[:300],
        defaults={**fields, "bureau": bureau, "created_by": user, "stored_name": stored})
    if earlier is not None:
        _forget(earlier.stored_name)
    return Outcome(report, problems, replaced=not created)


def _forget(stored: str) -> None:
    if stored:
        with contextlib.suppress(OSError):
            uploads.path_of(stored).unlink()


def recheck(bureau) -> int:
    """Every form of the bureau checked again under its current rules (a workbook from the file as sent,
    so its alerts keep their cells); the number re-checked."""
    rules = rules_of(bureau).to_rules()
    done = 0
    for report in Report.objects.filter(bureau=bureau):
        data, name = report.text.encode("utf-8"), f"{Path(report.original_name).stem or '监控表'}.yaml"
        if report.stored_name:
            with contextlib.suppress(OSError):
                data, name = uploads.path_of(report.stored_name).read_bytes(), report.original_name
        m, _problems, fields = _checked(data, name, rules)
        if m is not None:
            fields.pop("text"), fields.pop("original_name")
            Report.objects.filter(pk=report.pk).update(**fields)
            done += 1
    return done
