import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from loa.plans.models import Activity, ActivitySource, Channel, Plan, PlanStatus, Theme


def url(assignment):
    return reverse("activity_create", args=[assignment.pk])


def data(**extra):
    values = {"channel": "press", "title": "Bài mới về chuyển đổi số",
              "published_on": "2020-10-02", "url": "https://baohaiphong.vn/bai-moi"}
    values.update(extra)
    return values


def test_it_checks_access(world, client, as_user):
    assert client.get(url(world.a_baohp)).status_code == 302
    bob = as_user(world.bob)
    assert bob.get(url(world.a_baohp)).status_code == 404
    assert bob.post(url(world.a_baohp), data()).status_code == 404
    client.logout()
    assert as_user(world.viewer).get(url(world.a_baohp)).status_code == 404
    assert not Activity.objects.filter(title="Bài mới về chuyển đổi số").exists()


def test_records_an_activity(world, as_user):
    client = as_user(world.alice)
    form_page = client.get(url(world.a_baohp))
    assert form_page.status_code == 200
    assert 'placeholder="dd/mm/yyyy"' in form_page.content.decode()  # never the browser's format
    response = client.post(url(world.a_baohp), data(theme=world.theme.pk, reach="1500"),
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("assignment_detail",
                                                     args=[world.a_baohp.pk])
    activity = Activity.objects.get(title="Bài mới về chuyển đổi số")
    assert (activity.unit, activity.plan, activity.assignment) == (
        world.baohp, world.plan, world.a_baohp)
    assert activity.created_by == world.alice
    assert activity.source == ActivitySource.FORM
    assert activity.published_on == dt.date(2020, 10, 2)
    assert (activity.reach, activity.theme) == (1500, world.theme)
    page = response.content.decode()
    assert "Bài mới về chuyển đổi số" in page
    assert "loa-message-success" in page


def test_errors_in_vietnamese_next_to_the_fields(world, as_user, vietnamese):
    client = as_user(world.alice)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(url(world.a_baohp),
                           data(channel="television", title="", published_on=tomorrow))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == ["Trường này là bắt buộc."]
    assert errors["airtime_minutes"] == ["Hãy nhập thời lượng phát sóng (phút)."]
    assert errors["published_on"] == ["Ngày đăng, phát không được sau ngày hôm nay."]
    page = response.content.decode()
    airtime = page[page.index('id="field-airtime_minutes"'):]
    airtime = airtime[:airtime.index('id="field-reach"')]
    assert "Hãy nhập thời lượng phát sóng (phút)." in airtime
    assert not Activity.objects.filter(assignment=world.a_baohp).exclude(
        pk=world.act_baohp.pk).exists()


def test_theme_must_belong_to_the_plan(world, as_user):
    other = Plan.objects.create(code="1/KH", summary="Khác", status=PlanStatus.ACTIVE)
    foreign = Theme.objects.create(plan=other, title="Chủ đề khác")
    response = as_user(world.alice).post(url(world.a_baohp), data(theme=foreign.pk))
    assert response.status_code == 200
    assert "theme" in response.context["form"].errors
    assert list(response.context["form"].fields["theme"].queryset) == [world.theme]


def test_evidence_upload_and_size_limit(world, as_user, settings):
    settings.LOA_MAX_UPLOAD_MB = 1
    client = as_user(world.alice)
    small = SimpleUploadedFile("anh-chup.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png")
    assert client.post(url(world.a_baohp), data(evidence=small)).status_code == 302
    activity = Activity.objects.get(title="Bài mới về chuyển đổi số")
    assert activity.evidence.name.endswith(".png")
    # A file over the limit is refused by the model's validator ...
    big = SimpleUploadedFile("ban-ghi.pdf", b"%PDF" + b"0" * (1024 * 1024 + 10), "application/pdf")
    response = client.post(url(world.a_baohp), data(title="Quá lớn", evidence=big))
    assert response.status_code == 200
    assert "evidence" in response.context["form"].errors
    # ... and a request far over it is refused before it is read.
    huge = SimpleUploadedFile("video.mp4", b"0" * (3 * 1024 * 1024), "video/mp4")
    response = client.post(url(world.a_baohp), data(title="Rất lớn", evidence=huge))
    assert response.status_code == 413
    assert "1 MB" in response.context["refused"]
    assert not Activity.objects.filter(title__in=["Quá lớn", "Rất lớn"]).exists()


def test_wrong_file_type_refused(world, as_user):
    script = SimpleUploadedFile("trang.html", b"<script>alert(1)</script>", "text/html")
    response = as_user(world.alice).post(url(world.a_baohp), data(evidence=script))
    assert response.status_code == 200
    assert "evidence" in response.context["form"].errors


def test_supporting_unit_records_under_its_own_name(world, as_user):
    world.a_baoan.supporting_units.add(world.baohp)
    response = as_user(world.alice).post(url(world.a_baoan), data(title="Phối hợp đưa tin"))
    assert response.status_code == 302
    assert Activity.objects.get(title="Phối hợp đưa tin").unit == world.baohp


def test_department_staff_record_for_the_lead_unit(world, as_user):
    as_user(world.staff).post(url(world.a_baoan), data(title="Sở ghi nhận hộ"))
    assert Activity.objects.get(title="Sở ghi nhận hộ").unit == world.baoan


def test_form_starts_with_today_and_the_expected_channel(world, as_user):
    form = as_user(world.alice).get(url(world.a_baohp)).context["form"]
    assert form["published_on"].value() == timezone.localdate()
    assert form["channel"].value() == "press"
    assert f'value="{timezone.localdate():%d/%m/%Y}"' in str(form["published_on"])


def test_form_starts_with_the_units_own_channel(world, as_user):
    """An item asking the radio-TV station and the newspapers for airtime and news lists radio
    first; a newspaper's form still starts with the press."""
    world.a_baohp.channels = [Channel.RADIO, Channel.PRESS]
    world.a_baohp.save()
    form = as_user(world.alice).get(url(world.a_baohp)).context["form"]
    assert form["channel"].value() == "press"
    # one expected channel outside the unit's own: that one
    world.a_baohp.channels = [Channel.FACEBOOK]
    world.a_baohp.save()
    form = as_user(world.alice).get(url(world.a_baohp)).context["form"]
    assert form["channel"].value() == "facebook"
    # several and none the unit's own: the person chooses (no broadcast they did not pick)
    world.a_baohp.channels = [Channel.RADIO, Channel.FACEBOOK]
    world.a_baohp.save()
    page = as_user(world.alice).get(url(world.a_baohp))
    assert page.context["form"]["channel"].value() in (None, "")
    assert "---------" not in page.content.decode()


def test_an_article_with_a_link_needs_no_airtime(world, as_user, vietnamese):
    """Báo Hải Phòng's task names radio and the press: the form starts with the press, and an
    article with a link is saved without any airtime."""
    world.a_baohp.channels = [Channel.RADIO, Channel.PRESS]
    world.a_baohp.save()
    client = as_user(world.alice)
    page = client.get(url(world.a_baohp)).content.decode()
    assert '<option value="press" selected>' in page
    assert "— Chọn —" in page
    response = client.post(url(world.a_baohp), data(title="Bài có đường dẫn", airtime_minutes=""))
    assert response.status_code == 302
    assert Activity.objects.get(title="Bài có đường dẫn").airtime_minutes is None


def test_a_second_copy_is_shown_on_the_form(world, as_user):
    client = as_user(world.alice)
    assert client.post(url(world.a_baohp), data(title="Bài trùng")).status_code == 302
    response = client.post(url(world.a_baohp), data(title="Bài trùng"))
    assert response.status_code == 200
    assert "đã được ghi nhận" in " ".join(response.context["form"].non_field_errors())
    assert Activity.objects.filter(title="Bài trùng").count() == 1
