"""Whose profile a user has: looked up once per request, below both access and the audit log."""

from __future__ import annotations

from .models import Organisation, Profile
from .rows import RowBy

# Looked up on every request: their SQL is composed once (see rows.py).
_profiles, _organisations = RowBy(Profile, "user_id"), RowBy(Organisation, "pk")


def profile_of(user) -> Profile | None:
    """The user's profile with its organisation, fetched once per request."""
    if not user or not user.is_authenticated:
        return None
    cached = getattr(user, "_jixiao_profile", False)
    if cached is False:
        cached = _profiles.get(user.pk)
        if cached is not None:
            cached.organisation = _organisations.get(cached.organisation_id)
        user._jixiao_profile = cached
    return cached
