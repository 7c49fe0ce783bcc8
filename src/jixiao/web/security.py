"""The audit row of every security event, written in one place."""

from __future__ import annotations

from . import audit


def security_audit(request, action: str, detail: str = "", user=None, username: str = "") -> None:
    """The audit row of a security event (logins, failures, logouts, passwords, 2FA, accounts):
    the one place they are written, so a new audit log needs changing only here."""
    audit.record(request, action, detail, user=user, username=username or None)
