"""Open an evaluation from a file: one entry point for every door (CLI, web, tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model.evaluation import Evaluation
from ..problems import Problem, Source, error, has_errors
from .format1 import build
from .yaml_tree import load_tree, max_yaml_bytes, size_problem


@dataclass(frozen=True)
class Loaded:
    evaluation: Evaluation | None
    problems: tuple[Problem, ...]

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


def load_text(text: str, file: str = "<输入>") -> Loaded:
    problems: list[Problem] = []
    root = load_tree(text, file, problems)
    ev = build(root, file, problems) if root is not None else None
    return Loaded(ev, tuple(problems))


WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}


def load_path(path: str | Path) -> Loaded:
    """An evaluation from a YAML file or a workbook, chosen by the file's suffix."""
    path = Path(path)
    file = str(path)
    problems: list[Problem] = []
    if path.suffix.lower() in WORKBOOK_SUFFIXES and path.exists():
        from ..excel.read import load_workbook

        return load_workbook(path)
    try:
        too_large = size_problem(path.stat().st_size, file)  # before reading: a huge file is never loaded
        if too_large is None:
            with path.open("rb") as f:  # at most one byte past the cap, should the size have lied (a pipe)
                data = f.read(max_yaml_bytes() + 1)
            too_large = size_problem(len(data), file, exact=False)
        if too_large is not None:
            return Loaded(None, (too_large,))
    except FileNotFoundError:
        return Loaded(None, (error("input.not_found", "文件不存在", Source(file=file)),))
    except OSError as exc:
        return Loaded(None, (error("input.unreadable", f"文件无法读取：{exc.strerror}", Source(file=file)),))
    text = decode(data, file, problems)
    if text is None:
        return Loaded(None, tuple(problems))
    return load_text(text, file)
