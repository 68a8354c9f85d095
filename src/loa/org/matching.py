"""Find the unit (or group of units) a document means by a name as written.

Plans name units the way people write them: "Đài Phát thanh và Truyền hình thành phố Hải Phòng"
for the unit "Đài Phát thanh và Truyền hình Hải Phòng", "Sở GD&ĐT", "Thanh tra Sở", or a whole
collective: "Phòng Văn hóa và Thông tin các quận, huyện". OCR may have left a letter wrong.

:class:`UnitMatcher` compares accent-folded keys (``loa.vitext.fold``) of every unit's name,
short name and aliases and of every group's name, in three steps:

1. exact key (name, short name, alias, group name) — score 100;
2. the same with the words that only say where ("thành phố", "tỉnh", the province's own name)
   left out on both sides, then fuzzy comparison (rapidfuzz ``ratio`` on the keys, so that
   "Báo Hải Phòng" does not match "Báo An ninh Hải Phòng" as a subset would);
3. a collective ("… các quận, huyện", "Các cơ quan báo chí …"): a named group when one
   matches; otherwise every unit whose name starts with the words before "các" ("Đài Truyền
   thanh các quận, huyện, xã…" → the stations "Đài Truyền thanh huyện …", "Đài Truyền thanh
   xã …") or, failing that, the unit kinds a known collective phrase names.

A result is ``matched`` (one clear best at or above :data:`ACCEPT`), ``ambiguous`` (several
close candidates) or ``unmatched``; callers flag the last two for a person and never drop them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from rapidfuzz import fuzz, process

from loa.vitext import fold

from .models import Unit, UnitGroup, UnitKind

ACCEPT = 88.0  # a fuzzy score at or above this is a match …
MARGIN = 4.0  # … when the runner-up (another unit) is at least this far behind
CANDIDATES = 5

# Collective phrases a plan uses for a kind of unit, when no group by that name exists.
COLLECTIVE_KINDS = [
    ("co quan bao chi", [UnitKind.NEWSPAPER, UnitKind.RADIO_TV, UnitKind.PRESS_AGENCY]),
    ("phong van hoa va thong tin", [UnitKind.DISTRICT_CULTURE_OFFICE]),
    ("dai truyen thanh", [UnitKind.DISTRICT_RADIO, UnitKind.COMMUNE_RADIO]),
    ("ubnd cac quan", [UnitKind.DISTRICT]),
    ("uy ban nhan dan cac quan", [UnitKind.DISTRICT]),
]
_PLACE_WORDS = ["thanh pho", "tinh", "tp.", "tp"]
_PUNCT = re.compile(r"[^\w&/ ]+")
_SPACES = re.compile(r"\s+")


def _key(text: str) -> str:
    return _SPACES.sub(" ", _PUNCT.sub(" ", fold(text))).strip()


@dataclass
class Candidate:
    kind: str  # "unit" or "group" or "units" (a collective resolved to units without a group)
    id: int | None
    name: str
    score: float
    unit_ids: list[int] = field(default_factory=list)  # members (group, units)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class MatchResult:
    written: str
    status: str  # matched / ambiguous / unmatched
    best: Candidate | None
    candidates: list[Candidate]
    is_group: bool = False

    def to_json(self) -> dict:
        return {
            "written": self.written,
            "status": self.status,
            "is_group": self.is_group,
            "best": self.best.to_json() if self.best else None,
            "candidates": [c.to_json() for c in self.candidates],
        }


class UnitMatcher:
    """Matches names against the units valid on ``day`` (all when None) and all groups."""

    def __init__(self, day=None, units=None):
        units = Unit.objects.all() if units is None else units
        if day is not None:
            units = units.valid_on(day)
        self.day = day
        self.units = {u.pk: u for u in units.prefetch_related("aliases")}
        self._name_keys = {pk: _key(u.name) for pk, u in self.units.items()}
        provinces = [u for u in self.units.values() if u.kind == UnitKind.PROVINCE]
        self._place_words = sorted(
            {*_PLACE_WORDS, *(_key(re.sub(r"(?i)^(thành phố|tỉnh)\s+", "", p.name))
                              for p in provinces)},
            key=len, reverse=True,
        )
        self.exact: dict[str, set[tuple[str, int]]] = {}
        self.loose: dict[str, set[tuple[str, int]]] = {}
        for unit in self.units.values():
            for name in [unit.name, unit.short_name, *(a.name for a in unit.aliases.all())]:
                if name:
                    self._index(name, ("unit", unit.pk))
        self.groups = {g.pk: g for g in UnitGroup.objects.select_related("within")}
        for group in self.groups.values():
            self._index(group.name, ("group", group.pk))
        self._loose_keys = list(self.loose)

    def _index(self, name, ref):
        self.exact.setdefault(_key(name), set()).add(ref)
        loose = self._strip_place(_key(name))
        if loose:
            self.loose.setdefault(loose, set()).add(ref)

    def _strip_place(self, key: str) -> str:
        padded = f" {key} "
        for word in self._place_words:
            padded = padded.replace(f" {word} ", " ")
        return _SPACES.sub(" ", padded).strip()

    # --- candidates ----------------------------------------------------------------------------
    def _candidate(self, ref, score) -> Candidate:
        kind, pk = ref
        if kind == "group":
            group = self.groups[pk]
            members = [u.pk for u in group.members(self.day)]
            return Candidate("group", pk, group.name, score, members)
        return Candidate("unit", pk, self.units[pk].name, score, [pk])

    def _collective(self, written: str, key: str) -> Candidate | None:
        """Units a collective phrase names when no group matched."""
        head = key.split(" cac ", 1)[0] if " cac " in f" {key} " else ""
        head = head.removeprefix("cac ").strip() if head != key else ""
        if head and len(head.split()) >= 2:
            members = [pk for pk, unit in self.units.items()
                       if self._name_keys[pk].startswith(head + " ")
                       and unit.kind != UnitKind.PROVINCE]
            if members:
                return Candidate("units", None, written, 90.0, sorted(members))
        for phrase, kinds in COLLECTIVE_KINDS:
            if phrase in key:
                members = [u.pk for u in self.units.values() if u.kind in kinds]
                if members:
                    return Candidate("units", None, written, 85.0, sorted(members))
        return None

    def match(self, written: str, *, is_group: bool | None = None) -> MatchResult:
        key = _key(written)
        if is_group is None:
            is_group = key.startswith("cac ") or " cac " in key
        if not key:
            return MatchResult(written, "unmatched", None, [], is_group)
        refs = self.exact.get(key)
        if refs:
            found = sorted((self._candidate(r, 100.0) for r in refs), key=lambda c: c.kind)
            status = "matched" if len({(c.kind, c.id) for c in found}) == 1 else "ambiguous"
            return MatchResult(written, status, found[0], found, is_group)
        loose = self._strip_place(key)
        scored: dict[tuple[str, int], float] = {}
        for choice, score, _index in process.extract(loose, self._loose_keys, scorer=fuzz.ratio,
                                                     limit=CANDIDATES * 2, score_cutoff=60):
            for ref in self.loose[choice]:
                scored[ref] = max(scored.get(ref, 0.0), float(score))
        ranked = sorted(scored.items(), key=lambda item: -item[1])[:CANDIDATES]
        candidates = [self._candidate(ref, round(score, 1)) for ref, score in ranked]
        if is_group:
            groups = [c for c in candidates if c.kind == "group" and c.score >= ACCEPT]
            if groups:
                return MatchResult(written, "matched", groups[0], candidates, is_group)
            collective = self._collective(written, key)
            if collective is not None:
                return MatchResult(written, "matched", collective, [collective, *candidates],
                                   is_group)
        if candidates and candidates[0].score >= ACCEPT:
            runner_up = candidates[1].score if len(candidates) > 1 else 0.0
            if candidates[0].score - runner_up >= MARGIN or candidates[0].score == 100.0 and \
                    runner_up < 100.0:
                return MatchResult(written, "matched", candidates[0], candidates, is_group)
            return MatchResult(written, "ambiguous", None, candidates, is_group)
        return MatchResult(written, "unmatched", None, candidates, is_group)
