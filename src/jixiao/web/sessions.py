"""Sessions: Django's cached_db, where the time of the last request is kept exactly.

The idle timeout counts from the last request. Writing the session to the database on
every request would cost a write (and, on SQLite, the write lock) per page view, so the
stamp goes to the shared cache on every request and to the database at most once a
minute: only after the cache lost the session can the stamp read be up to a minute old.
Requests within CACHE_EVERY seconds of the stamp leave it as it is: a cache write per page
view would cost more than the page (an idle session may end up to that much early).
"""

from __future__ import annotations

import logging
import time

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

STORE_EVERY = 60  # seconds between database writes of the activity stamp
CACHE_EVERY = 5  # seconds between cache writes of it

logger = logging.getLogger("django.contrib.sessions")


def now() -> int:
    """The clock of session times (login, last request), in Unix seconds."""
    return int(time.time())


class SessionStore(CachedDBStore):
    def note_request(self, now: int) -> None:
        """Record a request at `now` (Unix seconds) as the last activity."""
        data = self._get_session()
        if not self.modified and 0 <= now - data.get("last_seen", 0) < CACHE_EVERY:
            return
        data["last_seen"] = now
        if self.modified or now - data.get("stored_at", 0) >= STORE_EVERY:
            data["stored_at"] = now
            self.modified = True  # saved to the database and the cache with the response
            return
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age())
        except Exception:  # as cached_db's own save: a cache failure is logged, the database copy stands
            logger.exception("Error saving to cache (%s)", self._cache)
