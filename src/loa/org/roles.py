"""What a role gives in Django's administration pages (the back office where plans, units and
people are kept until dedicated pages exist).

Department staff maintain plans, their items and assignments there, and read the unit tree;
administrators are superusers and can do everything. Unit officers, inspectors and viewers work
in Loa's own pages only. The access rights follow the person's memberships automatically.
"""

from django.contrib.auth.models import Group, Permission

from .models import Role

PLAN_EDITORS_GROUP = "Cán bộ Sở — quản lý kế hoạch"
PLAN_EDITOR_PERMISSIONS = {
    "plans": {
        "plan": "add change view",
        "planreference": "add change delete view",
        "theme": "add change delete view",
        "planitem": "add change delete view",
        "assignment": "add change delete view",
        "activity": "view",
    },
    "org": {"unit": "view", "unitgroup": "add change view", "unitalias": "add change view"},
}


def plan_editors_group() -> Group:
    group, _created = Group.objects.get_or_create(name=PLAN_EDITORS_GROUP)
    wanted = []
    for _app_label, models in PLAN_EDITOR_PERMISSIONS.items():
        for model, actions in models.items():
            wanted += [f"{action}_{model}" for action in actions.split()]
    permissions = Permission.objects.filter(codename__in=wanted,
                                            content_type__app_label__in=PLAN_EDITOR_PERMISSIONS)
    group.permissions.set(permissions)
    return group


def sync_admin_access(user) -> None:
    """Give or take the back office according to the person's roles."""
    roles = set(user.memberships.values_list("role", flat=True))
    group = plan_editors_group()
    is_editor = Role.DEPARTMENT_STAFF in roles
    if is_editor:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    is_staff = user.is_superuser or is_editor or Role.ADMINISTRATOR in roles
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
