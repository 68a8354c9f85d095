"""The administration as a Vietnamese administrator sees it: titled and sectioned in Vietnamese,
a person added with their unit and role on one page, change histories without empty rows and
with names instead of ids."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from loa.org.models import Membership, Role
from loa.plans import dashboard
from loa.plans.models import Assignment

from ..conftest import make_user

ENGLISH_HEADINGS = ["Axes", "AXES", "Tasks Database Backend", "Task Results", "Access attempts",
                    "Access logs", "Authentication and Authorization", "Model name",
                    "Skip to main content", "Django administration", "Site administration"]
VIETNAMESE_LETTERS = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộ"
                                "ơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)


@pytest.fixture
def admin_user(world):
    return make_user("quantri", world.dept, Role.ADMINISTRATOR, is_superuser=True,
                     is_staff=True)


@pytest.fixture
def admin_client(admin_user, as_user, vietnamese):
    return as_user(admin_user)


def test_index_titled_and_sectioned_in_vietnamese(admin_client):
    response = admin_client.get(reverse("admin:index"))
    page = response.content.decode()
    assert "Trang quản trị Loa" in page
    for english in ENGLISH_HEADINGS:
        assert english not in page, english
    sections = response.context["app_list"]
    assert {"Đơn vị và người dùng", "Kế hoạch và hoạt động", "Bảo vệ đăng nhập",
            "Tài khoản và nhóm quyền"} <= {str(app["name"]) for app in sections}
    for app in sections:
        assert VIETNAMESE_LETTERS.search(str(app["name"])), app["name"]
        for model in app["models"]:
            assert VIETNAMESE_LETTERS.search(str(model["name"])), model["name"]
    # The task queue's rows are internals; Loa's jobs are shown on its own pages.
    assert "django_tasks_database" not in {app["app_label"] for app in sections}


def test_menu_links_to_the_administration_for_those_who_may_use_it(world, as_user, admin_user,
                                                                   vietnamese):
    admin_url = f'href="{reverse("admin:index")}"'
    assert admin_url in as_user(admin_user).get(reverse("unit_directory")).content.decode()
    assert admin_url in as_user(world.staff).get(reverse("unit_directory")).content.decode()
    assert admin_url not in as_user(world.alice).get(reverse("unit_directory")).content.decode()


def test_a_person_with_unit_and_role_added_on_one_page(world, admin_client):
    add = reverse("admin:auth_user_add")
    form = admin_client.get(add).content.decode()
    assert 'name="memberships-0-unit"' in form and 'name="memberships-0-role"' in form
    assert "After you’ve created a user" not in form
    response = admin_client.post(add, {
        "username": "nguyenvana", "last_name": "Nguyễn Văn", "first_name": "An",
        "email": "an@example.invalid", "usable_password": "true",
        "password1": "Mat-khau-rat-dai-9", "password2": "Mat-khau-rat-dai-9",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-unit": str(world.dept.pk), "memberships-0-role": Role.DEPARTMENT_STAFF,
    })
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:auth_user_changelist")  # no second screen
    person = get_user_model().objects.get(username="nguyenvana")
    assert (person.last_name, person.first_name) == ("Nguyễn Văn", "An")
    assert person.check_password("Mat-khau-rat-dai-9")
    assert list(Membership.objects.filter(user=person).values_list("unit", "role")) == [
        (world.dept.pk, Role.DEPARTMENT_STAFF)]
    person.refresh_from_db()
    assert person.is_staff  # department staff get the back office from their role
    listing = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Nguyễn Văn An" in listing and "Sở Thông tin và Truyền thông (Cán bộ Sở)" in listing


def test_a_person_without_password_match_is_refused_and_nothing_is_written(world, admin_client):
    response = admin_client.post(reverse("admin:auth_user_add"), {
        "username": "tranb", "usable_password": "true",
        "password1": "Mat-khau-rat-dai-9", "password2": "khac-han",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-unit": str(world.dept.pk), "memberships-0-role": Role.VIEWER,
    })
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="tranb").exists()
    assert not Membership.objects.filter(role=Role.VIEWER, unit=world.dept).exists()


def test_history_has_no_empty_rows_and_shows_names(world, admin_client):
    assignment = Assignment.objects.get(pk=world.a_baohp.pk)
    assignment.save()  # a save that changes nothing
    assignment.channels = ["television", "radio"]
    assignment.lead_unit = world.baoan
    assignment.save()
    page = admin_client.get(reverse("admin:plans_assignment_history",
                                    args=[assignment.pk])).content.decode()
    rows = re.findall(r"<tr>\s*<td><a href=\"[^\"]+/history/\d+/\"", page)
    assert len(rows) == 2  # created, changed: not the save that changed nothing
    assert "Truyền hình, Phát thanh" in page
    assert "Báo An ninh Hải Phòng" in page and "Báo Hải Phòng" in page
    assert "television" not in page and "[&quot;" not in page
    assert "Nội dung thay đổi" in page  # the column, not every row's link
    assert page.count("Nội dung thay đổi") == 1
    # Loa's own history list leaves the empty save out too.
    kinds = [entry.kind for entry in dashboard.change_history(assignment)]
    assert kinds == ["~", "+"]


def test_change_form_shows_channels_and_units_by_name(world, admin_client):
    page = admin_client.get(reverse("admin:plans_assignment_change",
                                    args=[world.a_baohp.pk])).content.decode()
    assert 'type="checkbox" name="channels" value="press"' in page
    assert "Báo chí" in page
    assert "[&quot;" not in page  # no raw JSON list
    # The lead unit is chosen by name (autocomplete), not by typing an id.
    assert re.search(r'<select name="lead_unit"[^>]*data-ajax--url', page)
    assert f'<option value="{world.baohp.pk}" selected>Báo Hải Phòng</option>' in page
