"""Administrative units from the ``vietnamadminunits`` package (MIT), in both structures.

- ``legacy``: the 63 provinces with their districts and communes as they stood before the reform
  of 1 July 2025 (the package's list is the one in force from 1 January 2025, so Hải Phòng's
  Thủy Nguyên is already a city and An Dương an urban district). Valid to 2025-06-30 by default.
- ``current``: the 34 provinces, communes directly under the province. Valid from 2025-07-01.

Both can live in the same database: a province listed with the same code and name in both
structures is one unit that continues across the reform (open validity on that side); a province
that merged away ends on the legacy date; a new one starts on the current date.

Loading is idempotent: a unit is found again by its kind and official code under its parent
(province → district → commune for ``legacy``, province → commune for ``current``), a station by
its kind under its district or commune. Existing units are never renamed or moved.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from django.db import transaction

from loa.vitext import fold

from .models import Unit, UnitAlias, UnitKind

LEGACY = "legacy"
CURRENT = "current"
STRUCTURES = (LEGACY, CURRENT)
TABLES = {LEGACY: "admin_units_legacy", CURRENT: "admin_units"}
LEGACY_END = dt.date(2025, 6, 30)
CURRENT_START = dt.date(2025, 7, 1)
DEFAULT_VALIDITY = {LEGACY: (None, LEGACY_END), CURRENT: (CURRENT_START, None)}

# Unit types as they appear inside a longer name ("Phòng Văn hóa và Thông tin quận Lê Chân") and
# their usual abbreviations.
TYPE_ABBREVIATIONS = {
    "tỉnh": "T.",
    "thành phố": "TP.",
    "quận": "Q.",
    "huyện": "H.",
    "thị xã": "TX.",
    "phường": "P.",
    "xã": "X.",
    "thị trấn": "TT.",
    "đặc khu": "ĐK.",
}


class AdminUnitsError(ValueError):
    """Bad input for the loader (unknown structure or province)."""


def split_type(name: str) -> tuple[str, str]:
    """"Quận Lê Chân" -> ("Quận", "Lê Chân"); the type is the longest known prefix."""
    lowered = name.lower()
    for unit_type in sorted(TYPE_ABBREVIATIONS, key=len, reverse=True):
        if lowered.startswith(unit_type + " "):
            return name[: len(unit_type)], name[len(unit_type) + 1:].strip()
    return "", name


def in_sentence(name: str) -> str:
    """The name as written after another word: "Quận Lê Chân" -> "quận Lê Chân"."""
    unit_type, short = split_type(name)
    return f"{unit_type.lower()} {short}" if unit_type else name


def area_aliases(name: str) -> list[str]:
    """Abbreviated forms of an administrative unit's name: "Q. Lê Chân", "Q.Lê Chân"."""
    unit_type, short = split_type(name)
    abbreviation = TYPE_ABBREVIATIONS.get(unit_type.lower())
    if not abbreviation:
        return []
    aliases = [f"{abbreviation} {short}", f"{abbreviation}{short}"]
    if abbreviation == "TP.":
        aliases.append(f"TP {short}")
    return aliases


def culture_office_names(district_name: str) -> tuple[str, str, list[str]]:
    """Name, short name and aliases of a district's culture-information office."""
    place = in_sentence(district_name)
    return (
        f"Phòng Văn hóa và Thông tin {place}",
        f"Phòng VHTT {place}",
        [f"Phòng VHTT {place}", f"Phòng VH&TT {place}", f"Phòng Văn hóa - Thông tin {place}"],
    )


def radio_names(area_name: str) -> tuple[str, str, list[str]]:
    """Name, short name and aliases of a district's or commune's radio station."""
    place = in_sentence(area_name)
    return (
        f"Đài Truyền thanh {place}",
        f"Đài TT {place}",
        [f"Đài TT {place}", f"Đài truyền thanh cơ sở {place}"],
    )


# --- reading the package's data ---------------------------------------------------------------

@dataclass
class Area:
    """One administrative unit read from the package."""

    kind: str
    code: str
    name: str
    children: OrderedDict[str, Area] = field(default_factory=OrderedDict)

    @property
    def short_name(self) -> str:
        return split_type(self.name)[1]

    def walk(self):
        yield self
        for child in self.children.values():
            yield from child.walk()


