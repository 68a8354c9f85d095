"""``loa plan parse FILE --json`` (no database) and ``loa plan import FILE`` as a user runs them."""

import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from loa.plans.models import Plan, PlanStatus

from ..test_cli import clean_env, loa_command

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "loa" / "documents" / "samples"
KEYS = {"code", "number", "symbol", "doc_type", "issuer", "place", "date", "summary",
        "references", "sections", "assignments", "reporting", "signer", "recipients", "text",
        "warnings"}


def test_plan_parse_prints_the_document_as_json_without_a_database(tmp_path):
    env = clean_env(tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    result = subprocess.run([*loa_command(), "plan", "parse", str(SAMPLES / "130-KH-STTTT.txt"),
                             "--json", "--quiet"], capture_output=True, text=True, env=env,
                            cwd=tmp_path, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert KEYS <= set(parsed)
    assert (parsed["code"], parsed["doc_type"], parsed["date"], parsed["place"]) == \
        ("130/KH-STTTT", "KH", "2020-09-08", "Hải Phòng")
    assert [a["item"] for a in parsed["assignments"]] == \
        ["1", "2", "3", "4", "5", "6.1", "6.2", "6.3"]
    assert parsed["signer"]["name"] == "Lê Văn Kiên"
    assert not (tmp_path / "var").exists()  # nothing written, no database opened


def test_plan_parse_explains_a_file_it_cannot_read(tmp_path):
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.7 broken")
    for path, needle in [(bad, "hong.pdf"), (tmp_path / "missing.docx", "No such file")]:
        result = subprocess.run([*loa_command(), "plan", "parse", str(path), "--json"],
                                capture_output=True, text=True, env=clean_env(tmp_path),
                                cwd=tmp_path, timeout=120, check=False)
        assert result.returncode == 2 and needle in result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""


def test_plan_import_creates_a_draft_plan(haiphong, capsys, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("plan", "import", str(SAMPLES / "130-KH-STTTT.txt"))
    plan = Plan.objects.get()
    assert plan.status == PlanStatus.DRAFT and plan.code == "130/KH-STTTT"
    assert plan.original_file.name.endswith(".txt")
    assert plan.assignments.filter(item__number="6.3", lead_unit=haiphong.units["thanhtra"]) \
        .exists()
    out = capsys.readouterr()
    assert "130/KH-STTTT" in out.out
    with pytest.raises(CommandError):  # the same plan twice
        call_command("plan", "import", str(SAMPLES / "130-KH-STTTT.txt"))
    with pytest.raises(CommandError, match="(?i)no such file|không có tệp"):
        call_command("plan", "import", str(tmp_path / "missing.docx"))
    assert Plan.objects.count() == 1
