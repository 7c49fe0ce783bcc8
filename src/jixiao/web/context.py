from django.utils.functional import SimpleLazyObject

from .access import profile_of


def workspace(request):
    from .notify import unread

    user = getattr(request, "user", None)
    # counted only where a page shows it (the nav)
    return {"profile": profile_of(user), "unread": SimpleLazyObject(lambda: unread(user))}
