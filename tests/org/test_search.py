"""Finding units however their name is written: accents, case, and the joining words and marks
("và", "-", "&") do not count (loa.vitext.search_key, the same key in SQL)."""

import pytest

from loa.org.models import Unit, UnitAlias, UnitKind
from loa.vitext import search_key


def test_search_key_folds_joining_words_and_marks():
    assert {search_key(text) for text in ["Đài PT-TH", "Đài PT&TH", "đài ptth", "ĐÀI PT – TH"]} \
        == {"daiptth"}
    assert search_key("Phát thanh - Truyền hình") in search_key(
        "Đài Phát thanh và Truyền hình Hải Phòng")
    assert search_key("Sở GD&ĐT") == search_key("Sở GD-ĐT") == "sogddt"
    assert search_key("Phòng Thông tin, Báo chí và Xuất bản") == "phongthongtinbaochixuatban"
    assert search_key("") == ""


@pytest.mark.django_db
def test_search_in_the_database_uses_the_same_key():
    city = Unit.objects.create(name="Thành phố Hải Phòng", kind=UnitKind.PROVINCE)
    station = Unit.objects.create(name="Đài Phát thanh và Truyền hình Hải Phòng",
                                  kind=UnitKind.RADIO_TV, parent=city)
    school = Unit.objects.create(name="Sở Giáo dục và Đào tạo", kind=UnitKind.DEPARTMENT,
                                 parent=city)
    UnitAlias.objects.create(unit=school, name="Sở GD&ĐT")
    UnitAlias.objects.create(unit=station, name="Đài PT&TH")
    for query, expected in [("PT-TH", station), ("pt & th", station), ("PTTH", station),
                            ("Phát thanh - Truyền hình", station),
                            ("Phat thanh va truyen hinh", station),
                            ("GD-ĐT", school), ("giáo dục - đào tạo", school)]:
        assert list(Unit.objects.search(query)) == [expected], query
    assert list(Unit.objects.search("Truyền hình Quảng Ninh")) == []
    assert Unit.objects.search("  ").count() == 3  # nothing to look for: everything
