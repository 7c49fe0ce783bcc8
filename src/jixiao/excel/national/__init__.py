"""The national 项目支出绩效自评表 layout: find the blocks, read them, write them.

A form is found by its headers, not by fixed cells, because departments move
columns, merge label cells, leave "指标2：" rows blank and type numbers as text.
Reading yields a located document part (every value knows its cell) that the
format-1 loader then checks like any other input.

headers: the labels and where a form and its blocks are; block: one form's cells and
the part it yields; funds, indicators: their rows; read: a form, row by row.
"""

from __future__ import annotations

from .block import Block, FormPart, inside
from .headers import (FIGURES, FUNDS_HEADERS, FUNDS_LABELS, GOAL_HEADERS, INDICATOR_HEADERS, INDICATOR_LABELS,
                      LABEL_KEYS, NATURE_SIGNS, PLACEHOLDERS, SECTION_LABELS, YEAR, blocks, indicator_columns,
                      is_form, label_key, norm, one_line, skip_reason)
from .read import read_block
from . import coefficient, hebei  # noqa: F401  the layout families register themselves

__all__ = ["FIGURES", "FUNDS_HEADERS", "FUNDS_LABELS", "GOAL_HEADERS", "INDICATOR_HEADERS", "INDICATOR_LABELS",
           "LABEL_KEYS", "NATURE_SIGNS", "PLACEHOLDERS", "SECTION_LABELS", "YEAR", "Block", "FormPart", "blocks",
           "indicator_columns", "inside", "is_form", "label_key", "norm", "one_line", "read_block", "skip_reason"]
