from django.urls import reverse


def test_signed_out_goes_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login")


def test_signed_in_goes_home(world, as_user):
    response = as_user(world.staff).get("/")
    assert response["Location"] == reverse("home")


def test_pages_need_login(world, client):
    pages = [
        reverse("home"), reverse("my_unit"), reverse("unit_directory"),
        reverse("plan_detail", args=[world.plan.pk]),
        reverse("plan_dashboard", args=[world.plan.pk]),
        reverse("assignment_detail", args=[world.a_baohp.pk]),
        reverse("activity_create", args=[world.a_baohp.pk]),
        reverse("activity_evidence", args=[world.act_baohp.pk]),
        reverse("unit_detail", args=[world.baohp.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
