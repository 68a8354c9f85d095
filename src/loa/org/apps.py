from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "loa.org"
    label = "org"
    verbose_name = _("Units and people")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Membership
        from .roles import sync_admin_access

        def membership_changed(sender, instance, **kwargs):
            if kwargs.get("raw"):
                return
            sync_admin_access(instance.user)

        post_save.connect(membership_changed, sender=Membership, weak=False,
                          dispatch_uid="loa.org.membership_saved")
        post_delete.connect(membership_changed, sender=Membership, weak=False,
                            dispatch_uid="loa.org.membership_deleted")
