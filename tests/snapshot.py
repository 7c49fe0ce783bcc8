"""Snapshot comparison: a rendered text against tests/snapshots/<name>, rewritten with --snapshot-update."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def compare_snapshot(name: str, text: str, update: bool = False) -> None:
    """Fail with a diff when text differs from the stored snapshot; write it when updating or when it is new."""
    path = SNAPSHOTS / name
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not update:
            pytest.fail(f"snapshot {path} was missing and has been written; check it and commit it")
        return
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), "snapshot", "now", n=1))
        pytest.fail(f"{name} differs from {path} (run pytest with --snapshot-update to accept):\n{diff[:4000]}")
