"""`jixiao serve`: registered on the main command group."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Add this package's commands to the `jixiao` group."""
