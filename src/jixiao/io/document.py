"""The evaluation as a plain document (dicts, lists, texts) and back to YAML.

The web workspace edits this document and stores it as revisions; workbooks are
read into it. Scalars stay texts throughout, so writing and reading again never
changes a figure (no float, no YAML type guessing).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..problems import Problem, Source
from .format1 import build
from .load import Loaded
from ..parse.tree import Node

Document = dict[str, Any]


def tree_from_plain(data: Any, file: str, path: str = "", where: Source | None = None) -> Node:
    """A Node tree from plain data; locations are key paths (no lines)."""
    here = (where or Source(file=file)).with_(path=path or None)
    if isinstance(data, dict):
        return Node({str(k): tree_from_plain(v, file, _join(path, str(k)), where) for k, v in data.items()}, here)
    if isinstance(data, (list, tuple)):
        return Node([tree_from_plain(v, file, f"{path}[{i}]", where) for i, v in enumerate(data)], here)
    if data is None:
        return Node(None, here)
    if isinstance(data, bool):
        return Node("true" if data else "false", here)
    if isinstance(data, float):
        raise TypeError(f"{path}: float {data!r} in a document; numbers travel as text")
    return Node(str(data), here)


def load_plain(data: Document, file: str = "<文档>") -> Loaded:
    problems: list[Problem] = []
    ev = build(tree_from_plain(data, file), file, problems)
    return Loaded(ev, tuple(problems))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# -- YAML writing ---------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Writes every text plain where YAML syntax allows: "2" stays 2, never '2'.

    Only null is resolved implicitly, because jixiao reads every other scalar as text.
    """


_Dumper.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for key, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


_NULL_LOOKING = frozenset(("", "~", "null", "Null", "NULL"))


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    if value in _NULL_LOOKING:
        style = "'"  # an empty or null-looking text must stay a text
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

# libyaml's emitter, where PyYAML has it, is several times faster (a save writes the whole document).
_CDumper = None
if getattr(yaml, "__with_libyaml__", False):
    class _CDumper(yaml.CSafeDumper):  # type: ignore[no-redef]
        pass

    _CDumper.yaml_implicit_resolvers = _Dumper.yaml_implicit_resolvers
    _CDumper.add_representer(str, _str)

_DUMP = {"allow_unicode": True, "sort_keys": False, "width": 4096, "default_flow_style": False}


def dump_yaml(data: Document) -> str:
    """The document as format-1 YAML text, keys in their order."""
    if _CDumper is not None:
        text = yaml.dump(data, Dumper=_CDumper, **_DUMP)
        # The two emitters write the same text except where a scalar needs quotes or escapes or a key
        # is complex: there the Python emitter's text is kept, so a document's text never depends on
        # whether libyaml is installed (a revision's text is hashed and compared).
        if '"' not in text and "\\" not in text and "? " not in text:
            return text
    return yaml.dump(data, Dumper=_Dumper, **_DUMP)


def parse_path(path: str) -> list[str | int]:
    """'indicators[2].children[0].weight' → ['indicators', 2, 'children', 0, 'weight']."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        parts.append(int(index) if index else name)
    return parts


def get_path(data: Any, path: str) -> Any:
    for part in parse_path(path):
        data = data[part]
    return data


def set_path(data: Document, path: str, value: Any) -> None:
    """Set one field of the document, creating maps on the way (lists must exist)."""
    parts = parse_path(path)
    node: Any = data
    for part, following in zip(parts, parts[1:]):
        if isinstance(part, str) and part not in node:
            node[part] = [] if isinstance(following, int) else {}
        node = node[part]
    last = parts[-1]
    if value is None and isinstance(last, str):
        node.pop(last, None)
    else:
        node[last] = value


def document_from_yaml(text: str, file: str, problems: list[Problem]) -> Document | None:
    """Read YAML text into a plain document (anchors expanded), recording syntax errors."""
    from .yaml_tree import load_tree

    root = load_tree(text, file, problems)
    if root is None:
        return None
    data = root.plain()
    return data if isinstance(data, dict) else None
