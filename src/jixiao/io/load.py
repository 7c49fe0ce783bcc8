"""Format 1 from YAML text: the reader below jixiao.sources, which opens files for every door."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.evaluation import Evaluation
from ..problems import Problem, Source, error, has_errors
from .format1 import build
from .yaml_tree import load_tree


@dataclass(frozen=True)
class Loaded:
    """What a reader makes of a file: the evaluation, every problem (located), and the plain
    document (texts, lists, maps) the web stores and `jixiao import` writes."""

    evaluation: Evaluation | None
    problems: tuple[Problem, ...]
    document: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.evaluation is not None and not has_errors(self.problems)


def decode(data: bytes, file: str, problems: list[Problem]) -> str | None:
    """UTF-8 (with or without BOM), else GB18030 as saved by older Chinese editors."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    problems.append(error("input.encoding", "文件编码无法识别：请以 UTF-8 保存", Source(file=file)))
    return None


def load_text(text: str, file: str = "<输入>", evaluate: bool = True) -> Loaded:
    """Format 1 from YAML text; without `evaluate`, only the plain document and the YAML's own
    problems (a stored revision is built from its document, not its lines)."""
    problems: list[Problem] = []
    root = load_tree(text, file, problems)
    if root is None:
        return Loaded(None, tuple(problems))
    ev = build(root, file, problems) if evaluate else None
    document = root.plain() if root.is_map else None
    return Loaded(ev, tuple(problems), document)  # type: ignore[arg-type]
