"""The one channel vocabulary: names, synonyms, the parser's mentions and the usual channels of
each unit kind, and its agreement with the Django choices and the Vietnamese catalogue."""

import pytest
from django.utils import translation

from loa.org.models import UnitKind
from loa.plans.models import Channel
from loa.vitext import fold
from loa.vocab import channels as vocab


def test_the_django_choices_are_the_vocabulary():
    assert Channel.values == list(vocab.CODES)
    assert Channel.TIKTOK == "tiktok"


@pytest.mark.parametrize("item", vocab.CHANNELS, ids=lambda c: c.code)
def test_the_catalogue_says_what_the_vocabulary_says(item):
    with translation.override("vi"):
        assert str(Channel(item.code).label) == item.name_vi
    with translation.override("en"):
        assert str(Channel(item.code).label) == item.name_en


@pytest.mark.parametrize("family", vocab.FAMILIES, ids=lambda f: f.code)
def test_family_names_are_translated(family):
    with translation.override("vi"):
        assert translation.gettext(family.name_en) == family.name_vi


def test_every_way_of_writing_a_channel_is_read():
    for item in vocab.CHANNELS:
        for written in (item.code, item.name_vi, item.name_en, *item.synonyms):
            assert vocab.from_text(written) == item.code, written
            assert vocab.from_text(written.upper()) == item.code, written
    assert vocab.from_text("bao chi") == "press"
    assert vocab.from_text("Loa truyen thanh co so") == "loudspeaker"
    assert vocab.from_text("  Fanpage ") == "facebook"
    assert vocab.from_text("báo tường") is None and vocab.from_text("") is None


def test_synonyms_are_not_ambiguous():
    seen = {}
    for item in vocab.CHANNELS:
        for written in (item.name_vi, item.name_en, *item.synonyms):
            key = fold(written)
            assert seen.setdefault(key, item.code) == item.code, written


def test_usual_channels_name_real_kinds_and_channels():
    assert set(vocab.USUAL_CHANNELS) <= set(UnitKind.values)
    for codes in vocab.USUAL_CHANNELS.values():
        assert set(codes) <= set(vocab.CODES)
    assert vocab.channel("press").unit_kinds == ("newspaper", "press_agency")
    assert "commune_radio" in vocab.channel("loudspeaker").unit_kinds


def test_the_parser_finds_channels_and_families_in_a_task():
    assert vocab.find_mentions("dang tai tren mang xa hoi (facebook, zalo, tiktok)") == [
        "facebook", "zalo", "tiktok", "social"]
    assert vocab.find_mentions("bo tri thoi luong, tang cuong phat song") == ["broadcast"]
    assert vocab.find_mentions("he thong thong tin co so") == ["loudspeaker"]
    assert vocab.find_mentions("tang cuong tin bai, chuyen muc") == ["news"]
    assert vocab.find_mentions("to chuc hoi nghi") == []


def test_a_family_means_the_units_own_channels():
    assert vocab.channels_for_kind("radio_tv", ["broadcast"]) == ["television", "radio"]
    assert vocab.channels_for_kind("newspaper", ["broadcast", "news"]) == ["press"]
    assert vocab.channels_for_kind("e_portal", ["news"]) == ["e_portal"]
    assert vocab.channels_for_kind("department_office", ["news"]) == []
    assert vocab.channels_for_kind("department_office", ["social"]) == ["facebook"]
    assert vocab.channels_for_kind("commune_radio", []) == ["loudspeaker", "radio"]
    assert vocab.channels_for_kind("newspaper", ["grassroots"]) == ["loudspeaker"]  # older name
    assert vocab.channels_for_kind("newspaper", ["unknown"]) == ["press"]
