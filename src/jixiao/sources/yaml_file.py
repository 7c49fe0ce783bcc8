"""Format 1 as a YAML file: its size capped before it is read, its encoding guessed, then parsed."""

from __future__ import annotations

from pathlib import Path

from ..io.load import Loaded, decode, load_text
from ..io.yaml_tree import max_yaml_bytes, size_problem
from ..problems import Problem, Source, error
from .registry import Format, register


def read_yaml(path: Path, file: str) -> Loaded:
    problems: list[Problem] = []
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


YAML = register(Format("评价文件（YAML）", frozenset({".yaml", ".yml"}), read_yaml, default=True))
