"""Readers of the texts users write: quantities, targets and formulas."""


def excerpt(text: str, limit: int = 60) -> str:
    """A user's text as quoted in a message: a hostile megabyte is not echoed back whole."""
    return text if len(text) <= limit else f"{text[:limit]}…（共{len(text)}个字符）"
