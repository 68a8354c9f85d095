"""GET /units: the directory clients use to find unit ids."""

import datetime as dt


def test_unit_fields(world, api_as):
    world.baohp.valid_from = dt.date(2020, 1, 1)
    world.baohp.save()
    (unit,) = api_as("alice").get("/units").json()["items"]
    assert unit == {"id": world.baohp.pk, "name": "Báo Hải Phòng", "short_name": "Báo HP",
                    "kind": "newspaper", "code": "", "parent": world.city.pk,
                    "valid_from": "2020-01-01", "valid_to": None, "aliases": ["Báo HP"]}


def test_district_officer_sees_its_subtree(world, api_as):
    rows = api_as("district").get("/units").json()["items"]
    assert [u["id"] for u in rows] == [world.lechan.pk, world.lechan_office.pk, world.commune.pk]


def test_filters(world, api_as):
    staff = api_as("staff")

    def ids(**params):
        response = staff.get("/units", **params)
        assert response.status_code == 200, response.content
        return [u["id"] for u in response.json()["items"]]

    assert ids(kind="newspaper") == [world.baohp.pk, world.baoan.pk]
    assert ids(name="bao hp") == [world.baohp.pk]  # alias, any case, no accents
    assert ids(name="Báo Hải Phòng") == [world.baohp.pk]
    assert set(ids(parent=world.lechan.pk)) == {world.lechan_office.pk, world.commune.pk}
    world.baoan.valid_to = dt.date(2020, 12, 31)
    world.baoan.save()
    assert ids(kind="newspaper", valid_on="2021-06-01") == [world.baohp.pk]
    assert staff.get("/units", kind="galaxy").status_code == 422
    assert staff.get("/units").json()["count"] == 8


def test_unit_list_query_count_is_bounded(world, api_as, django_assert_max_num_queries):
    from loa.org.models import Unit, UnitAlias, UnitKind
    for n in range(30):
        unit = Unit.objects.create(name=f"Xã {n}", kind=UnitKind.COMMUNE, parent=world.lechan)
        UnitAlias.objects.create(unit=unit, name=f"X{n}")
    staff = api_as("staff")
    with django_assert_max_num_queries(7):
        assert staff.get("/units").json()["count"] == 38
