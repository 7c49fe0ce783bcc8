"""jixiao's own checks on what the report prints: the recognised evaluation is loaded as any other
(format 1's loader) and analysed, and each problem is moved to the place in the report the figure
was read from. A part the loader cannot read is said as audit.not_recognised, never guessed."""

from __future__ import annotations

from ..analysis import analyse
from ..glossary import PROBLEM_FIELDS
from ..io.document import load_plain
from ..problems import Problem, Severity, info
from .checks.base import AuditContext
from .recognise import recognise

# Checks about the evaluation file's own bookkeeping, not about what the report says: a delivered
# report names the source of a figure in its prose, not in a source field.
# And the 自评表's own weights are the department's form as filled, not the evaluation's to agree with.
NOT_ABOUT_THE_REPORT = frozenset({"complete.source", "reconcile.weight"})


def evaluation_problems(ctx: AuditContext) -> list[Problem]:
    found = recognise(ctx.doc, ctx.reference)
    if "indicators" not in found.plain and "self_evaluation" not in found.plain:
        return [info("audit.not_recognised", "未找到指标体系表或自评表，无法按评价数据复核得分", ctx.doc.at_paragraph(ctx.doc.paragraphs[0]))
                if ctx.doc.paragraphs else info("audit.not_recognised", "报告中没有可读的文字或表格")]
    loaded = load_plain(found.plain, ctx.doc.file)
    out: list[Problem] = []
    for p in loaded.problems:
        where = found.place_of(p.where.path) or p.where
        out.append(info("audit.not_recognised", f"报告此处未能识别：{p.message}", where.with_(path=None)))
    if loaded.evaluation is None:
        return out
    for p in analyse(loaded.evaluation).problems:
        if p.code in NOT_ABOUT_THE_REPORT:
            continue
        field = PROBLEM_FIELDS.get(p.code)  # the cell of the field a problem is about (评分标准), else its row
        where = (found.places.get(f"{p.where.path}.{field}") if field and p.where.path else None) or found.place_of(p.where.path)
        if p.code == "reconcile.reported":  # said where the analysis states the 填报值, against the 自评表
            where = found.places.get(f"reported:{p.where.indicator}", where)
        out.append(Problem(p.code, p.severity, p.message, where.with_(indicator=p.where.indicator) if where else
                           p.where.with_(path=None, file=ctx.doc.file), p.figures, p.hint))
    return out


__all__ = ["evaluation_problems", "Severity"]
