"""GET /plans and GET /plans/{plan_id}."""

import datetime as dt

import pytest

from loa.plans.models import Plan, PlanReference, PlanStatus, Theme


@pytest.fixture
def staff(api_as):
    return api_as("staff")


def test_plan_detail_has_metadata_references_themes_and_items(world, staff):
    PlanReference.objects.create(plan=world.plan, code="628/QĐ-TTg", doc_type="Quyết định",
                                 issued_on=dt.date(2017, 5, 10), issuer="Thủ tướng Chính phủ",
                                 title="Đề án tuyên truyền")
    world.plan.signer_authority, world.plan.signer_title = "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
    world.plan.signer_name = "Nguyễn Văn A"
    world.plan.save()
    data = staff.get(f"/plans/{world.plan.pk}").json()
    assert data["code"] == "130/KH-STTTT"
    assert data["issued_on"] == "2020-09-08"
    assert data["status"] == "active"
    assert data["issuer"] == {"id": world.dept.pk, "name": world.dept.name,
                              "short_name": "Sở TTTT"}
    assert data["signer"] == "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Nguyễn Văn A"
    assert data["references"] == [{"code": "628/QĐ-TTg", "doc_type": "Quyết định",
                                   "issued_on": "2017-05-10", "issuer": "Thủ tướng Chính phủ",
                                   "title": "Đề án tuyên truyền", "is_legal_basis": True}]
    assert data["themes"] == [{"id": world.theme.pk, "title": world.theme.title, "text": ""}]
    assert data["items"] == [{"id": world.item.pk, "parent": None, "number": "2",
                              "title": "Các cơ quan báo chí", "text": ""}]


def test_plan_list_filters_by_status(world, staff):
    draft = Plan.objects.create(code="1/KH-STTTT", summary="Dự thảo", status=PlanStatus.DRAFT)
    assert [p["id"] for p in staff.get("/plans", status="draft").json()["items"]] == [draft.pk]
    assert [p["id"] for p in staff.get("/plans", status="active").json()["items"]] == [
        world.plan.pk]
    assert staff.get("/plans").json()["count"] == 2
    response = staff.get("/plans", status="finished")
    assert response.status_code == 422
    assert "status" in response.json()["errors"]


def test_units_never_see_a_draft_plan(world, api_as):
    world.plan.status = PlanStatus.DRAFT
    world.plan.save()
    alice = api_as("alice")
    assert alice.get("/plans").json()["items"] == []
    assert alice.get(f"/plans/{world.plan.pk}").status_code == 404


def test_plan_detail_query_count_is_bounded(world, staff, django_assert_max_num_queries):
    for n in range(20):
        Theme.objects.create(plan=world.plan, title=f"Chủ đề {n}")
    # token (2) + scope (1) + plan (1) + references, themes, items (3)
    with django_assert_max_num_queries(8):
        assert staff.get(f"/plans/{world.plan.pk}").status_code == 200
