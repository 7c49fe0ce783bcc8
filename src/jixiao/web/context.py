from django.utils.functional import SimpleLazyObject

from . import stages
from .access import profile_of


def workspace(request):
    from .notify import unread

    user = getattr(request, "user", None)
    # counted only where a page shows it (the nav)
    profile = profile_of(user)
    return {"profile": profile, "unread": SimpleLazyObject(lambda: unread(user)),
            "stage_nav": stages.nav_for(profile.role if profile else None)}
