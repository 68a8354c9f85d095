"""Every interface string of the web pages has a Vietnamese translation."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation.template import templatize

WEB = Path(settings.BASE_DIR) / "web"
PARTS = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "parts"
PYTHON = [WEB / "views.py", WEB / "forms.py", WEB / "templatetags" / "loa.py",
          Path(settings.BASE_DIR) / "plans" / "dashboard.py"]
KEYWORDS = ["gettext", "gettext_lazy", "gettext_noop", "_", "ngettext:1,2", "ngettext_lazy:1,2",
            "pgettext:1c,2", "pgettext_lazy:1c,2", "npgettext:1c,2,3"]
ENTRY = re.compile(
    r'^(?:msgctxt (?P<ctx>".*"(?:\n".*")*)\n)?msgid (?P<id>".*"(?:\n".*")*)\n'
    r'(?:msgid_plural .*\n(?:".*"\n)*)?'
    r'(?P<str>(?:msgstr(?:\[\d\])? ".*"\n?(?:".*"\n?)*)+)',
    re.M,
)


def entries(text):
    found = {}
    for match in ENTRY.finditer(text):
        join = lambda group: "".join(eval(line) for line in group.split("\n") if line)  # noqa: E731,S307
        key = (join(match["ctx"]) if match["ctx"] else None, join(match["id"]))
        found[key] = re.sub(r'msgstr(\[\d\])? |"|\n', "", match["str"])
    return found


def web_templates():
    for path in sorted((WEB / "templates").rglob("*.html")):
        name = path.relative_to(WEB / "templates").as_posix()
        if re.match(r"activities/(import|export)", name):
            continue  # the spreadsheet pages have their own part (xlsx.po)
        yield path


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs gettext's xgettext")
def test_every_web_string_is_translated(tmp_path):
    sources = []
    for path in web_templates():
        target = tmp_path / f"{len(sources)}-{path.name}.py"
        target.write_text(templatize(path.read_text(), origin=str(path)))
        sources.append(str(target))
    pot = tmp_path / "web.pot"
    subprocess.run(["xgettext", "--language=Python", "--from-code=UTF-8", "-o", str(pot),
                    *[f"--keyword={k}" for k in KEYWORDS], *sources, *map(str, PYTHON)],
                   check=True)
    wanted = {key for key in entries(pot.read_text()) if key[1]}
    assert ("document number", "No.") in wanted and ("None", "Record activity") not in wanted
    assert len(wanted) > 100
    translated = {}
    for part in sorted(PARTS.glob("*.po")):
        translated.update({k: v for k, v in entries(part.read_text()).items() if v})
    missing = sorted(wanted - set(translated), key=str)
    assert not missing, f"untranslated in {PARTS}/web.po: {missing}"


def test_web_part_is_valid(tmp_path):
    if not shutil.which("msgfmt"):
        pytest.skip("needs gettext's msgfmt")
    subprocess.run(["msgfmt", "--check-format", "-o", str(tmp_path / "web.mo"),
                    str(PARTS / "web.po")], check=True)
