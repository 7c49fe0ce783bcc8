"""The README names every setting the code reads, as Datasette's docs test does: a setting added
without its line in the table fails here."""

from __future__ import annotations

import re

from conftest import ROOT


def test_readme_names_every_setting():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "jixiao").rglob("*.py"))
    settings = set(re.findall(r"[\"'](JIXIAO_[A-Z0-9_]+)[\"']", code))
    assert len(settings) > 10
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### 设置"):]
    table = table[:table.index("\n## ")]
    missing = sorted(s for s in settings if f"`{s}`" not in table)
    assert not missing, missing
