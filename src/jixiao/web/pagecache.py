"""Rendered 指标体系 pages, kept by everything they depend on.

The page of a stored revision is the same for every request of the same person
until the evaluation changes, so it is rendered once and kept here with a
placeholder where each request's CSRF token goes. The key holds the evaluation's
state (head revision, status, version, last change, parties; for a 定稿, whether
its hash still verifies) and the viewer's identity (user, organisation, role) and
unread notification count (the nav shows it): a
new revision, a 定稿, a change of parties or another viewer is a different key,
so nothing has to be invalidated and no one is ever shown a page rendered for
someone else. Access is checked before the lookup on every request; this only
saves the rendering.

Each process keeps its own pages (a server may run several): a key captures the
state it was rendered from, so a stale page is never served from any of them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from . import access
from .models import Evaluation

CSRF_PLACEHOLDER = "@@csrf-token@@"
_PLACEHOLDER = CSRF_PLACEHOLDER.encode()
MAX_PAGES = 500  # about 45 KB each

_pages: OrderedDict[tuple, bytes] = OrderedDict()  # kept encoded: no encoding per request
_lock = threading.Lock()


def key(request: HttpRequest, ev: Evaluation, tab: str) -> tuple | None:
    """Everything the page depends on, or None where it must be rendered afresh."""
    if tab != "indicators" or len(messages.get_messages(request)):
        return None  # pending messages are shown once, in a fresh page
    user = request.user
    p = access.profile_of(user)
    if p is None:
        return None
    final = None
    if ev.is_final:  # the 定稿 banner links the next version and says what its check found
        from .signing import check

        final = (ev.final_revision_id, ev.final_sha256, check(ev, request=request).key, ev.next_versions.exists())
    from .notify import unread

    # the nav's 通知 count is the viewer's own and changes without the evaluation changing
    return (ev.pk, ev.head, ev.status, ev.version, ev.updated_at, ev.bureau_id, ev.firm_id, ev.department_id,
            ev.previous_version_id, final,
            user.pk, user.get_username(), p.pk, p.role, p.organisation_id, p.organisation.name, unread(user))


def get(request: HttpRequest, cache_key: tuple | None) -> HttpResponse | None:
    if cache_key is None:
        return None
    with _lock:
        page = _pages.get(cache_key)
        if page is not None:
            _pages.move_to_end(cache_key)
    return None if page is None else respond(request, page)


def put(cache_key: tuple | None, page: bytes) -> None:
    if cache_key is None:
        return
    with _lock:
        _pages[cache_key] = page
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)


def respond(request: HttpRequest, page: bytes, status: int = 200) -> HttpResponse:
    """The page (UTF-8) with this request's CSRF token in place of the placeholder."""
    return HttpResponse(page.replace(_PLACEHOLDER, get_token(request).encode("ascii")), status=status)


def clear() -> None:
    with _lock:
        _pages.clear()
