"""Every evaluation file is opened here, by every door (CLI, review, web uploads, API).

`open_source(path)` or `open_source(data, name)` gives a Loaded: the evaluation, the plain
document and every problem, located (file:line, or 文件!工作表!单元格). The reader is chosen
by the file's suffix (registry.py); a new format is one module that registers itself,
imported below.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..io.load import Loaded
from . import workbook, yaml_file  # noqa: F401  (the built-in readers register themselves)
from .registry import FORMATS, Format, format_for, register, suffixes

__all__ = ["FORMATS", "Format", "Loaded", "open_source", "register", "suffixes"]


def open_source(source: str | Path | bytes, name: str | None = None) -> Loaded:
    """Read an evaluation from a file, or from the bytes of one (an upload) named `name`.

    Problems name the file as `name` if given, else as its path; an upload is never
    named by the temporary copy a reader may need."""
    if isinstance(source, bytes):
        if not name:
            raise ValueError("open_source(bytes) needs the file's name")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"source{Path(name).suffix.lower()}"  # the user's name is only shown, never a path
            path.write_bytes(source)
            return format_for(name).read(path, name)
    path = Path(source)
    return format_for(path.name).read(path, name or str(path))
