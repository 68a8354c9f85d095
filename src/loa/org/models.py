"""Units (a versioned tree of organisations and administrative units), people and their roles."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Replace
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

from loa.vitext import fold, search_key
from loa.vitext.text import SEARCH_CONNECTORS, SEARCH_DROPPED


def person_name(first_name: str, last_name: str, username: str = "") -> str:
    """A person's name in Vietnamese order: family and middle names (Django's ``last_name``),
    then the given name (``first_name``): "Phạm Quang" + "Huy" → "Phạm Quang Huy"."""
    parts = [(last_name or "").strip(), (first_name or "").strip()]
    return " ".join(part for part in parts if part) or username or ""


def display_name(user) -> str:
    return person_name(user.first_name, user.last_name, user.get_username())


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province / city")
    GOVERNING_BODY = "governing_body", _("Governing body")
    PARTY_BODY = "party_body", _("Party body")
    DEPARTMENT = "department", _("Department")
    DEPARTMENT_OFFICE = "department_office", _("Office of a department")
    RADIO_TV = "radio_tv", _("Radio-TV station")
    NEWSPAPER = "newspaper", _("Newspaper")
    E_PORTAL = "e_portal", _("E-portal")
    PRESS_AGENCY = "press_agency", _("Press agency")
    DISTRICT = "district", _("District")
    DISTRICT_CULTURE_OFFICE = "district_culture_office", _("District culture-information office")
    DISTRICT_RADIO = "district_radio", _("District radio station")
    COMMUNE = "commune", _("Commune / ward")
    COMMUNE_RADIO = "commune_radio", _("Commune radio station")
    OTHER = "other", _("Other")


def _search_expression(field):
    """:func:`loa.vitext.search_key` in SQL, on a column that already holds the folded text."""
    expression = Concat(Value(" "), F(field), Value(" "), output_field=models.CharField())
    for connector in SEARCH_CONNECTORS:
        for _twice in range(2):  # SQL replaces without overlap: " va va " needs two passes
            expression = Replace(expression, Value(connector), Value(" "))
    for mark in SEARCH_DROPPED:
        expression = Replace(expression, Value(mark), Value(""))
    return expression


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Units that existed on ``day`` (validity dates are inclusive; empty = open)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def current(self):
        return self.valid_on(timezone.localdate())

    def subtree_of(self, units):
        """The given units and everything below them in the tree."""
        condition = Q(pk__in=[])
        for unit in units:
            condition |= Q(path__startswith=unit.path)
        return self.filter(condition)

    def search(self, text):
        """Units whose name, short name or an alias contains ``text``, compared by
        :func:`loa.vitext.search_key`: accents, case, spaces and joining words and marks do not
        count ("PT-TH", "PT&TH", "PTTH"; "Phát thanh - Truyền hình" in "Phát thanh và Truyền
        hình")."""
        key = search_key(text)
        if not key:
            return self
        aliases = (UnitAlias.objects.annotate(search=_search_expression("key"))
                   .filter(search__contains=key).values("unit_id"))
        return self.annotate(
            name_search=_search_expression("name_key"),
            short_search=_search_expression("short_name_key"),
        ).filter(Q(name_search__contains=key) | Q(short_search__contains=key)
                 | Q(pk__in=aliases))

    def matching(self, text):
        """Units whose name, short name or an alias folds to the same key as ``text``."""
        key = fold(text)
        return self.filter(Q(name_key=key) | Q(short_name_key=key) | Q(aliases__key=key)).distinct()


class Unit(models.Model):
    """An organisation or administrative unit. Units are never deleted once used: when one is
    merged or renamed it gets a ``valid_to`` date and its successor a ``valid_from``, so plans and
    reports keep pointing at the unit as it was."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    code = models.CharField(
        _("code"), max_length=32, blank=True,
        help_text=_("Official administrative code where there is one (e.g. 303 for Hồng Bàng)."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # Materialised path "/00000001/00000005/" so a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    name_key = models.CharField(max_length=255, editable=False, db_index=True, default="")
    short_name_key = models.CharField(max_length=100, editable=False, db_index=True, default="")

    history = HistoricalRecords()
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def label(self):
        return self.short_name or self.name

    @property
    def depth(self):
        return max(self.path.count("/") - 2, 0)

    def save(self, *args, **kwargs):
        self.name_key = fold(self.name)
        self.short_name_key = fold(self.short_name)
        super().save(*args, **kwargs)
        # Fixed-width segments keep a subtree together in any collation, even one that
        # ignores punctuation when sorting (PostgreSQL's language-aware collations do).
        path = (self.parent.path if self.parent_id else "/") + f"{self.pk:08d}/"
        if path != self.path:
            old = self.path
            Unit.objects.filter(pk=self.pk).update(path=path)
            self.path = path
            if old:  # moved: re-root the subtree
                for child in Unit.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    Unit.objects.filter(pk=child.pk).update(path=path + child.path[len(old):])

    def is_valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def ancestors(self):
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        return Unit.objects.filter(pk__in=ids).order_by("path")


class UnitAlias(models.Model):
    """Another way the unit is written: "Sở GD&ĐT", "Đài PT&TH", "Báo HP"."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=255)
    key = models.CharField(max_length=255, editable=False, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(fields=["unit", "key"], name="unique_alias_per_unit"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = fold(self.name)
        super().save(*args, **kwargs)


class UnitGroup(models.Model):
    """A named group an assignment can target, e.g. "Phòng Văn hóa và Thông tin các quận, huyện":
    every unit of the given kinds within a subtree, valid on a given day."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    kinds = models.JSONField(_("unit kinds"), default=list)
    within = models.ForeignKey(
        Unit, verbose_name=_("within"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def members(self, day=None):
        units = Unit.objects.filter(kind__in=self.kinds)
        if self.within_id:
            units = units.filter(path__startswith=self.within.path)
        return units.valid_on(day) if day else units


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    DEPARTMENT_STAFF = "department_staff", _("Department staff")
    UNIT_OFFICER = "unit_officer", _("Unit officer")
    INSPECTOR = "inspector", _("Monitor / inspector")
    VIEWER = "viewer", _("Viewer")


# Roles whose holders work for the whole department and so see every unit's data.
GLOBAL_ROLES = {Role.ADMINISTRATOR, Role.DEPARTMENT_STAFF, Role.INSPECTOR}
# Roles that may change campaign data (within what they see).
EDITING_ROLES = {Role.ADMINISTRATOR, Role.DEPARTMENT_STAFF, Role.UNIT_OFFICER}


class Membership(models.Model):
    """A person works for a unit in a role. A person may belong to several units."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} — {self.unit} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A token for programmatic clients. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        token = "loa_" + secrets.token_urlsafe(32)
        record = cls.objects.create(user=user, name=name, digest=cls.hash(token), prefix=token[:8])
        return record, token

    @classmethod
    def authenticate(cls, token: str):
        record = cls.objects.select_related("user").filter(digest=cls.hash(token or "")).first()
        if record is None or not record.user.is_active:
            return None
        cls.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
        return record.user


# Accounts are audited too (who created, deactivated or renamed whom), never their password hash.
register(get_user_model(), app="loa.org", excluded_fields=["password", "last_login"])
