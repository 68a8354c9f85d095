"""The channels a unit publishes on: the one vocabulary every part of Loa speaks.

Each :class:`ChannelDef` holds the code stored in the database, the Vietnamese and English
names, the other ways people write it (spreadsheets, forms, social-export files), the patterns
the document parser looks for in a task's text, and whether a broadcast on it is counted in
minutes. :data:`USUAL_CHANNELS` says what a unit of each kind publishes on by default (a
newspaper in the press, a commune radio station on its loudspeakers).

A plan's text often names a *family* rather than a channel: "bố trí thời lượng, tăng cường
phát sóng" (broadcast), "mạng xã hội" (social networks), "tin, bài, chuyên mục" (the unit's own
news media). :data:`FAMILIES` lists them; :func:`channels_for_kind` turns what a task names into
the channels of one unit.

Plain Python (no Django): the document parser uses it as much as the Django models, forms,
spreadsheets, dashboards and the API do. English names are marked with ``gettext_noop`` so that
``make messages`` puts them in the catalogue; the catalogue's Vietnamese must equal ``name_vi``
(a test checks it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loa.vitext import fold

__all__ = [
    "BROADCAST", "CHANNELS", "CODES", "FAMILIES", "USUAL_CHANNELS", "ChannelDef", "Family",
    "channel", "channels_for_kind", "family", "find_mentions", "from_text", "name_vi",
]


def gettext_noop(message: str) -> str:
    """Marks an English name for the catalogue (``makemessages`` knows this keyword)."""
    return message


@dataclass(frozen=True)
class ChannelDef:
    code: str  # stored in the database and used by the API
    name_vi: str
    name_en: str
    synonyms: tuple[str, ...] = ()  # other written forms, matched accent- and case-insensitively
    patterns: tuple[str, ...] = ()  # regular expressions over fold()ed task text (the parser)
    broadcast: bool = False  # airtime in minutes is part of the record

    @property
    def unit_kinds(self) -> tuple[str, ...]:
        """The unit kinds that publish on this channel by default."""
        return tuple(kind for kind, codes in USUAL_CHANNELS.items() if self.code in codes)


@dataclass(frozen=True)
class Family:
    """Words of a plan that name several channels at once."""

    code: str
    name_vi: str
    name_en: str
    members: tuple[str, ...]  # channel codes
    patterns: tuple[str, ...]
    #: for a unit that has no usual channel of the family and no usual channel at all (an
    #: office, a department): what the words mean for it
    fallback: tuple[str, ...] = ()


CHANNELS: tuple[ChannelDef, ...] = (
    ChannelDef("press", "Báo chí", gettext_noop("Press"),
               ("báo", "báo in", "báo điện tử", "tạp chí", "press")),
    ChannelDef("television", "Truyền hình", gettext_noop("Television"),
               ("TV", "tivi", "đài truyền hình"), broadcast=True),
    ChannelDef("radio", "Phát thanh", gettext_noop("Radio"),
               ("đài phát thanh", "radio"), broadcast=True),
    ChannelDef("e_portal", "Cổng thông tin điện tử", gettext_noop("E-portal"),
               ("cổng TTĐT", "cổng thông tin", "trang thông tin điện tử", "website", "e-portal",
                "portal", "cổng tin tức"),
               (r"cong thong tin dien t\w{0,2}\b", r"cong ttdt", r"cong tin tuc",
                r"trang thong tin dien tu", r"website")),
    ChannelDef("facebook", "Facebook", gettext_noop("Facebook"),
               ("fanpage", "trang Facebook", "fb"), (r"facebook", r"fanpage")),
    ChannelDef("zalo", "Zalo", gettext_noop("Zalo"), ("Zalo OA",), (r"\bzalo\b",)),
    ChannelDef("youtube", "YouTube", gettext_noop("YouTube"), ("you tube",), (r"you\s?tube",)),
    ChannelDef("tiktok", "TikTok", gettext_noop("TikTok"), ("tik tok",), (r"tik\s?tok",)),
    ChannelDef("loudspeaker", "Loa truyền thanh cơ sở", gettext_noop("Grassroots loudspeakers"),
               ("loa", "loa truyền thanh", "truyền thanh cơ sở", "đài truyền thanh",
                "loa phát thanh", "hệ thống loa truyền thanh cơ sở", "thông tin cơ sở"),
               (r"thong tin co s\S{0,2}(?!\w)", r"bang tin dien tu", r"loa truyen thanh"),
               broadcast=True),
    ChannelDef("event", "Sự kiện", gettext_noop("Event"),
               ("hội nghị", "hội thảo", "tọa đàm", "hoạt động trực tiếp")),
)

#: What a unit of each kind publishes on when nothing else is said, the main channel first.
#: Kinds not listed (offices, departments, districts, communes) have no channel of their own.
USUAL_CHANNELS: dict[str, tuple[str, ...]] = {
    "newspaper": ("press",),
    "press_agency": ("press",),
    "radio_tv": ("television", "radio"),
    "e_portal": ("e_portal",),
    "district_radio": ("radio", "loudspeaker"),
    "commune_radio": ("loudspeaker", "radio"),
}

FAMILIES: tuple[Family, ...] = (
    Family("social", "mạng xã hội", gettext_noop("social networks"),
           ("facebook", "zalo", "youtube", "tiktok"), (r"mang xa hoi", r"social"),
           fallback=("facebook",)),
    Family("broadcast", "phát sóng (phát thanh, truyền hình)",
           gettext_noop("broadcast (radio, television)"),
           ("television", "radio", "loudspeaker"),
           (r"phat song", r"thoi l\w{0,3}ng", r"phat thanh", r"truyen hinh", r"truyen thanh"),
           fallback=("radio",)),
    Family("news", "tin, bài trên phương tiện của đơn vị",
           gettext_noop("news items in the unit's own media"),
           ("press", "television", "radio", "e_portal", "loudspeaker"),
           (r"bao chi", r"tin,? bai", r"chuyen trang", r"chuyen muc", r"an pham")),
)

CODES: tuple[str, ...] = tuple(c.code for c in CHANNELS)
BROADCAST: frozenset[str] = frozenset(c.code for c in CHANNELS if c.broadcast)
_BY_CODE = {c.code: c for c in CHANNELS}
_FAMILY_BY_CODE = {f.code: f for f in FAMILIES}
#: Mentions written by the parser before this vocabulary (saved imports may hold them):
#: "grassroots" was the loudspeakers, "press" the unit's own news media (the parser has no
#: pattern for the press alone: "báo chí" in a task means news items).
_OLD_MENTIONS = {"grassroots": "loudspeaker", "press": "news"}


def channel(code: str) -> ChannelDef:
    """The channel of ``code`` (KeyError for an unknown code)."""
    return _BY_CODE[code]


def family(code: str) -> Family | None:
    """The family of ``code`` ("social", "broadcast", "news"; "grassroots" and "press" as older
    imports wrote them), or None."""
    return _FAMILY_BY_CODE.get(_OLD_MENTIONS.get(code, code))


def name_vi(code: str) -> str:
    """The Vietnamese name of a channel or a family; the code itself when unknown."""
    item = _BY_CODE.get(code) or _FAMILY_BY_CODE.get(code)
    return item.name_vi if item else code


# --- reading what people write ------------------------------------------------------------------
def _keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for item in CHANNELS:
        for written in (item.code, item.code.replace("_", " "), item.name_vi, item.name_en,
                        *item.synonyms):
            keys.setdefault(fold(written), item.code)
    return keys


_KEYS = _keys()


def from_text(text: str) -> str | None:
    """The channel a person wrote ("Báo chí", "bao chi", "Fanpage", "TV", "press"), or None."""
    return _KEYS.get(fold(text or ""))


# --- reading a plan's task ----------------------------------------------------------------------
#: The order in which a task's mentions are listed (and so the order of its channels).
_MENTION_ORDER = ("facebook", "zalo", "youtube", "tiktok", "social", "e_portal", "broadcast",
                  "loudspeaker", "news")
_PATTERNS = {item.code: re.compile("|".join(item.patterns))
             for item in (*CHANNELS, *FAMILIES) if item.patterns}
assert set(_PATTERNS) == set(_MENTION_ORDER), "every pattern has its place in _MENTION_ORDER"


def find_mentions(folded_text: str) -> list[str]:
    """The channels and families a task's text names (its fold()ed text), in the order of
    :data:`_MENTION_ORDER`."""
    return [code for code in _MENTION_ORDER if _PATTERNS[code].search(folded_text)]


def channels_for_kind(kind: str, mentions) -> list[str]:
    """The channels a unit of ``kind`` is expected to publish on for a task naming
    ``mentions`` (channel or family codes, as :func:`find_mentions` gives them).

    A channel named is taken as it is. A family means the unit's usual channels among its
    members ("phát sóng" is television and radio for the radio-TV station, the loudspeakers and
    radio for a commune station); a unit without any usual channel takes the family's fallback,
    one whose usual channels are all outside the family takes nothing from it (a newspaper in an
    item that also asks for airtime). When nothing comes out, the unit's usual channels."""
    usual = USUAL_CHANNELS.get(str(kind), ())
    result: list[str] = []
    for mention in mentions or ():
        mention = _OLD_MENTIONS.get(mention, mention)
        if mention in _BY_CODE:
            picked: tuple[str, ...] = (mention,)
        elif mention in _FAMILY_BY_CODE:
            family = _FAMILY_BY_CODE[mention]
            picked = tuple(c for c in usual if c in family.members) or \
                (family.fallback if not usual else ())
        else:
            picked = ()
        result += [c for c in picked if c not in result]
    return result or list(usual)
