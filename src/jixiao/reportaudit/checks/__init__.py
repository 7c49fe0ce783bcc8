"""The text checks of a delivered report, by family, in the order they run: headings and the
table of contents, the same indicator across tables, figures in the prose."""

from __future__ import annotations

from ...problems import Problem
from ..document import Document
from . import amounts, headings, indicators, prose
from .base import FAMILIES, AuditContext, register

for _module in (headings, indicators, prose, amounts):
    register(_module)


def codes() -> dict[str, str]:
    return {code: text for family in FAMILIES.values() for code, text in family.codes.items()}


def run_text_checks(doc: Document) -> list[Problem]:
    """The text checks, then jixiao's own checks on the evaluation the report's tables make."""
    from ..evaluation import evaluation_problems

    ctx = AuditContext(doc)
    return [p for family in FAMILIES.values() for fn in family.checks for p in fn(ctx)] + evaluation_problems(ctx)


__all__ = ["FAMILIES", "AuditContext", "codes", "run_text_checks"]
