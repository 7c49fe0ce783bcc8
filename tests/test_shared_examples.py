"""The users' files as they were handed over must always load, unchanged."""

from pathlib import Path

import pytest

from jixiao.sources import open_source

SHARED = Path(__file__).resolve().parents[2] / "shared" / "examples"
OWN = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("name", ["xinshi-hrss-2024.yaml", "project-selfeval-sample.yaml"])
def test_shipped_copy_is_the_users_file(name):
    if not (SHARED / name).exists():
        pytest.skip("shared/examples is not beside this checkout")
    assert (SHARED / name).read_bytes() == (OWN / name).read_bytes()
    assert open_source(SHARED / name).ok
