"""A workbook's national forms for the bulk review, block by block.

The sheets are read once, by jixiao.sources (workbook_blocks); each form block goes to the fast path
(fastform, fastscore) and, where that is not sure of it, to jixiao.sources' reading of
one block, as every other command reads a form. A share (k, n) takes the k-th of n
runs of the blocks of its sheets, so one big sheet is reviewed by every core.
"""

from __future__ import annotations

import gc
from pathlib import Path

from ..sources.forms import Form
from ..sources.workbook import block_form, workbook_blocks
from .fastsheet import Sheet
from .fastscore import Reviewed, review_form
from .national import inside
from .safety import Limits


# A workbook's blocks read once by the process that forks the workers sharing them (they inherit them):
# otherwise each worker would read the whole workbook to review its share of its blocks.
_READ: dict[tuple[str, tuple[str, ...] | None], list | None] = {}


def preread(path: Path, limits: Limits, sheets: tuple[str, ...] | None = None) -> None:
    """Read a workbook's blocks now, for the forked processes that review their shares of them."""
    try:
        _READ[(str(path), sheets)] = workbook_blocks(path, str(path), limits, sheets)
    except Exception:  # noqa: BLE001 - each worker reads it then, and says what went wrong as its own
        pass


def forget() -> None:
    _READ.clear()


def share_of(spans: list, share: tuple[int, int] | None) -> list:
    """The k-th of n runs of the spans (all of them without a share); the runs keep their order."""
    if share is None:
        return spans
    k, n = share
    return spans[len(spans) * k // n: len(spans) * (k + 1) // n]


def workbook_forms(path: Path, limits: Limits, sheets: tuple[str, ...] | None = None,
                   share: tuple[int, int] | None = None, *, fast: bool = True) -> list[Reviewed | Form] | None:
    """Every form of a workbook of national forms, in order: reviewed (fast path) or read (a Form).
    None where the workbook is not one to read block by block (a jixiao workbook, one refused or
    unreadable, one without a form): jixiao.sources opens it and says what it is."""
    file = str(path)
    key = (file, sheets)
    spans = _READ[key] if key in _READ else workbook_blocks(path, file, limits, sheets)
    if spans is None:
        return None
    out: list[Reviewed | Form] = []
    read: dict[str, Sheet] = {}
    # the sheets' cells (hundreds of thousands of lists) are no garbage: kept out of the cyclic
    # collector's passes while the forms are read, which would otherwise walk them again and again;
    # nor is what the forms are read into (their records hold no cycle): the collector rests meanwhile
    ours = gc.get_freeze_count() == 0  # a process that froze its own objects (a preloading server) keeps them so
    resting = gc.isenabled()
    if ours:
        gc.freeze()
    gc.disable()
    try:
        for grid, first, end in share_of(spans, share):
            reviewed = None
            if fast and not any(inside(p, first, end) for p in grid.problems):
                sheet = read.get(grid.sheet) or read.setdefault(grid.sheet, Sheet(grid, file))
                reviewed = review_form(sheet, first, end)
            out.append(reviewed if reviewed is not None else block_form(grid, first, end, file))
    finally:
        if resting:
            gc.enable()
        if ours:
            gc.unfreeze()
    return out

__all__ = ["forget", "preread", "share_of", "workbook_forms"]
