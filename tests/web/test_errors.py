import pytest
from django.test import RequestFactory
from django.utils import translation

from loa.web.views import errors as views


def test_404_page_in_vietnamese(world, as_user, vietnamese):
    response = as_user(world.alice).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "Không tìm thấy trang" in page


@pytest.mark.parametrize("handler, status", [
    (views.server_error, 500), (views.page_not_found, 404),
    (views.permission_denied, 403), (views.bad_request, 400),
])
def test_error_pages_need_no_database(handler, status):
    """The pages render from a bare request, with no user, session or database."""
    request = RequestFactory().get("/")
    with translation.override("vi"):
        response = handler(request)
    assert response.status_code == status
    assert "Loa" in response.content.decode()


def test_server_error_in_vietnamese():
    with translation.override("vi"):
        page = views.server_error(RequestFactory().get("/")).content.decode()
    assert "Lỗi máy chủ" in page


def test_server_error_survives_a_broken_template(settings):
    from unittest import mock

    with mock.patch("loa.web.views.errors.loader.get_template", side_effect=RuntimeError("broken")):
        response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"<h1>" in response.content


def test_expired_form_gets_a_vietnamese_explanation(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice)
    response = client.post(f"/assignments/{world.a_baohp.pk}/complete/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in page
    world.a_baohp.refresh_from_db()
    assert world.a_baohp.completed_at is None
