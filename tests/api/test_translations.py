"""Every message the API shows has its Vietnamese translation in parts/api.po."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

import loa

SRC = Path(loa.__file__).parent
PO = SRC / "locale" / "vi" / "LC_MESSAGES" / "parts" / "api.po"

needs_gettext = pytest.mark.skipif(not shutil.which("xgettext") or not shutil.which("msgfmt"),
                                   reason="GNU gettext is not installed")


def entries(po_text):
    """{msgid: msgstr} of a PO file (enough of the format for our own fragment)."""
    result, key, current = {}, None, None
    for line in po_text.splitlines() + [""]:
        if line.startswith("msgid "):
            key, current = "msgid", [line[6:]]
            msgid_parts = current
        elif line.startswith("msgstr "):
            key, current = "msgstr", [line[7:]]
            msgstr_parts = current
        elif line.startswith('"') and current is not None:
            current.append(line)
        elif not line.strip() and key == "msgstr":
            unquote = lambda parts: "".join(p.strip()[1:-1] for p in parts)  # noqa: E731
            result[unquote(msgid_parts)] = unquote(msgstr_parts)
            key, current = None, None
    result.pop("", None)
    return result


@needs_gettext
def test_every_api_message_is_translated():
    sources = sorted(str(p) for p in (SRC / "api").rglob("*.py"))
    pot = subprocess.run(
        ["xgettext", "--language=Python", "--keyword=_", "--keyword=gettext",
         "--keyword=gettext_lazy", "--from-code=UTF-8", "--no-location", "-o", "-", *sources],
        check=True, capture_output=True, text=True).stdout
    wanted = set(entries(pot))
    translated = entries(PO.read_text(encoding="utf-8"))
    assert wanted, "no messages found"
    assert wanted - set(translated) == set()
    assert all(translated[m] for m in wanted)


@needs_gettext
def test_vietnamese_messages_reach_the_client(db, settings, tmp_path):
    target = tmp_path / "vi" / "LC_MESSAGES"
    target.mkdir(parents=True)
    subprocess.run(["msgfmt", "--check", "-o", str(target / "django.mo"), str(PO)], check=True,
                   capture_output=True)
    settings.LOCALE_PATHS = [tmp_path]  # resets Django's translation cache
    response = Client(headers={"Accept-Language": "vi"}).get("/api/v1/plans")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Yêu cầu xác thực")
    response = Client(headers={"Accept-Language": "en"}).get("/api/v1/plans/1")
    assert response.json()["detail"].startswith("Authentication required")
