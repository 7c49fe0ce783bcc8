"""Readers of the texts users write: quantities, targets and formulas."""

import re

# control characters (NUL, ESC …; a cell's own line breaks and tabs are kept) shown as \x00 when quoted
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def excerpt(text: str, limit: int = 60) -> str:
    """A user's text as quoted in a message: a hostile megabyte is not echoed back whole, nor its
    invisible control characters."""
    cut = text if len(text) <= limit else f"{text[:limit]}…（共{len(text)}个字符）"
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", cut)
