"""Logging in (with django-axes), out, and switching language."""

from django.urls import reverse

from loa.org.models import Role
from tests.conftest import PASSWORD, make_user


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_in_vietnamese(client, db, vietnamese):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()


def demo_people(world):
    """Two people with the demo's usernames (the demo itself is loaded in tests/test_cli.py)."""
    make_user("demo-sotttt", world.dept, Role.DEPARTMENT_STAFF)
    make_user("demo-baohp", world.baohp, Role.UNIT_OFFICER)


def test_the_demo_login_page_lists_its_accounts(client, world, settings, vietnamese):
    demo_people(world)
    settings.LOA_DEMO = True  # what `loa demo` sets in its own process
    page = client.get(reverse("login")).content.decode()
    assert "Tài khoản trình diễn" in page and "“demo”" in page
    assert "<code>demo-sotttt</code> — Cán bộ Sở, Sở Thông tin và Truyền thông" in page
    assert "<code>demo-baohp</code> — Cán bộ đơn vị, Báo Hải Phòng" in page
    assert "alice" not in page  # only the demo's own accounts


def test_a_real_installation_never_hints_accounts(client, world, settings, vietnamese):
    demo_people(world)  # even with accounts of the same names
    assert settings.LOA_DEMO is False
    page = client.get(reverse("login")).content.decode()
    assert "Tài khoản trình diễn" not in page and "demo-sotttt" not in page
    assert "“demo”" not in page


def test_department_staff_land_on_home(client, world):
    response = login(client, "staff", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    page = client.get(response["Location"])
    assert "130/KH-STTTT" in page.content.decode()


def test_unit_officer_lands_on_my_unit(client, world):
    response = login(client, "alice", PASSWORD)
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0] == reverse("my_unit")
    assert "Báo Hải Phòng" in page.content.decode()


def test_wrong_password_shows_the_form_again(client, world, vietnamese):
    response = login(client, "alice", "wrong")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "errorlist" in response.content.decode()


def test_lockout_after_repeated_failures(client, world, settings, vietnamese):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "alice", "wrong").status_code == 200
    locked = login(client, "alice", "wrong")
    assert locked.status_code == 429
    # Even the right password is refused now.
    response = login(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert not client.session.get("_auth_user_id")
    # Another person from the same address is not locked out.
    assert login(client, "bob", PASSWORD).status_code == 302


def test_logout_is_a_post(client, world):
    login(client, "alice", PASSWORD)
    client.post(reverse("logout"))
    assert client.get(reverse("my_unit")).status_code == 302
    assert not client.session.get("_auth_user_id")


def test_language_switch_to_english(client, world, as_user):
    as_user(world.alice)
    assert '<html lang="vi">' in client.get(reverse("my_unit")).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("my_unit")})
    assert response.status_code == 302
    page = client.get(reverse("my_unit")).content.decode()
    assert '<html lang="en">' in page
    assert "Record activity" in page
    assert "Log out" in page


def test_vietnamese_first_whatever_the_browser_says(client, world, as_user):
    """An office browser set to English still gets Vietnamese until the person switches."""
    client.force_login(world.alice)
    response = client.get(reverse("my_unit"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()
