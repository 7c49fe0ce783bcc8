"""One record per form found in a file, as `jixiao review` goes through them.

A workbook holds many forms (a block of a sheet each, or a jixiao workbook read whole); a
sheet that is no form is a note saying why it was skipped; a file of another format is
its one evaluation. Each record carries what was read (a Loaded) and the form's place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..io.load import Loaded
from ..problems import Problem, Source


class FormState(Enum):
    FILLED = "filled"  # read: the Loaded holds its evaluation (or why there is none)
    BLANK = "blank"  # only the headings and preset 分值: nothing to review
    SKIPPED = "skipped"  # a sheet that is no form; the note says why
    UNREADABLE = "unreadable"  # the file (or no form in it) could not be read; the note says why


@dataclass(frozen=True)
class Form:
    """One form: its place (file, and where known sheet and first cell), what was read of it
    and its state. `note` is the reason, in the user's words, for a skipped sheet or an
    unreadable file."""

    where: Source
    loaded: Loaded = Loaded(None, ())
    state: FormState = FormState.FILLED
    note: str = ""

    @property
    def file(self) -> str:
        return self.where.file or ""


def unreadable(file: str, problems: list[Problem] | tuple[Problem, ...], note: str = "") -> Form:
    """A file no form could be read from: the first problem says why, unless `note` does."""
    reason = note or (problems[0].message if problems else "没有工作表")
    return Form(Source(file=file), Loaded(None, tuple(problems)), FormState.UNREADABLE, reason)


def one_form(loaded: Loaded, file: str) -> Form:
    """The default for a format without forms of its own: the file's one evaluation is one form."""
    if loaded.evaluation is None and loaded.document is None:
        return unreadable(file, loaded.problems)
    return Form(Source(file=file), loaded)
