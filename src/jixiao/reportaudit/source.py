"""A delivered report as one more Format of jixiao.sources: read(path, file) gives the Loaded
evaluation its tables make (problems at the report's places), as every reader does.

It is not in the registry `open_source` chooses from by suffix: .docx is also a Word 自评表
(jixiao.sources.docx_form), and an evaluation file must keep opening as it did. `jixiao audit`
chooses this reader itself; a door that takes uploads of reports (the web's batch review) asks
`is_report` of the file's content first."""

from __future__ import annotations

from pathlib import Path

from ..io.load import Loaded
from ..sources.registry import Format
from .audit import SUFFIXES, read_report
from .evaluation import read_report_evaluation


def read(path: Path, file: str) -> Loaded:
    doc, problems = read_report(Path(path), file)
    if doc is None:
        return Loaded(None, tuple(problems))
    loaded = read_report_evaluation(doc)
    return Loaded(loaded.evaluation, tuple(problems) + loaded.problems, loaded.document)


def is_report(path: Path) -> bool:
    """Whether a file reads as a 绩效评价报告: it has an indicator table (表3-x or 附件1 综合评分表)."""
    from .checks.base import AuditContext

    doc, _ = read_report(Path(path), str(path))
    return doc is not None and AuditContext(doc).reference is not None


REPORT = Format("绩效评价报告", frozenset(SUFFIXES), read)
