from django.urls import reverse

from loa.plans.models import Assignment
from loa.plans.status import State


def url(assignment):
    return reverse("assignment_complete", args=[assignment.pk])


def test_it_checks_access(world, client, as_user):
    assert client.post(url(world.a_baohp)).status_code == 302
    assert as_user(world.bob).post(url(world.a_baohp)).status_code == 404
    client.logout()
    assert as_user(world.viewer).post(url(world.a_baohp)).status_code == 404  # read only
    world.a_baohp.refresh_from_db()
    assert world.a_baohp.completed_at is None


def test_marks_completed_with_note_and_history(world, as_user):
    client = as_user(world.alice)
    assert client.get(url(world.a_baohp)).status_code == 405
    response = client.post(url(world.a_baohp), {"completion_note": "Đã đăng 12 tin bài"},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("assignment_detail", args=[world.a_baohp.pk])
    assignment = Assignment.objects.get(pk=world.a_baohp.pk)
    assert assignment.completed_at is not None
    assert assignment.completion_note == "Đã đăng 12 tin bài"
    assert assignment.status() == State.COMPLETED_ON_TIME
    assert assignment.history.first().history_user == world.alice
    assert "Đã đăng 12 tin bài" in response.content.decode()
    # A second click changes nothing.
    first = assignment.completed_at
    client.post(url(world.a_baohp))
    assignment.refresh_from_db()
    assert assignment.completed_at == first


def test_supporting_unit_cannot_complete_the_leads_task(world, client):
    world.a_baohp.supporting_units.set([world.baoan])
    client.force_login(world.bob)
    page = client.get(f"/assignments/{world.a_baohp.pk}/")
    assert page.status_code == 200
    assert f"/assignments/{world.a_baohp.pk}/complete/" not in page.content.decode()
    assert client.post(f"/assignments/{world.a_baohp.pk}/complete/").status_code == 404
    world.a_baohp.refresh_from_db()
    assert world.a_baohp.completed_at is None
