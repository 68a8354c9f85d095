"""``loa issue_token USERNAME [--name NAME]``."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from loa.org.models import ApiToken

from .conftest import ApiClient


def issue(*args):
    out, err = StringIO(), StringIO()
    call_command("issue_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_prints_a_working_token_once_and_stores_only_its_hash(world):
    token, message = issue("alice", "--name", "CMS Báo HP")
    record = ApiToken.objects.get(user=world.alice)
    assert record.name == "CMS Báo HP"
    assert record.digest == ApiToken.hash(token) and token not in record.digest
    assert token.startswith(record.prefix) and token not in message
    response = ApiClient(token).get("/activities")
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["items"]] == [world.act_baohp.pk]


def test_default_name_and_several_tokens(world):
    first, _ = issue("bob")
    second, _ = issue("bob")
    assert first != second
    assert list(ApiToken.objects.filter(user=world.bob).values_list("name", flat=True)) == [
        "api", "api"]


def test_unknown_user(world):
    with pytest.raises(CommandError, match="No user"):
        issue("mallory")
    assert not ApiToken.objects.exists()


def test_inactive_user(world):
    world.bob.is_active = False
    world.bob.save()
    with pytest.raises(CommandError, match="inactive"):
        issue("bob")
    assert not ApiToken.objects.exists()
