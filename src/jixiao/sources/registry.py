"""The readers jixiao knows, each registered with the file suffixes it reads.

A new format (a Word 自评报告, another region's workbook) is one module that calls
`register`; `jixiao.sources.open_source` then opens it for every door.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..io.load import Loaded


@dataclass(frozen=True)
class Format:
    """One kind of file: what it is called (in messages), its suffixes, and its reader.

    `read(path, file)` reads the file at `path`; `file` is the name problems give it (the
    user's own name for an upload, not our temporary copy). `default` marks the reader for
    a file whose suffix no reader claims (a YAML text is often saved as .txt or without one)."""

    name: str
    suffixes: frozenset[str]
    read: Callable[[Path, str], Loaded]
    default: bool = False


FORMATS: list[Format] = []


def register(fmt: Format) -> Format:
    FORMATS.append(fmt)
    return fmt


def suffixes() -> frozenset[str]:
    """Every suffix some reader claims (lower case, with the dot)."""
    return frozenset(s for fmt in FORMATS for s in fmt.suffixes)


def format_for(name: str) -> Format:
    """The reader for a file name: by its suffix, else the default reader."""
    suffix = Path(name).suffix.lower()
    for fmt in FORMATS:
        if suffix in fmt.suffixes:
            return fmt
    return next(fmt for fmt in FORMATS if fmt.default)
