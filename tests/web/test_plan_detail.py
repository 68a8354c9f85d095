import datetime as dt

from django.urls import reverse

from loa.plans.models import Plan, PlanReference, PlanStatus


def test_it_checks_access(world, client, as_user):
    url = reverse("plan_detail", args=[world.plan.pk])
    assert client.get(url).status_code == 302
    draft = Plan.objects.create(code="9/KH-STTTT", summary="Dự thảo", status=PlanStatus.DRAFT)
    assert as_user(world.alice).get(reverse("plan_detail", args=[draft.pk])).status_code == 404
    assert as_user(world.nobody).get(url).status_code == 404
    # Bob sees the plan, but only his own assignment in it.
    response = as_user(world.bob).get(url)
    assert response.status_code == 200
    shown = [a.pk for entry in response.context["items"] for a in entry["assignments"]]
    assert shown == [world.a_baoan.pk]
    assert reverse("assignment_detail", args=[world.a_baohp.pk]) not in response.content.decode()


def test_shows_the_document_and_its_assignments(world, as_user):
    world.plan.signer_authority, world.plan.signer_title = "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
    world.plan.signer_name = "Nguyễn Văn A"
    world.plan.purposes = "Nâng cao nhận thức"
    world.plan.save()
    PlanReference.objects.create(plan=world.plan, code="628/QĐ-TTg", doc_type="Quyết định",
                                 issued_on=dt.date(2020, 5, 20), issuer="Thủ tướng Chính phủ")
    world.a_baohp.supporting_units.add(world.press_office)
    response = as_user(world.staff).get(reverse("plan_detail", args=[world.plan.pk]))
    page = response.content.decode()
    for text in ["130/KH-STTTT", "Sở Thông tin và Truyền thông", "Hải Phòng",
                 "KT. GIÁM ĐỐC<br>PHÓ GIÁM ĐỐC<br>Nguyễn Văn A", "628/QĐ-TTg",
                 "Thủ tướng Chính phủ",
                 "Nâng cao nhận thức", "Đổi mới giáo dục và đào tạo", "Các cơ quan báo chí",
                 "Báo Hải Phòng", "Báo An ninh Hải Phòng", "P.TTBCXB", "loa-state-in_progress"]:
        assert text in page, text


def test_regular_task_shows_period(world, as_user, vietnamese):
    world.a_baohp.is_regular, world.a_baohp.due_date = True, None
    world.a_baohp.reporting_period = "month"
    world.a_baohp.save()
    response = as_user(world.alice).get(reverse("plan_detail", args=[world.plan.pk]))
    assert "Thường xuyên (hằng tháng)" in response.content.decode()


def test_long_items_list_their_assignments_on_request(world, as_user, settings):
    from loa.org.models import Unit, UnitKind
    from loa.plans.models import Assignment, PlanItem

    item = PlanItem.objects.create(plan=world.plan, number="4", title="Đài truyền thanh", order=4)
    stations = [Unit.objects.create(name=f"Đài truyền thanh xã {i}", kind=UnitKind.COMMUNE_RADIO,
                                    parent=world.lechan) for i in range(35)]
    Assignment.fan_out(item=item, units=stations, task="Phát sóng", is_regular=True,
                       reporting_period="week")
    client = as_user(world.staff)
    url = reverse("plan_detail", args=[world.plan.pk])
    entry = client.get(url).context["items"][-1]
    assert (entry["count"], entry["assignments"]) == (35, [])
    expanded = client.get(url, {"item": item.pk}).context["items"][-1]
    assert len(expanded["assignments"]) == 35


def test_original_document_is_served_to_whoever_sees_the_plan(world, client, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    world.plan.original_file.save("130-KH-STTTT.pdf", ContentFile(b"%PDF-1.4 ke hoach"))
    url = f"/plans/{world.plan.pk}/original/"
    client.force_login(world.alice)
    assert url in client.get(f"/plans/{world.plan.pk}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ke hoach"
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(world.nobody)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
