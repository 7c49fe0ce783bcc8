"""Findings against figures: a percentage a finding quotes for its indicator's deviation
(“超出预期指标值6.67%”) must be the one the verified figures give; and a rate the evaluation's
prose states beside its own numerator and denominator (受理案件2410件，结案2227件，结案率97%) must
follow from them."""

from __future__ import annotations

import re
from typing import Iterator

from ..model.quantity import Quantity
from ..model.evaluation import Evaluation, Narrative
from ..numbers import D, fmt, round_half_up
from ..parse.prose import rates_in
from ..problems import Problem, Source, error, warning
from .base import Context, Family, agrees, check, deviation

FAMILY = Family(
    "findings", "问题与数据",
    {
        "findings.figure": "存在问题引用的偏差比例与核实数据计算所得不符",
        "findings.rate": "正文所述比率与其前给出的分子、分母计算所得不符",
    },
)

_QUOTED = re.compile(r"(?:超出|超过|高于|低于|偏差)[^0-9%。；]{0,12}?(\d+(?:\.\d+)?)\s*%")


@check
def quoted_deviations(ctx: Context) -> Iterator[Problem]:
    if ctx.sc is None:
        return
    for finding in ctx.ev.findings.issues:
        node = ctx.sc.by_code.get(finding.indicator or "")
        if node is None or not node.is_leaf or not isinstance(node.actual, Quantity):
            continue
        bench = node.indicator.benchmark
        verified = deviation(node.actual, bench) if bench is not None else None
        if verified is None:
            continue
        for match in _QUOTED.finditer(f"{finding.title}{finding.text or ''}"):
            quoted = D(match.group(1))
            if agrees(quoted, abs(verified)):
                continue
            reported = node.indicator.reported
            basis = ""
            if isinstance(reported, Quantity) and bench is not None:
                by_reported = deviation(reported, bench)
                if by_reported is not None and agrees(quoted, abs(by_reported)):
                    basis = f"；{match.group(1)}%是按填报值{reported}计算的结果"
            yield warning(
                "findings.figure",
                f"问题“{finding.title}”写明“{match.group(0)}”，按核实完成值{node.actual.display()}与目标值{bench}"
                f"计算的偏差比例为{fmt(verified)}%{basis}",
                finding.where.with_(indicator=node.code),
                quoted=quoted,
                computed=verified,
                hint="按核实完成值更正问题描述中的数字",
            )


@check
def stated_rates(ctx: Context) -> Iterator[Problem]:
    """劳动仲裁受理案件2410件，结案2227件，结案率97%: 2227 ÷ 2410 = 92.41%, not 97% even rounded."""
    for text, where in prose_texts(ctx.ev):
        for rate in rates_in(text):
            if rate.contradicts:
                yield error("findings.rate", rate.message(), where, hint="核实比率的分子、分母后更正",
                            stated=f"{rate.stated}%", computed=f"{round_half_up(rate.computed)}%")


def prose_texts(ev: Evaluation) -> Iterator[tuple[str, Source]]:
    """Every passage of prose an evaluation holds, with its place (entity.key_tasks, problems[0].text …)."""
    e = ev.entity
    if e is not None:
        for key in ("key_tasks", "transformation", "overview"):
            yield from _text(getattr(e, key), e.where.with_(path=f"entity.{key}"))
        for i, duty in enumerate(e.functions):
            yield from _text(duty, e.where.with_(path=f"entity.functions[{i}]"))
    if ev.project is not None:
        yield from _text(ev.project.description, ev.project.where.with_(path="project.description"))
    for kind, items in (("experiences", ev.findings.experiences), ("problems", ev.findings.issues),
                        ("suggestions", ev.findings.suggestions)):
        for i, item in enumerate(items):
            yield from _text(getattr(item, "text", None), item.where.with_(path=item.where.path or f"findings.{kind}[{i}]"))
    for i, interview in enumerate(ev.interviews):
        for j, (_, answer) in enumerate(interview.qa):
            yield from _text(answer, interview.where.with_(path=f"interviews[{i}].qa[{j}].a"))
    for narrative in ev.management:
        yield from _narrative(narrative)
    for key, text in ev.texts:
        yield from _text(text, Source(file=ev.file, path=f"texts.{key}"))


def _narrative(n: Narrative) -> Iterator[tuple[str, Source]]:
    yield from _text(n.text, n.where)
    for part in n.parts:
        yield from _narrative(part)


def _text(text: str | None, where: Source) -> Iterator[tuple[str, Source]]:
    if text:
        yield text, where
