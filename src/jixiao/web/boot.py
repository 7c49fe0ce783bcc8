"""Starting Django for a command: the one step every web command and the restore share."""

from __future__ import annotations

import os
from pathlib import Path


def setup_django(data: str | None) -> None:
    """Point settings at the data directory, then start Django."""
    if data:
        os.environ["JIXIAO_DATA"] = str(Path(data).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()
