from django.core.files.base import ContentFile
from django.urls import reverse


def url(activity):
    return reverse("activity_evidence", args=[activity.pk])


def attach(activity, name="minh-chung.pdf", content=b"%PDF-1.4 test"):
    activity.evidence.save(name, ContentFile(content))
    return activity


def test_it_checks_access(world, client, as_user):
    attach(world.act_baohp)
    assert client.get(url(world.act_baohp)).status_code == 302
    assert as_user(world.bob).get(url(world.act_baohp)).status_code == 404


def test_downloads_evidence(world, as_user):
    attach(world.act_baohp)
    for user in (world.alice, world.viewer, world.staff, world.inspector):
        response = as_user(user).get(url(world.act_baohp))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]


def test_other_files_are_downloaded_not_shown(world, as_user):
    attach(world.act_baohp, "ghi-chu.txt", b"noi dung")
    response = as_user(world.alice).get(url(world.act_baohp))
    assert response["Content-Disposition"].startswith("attachment")


def test_no_evidence_is_404(world, as_user):
    assert as_user(world.alice).get(url(world.act_baohp)).status_code == 404


def test_media_is_not_served_publicly(world, client):
    attach(world.act_baohp)
    assert client.get("/media/" + world.act_baohp.evidence.name).status_code == 404
