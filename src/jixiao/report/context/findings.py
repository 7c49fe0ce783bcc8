"""Chapter 五 主要经验及做法、存在的问题及建议."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ...model.evaluation import Evaluation
from .. import texts as standard
from .common import strip_end


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


def findings_of(ev: Evaluation) -> Findings:
    f = ev.findings
    return Findings(
        experiences=tuple(
            Experience(f"{i}. {e.title}", tuple(standard.paragraphs(e.text or "")))
            for i, e in enumerate(f.experiences, start=1)
        ),
        problems=grouped(f.issues, lambda j, p: f"（{j}）{strip_end(p.title)}。" + (p.text or "")),
        suggestions=grouped(f.suggestions, lambda j, s: f"（{j}）{s.text}"),
    )
