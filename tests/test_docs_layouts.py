"""The README's 自评表版式 section follows the corpus and the layout registry: a layout family of the
corpus (tests/forms/*/expected.yaml) without its row, its forms or its picture fails here, and so
does a registered layout the section does not name, or a picture too large for the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "tests" / "forms"
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("### 自评表版式"):]
SECTION = SECTION[: SECTION.index("\n## ")]
MAX_BYTES = 120 * 1024


def _families() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for expected in sorted(FORMS.glob("*/expected.yaml")):
        family = yaml.safe_load(expected.read_text(encoding="utf-8"))["family"]
        found.setdefault(family, []).append(expected.parent.name)
    return found


FAMILIES = _families()


def _row(family: str) -> str | None:
    rows = [line for line in SECTION.splitlines() if line.startswith(f"| `{family}` |")]
    return rows[0] if len(rows) == 1 else None


def test_the_corpus_has_its_families():
    assert len(FAMILIES) >= 9 and "national" in FAMILIES


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_family_has_its_row_naming_its_corpus_forms(family):
    row = _row(family)
    assert row is not None, f"README 的自评表版式表缺少 `{family}` 一行"
    named = set(re.findall(r"`([a-z0-9-]+)`", row.split("|")[3]))
    assert named == set(FAMILIES[family]), f"`{family}` 一行应列出语料 {FAMILIES[family]}"


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_family_has_a_small_picture_shown_in_the_readme(family):
    picture = ROOT / "docs" / "layouts" / f"{family}.png"
    assert f"![{family}](docs/layouts/{family}.png)" in SECTION
    assert f"[{family}.png](docs/layouts/{family}.png)" in (_row(family) or "")
    data = picture.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) <= MAX_BYTES, f"{picture.name}: {len(data) // 1024} KB"


def test_no_row_or_picture_is_left_behind():
    rows = set(re.findall(r"^\| `([a-z0-9-]+)` \|", SECTION, re.M))
    pictures = {p.stem for p in (ROOT / "docs" / "layouts").glob("*.png")}
    assert rows == set(FAMILIES) and pictures == set(FAMILIES)


def test_every_registered_layout_is_named():
    from jixiao.excel.read import LAYOUTS

    missing = [layout.name for layout in LAYOUTS if f"`{layout.name}`" not in SECTION]
    assert not missing, f"README 的自评表版式一节未提到已注册的版式：{missing}"
