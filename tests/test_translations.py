"""The Vietnamese catalogue is complete, valid and compiled.

The interface is written in English in the code and shown in Vietnamese first; a string without
a translation would show English to a Vietnamese civil servant."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

SRC = Path(settings.BASE_DIR)
CATALOGUE = SRC / "locale" / "vi" / "LC_MESSAGES"
ENTRY = re.compile(
    r'^(?P<fuzzy>#, fuzzy\n)?(?:msgctxt (?P<ctx>".*"(?:\n".*")*)\n)?'
    r'msgid (?P<id>".*"(?:\n".*")*)\n'
    r'(?:msgid_plural (?P<plural>".*"(?:\n".*")*)\n)?'
    r'(?P<str>(?:msgstr(?:\[\d\])? ".*"\n?(?:".*"\n?)*)+)',
    re.M,
)


def unquote(block):
    return "".join(eval(line) for line in (block or "").split("\n") if line.strip())  # noqa: S307


def po_entries(path):
    """{(context, msgid): (translations, fuzzy)} of a PO file, header left out."""
    found = {}
    for m in ENTRY.finditer(path.read_text(encoding="utf-8")):
        msgid = unquote(m["id"])
        if not msgid:
            continue
        strings = [unquote(block) for block in re.split(r"msgstr(?:\[\d\])? ", m["str"]) if block]
        found[(unquote(m["ctx"]) or None, msgid)] = (strings, bool(m["fuzzy"]))
    return found


def test_every_entry_is_translated():
    entries = po_entries(CATALOGUE / "django.po")
    assert len(entries) > 300
    untranslated = [key for key, (strings, fuzzy) in entries.items()
                    if fuzzy or not all(s.strip() for s in strings)]
    assert not untranslated, f"untranslated or fuzzy in django.po: {untranslated}"


def test_compiled_catalogue_matches_the_po_file():
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for (context, msgid), (strings, _fuzzy) in po_entries(CATALOGUE / "django.po").items():
        got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
        assert got == strings[0], f"django.mo is stale for {msgid!r}: run `make messages`"


def test_vietnamese_is_what_people_see():
    with translation.override("vi"):
        assert translation.gettext("Record activity") == "Ghi nhận hoạt động"
        assert translation.gettext("Overdue") == "Quá hạn"


@pytest.mark.skipif(not shutil.which("xgettext"),
                    reason="finding new strings in the code needs GNU gettext (xgettext)")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Run makemessages on a copy of the package: nothing new may appear untranslated."""
    copy = tmp_path / "loa"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "loa.settings",
           "LOA_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(SRC.parent)}
    subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "vi", "--no-obsolete",
                    "--no-location", "--ignore", "locale/*"],
                   cwd=copy, env=env, check=True, capture_output=True)
    fresh = po_entries(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po")
    missing = [key for key, (strings, fuzzy) in fresh.items()
               if fuzzy or not all(s.strip() for s in strings)]
    assert not missing, f"strings without a Vietnamese translation (run `make messages`): {missing}"


def test_dates_are_written_the_vietnamese_administrative_way():
    import datetime as dt

    from django.utils.formats import date_format

    with translation.override("vi"):
        assert date_format(dt.date(2020, 9, 8), "SHORT_DATE_FORMAT") == "08/09/2020"
