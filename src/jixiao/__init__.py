"""jixiao (绩效): budget performance evaluation from one source of truth."""

__version__ = "0.1.0"
