"""The readers jixiao knows, each registered with the file suffixes it reads.

A new format (a Word 自评报告, another region's workbook) is one module that calls
`register`; `jixiao.sources.open_source` then opens it for every door, and
`jixiao.sources.open_forms` goes through its forms for `jixiao review`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..io.load import Loaded
from .forms import Form


@dataclass(frozen=True)
class Format:
    """One kind of file: what it is called (in messages), its suffixes, and its reader.

    `read(path, file)` reads the file at `path`; `file` is the name problems give it (the
    user's own name for an upload, not our temporary copy). `default` marks the reader for
    a file whose suffix no reader claims (a YAML text is often saved as .txt or without one).

    Optional, beside `read`:
    - `data(data, file, evaluate)` reads the bytes themselves (no copy on disk), or for a text
      format the text already decoded; with evaluate False it may stop at the plain document
      (the web's stored revisions);
    - `forms(path, file, limits=…, sheets=…)` gives every form in the file (a list of Form),
      limits being a jixiao.excel.safety.Limits or None (the environment's) and sheets the
      names of the sheets to read or None; without it the file's one evaluation is one form."""

    name: str
    suffixes: frozenset[str]
    read: Callable[[Path, str], Loaded]
    default: bool = False
    data: Callable[[bytes | str, str, bool], Loaded] | None = None
    forms: Callable[..., list[Form]] | None = None


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
