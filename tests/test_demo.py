"""The demo world: Hải Phòng in 2020, plan 130/KH-STTTT, sample activities and accounts."""

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import transaction
from django.test import RequestFactory, override_settings
from django.utils import timezone

from loa.demo import ACCOUNTS, DemoError, load_demo
from loa.org.access import Scope
from loa.org.models import Role, Unit, UnitGroup, UnitKind
from loa.plans.models import Activity, Assignment, Channel, Plan, PlanStatus
from loa.plans.status import State

TODAY = dt.date(2026, 3, 18)
NOW = timezone.make_aware(dt.datetime(2026, 3, 18, 12, 0))
DISTRICTS_2020 = {
    "Quận Hồng Bàng", "Quận Lê Chân", "Quận Ngô Quyền", "Quận Kiến An", "Quận Hải An",
    "Quận Đồ Sơn", "Quận Dương Kinh", "Huyện An Dương", "Huyện An Lão", "Huyện Bạch Long Vĩ",
    "Huyện Cát Hải", "Huyện Kiến Thụy", "Huyện Tiên Lãng", "Huyện Thủy Nguyên", "Huyện Vĩnh Bảo",
}
PLAN_DAY = dt.date(2020, 9, 8)


# These run before the module's shared demo is loaded: each loads its own and rolls it back.
def snapshot(today, seed=7):
    with transaction.atomic():
        summary = load_demo(today=today, seed=seed)
        rows = sorted(Activity.objects.values_list(
            "unit__name", "published_on", "channel", "title", "url"))
        transaction.set_rollback(True)
    return summary, rows


