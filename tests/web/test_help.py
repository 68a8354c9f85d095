"""The help page: what each role does first and where things are, linked from the menu."""

from django.urls import reverse


def test_help_per_role_linked_from_the_menu(world, as_user, vietnamese, client):
    assert client.get(reverse("help")).status_code == 302  # signed-in people only
    officer = as_user(world.alice)
    menu = officer.get(reverse("unit_directory")).content.decode()
    assert f'href="{reverse("help")}"' in menu and "Hướng dẫn" in menu
    response = officer.get(reverse("help"))
    page = response.content.decode()
    assert response.status_code == 200
    assert [role for role, mine in response.context["sections"] if mine] == ["unit_officer"]
    # The officer's own section comes first and open, with where to start.
    first = page.index('id="role-unit_officer"')
    assert first < page.index('id="role-department_staff"')
    assert 'open id="role-unit_officer"' in page
    assert f'<a href="{reverse("my_unit")}">Đơn vị của tôi</a>' in page
    assert "Ghi nhận hoạt động" in page
    assert 'open id="role-department_staff"' not in page


def test_help_for_department_staff_and_administrator(world, as_user, vietnamese):
    page = as_user(world.staff).get(reverse("help")).content.decode()
    assert page.index('id="role-department_staff"') < page.index('id="role-unit_officer"')
    assert f'<a href="{reverse("plan_import")}">Nhập kế hoạch</a>' in page
    page = as_user(world.inspector).get(reverse("help")).content.decode()
    assert 'open id="role-inspector"' in page


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