def _rows(structure: str) -> list[dict]:
    from vietnamadminunits.database import get_data

    fields = ["province", "provinceCode", "ward", "wardCode"]
    if structure == LEGACY:
        fields += ["district", "districtCode"]
    return get_data(fields=fields, table=TABLES[structure])


def _province_key(text: str) -> str:
    key = fold(text).replace(".", " ")
    for prefix in ("thanh pho ", "tinh ", "tp "):
        if key.startswith(prefix):
            key = key[len(prefix):]
    return " ".join(key.split())


def read_structure(structure: str, province: str | None = None) -> list[Area]:
    """Provinces (with districts and communes, or communes) of ``structure``, in the package's
    order. ``province`` selects one by name or code, accent-insensitively ("hai phong",
    "Thành phố Hải Phòng", "TP. Hải Phòng", "31")."""
    if structure not in TABLES:
        raise AdminUnitsError(f"unknown structure {structure!r}: use 'legacy' or 'current'")
    provinces: OrderedDict[str, Area] = OrderedDict()
    for row in _rows(structure):
        code = row["provinceCode"]
        parent = provinces.setdefault(code, Area(UnitKind.PROVINCE, code, row["province"]))
        if structure == LEGACY:
            parent = parent.children.setdefault(
                row["districtCode"],
                Area(UnitKind.DISTRICT, row["districtCode"], row["district"]),
            )
        if row["wardCode"]:
            parent.children.setdefault(
                row["wardCode"], Area(UnitKind.COMMUNE, row["wardCode"], row["ward"])
            )
    result = list(provinces.values())
    if province:
        wanted = _province_key(province)
        result = [p for p in result
                  if wanted in {_province_key(p.name), p.code, p.code.lstrip("0")}]
        if not result:
            raise AdminUnitsError(f"no province or city named {province!r} in the {structure} list")
    return result


def province_identities(structure: str) -> set[tuple[str, str]]:
    """(code, folded name) of every province of ``structure``."""
    return {(p.code, fold(p.name)) for p in read_structure(structure)}


def count_units(areas: list[Area]) -> Counter:
    """How many provinces, districts and communes ``areas`` hold."""
    return Counter(unit.kind for area in areas for unit in area.walk())


# --- writing units ----------------------------------------------------------------------------

@dataclass
class LoadResult:
    created: Counter = field(default_factory=Counter)  # kind -> units created
    existing: Counter = field(default_factory=Counter)  # kind -> units found again
    provinces: list = field(default_factory=list)  # the province units

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


class _Loader:
    def __init__(self, *, valid_from, valid_to, with_stations, rename, result, progress, total):
        self.valid_from = valid_from
        self.valid_to = valid_to
        self.with_stations = with_stations
        self.rename = rename or {}
        self.result = result
        self.progress = progress
        self.total = total
        self.done = 0
        self.index: dict[tuple, Unit] = {}
        self.ambiguous: set[str] = set()  # commune names used twice in the current province

    def tick(self):
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total)

    def index_subtree(self, root: Unit):
        for unit in Unit.objects.filter(path__startswith=root.path).exclude(pk=root.pk):
            key = (unit.parent_id, unit.kind, unit.code if unit.code else None)
            self.index.setdefault(key, unit)

    def ensure(self, *, parent, kind, code, name, short_name, aliases, valid_from=None,
               valid_to=None) -> Unit:
        key = (parent.pk if parent else None, kind, code or None)
        unit = self.index.get(key)
        if unit is not None:
            self.result.existing[kind] += 1
            return unit
        unit = Unit(parent=parent, kind=kind, code=code or "", name=name, short_name=short_name,
                    valid_from=valid_from, valid_to=valid_to)
        unit.save()
        keys = set()
        for alias in aliases:
            alias_key = fold(alias)
            if alias_key and alias_key not in keys and alias_key not in {unit.name_key}:
                keys.add(alias_key)
                UnitAlias.objects.create(unit=unit, name=alias)
        self.index[key] = unit
        self.result.created[kind] += 1
        return unit

    def area(self, area: Area, parent: Unit) -> Unit:
        kind = area.kind
        name = self.rename.get(area.code, area.name)
        unit = self.ensure(parent=parent, kind=kind, code=area.code, name=name,
                           short_name=split_type(name)[1], aliases=area_aliases(name),
                           valid_from=self.valid_from, valid_to=self.valid_to)
        self.tick()
        if self.with_stations:
            if kind == UnitKind.DISTRICT:
                office, short, aliases = culture_office_names(unit.name)
                self.ensure(parent=unit, kind=UnitKind.DISTRICT_CULTURE_OFFICE, code=None,
                            name=office, short_name=short, aliases=aliases,
                            valid_from=unit.valid_from, valid_to=unit.valid_to)
            if kind in (UnitKind.DISTRICT, UnitKind.COMMUNE):
                radio, short, aliases = radio_names(unit.name)
                if kind == UnitKind.COMMUNE and area.name in self.ambiguous:
                    # Two "Xã Quang Trung" in one city: say which district in the short name.
                    short = f"{short} ({parent.short_name or parent.name})"
                radio_kind = (UnitKind.DISTRICT_RADIO if kind == UnitKind.DISTRICT
                              else UnitKind.COMMUNE_RADIO)
                self.ensure(parent=unit, kind=radio_kind, code=None, name=radio,
                            short_name=short, aliases=aliases,
                            valid_from=unit.valid_from, valid_to=unit.valid_to)
        for child in area.children.values():
            self.area(child, unit)
        return unit


