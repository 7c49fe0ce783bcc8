"""Chapter 五 主要经验及做法、存在的问题及建议."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ...model.evaluation import Evaluation, Finding
from ...numbers import D
from ...problems import Problem
from ...render.figures import rate_text
from .. import texts as standard
from .common import strip_end

# the check that finds a figure quoted in a problem that the verified data disagrees with
QUOTED_FIGURE = "findings.figure"


@dataclass(frozen=True)
class Experience:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """Problems or suggestions of one area (方面), numbered within it."""

    heading: str
    entries: tuple[str, ...]


@dataclass(frozen=True)
class Findings:
    experiences: tuple[Experience, ...]
    problems: tuple[Group, ...]
    suggestions: tuple[Group, ...]


def grouped(items, render: Callable[[int, object], str]) -> tuple[Group, ...]:
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(item.area or "", []).append(item)
    return tuple(
        Group(f"{k}. {area}" if area else "", tuple(render(j, x) for j, x in enumerate(xs, start=1)))
        for k, (area, xs) in enumerate(groups.items(), start=1)
    )


def corrected(finding: Finding, problems: tuple[Problem, ...]) -> tuple[str, str]:
    """The finding's title and text with each quoted figure the checks found wrong printed from the data
    (超出预期指标值6.67% → 6.80%): the report never prints a figure its own checks call wrong."""
    title, text = finding.title, finding.text or ""
    for p in problems:
        if p.code != QUOTED_FIGURE or (p.where.file, p.where.line) != (finding.where.file, finding.where.line):
            continue
        figures = dict(p.figures)
        if "quoted" not in figures or "computed" not in figures:
            continue
        right = rate_text(abs(D(figures["computed"])))
        for wrong in (f"{figures['quoted']}%", f"{figures['quoted']} %"):
            title, text = title.replace(wrong, right), text.replace(wrong, right)
    return title, text


def findings_of(ev: Evaluation, problems: tuple[Problem, ...] = ()) -> Findings:
    f = ev.findings

    def problem(j: int, p: Finding) -> str:
        title, text = corrected(p, problems)
        return f"（{j}）{strip_end(title)}。" + text

    return Findings(
        experiences=tuple(
            Experience(f"{i}. {e.title}", tuple(standard.paragraphs(e.text or "")))
            for i, e in enumerate(f.experiences, start=1)
        ),
        problems=grouped(f.issues, problem),
        suggestions=grouped(f.suggestions, lambda j, s: f"（{j}）{s.text}"),
    )
