from .access import profile_of


def workspace(request):
    return {"profile": profile_of(getattr(request, "user", None))}
