from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "loa.plans"
    label = "plans"
    verbose_name = _("Plans and activities")

    def ready(self):
        from . import jobs  # noqa: F401 - registers the plans app's kinds of background work