@pytest.mark.django_db
def test_a_month_end_gives_all_four_states():
    today = dt.date(2025, 12, 31)
    summary, rows = snapshot(today)
    assert set(summary["states"]) == set(State)
    assert max(day for _u, day, *_rest in rows) <= today


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_world():
    today = dt.date(2026, 7, 1)  # first day of a month: the current period is one day long
    first, rows = snapshot(today)
    assert set(first["states"]) == set(State)
    again, rows_again = snapshot(today)
    assert rows_again == rows and again["activities"] == first["activities"]
    assert snapshot(today, seed=8)[1] != rows


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module and rolled back at its end."""
    # Hash the accounts' passwords like the rest of the suite does (conftest: fast hashing).
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast:
        with transaction.atomic():
            summary = load_demo(today=TODAY)
            yield summary
            transaction.set_rollback(True)


@pytest.fixture
def plan(demo, db):
    return Plan.objects.get(code="130/KH-STTTT")


def unit(name):
    return Unit.objects.get(name=name)


def test_the_fifteen_districts_of_2020(plan):
    districts = Unit.objects.filter(kind=UnitKind.DISTRICT).valid_on(PLAN_DAY)
    assert set(districts.values_list("name", flat=True)) == DISTRICTS_2020
    city = unit("Thành phố Hải Phòng")
    assert city.kind == UnitKind.PROVINCE and city.code == "31"
    assert all(d.parent_id == city.pk for d in districts)
    assert unit("Huyện Thủy Nguyên").code == "311" and unit("Huyện An Dương").code == "312"
    for district in districts:
        short = district.short_name
        place = district.name.replace("Quận", "quận").replace("Huyện", "huyện")
        office = district.children.get(kind=UnitKind.DISTRICT_CULTURE_OFFICE)
        radio = district.children.get(kind=UnitKind.DISTRICT_RADIO)
        assert office.name == f"Phòng Văn hóa và Thông tin {place}", short
        assert radio.name == f"Đài Truyền thanh {place}"
        assert office.is_valid_on(PLAN_DAY) and radio.is_valid_on(PLAN_DAY)


def test_communes_with_their_radio_stations(plan):
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE).valid_on(PLAN_DAY)
    assert communes.count() > 100
    assert all(c.parent.kind == UnitKind.DISTRICT for c in communes.select_related("parent"))
    radios = Unit.objects.filter(kind=UnitKind.COMMUNE_RADIO).valid_on(PLAN_DAY)
    assert radios.count() == communes.count()
    assert set(radios.values_list("parent_id", flat=True)) == set(communes.values_list("pk",
                                                                                       flat=True))


def test_the_map_of_2020_and_those_of_2025_with_their_dates(plan):
    """The plan of 2020 is given to the map of 2020; the units of the 2025 arrangements are
    there too, each with its validity dates, and never mixed into the 2020 tree."""
    def place(name, day):
        return [(u.name, u.parent.name) for u in
                Unit.objects.filter(name=name).valid_on(day).select_related("parent")]

    # Đại Bản: a commune of huyện An Dương in 2020, a ward of quận Hồng Bàng in 2025.
    assert place("Xã Đại Bản", PLAN_DAY) == [("Xã Đại Bản", "Huyện An Dương")]
    assert place("Phường Đại Bản", PLAN_DAY) == []
    assert place("Phường Đại Bản", dt.date(2025, 3, 1)) == [("Phường Đại Bản", "Quận Hồng Bàng")]
    # Lưu Kiếm: a commune of huyện Thủy Nguyên in 2020, a ward of the city Thủy Nguyên in 2025.
    assert place("Xã Lưu Kiếm", PLAN_DAY) == [("Xã Lưu Kiếm", "Huyện Thủy Nguyên")]
    assert place("Đài Truyền thanh phường Lưu Kiếm", PLAN_DAY) == []
    assert place("Phường Lưu Kiếm", dt.date(2025, 3, 1)) == [
        ("Phường Lưu Kiếm", "Thành phố Thủy Nguyên")]
    assert place("Phường Lưu Kiếm", dt.date(2025, 7, 1)) == [
        ("Phường Lưu Kiếm", "Thành phố Hải Phòng")]
    hong_bang = Unit.objects.get(name="Quận Hồng Bàng")
    assert set(hong_bang.children.filter(kind=UnitKind.COMMUNE).valid_on(PLAN_DAY)
               .values_list("name", flat=True)) >= {"Phường Hạ Lý", "Phường Trại Chuối",
                                                    "Phường Quang Trung"}
    assert hong_bang.valid_to == dt.date(2025, 6, 30)
    assert Unit.objects.get(name="Huyện Thủy Nguyên").valid_to == dt.date(2024, 12, 31)
    # Every unit a task of the plan went to existed on the plan's day.
    leads = Unit.objects.filter(pk__in=Assignment.objects.filter(plan=plan).values("lead_unit"))
    assert not leads.exclude(pk__in=leads.valid_on(plan.issued_on)).exists()
    # Today's map: the communes of 1 July 2025 under the city, no district.
    assert not Unit.objects.filter(kind=UnitKind.DISTRICT).valid_on(TODAY).exists()
    assert Unit.objects.filter(kind=UnitKind.COMMUNE, parent__kind=UnitKind.PROVINCE,
                               valid_from=dt.date(2025, 7, 1)).count() > 100


def test_city_units_and_their_short_forms(plan):
    expected = {
        "UBNDTP": "Ủy ban nhân dân thành phố Hải Phòng",
        "BTGTU": "Ban Tuyên giáo Thành ủy Hải Phòng",
        "Sở TTTT": "Sở Thông tin và Truyền thông",
        "STTTT": "Sở Thông tin và Truyền thông",
        "P.TTBCXB": "Phòng Thông tin, Báo chí và Xuất bản",
        "Sở GD&ĐT": "Sở Giáo dục và Đào tạo",
        "Đài PT&TH": "Đài Phát thanh và Truyền hình Hải Phòng",
        "Đài PT&TH Hải Phòng": "Đài Phát thanh và Truyền hình Hải Phòng",
        "Báo HP": "Báo Hải Phòng",
        "Cổng TTĐT": "Cổng Thông tin điện tử thành phố Hải Phòng",
        "Phòng VHTT quận Lê Chân": "Phòng Văn hóa và Thông tin quận Lê Chân",
    }
    for text, name in expected.items():
        assert [u.name for u in Unit.objects.matching(text)] == [name], text
    sotttt = unit("Sở Thông tin và Truyền thông")
    offices = set(sotttt.children.values_list("name", flat=True))
    assert offices == {"Phòng Thông tin, Báo chí và Xuất bản",
                       "Trung tâm Thông tin và Truyền thông", "Thanh tra Sở"}
    assert Unit.objects.filter(kind=UnitKind.PRESS_AGENCY).count() >= 2


def test_plan_metadata_and_content(plan):
    assert (plan.number, plan.symbol, plan.doc_type) == ("130", "KH-STTTT", "KH")
    assert plan.issuer == unit("Sở Thông tin và Truyền thông")
    assert plan.place == "Hải Phòng" and plan.issued_on == PLAN_DAY
    assert plan.status == PlanStatus.ACTIVE
    assert plan.summary.startswith("Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg ngày "
                                   "11/05/2020 của Thủ tướng Chính phủ ban hành Kế hoạch")
    assert plan.summary.endswith("định hướng xã hội chủ nghĩa và hội nhập quốc tế”")
    assert plan.signer == "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Lê Văn Kiên"
    references = {r.code: r for r in plan.references.all()}
    assert set(references) == {"628/QĐ-TTg", "51-KL/TW", "209/KH-UBND", "29-NQ/TW", "44/NQ-CP"}
    assert references["628/QĐ-TTg"].issued_on == dt.date(2020, 5, 11)
    assert references["628/QĐ-TTg"].issuer == "Thủ tướng Chính phủ"
    assert references["51-KL/TW"].issued_on == dt.date(2019, 5, 30)
    assert references["51-KL/TW"].issuer == "Ban Bí thư Trung ương Đảng"
    assert references["209/KH-UBND"].issued_on == dt.date(2020, 8, 18)
    assert "Giáo dục và đào tạo là sự nghiệp" in plan.purposes
    assert plan.requirements.count("\n- ") == 1
    assert plan.themes.count() == 2
    assert "Luật Giáo dục 2019" in plan.themes.all()[1].text
    # The campaign is made to run now: tracked from about six weeks before "today"; the
    # implementation period is what the plan writes (none), never invented.
    assert 42 <= (TODAY - plan.tracking_starts_on).days <= 62
    assert plan.starts_on is None and plan.ends_on is None
    # the text as read: the OCR'd scan, repaired (the signer's name there is left to the parser)
    assert "Lê Văn Ki" in plan.source_text and "Nơi nhận:" in plan.source_text
    assert plan.source_text.startswith("Số: 130 /KH-STTTT Hải Phòng, ngày 08 tháng 9 năm 2020")


def test_items_and_assignments_follow_the_plan(plan):
    items = {i.number: i for i in plan.items.all()}
    assert list(items) == ["1", "2", "3", "4", "5", "6", "6.1", "6.2", "6.3"]
    assert {items[n].parent for n in ("6.1", "6.2", "6.3")} == {items["6"]}
    assert items["1"].title == "Sở Giáo dục và Đào tạo"
    assert items["3"].title == "Phòng Văn hóa và Thông tin các quận, huyện"

    def leads(number):
        return Counter(a.lead_unit.name for a in Assignment.objects.filter(item=items[number]))

    def lead_ids(number):
        return Counter(Assignment.objects.filter(item=items[number])
                       .values_list("lead_unit_id", flat=True))

    assert leads("1") == {"Sở Giáo dục và Đào tạo": 1}
    assert leads("2") == {"Đài Phát thanh và Truyền hình Hải Phòng": 1, "Báo Hải Phòng": 1,
                          "Báo An ninh Hải Phòng": 1,
                          "Cổng Thông tin điện tử thành phố Hải Phòng": 1}
    for number, group_name in [("3", "Phòng Văn hóa và Thông tin các quận, huyện"),
                               ("4", "Đài Truyền thanh các quận, huyện, xã, phường, thị trấn"),
                               ("5", "Các cơ quan báo chí trên địa bàn thành phố")]:
        group = UnitGroup.objects.get(name=group_name)
        members = set(group.members(PLAN_DAY).values_list("pk", flat=True))
        assert set(lead_ids(number)) == members and max(lead_ids(number).values()) == 1
        assert Assignment.objects.filter(item=items[number], group=group).count() == len(members)
    assert len(lead_ids("3")) == 15
    assert len(lead_ids("4")) == 15 + Unit.objects.filter(
        kind=UnitKind.COMMUNE_RADIO).valid_on(PLAN_DAY).count()
    assert "Báo Hải Phòng" in leads("5") and "Tạp chí Cửa Biển" in leads("5")
    assert leads("6") == {}
    assert leads("6.1") == {"Phòng Thông tin, Báo chí và Xuất bản": 1}
    assert leads("6.2") == {"Trung tâm Thông tin và Truyền thông": 1}
    assert leads("6.3") == {"Thanh tra Sở": 1}

    (item2,) = {len(a.tasks) for a in Assignment.objects.filter(item=items["2"])}
    assert item2 == 2
    (guidance,) = Assignment.objects.filter(item=items["6.1"])
    assert len(guidance.tasks) == 3 and guidance.tasks[0].startswith("Thường xuyên có văn bản")
    (first,) = Assignment.objects.filter(item=items["1"])
    assert list(first.supporting_units.values_list("name", flat=True)) == [
        "Sở Thông tin và Truyền thông"]
    offices = Assignment.objects.filter(item=items["3"])
    assert all({Channel.FACEBOOK, Channel.ZALO, Channel.YOUTUBE, Channel.E_PORTAL,
                Channel.LOUDSPEAKER} <= set(a.channels) for a in offices)
    radios = Assignment.objects.filter(item=items["4"])
    assert all(set(a.channels) == {Channel.RADIO, Channel.LOUDSPEAKER} for a in radios)
    for a in Assignment.objects.filter(plan=plan):
        a.full_clean()


def test_all_four_states_appear(plan):
    assignments = Assignment.objects.filter(plan=plan).with_period_activity(TODAY)
    states = Counter(a.status(NOW) for a in assignments.select_related("plan"))
    assert set(states) == set(State)
    # Most tasks are regular (monthly reporting), and most units are on track.
    assert assignments.filter(is_regular=True).count() > assignments.count() / 2
    assert states[State.IN_PROGRESS] > states[State.OVERDUE]


def test_sample_activities(plan):
    activities = Activity.objects.filter(plan=plan)
    assert 200 <= activities.count() <= 1000
    assert not activities.filter(published_on__gt=TODAY).exists()
    assert not activities.filter(published_on__lt=plan.tracking_starts_on).exists()
    for name in ("Báo Hải Phòng", "Phòng Văn hóa và Thông tin quận Lê Chân"):
        assert activities.filter(unit__name=name).count() >= 3, name
    broadcasts = activities.filter(channel__in=[Channel.TELEVISION, Channel.RADIO,
                                                Channel.LOUDSPEAKER])
    assert broadcasts.exists() and not broadcasts.filter(airtime_minutes__isnull=True).exists()
    assert activities.filter(reach__isnull=False).exists()
    assert activities.exclude(url="").filter(url__startswith="https://baohaiphong.vn/").exists()
    assert activities.filter(theme__isnull=False).count() > activities.count() / 2
    assert len({a.channel for a in activities}) >= 6
    for activity in activities.select_related("assignment", "theme"):
        activity.full_clean()  # every sample row passes the model's own validation
        assert activity.unit_id == activity.assignment.lead_unit_id


def test_accounts_log_in_with_demo_and_have_their_roles(plan):
    request = RequestFactory().post("/accounts/login/")
    roles = {}
    for username in ACCOUNTS:
        user = authenticate(request=request, username=username, password="demo")
        assert user is not None, username
        assert user.first_name and user.last_name
        roles[username] = Scope.of(user)
    admin = get_user_model().objects.get(username="demo-admin")
    assert admin.is_staff and admin.is_superuser
    assert roles["demo-admin"].has_role(Role.ADMINISTRATOR)
    assert roles["demo-sotttt"].has_role(Role.DEPARTMENT_STAFF)
    assert roles["demo-sotttt"].is_department and roles["demo-sotttt"].can_edit
    baohp, lechan = unit("Báo Hải Phòng"), unit("Phòng Văn hóa và Thông tin quận Lê Chân")
    assert roles["demo-baohp"].has_role(Role.UNIT_OFFICER)
    assert roles["demo-baohp"].member_unit_ids == {baohp.pk}
    assert not roles["demo-baohp"].sees_all and roles["demo-baohp"].can_edit_unit(baohp.pk)
    assert roles["demo-vhtt-lechan"].member_unit_ids == {lechan.pk}
    assert roles["demo-vhtt-lechan"].can_edit_unit(lechan.pk)
    assert not roles["demo-vhtt-lechan"].can_see_unit(baohp.pk)
    inspector = roles["demo-thanhtra"]
    assert inspector.has_role(Role.INSPECTOR) and inspector.sees_all and not inspector.can_edit
    assert inspector.member_unit_ids == {unit("Thanh tra Sở").pk}
    # Each officer sees their own unit's assignments, and those only.
    officer = get_user_model().objects.get(username="demo-baohp")
    visible = Assignment.objects.visible_to(officer)
    assert visible.count() == 2 and {a.lead_unit for a in visible} == {baohp}


def test_wrong_password_is_refused(plan):
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request=request, username="demo-baohp", password="wrong") is None


def test_loading_twice_is_refused(plan):
    with pytest.raises(DemoError):
        load_demo(today=TODAY)
