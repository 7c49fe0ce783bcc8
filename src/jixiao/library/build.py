"""Library records from what each stage holds: a declaration's targets, a 自评表's targets and
actuals, an evaluation's 标杆值 and verified 完成值, and plain mappings (monitoring, the web)."""

from __future__ import annotations

from typing import Iterable, Iterator, Mapping

from ..analysis import analyse
from ..model.declaration import Declaration
from ..model.evaluation import Evaluation
from ..model.quantity import Quantity
from ..model.selfeval import SelfEvaluation
from ..parse.quantity import ParseError, parse_quantity, parse_target
from ..problems import Source
from .records import STAGES, Record


def _place(where: Source | None) -> str:
    return "" if where is None else str(where)


def from_declaration(d: Declaration, department: str | None = None) -> Iterator[Record]:
    owner = department or d.owner
    for i in d.indicators:
        t = i.target
        if t is not None and t.quantity is not None:
            yield Record(i.name, owner, d.year, "declaration", t.quantity, t.op, None, _place(i.target_at or i.where))


def from_monitoring(m, department: str | None = None) -> Iterator[Record]:
    """A 绩效运行监控表's targets, and its 1–N月完成值 as the year's progress (suggest never takes it for an actual)."""
    owner = department or next((e.text for e in (m.department, m.implementer, m.name) if e is not None), "")
    for i in m.indicators:
        target = i.target.quantity if i.target is not None else None
        progress = i.progress if isinstance(i.progress, Quantity) else None
        if target is not None or progress is not None:
            yield Record(i.name, owner, m.year, "monitoring", target, i.target.op if target is not None else "", progress,
                         _place(i.progress_at or i.target_at or i.where))


def from_selfeval(se: SelfEvaluation, department: str, year: int | None) -> Iterator[Record]:
    for i in se.indicators:
        target = i.target.quantity if i.target is not None else None
        actual = i.actual if isinstance(i.actual, Quantity) else None
        if actual is not None and not actual.unit and target is not None:
            actual = Quantity(actual.number, target.unit, actual.scale)  # "50" beside "≥50个"
        if target is not None or actual is not None:
            yield Record(i.name, department, year, "selfeval", target, i.target.op if target is not None else "", actual, _place(i.where))


def from_evaluation(ev: Evaluation, department: str | None = None) -> Iterator[Record]:
    """Every leaf with a figure 标杆值 or 完成值, and the evaluation's 自评表 if it has one."""
    owner = department or _owner(ev)
    scorecard = analyse(ev).scorecard
    for root in scorecard.roots if scorecard is not None else ():
        for _depth, node in root.walk():
            if not node.is_leaf:
                continue
            bench = node.indicator.benchmark
            target = bench.quantity if bench is not None else None
            actual = node.actual if isinstance(node.actual, Quantity) else None
            if target is not None or actual is not None:
                yield Record(node.name, owner, ev.year, "evaluation", target, bench.op if target is not None else "", actual,
                             _place(node.indicator.where))
    if ev.self_evaluation is not None:
        yield from from_selfeval(ev.self_evaluation, owner, ev.year)


def _owner(ev: Evaluation) -> str:
    if ev.project is not None and ev.project.department:
        return ev.project.department
    return ev.subject_name


def _read(parse, text: str):
    """A figure as written, or None where it is none (a level, a blank): the library keeps figures only."""
    try:
        return parse(text)
    except ParseError:
        return None


def from_plain(items: Iterable[Mapping | Record]) -> Iterator[Record]:
    """Records given as mappings (name, department, year, stage, target, op, actual, where); a figure
    may be a Quantity or its text ("≥95%", "97.6%")."""
    for item in items:
        if isinstance(item, Record):
            yield item
            continue
        target, op = item.get("target"), item.get("op", "")
        if isinstance(target, str):
            parsed = _read(parse_target, target)
            target, op = (parsed.quantity, op or parsed.op) if parsed is not None else (None, op)
        actual = item.get("actual")
        if isinstance(actual, str):
            actual = _read(parse_quantity, actual)
        stage = item.get("stage", "monitoring")
        yield Record(str(item["name"]), str(item.get("department", "")), item.get("year"),
                     stage if stage in STAGES else "monitoring", target, op, actual, str(item.get("where", "")))
