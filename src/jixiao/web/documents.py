"""The evaluation document as the workspace stores and edits it.

A revision's text is format-1 YAML written by jixiao.io.document.dump_yaml; the
workspace reads it back into the plain document, edits fields by key path and
summarises what changed between two revisions as (indicator, field, old → new).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from ..analysis import Analysis, analyse
from ..io.document import dump_yaml, load_plain
from ..glossary import label  # noqa: F401  (the forms import label from here)
from ..io.load import Loaded
from ..problems import Problem
from ..render.places import field_label, indicator_of, place, problem_place  # noqa: F401  (the views import them from here)
from ..sources import open_text

STORED = "评价.yaml"  # the name a stored revision's YAML problems give it


@functools.lru_cache(maxsize=256)
def _parsed(text: str) -> tuple[dict | None, tuple[Problem, ...]]:
    loaded = open_text(text, STORED, evaluate=False)  # the document only: it is built from the document, not its lines
    return loaded.document, loaded.problems


def stored_document(text: str) -> dict:
    """The document of a stored revision, parsed once: shared, so never mutate it
    (copy.deepcopy first, as editor.apply_form does)."""
    return _parsed(text)[0] or {}


def to_text(doc: dict) -> str:
    return dump_yaml(doc)


@functools.lru_cache(maxsize=256)
def _analysis_of_text(text: str) -> tuple[Loaded, Analysis | None]:
    doc, problems = _parsed(text)  # the same parse as stored_document's: a saved text is read once
    if doc is None:
        return Loaded(None, tuple(problems)), None
    loaded = load_plain(doc, "")
    if loaded.evaluation is None:
        return loaded, None
    return loaded, analyse(loaded.evaluation)


def analysis_of_text(text: str) -> tuple[Loaded, Analysis | None]:
    """Load and analyse a stored revision; a revision never changes, so it is cached."""
    return _analysis_of_text(text)


def analysis_of_doc(doc: dict) -> tuple[Loaded, Analysis | None]:
    loaded = load_plain(doc, "")
    if loaded.evaluation is None:
        return loaded, None
    return loaded, analyse(loaded.evaluation)


# -- flattening and differences --------------------------------------------------


def flatten(data: Any, path: str = "") -> dict[str, str | None]:
    """Every scalar of the document by its key path; empty containers count too."""
    out: dict[str, str | None] = {}
    if isinstance(data, dict):
        if not data and path:
            out[path] = "{}"
        for k, v in data.items():
            out.update(flatten(v, f"{path}.{k}" if path else str(k)))
    elif isinstance(data, list):
        if not data and path:
            out[path] = "[]"
        for i, v in enumerate(data):
            out.update(flatten(v, f"{path}[{i}]"))
    else:
        out[path] = None if data is None else str(data)
    return out


@dataclass(frozen=True)
class Change:
    indicator: str
    path: str
    field: str
    old: str | None
    new: str | None

    def to_json(self) -> dict:
        return {"indicator": self.indicator, "path": self.path, "field": self.field, "old": self.old, "new": self.new}


def diff(old: dict | None, new: dict) -> list[Change]:
    a, b = flatten(old or {}), flatten(new)
    changes = []
    for path in list(a) + [p for p in b if p not in a]:
        if a.get(path) != b.get(path) or (path in a) != (path in b):
            where = new if path in b else (old or {})
            changes.append(Change(indicator_of(where, path), path, field_label(path), a.get(path), b.get(path)))
    return changes
