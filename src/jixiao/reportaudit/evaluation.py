"""jixiao's own checks on what the report prints: the recognised evaluation is loaded as any other
(format 1's loader) and analysed, and each problem is moved to the place in the report the figure
was read from. A part the loader cannot read is said as audit.not_recognised, never guessed."""

from __future__ import annotations

from ..analysis import analyse
from ..glossary import PROBLEM_FIELDS
from ..io.document import load_plain
from ..io.load import Loaded
from ..problems import Problem, Source, info
from .checks.base import AuditContext
from .document import Document
from .recognise import Recognised, recognise

# Checks about the evaluation file's own bookkeeping, not about what the report says: a delivered
# report names the source of a figure in its prose, not in a source field.
# And the 自评表's own weights are the department's form as filled, not the evaluation's to agree with.
NOT_ABOUT_THE_REPORT = frozenset({"complete.source", "reconcile.weight"})


def report_evaluation(ctx: AuditContext) -> tuple[Recognised, Loaded]:
    """The evaluation the report's tables make, with the loader's problems said at the report's places."""
    found = recognise(ctx.doc, ctx.reference)
    if "indicators" not in found.plain and "self_evaluation" not in found.plain:
        where = ctx.doc.at_paragraph(ctx.doc.paragraphs[0]) if ctx.doc.paragraphs else Source(file=ctx.doc.file)
        return found, Loaded(None, (info("audit.not_recognised", "未找到指标体系表或自评表，无法按评价数据复核得分", where),),
                             found.plain)
    loaded = load_plain(found.plain, ctx.doc.file)
    problems = tuple(info("audit.not_recognised", f"报告此处未能识别：{p.message}",
                          (found.place_of(p.where.path) or p.where).with_(path=None)) for p in loaded.problems)
    return found, Loaded(loaded.evaluation, problems, found.plain)


def read_report_evaluation(doc: Document) -> Loaded:
    return report_evaluation(AuditContext(doc))[1]


def evaluation_problems(ctx: AuditContext) -> list[Problem]:
    found, loaded = report_evaluation(ctx)
    out = list(loaded.problems)
    if loaded.evaluation is None:
        return out
    for p in analyse(loaded.evaluation).problems:
        if p.code in NOT_ABOUT_THE_REPORT:
            continue
        out.append(_placed(p, found, ctx.doc.file))
    return out


def _placed(p: Problem, found: Recognised, file: str) -> Problem:
    field = PROBLEM_FIELDS.get(p.code)  # the cell of the field a problem is about (评分标准), else its row
    where = (found.places.get(f"{p.where.path}.{field}") if field and p.where.path else None) or found.place_of(p.where.path)
    if p.code == "reconcile.reported":  # said where the analysis states the 填报值, against the 自评表
        where = found.places.get(f"reported:{p.where.indicator}", where)
    where = where.with_(indicator=p.where.indicator) if where else p.where.with_(path=None, file=file)
    return Problem(p.code, p.severity, p.message, where, p.figures, p.hint)
