"""A record's derived attribute, computed on first read and kept on the record.

The records are frozen, so what is derived from them never changes. functools.cached_property does
the same but takes a lock on every first read (Python 3.11), which costs more than the bulk review's
figures it would save; this descriptor writes the instance's __dict__ directly, as the frozen
dataclasses' own fast constructors do.
"""

from __future__ import annotations

from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")


class once(Generic[T]):  # noqa: N801 - used as a decorator, like property
    def __init__(self, fn: Callable[[Any], T]):
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj: Any, cls: type | None = None) -> T:
        if obj is None:
            return self  # type: ignore[return-value]
        value = obj.__dict__[self.name] = self.fn(obj)  # the instance's own attribute hides this from now on
        return value


__all__ = ["once"]
