"""Loading administrative units from the vietnamadminunits package, in both structures."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from vietnamadminunits.database import get_data

from loa.org import adminunits
from loa.org.models import Unit, UnitKind
from loa.vitext import fold

LEGACY_DAY = dt.date(2024, 6, 1)
CURRENT_DAY = dt.date(2025, 8, 1)


def package_counts(table, province="Thành phố Hải Phòng"):
    """Districts and communes of ``province`` counted straight from the package's rows."""
    rows = [r for r in get_data(table=table) if r["province"] == province]
    districts = {r["districtCode"] for r in rows} if table == "admin_units_legacy" else set()
    communes = {r["wardCode"] for r in rows if r["wardCode"]}
    return len(districts), len(communes)


def load(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("load_admin_units", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def haiphong():
    return Unit.objects.get(kind=UnitKind.PROVINCE, code="31")


@pytest.mark.django_db
def test_legacy_structure_matches_the_package():
    districts, communes = package_counts("admin_units_legacy")
    assert districts == 15 and communes > 100
    out, err = load("--province", "hai phong", "--structure", "legacy")
    city = haiphong()
    assert city.name == "Thành phố Hải Phòng" and city.short_name == "Hải Phòng"
    under = Unit.objects.filter(path__startswith=city.path)
    assert under.filter(kind=UnitKind.DISTRICT, parent=city).count() == districts
    assert under.filter(kind=UnitKind.COMMUNE).count() == communes
    # Communes hang under their district, with the official codes.
    lechan = under.get(kind=UnitKind.DISTRICT, name="Quận Lê Chân")
    assert lechan.code == "305" and lechan.short_name == "Lê Chân"
    assert lechan.children.filter(kind=UnitKind.COMMUNE).count() == sum(
        1 for r in get_data(table="admin_units_legacy") if r["districtCode"] == "305")
    # No stations unless asked for.
    assert not under.filter(kind__in=[UnitKind.COMMUNE_RADIO, UnitKind.DISTRICT_RADIO]).exists()
    assert f"{1 + districts + communes}/{1 + districts + communes}" in err
    assert "15" in out


@pytest.mark.django_db
def test_current_structure_has_communes_directly_under_the_province():
    _none, communes = package_counts("admin_units")
    load("--province", "Hải Phòng", "--structure", "current")
    city = haiphong()
    assert city.children.filter(kind=UnitKind.COMMUNE).count() == communes
    assert not Unit.objects.filter(kind=UnitKind.DISTRICT).exists()
    ward = city.children.get(kind=UnitKind.COMMUNE, name="Phường Hải Dương")
    assert ward.short_name == "Hải Dương" and ward.code
    assert ward.valid_from == dt.date(2025, 7, 1) and ward.valid_to is None


@pytest.mark.django_db
def test_both_structures_coexist_with_validity_dates():
    load("--province", "Hải Phòng", "--structure", "legacy")
    load("--province", "Hải Phòng", "--structure", "current")
    _d, legacy_communes = package_counts("admin_units_legacy")
    _none, current_communes = package_counts("admin_units")
    # One city that continues across the reform.
    city = haiphong()
    assert Unit.objects.filter(kind=UnitKind.PROVINCE).count() == 1
    assert city.valid_from is None and city.valid_to is None
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE)
    assert communes.valid_on(LEGACY_DAY).count() == legacy_communes
    assert communes.valid_on(CURRENT_DAY).count() == current_communes
    assert communes.count() == legacy_communes + current_communes
    districts = Unit.objects.filter(kind=UnitKind.DISTRICT)
    assert districts.valid_on(LEGACY_DAY).count() == 15
    assert not districts.valid_on(CURRENT_DAY).exists()
    assert set(districts.values_list("valid_to", flat=True)) == {dt.date(2025, 6, 30)}


@pytest.mark.django_db
def test_running_twice_creates_nothing_new():
    for structure in ("legacy", "current"):
        load("--province", "Hải Phòng", "--structure", structure, "--with-stations")
    before = Unit.objects.count()
    aliases = sum(u.aliases.count() for u in Unit.objects.all())
    for structure in ("legacy", "current"):
        result = adminunits.load(structure, province="HAI PHONG", with_stations=True)
        assert result.total_created == 0
        assert result.existing[UnitKind.COMMUNE_RADIO] == result.existing[UnitKind.COMMUNE] > 100
    load("--province", "Hải Phòng", "--structure", "legacy", "--with-stations")
    assert Unit.objects.count() == before
    assert sum(u.aliases.count() for u in Unit.objects.all()) == aliases


@pytest.mark.django_db
def test_stations_for_every_district_and_commune():
    load("--province", "Hải Phòng", "--structure", "legacy", "--with-stations")
    districts = Unit.objects.filter(kind=UnitKind.DISTRICT)
    for district in districts:
        kinds = sorted(district.children.exclude(kind=UnitKind.COMMUNE)
                       .values_list("kind", flat=True))
        assert kinds == [UnitKind.DISTRICT_CULTURE_OFFICE, UnitKind.DISTRICT_RADIO]
    for commune in Unit.objects.filter(kind=UnitKind.COMMUNE):
        (radio,) = commune.children.all()
        assert radio.kind == UnitKind.COMMUNE_RADIO
        assert radio.name == "Đài Truyền thanh " + adminunits.in_sentence(commune.name)
        assert (radio.valid_from, radio.valid_to) == (commune.valid_from, commune.valid_to)
    # Communes of the same name in two districts: their stations' short names say which.
    radios = Unit.objects.filter(kind=UnitKind.COMMUNE_RADIO)
    assert radios.values("name").distinct().count() < radios.count()
    assert radios.values("short_name").distinct().count() == radios.count()
    office = Unit.objects.get(name="Phòng Văn hóa và Thông tin quận Lê Chân")
    assert office.kind == UnitKind.DISTRICT_CULTURE_OFFICE
    assert office.parent.name == "Quận Lê Chân"
    assert list(Unit.objects.matching("Phòng VHTT quận Lê Chân")) == [office]
    assert list(Unit.objects.matching("phong vh&tt quan le chan")) == [office]
    radio = Unit.objects.get(kind=UnitKind.DISTRICT_RADIO, parent__name="Huyện An Lão")
    assert radio.name == "Đài Truyền thanh huyện An Lão"
    assert list(Unit.objects.matching("Đài TT huyện An Lão")) == [radio]


@pytest.mark.django_db
def test_validity_options():
    load("--province", "Hải Phòng", "--structure", "legacy", "--valid-from", "2020-01-01",
         "--valid-to", "2024-12-31", "--with-stations")
    district = Unit.objects.get(kind=UnitKind.DISTRICT, code="305")
    assert (district.valid_from, district.valid_to) == (dt.date(2020, 1, 1), dt.date(2024, 12, 31))
    radio = Unit.objects.get(kind=UnitKind.DISTRICT_RADIO, parent=district)
    assert radio.valid_to == dt.date(2024, 12, 31)
    with pytest.raises(CommandError):
        load("--province", "Hải Phòng", "--structure", "current", "--valid-from", "2026-01-01",
             "--valid-to", "2025-01-01")
    assert not Unit.objects.filter(valid_from=dt.date(2026, 1, 1)).exists()
    with pytest.raises(CommandError):
        load("--province", "Hải Phòng", "--valid-to", "31/13/2025")


@pytest.mark.django_db
def test_unknown_province_is_refused_without_creating_anything():
    with pytest.raises(CommandError, match="Atlantis"):
        load("--province", "Atlantis", "--structure", "current")
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_provinces_that_merge_or_share_a_code_stay_apart():
    # Yên Bái (code 15) merged into Lào Cai, which took code 15 from 1 July 2025.
    adminunits.load("legacy", province="Yên Bái")
    adminunits.load("current", province="Lào Cai")
    yenbai = Unit.objects.get(kind=UnitKind.PROVINCE, name_key=fold("Tỉnh Yên Bái"))
    laocai = Unit.objects.get(kind=UnitKind.PROVINCE, name_key=fold("Tỉnh Lào Cai"))
    assert yenbai.code == laocai.code == "15" and yenbai != laocai
    assert (yenbai.valid_from, yenbai.valid_to) == (None, dt.date(2025, 6, 30))
    assert (laocai.valid_from, laocai.valid_to) == (dt.date(2025, 7, 1), None)
    assert not laocai.children.filter(kind=UnitKind.DISTRICT).exists()
    assert yenbai.children.filter(kind=UnitKind.DISTRICT).exists()


def test_province_names_are_matched_accent_insensitively():
    for text in ("Hải Phòng", "hai phong", "Thành phố Hải Phòng", "TP. Hải Phòng", "31"):
        (area,) = adminunits.read_structure("current", text)
        assert area.name == "Thành phố Hải Phòng"
    assert len(adminunits.read_structure("legacy")) == 63
    assert len(adminunits.read_structure("current")) == 34
