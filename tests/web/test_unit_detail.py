from django.urls import reverse


def url(unit):
    return reverse("unit_detail", args=[unit.pk])


def test_it_checks_access(world, client, as_user):
    assert client.get(url(world.baohp)).status_code == 302
    bob = as_user(world.bob)
    assert bob.get(url(world.baohp)).status_code == 404
    assert bob.get(url(world.city)).status_code == 404
    assert bob.get(url(world.baoan)).status_code == 200


def test_shows_unit_people_assignments_and_activities(world, as_user):
    response = as_user(world.alice).get(url(world.baohp))
    page = response.content.decode()
    for text in ["Báo Hải Phòng", "Thành phố Hải Phòng", "alice", "viewer",
                 "Bài về đổi mới giáo dục", reverse("assignment_detail", args=[world.a_baohp.pk])]:
        assert text in page, text
    assert [a.pk for a in response.context["assignments"]] == [world.a_baohp.pk]
    # The parent is outside Alice's scope: named, not linked.
    assert url(world.city) not in page


def test_district_officer_sees_its_subtree(world, as_user):
    client = as_user(world.district)
    page = client.get(url(world.lechan)).content.decode()
    assert "Phường An Biên" in page
    assert url(world.commune) in page
    assert client.get(url(world.commune)).status_code == 200
    assert client.get(url(world.baohp)).status_code == 404
