"""Format 1 as a YAML file or its bytes (an upload, an API body, a stored revision): its size
capped before it is read, its encoding guessed, then parsed with every problem at its line."""

from __future__ import annotations

from pathlib import Path

from ..io.load import Loaded, decode, load_text
from ..io.yaml_tree import max_yaml_bytes, size_problem
from ..problems import Problem, Source, error
from .registry import Format, register


def read_yaml(path: Path, file: str) -> Loaded:
    try:
        too_large = size_problem(path.stat().st_size, file)  # before reading: a huge file is never loaded
        if too_large is not None:
            return Loaded(None, (too_large,))
        with path.open("rb") as f:  # at most one byte past the cap, should the size have lied (a pipe)
            data = f.read(max_yaml_bytes() + 1)
    except FileNotFoundError:
        return Loaded(None, (error("input.not_found", "文件不存在", Source(file=file)),))
    except OSError as exc:
        return Loaded(None, (error("input.unreadable", f"文件无法读取：{exc.strerror}", Source(file=file)),))
    too_large = size_problem(len(data), file, exact=False)
    return Loaded(None, (too_large,)) if too_large is not None else _parse(data, file, True)


def read_yaml_data(data: bytes | str, file: str, evaluate: bool = True) -> Loaded:
    """The bytes of a YAML file, or its text already decoded (the parser caps a text's size
    itself); without `evaluate`, only the plain document and the YAML's own problems."""
    too_large = None if isinstance(data, str) else size_problem(len(data), file)
    return Loaded(None, (too_large,)) if too_large is not None else _parse(data, file, evaluate)


def _parse(data: bytes | str, file: str, evaluate: bool) -> Loaded:
    problems: list[Problem] = []
    text = _checked(data, file, problems) if isinstance(data, str) else decode(data, file, problems)
    if text is None:
        return Loaded(None, tuple(problems))
    return load_text(text, file, evaluate)


def _checked(text: str, file: str, problems: list[Problem]) -> str | None:
    """A text that UTF-8 can hold: a JSON body may carry a lone surrogate (\ud800), which no file can."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        message = f"文本中有无法保存的字符（U+{ord(text[exc.start]):04X}，孤立的代理项），请删去后重试"
        problems.append(error("input.encoding", message, Source(file=file, line=line)))
        return None
    return text


YAML = register(Format("评价文件（YAML）", frozenset({".yaml", ".yml"}), read_yaml, default=True, data=read_yaml_data))
