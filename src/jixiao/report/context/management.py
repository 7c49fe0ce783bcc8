"""一、（三）部门管理情况 point by point (1. 财务管理情况 …, (1) 流动资产的管理 …), where the file gives it."""

from __future__ import annotations

from dataclasses import dataclass

from ...model.evaluation import Evaluation, Narrative
from .. import texts as standard


@dataclass(frozen=True)
class Part:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Point:
    heading: str
    paragraphs: tuple[str, ...]
    parts: tuple[Part, ...]


def _paragraphs(n: Narrative) -> tuple[str, ...]:
    return tuple(standard.paragraphs(n.text or ""))


def management_of(ev: Evaluation) -> tuple[Point, ...]:
    """The file's `management:` points; empty where it has none (the standard text is printed then)."""
    return tuple(
        Point(
            heading=f"{i}. {m.title}",
            paragraphs=_paragraphs(m),
            parts=tuple(Part(f"（{j}）{p.title}", _paragraphs(p)) for j, p in enumerate(m.parts, start=1)),
        )
        for i, m in enumerate(ev.management, start=1)
    )