def _widen(unit: Unit, valid_from, valid_to):
    """Extend a province's validity to cover another structure's period."""
    new_from = None if unit.valid_from is None or valid_from is None else min(unit.valid_from,
                                                                              valid_from)
    new_to = None if unit.valid_to is None or valid_to is None else max(unit.valid_to, valid_to)
    if (new_from, new_to) != (unit.valid_from, unit.valid_to):
        unit.valid_from, unit.valid_to = new_from, new_to
        unit.save(update_fields=["valid_from", "valid_to", "name_key", "short_name_key"])


UNSET = object()


def load(structure: str, *, province: str | None = None, valid_from=UNSET, valid_to=UNSET,
         with_stations: bool = False, rename: dict[str, str] | None = None,
         province_valid_from=UNSET, province_valid_to=UNSET, progress=None) -> LoadResult:
    """Create the administrative units of ``structure`` (optionally one province).

    ``valid_from``/``valid_to`` default to the structure's period. ``rename`` maps an official
    code to the name to give a unit instead of the package's (the demo names Hải Phòng's
    districts as they were in 2020). ``progress(done, total)`` is called after each unit.
    """
    if structure not in STRUCTURES:
        raise AdminUnitsError(f"unknown structure {structure!r}: use 'legacy' or 'current'")
    default_from, default_to = DEFAULT_VALIDITY[structure]
    valid_from = default_from if valid_from is UNSET else valid_from
    valid_to = default_to if valid_to is UNSET else valid_to
    if valid_from and valid_to and valid_to < valid_from:
        raise AdminUnitsError("the end of validity is before its start")
    areas = read_structure(structure, province)
    other = province_identities(CURRENT if structure == LEGACY else LEGACY)
    total = sum(count_units([a]).total() for a in areas)
    result = LoadResult()
    loader = _Loader(valid_from=valid_from, valid_to=valid_to, with_stations=with_stations,
                     rename=rename, result=result, progress=progress, total=total)
    with transaction.atomic():
        for area in areas:
            name = (rename or {}).get(area.code, area.name)
            continues = (area.code, fold(name)) in other or (area.code, fold(area.name)) in other
            # A province in both structures continues across the reform: open on that side.
            p_from = (None if continues and structure == CURRENT else valid_from)
            p_to = (None if continues and structure == LEGACY else valid_to)
            if province_valid_from is not UNSET:
                p_from = province_valid_from
            if province_valid_to is not UNSET:
                p_to = province_valid_to
            root = (Unit.objects.filter(kind=UnitKind.PROVINCE, parent=None, code=area.code,
                                        name_key=fold(name)).first())
            if root is None:
                root = loader.ensure(parent=None, kind=UnitKind.PROVINCE, code=area.code,
                                     name=name, short_name=split_type(name)[1],
                                     aliases=area_aliases(name), valid_from=p_from, valid_to=p_to)
            else:
                result.existing[UnitKind.PROVINCE] += 1
                _widen(root, p_from, p_to)
            loader.tick()
            loader.index_subtree(root)
            names = Counter(a.name for a in area.walk() if a.kind == UnitKind.COMMUNE)
            loader.ambiguous = {name for name, count in names.items() if count > 1}
            for child in area.children.values():
                loader.area(child, root)
            result.provinces.append(root)
    return result
