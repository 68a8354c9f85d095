"""Shared test data: the healthchecks "two teams" pattern with units.

``world`` holds a small tree (city → department → offices, two newspapers, a district with its
culture office and a commune), one active plan with an assignment for each newspaper, and one
person per role. Alice is the officer of Báo Hải Phòng, Bob of Báo An ninh Hải Phòng: every view
and endpoint must show Alice her data and give Bob a 404 for it.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from loa.org.models import Membership, Role, Unit, UnitAlias, UnitGroup, UnitKind
from loa.plans.models import Activity, Assignment, Channel, Plan, PlanItem, PlanStatus, Theme

PASSWORD = "s3cret-Pass-9"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s per account; the tests are not about its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_immediately(settings):
    """Background tasks run inside the request in tests (a test of the database queue and its
    worker sets TASKS itself)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def make_user(username, unit=None, role=None, **extra):
    user = get_user_model().objects.create_user(username, password=PASSWORD, **extra)
    if unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def world(db):
    w = SimpleNamespace()
    w.city = Unit.objects.create(name="Thành phố Hải Phòng", kind=UnitKind.PROVINCE)
    w.dept = Unit.objects.create(name="Sở Thông tin và Truyền thông", short_name="Sở TTTT",
                                 kind=UnitKind.DEPARTMENT, parent=w.city)
    w.press_office = Unit.objects.create(name="Phòng Thông tin, Báo chí và Xuất bản",
                                         short_name="P.TTBCXB", kind=UnitKind.DEPARTMENT_OFFICE,
                                         parent=w.dept)
    w.baohp = Unit.objects.create(name="Báo Hải Phòng", short_name="Báo HP",
                                  kind=UnitKind.NEWSPAPER, parent=w.city)
    UnitAlias.objects.create(unit=w.baohp, name="Báo HP")
    w.baoan = Unit.objects.create(name="Báo An ninh Hải Phòng", kind=UnitKind.NEWSPAPER,
                                  parent=w.city)
    w.lechan = Unit.objects.create(name="Quận Lê Chân", kind=UnitKind.DISTRICT, parent=w.city,
                                   code="304")
    w.lechan_office = Unit.objects.create(name="Phòng Văn hóa và Thông tin quận Lê Chân",
                                          kind=UnitKind.DISTRICT_CULTURE_OFFICE, parent=w.lechan)
    w.commune = Unit.objects.create(name="Phường An Biên", kind=UnitKind.COMMUNE, parent=w.lechan)
    w.newspapers = UnitGroup.objects.create(name="Các cơ quan báo chí",
                                            kinds=[UnitKind.NEWSPAPER], within=w.city)

    w.plan = Plan.objects.create(
        code="130/KH-STTTT", number="130", symbol="KH-STTTT", doc_type="KH",
        issuer=w.dept, issuer_name="Sở Thông tin và Truyền thông", place="Hải Phòng",
        issued_on=dt.date(2020, 9, 8), starts_on=dt.date(2020, 9, 8),
        summary="Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg", status=PlanStatus.ACTIVE,
    )
    w.theme = Theme.objects.create(plan=w.plan, title="Đổi mới giáo dục và đào tạo")
    w.item = PlanItem.objects.create(plan=w.plan, number="2", title="Các cơ quan báo chí",
                                     order=2)
    w.a_baohp, w.a_baoan = Assignment.fan_out(
        item=w.item, groups=[w.newspapers], task="Tăng cường tin bài\nPhản bác thông tin sai",
        channels=[Channel.PRESS, Channel.E_PORTAL], due_date=dt.date(2030, 12, 31),
    )
    assert w.a_baohp.lead_unit == w.baohp and w.a_baoan.lead_unit == w.baoan

    w.act_baohp = Activity.objects.create(
        assignment=w.a_baohp, channel=Channel.PRESS, title="Bài về đổi mới giáo dục",
        published_on=dt.date(2020, 9, 20), url="https://baohaiphong.vn/bai-1", theme=w.theme,
    )
    w.act_baoan = Activity.objects.create(
        assignment=w.a_baoan, channel=Channel.PRESS, title="Bài của Báo An ninh",
        published_on=dt.date(2020, 9, 21), url="https://anhp.vn/bai-2",
    )

    w.alice = make_user("alice", w.baohp, Role.UNIT_OFFICER)
    w.bob = make_user("bob", w.baoan, Role.UNIT_OFFICER)
    w.staff = make_user("staff", w.dept, Role.DEPARTMENT_STAFF)
    w.inspector = make_user("inspector", w.dept, Role.INSPECTOR)
    w.viewer = make_user("viewer", w.baohp, Role.VIEWER)
    w.district = make_user("district", w.lechan, Role.UNIT_OFFICER)
    w.nobody = make_user("nobody")
    return w


@pytest.fixture
def haiphong(db):
    """The demo's 394 units of Hải Phòng (2020) with its three groups (``.units[key]``,
    ``.groups[key]``, keys of loa.demo.CITY_UNITS and GROUPS). Not to be mixed with ``world``,
    which has units of the same names."""
    from loa.demo import _Builder

    builder = _Builder(dt.date(2020, 10, 1), 2020, None)
    builder.build_units()
    return builder
