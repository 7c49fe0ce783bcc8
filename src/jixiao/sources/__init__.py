"""Every evaluation file is opened here, by every door (CLI, review, web uploads, API).

`open_source(path)` or `open_source(data, name)` gives a Loaded: the evaluation, the plain
document and every problem, located (file:line, or 文件!工作表!单元格); `open_text(text, name)`
the same for a text already decoded (an API body, a stored revision). `open_forms` gives
every form a file holds, each with its place, for `jixiao review`. The reader is chosen by
the file's suffix (registry.py); a new format is one module that registers itself,
imported below. `open_settings` opens the bureau's small settings files (settings.py).
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Iterator

from ..io.load import Loaded
from . import docx_form, workbook, yaml_file  # noqa: F401  (the built-in readers register themselves)
from .forms import Form, FormState, one_form
from .registry import FORMATS, Format, format_for, register, suffixes
from .settings import Settings, open_settings

__all__ = ["FORMATS", "Form", "FormState", "Format", "Loaded", "Settings", "open_forms", "open_grids",
           "open_settings", "open_source", "open_text", "register", "suffixes"]


def open_source(source: str | Path | bytes, name: str | None = None, *, evaluate: bool = True) -> Loaded:
    """Read an evaluation from a file, or from the bytes of one (an upload, an API body) named `name`.

    Problems name the file as `name` if given, else as its path; an upload is never named by
    the temporary copy a reader may need. With evaluate False a reader that can stops at the
    plain document and the problems of its syntax (a stored revision, a field typed as YAML)."""
    if isinstance(source, bytes):
        if not name:
            raise ValueError("open_source(bytes) needs the file's name")
        fmt = format_for(name)
        if fmt.data is not None:
            return fmt.data(source, name, evaluate)
    with _on_disk(source, name) as (path, file):
        return format_for(path.name).read(path, file)


def open_text(text: str, name: str, *, evaluate: bool = True) -> Loaded:
    """Read an evaluation from its text (a YAML body of the API, a stored revision, a field typed
    as YAML), named `name` in its problems (file:line); see open_source for `evaluate`."""
    fmt = format_for(name)
    if fmt.data is not None:
        return fmt.data(text, name, evaluate)
    return open_source(text.encode("utf-8", "replace"), name, evaluate=evaluate)


def open_forms(source: str | Path | bytes, name: str | None = None, *, limits=None,
               sheets: tuple[str, ...] | None = None) -> list[Form]:
    """Every form in a file (or in the named sheets of a workbook), each with its place and
    what was read of it; a sheet that is no form is a SKIPPED note saying why. `limits`: a
    jixiao.excel.safety.Limits, else the environment's. A format without a forms reader of
    its own gives its one evaluation as one form."""
    with _on_disk(source, name) as (path, file):
        fmt = format_for(path.name)
        if fmt.forms is not None:
            return fmt.forms(path, file, limits=limits, sheets=sheets)
        return [one_form(fmt.read(path, file), file)]


def open_grids(source: str | Path | bytes, name: str | None = None, *, limits=None) -> tuple[list, list]:
    """The sheets of a workbook as grids (jixiao.excel.cells.Grid), for a table that is no
    evaluation (a 整改情况表): checked for safety first, as every workbook is; ([], problems) when
    it is refused or cannot be read."""
    from .workbook import workbook_grids

    with _on_disk(source, name) as (path, file):
        return workbook_grids(path, file, limits)


@contextlib.contextmanager
def _on_disk(source: str | Path | bytes, name: str | None) -> Iterator[tuple[Path, str]]:
    """The file as a path on disk and the name problems give it; bytes are copied to a temporary file."""
    if not isinstance(source, bytes):
        path = Path(source)
        yield path, name or str(path)
        return
    if not name:
        raise ValueError("bytes need the file's name")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"source{Path(name).suffix.lower()}"  # the user's name is only shown, never a path
        path.write_bytes(source)
        yield path, name
