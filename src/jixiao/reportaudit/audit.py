"""One report in, its problems out: the reader chosen by the file's suffix (.docx; .doc and .wps
through LibreOffice; .pdf; .txt and .md), refused in Chinese when it cannot be read, then checked."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..excel.safety import Limits
from ..io.load import decode
from ..problems import Problem, Source, error, sort_problems
from .checks import run_text_checks
from .document import Document
from .read_text import read_text_document

SUFFIXES = (".docx", ".doc", ".wps", ".pdf", ".txt", ".md")


@dataclass(frozen=True)
class AuditResult:
    file: str
    document: Document | None
    problems: tuple[Problem, ...]

    @property
    def readable(self) -> bool:
        return self.document is not None


def audit_file(path: str | Path, name: str | None = None) -> AuditResult:
    path = Path(path)
    file = name or str(path)
    doc, problems = read_report(path, file)
    if doc is not None:
        problems = problems + run_text_checks(doc)
    return AuditResult(file, doc, tuple(sort_problems(problems)))


def read_report(path: Path, file: str) -> tuple[Document | None, list[Problem]]:
    where = Source(file=file)
    suffix = path.suffix.lower()
    if not path.is_file():
        return None, [error("input.not_found", "文件不存在", where)]
    if suffix not in SUFFIXES:
        return None, [error("audit.suffix", f"不支持的文件类型“{path.suffix}”：应为 {'、'.join(SUFFIXES)}", where)]
    limits = Limits.from_env()
    if path.stat().st_size > limits.max_file:
        return None, [error("audit.too_large", f"文件过大（{path.stat().st_size / 2**20:,.1f} MB），"
                            f"上限为 {limits.max_file / 2**20:,.0f} MB（JIXIAO_MAX_UNZIPPED_MB）", where)]
    if suffix == ".pdf":
        from .read_pdf import read_pdf_document

        return read_pdf_document(path, file)
    if suffix in (".txt", ".md"):
        problems: list[Problem] = []
        text = decode(path.read_bytes(), file, problems)
        return (None, problems) if text is None else (read_text_document(text, file), [])
    return _word(path, file, suffix, limits)


def _word(path: Path, file: str, suffix: str, limits: Limits) -> tuple[Document | None, list[Problem]]:
    from .read_docx import read_docx_document

    if suffix == ".docx":
        return read_docx_document(path, file)
    from ..sources.docx_form import convert_to_docx

    with tempfile.TemporaryDirectory() as work:
        converted, problems = convert_to_docx(path, file, Path(work), limits)
        if converted is None:
            return None, problems
        return read_docx_document(converted, file)
