import datetime as dt

from django.urls import reverse

from loa.org.models import Unit, UnitKind


def test_it_checks_access(world, client, as_user):
    assert client.get(reverse("unit_directory")).status_code == 302
    response = as_user(world.bob).get(reverse("unit_directory"))
    page = response.content.decode()
    # Everyone sees the directory, but only links to the units in their scope.
    assert "Báo Hải Phòng" in page
    assert reverse("unit_detail", args=[world.baoan.pk]) in page
    assert reverse("unit_detail", args=[world.baohp.pk]) not in page


def test_tree_and_accent_insensitive_search(world, as_user):
    client = as_user(world.staff)
    response = client.get(reverse("unit_directory"))
    names = [unit.name for unit, _linked in response.context["rows"]]
    assert names.index("Thành phố Hải Phòng") < names.index("Quận Lê Chân") < names.index(
        "Phường An Biên")
    assert "padding-left:2.50rem" in response.content.decode()  # a commune, two levels down
    for query, expected in [("le chan", "Quận Lê Chân"), ("LÊ CHÂN", "Quận Lê Chân"),
                            ("bao hp", "Báo Hải Phòng"), ("P.TTBCXB", "Phòng Thông tin, Báo chí")]:
        rows = client.get(reverse("unit_directory"), {"q": query}).context["rows"]
        assert any(unit.name.startswith(expected) for unit, _ in rows), query
    rows = client.get(reverse("unit_directory"), {"q": "an ninh"}).context["rows"]
    assert [unit.pk for unit, _ in rows] == [world.baoan.pk]


def test_expired_units_hidden_by_default(world, as_user):
    Unit.objects.create(name="Huyện Thủy Nguyên", kind=UnitKind.DISTRICT, parent=world.city,
                        valid_to=dt.date(2024, 12, 31))
    client = as_user(world.alice)
    assert "Huyện Thủy Nguyên" not in client.get(reverse("unit_directory")).content.decode()
    page = client.get(reverse("unit_directory"), {"all": "1"}).content.decode()
    assert "Huyện Thủy Nguyên" in page


def test_paginated(world, as_user):
    Unit.objects.bulk_create([Unit(name=f"Xã {i:03d}", kind=UnitKind.COMMUNE, path=f"/z/{i}/")
                              for i in range(150)])
    client = as_user(world.alice)
    first = client.get(reverse("unit_directory"))
    assert len(first.context["rows"]) == 100
    assert "page=2" in first.content.decode()
    second = client.get(reverse("unit_directory"), {"page": 2})
    assert len(second.context["rows"]) == 150 + 8 - 100


def test_key_city_units_before_the_districts(world, as_user):
    # Created after the district, listed before it: the city's own bodies and press come first.
    magazine = Unit.objects.create(name="Tạp chí Cửa Biển", kind=UnitKind.PRESS_AGENCY,
                                   parent=world.city)
    names = [unit.name for unit, _ in
             as_user(world.staff).get(reverse("unit_directory")).context["rows"]]
    assert names[0] == "Thành phố Hải Phòng"
    assert names.index(magazine.name) < names.index("Quận Lê Chân") < names.index(
        "Phường An Biên")
    # The district's subtree stays together, in tree order.
    assert names.index("Phòng Văn hóa và Thông tin quận Lê Chân") == names.index(
        "Quận Lê Chân") + 1


def test_search_ignores_how_radio_tv_is_written(world, as_user):
    station = Unit.objects.create(name="Đài Phát thanh và Truyền hình Hải Phòng",
                                  short_name="Đài PT&TH", kind=UnitKind.RADIO_TV,
                                  parent=world.city)
    client = as_user(world.alice)
    for query in ["Đài PT-TH", "Đài PT&TH", "dai ptth", "PTTH", "PT - TH",
                  "Phát thanh - Truyền hình", "phat thanh truyen hinh hai phong"]:
        rows = client.get(reverse("unit_directory"), {"q": query}).context["rows"]
        assert [unit.pk for unit, _ in rows] == [station.pk], query
    rows = client.get(reverse("unit_directory"), {"q": "Truyền hình Hà Nội"}).context["rows"]
    assert rows == []


def test_validity_said_in_words(world, as_user, vietnamese):
    Unit.objects.create(name="Huyện Thủy Nguyên", kind=UnitKind.DISTRICT, parent=world.city,
                        valid_to=dt.date(2024, 12, 31))
    Unit.objects.create(name="Phường Lưu Kiếm", kind=UnitKind.COMMUNE, parent=world.city,
                        valid_from=dt.date(2025, 7, 1))
    page = as_user(world.alice).get(reverse("unit_directory"), {"all": "1"}).content.decode()
    assert "… –" not in page and "– …" not in page
    assert "Đang hiệu lực" in page  # units with no dates: in force
    assert "Đã hết hiệu lực (đến 31/12/2024)" in page
    assert "Đang hiệu lực (từ 01/07/2025)" in page
    detail = as_user(world.staff).get(reverse("unit_detail", args=[world.baohp.pk]))
    assert "Đang hiệu lực" in detail.content.decode()
