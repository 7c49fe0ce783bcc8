"""Every line of the server log names the request it belongs to.

RequestIdMiddleware gives each request an id (sent back as X-Request-ID and shown on the
error page); the filter puts it on every log record written while the request is handled,
so a user's 错误编号 leads to the traceback of their request.
"""

from __future__ import annotations

import contextvars
import logging
import secrets

_current: contextvars.ContextVar[str] = contextvars.ContextVar("jixiao_request_id", default="-")

def new_request_id() -> str:
    return secrets.token_hex(8)


def current_request_id() -> str:
    """The id of the request being handled in this thread, or "-" outside one."""
    return _current.get()


def bind(request_id: str) -> contextvars.Token:
    return _current.set(request_id)


def unbind(token: contextvars.Token) -> None:
    _current.reset(token)


class RequestIdFilter(logging.Filter):
    """Lets every record through, with `request_id` set (the format names it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id()
        return True
