"""The text checks of a delivered report, by family, in the order they run: headings and the
table of contents, the same indicator across tables, figures in the prose."""

from __future__ import annotations

import logging

from ...problems import Problem, Source, info
from ..document import Document
from . import amounts, headings, indicators, prose, selfstated
from .base import FAMILIES, AuditContext, register

log = logging.getLogger(__name__)

for _module in (headings, indicators, prose, amounts, selfstated):
    register(_module)


def codes() -> dict[str, str]:
    return {code: text for family in FAMILIES.values() for code, text in family.codes.items()}


def run_text_checks(doc: Document) -> list[Problem]:
    """The text checks, then jixiao's own checks on the evaluation the report's tables make."""
    from ..evaluation import evaluation_problems

    ctx = AuditContext(doc)
    found: list[Problem] = []
    for fn in [fn for family in FAMILIES.values() for fn in family.checks] + [evaluation_problems]:
        try:
            found.extend(fn(ctx))
        except Exception:  # one check's fault must not cost the reviewer the others' findings
            log.exception("report check %s failed on %s", fn.__name__, doc.file)
            found.append(info("audit.check_failed", f"复核检查“{fn.__name__}”遇到意外错误，已跳过；其余检查照常进行",
                              Source(file=doc.file)))
    return found


__all__ = ["FAMILIES", "AuditContext", "codes", "run_text_checks"]
