from loa.org.access import Scope


def scope(request):
    """Make the person's scope available to every template as ``scope``."""
    user = getattr(request, "user", None)
    return {"scope": Scope.of(user) if user is not None else None}
