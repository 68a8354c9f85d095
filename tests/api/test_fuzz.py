"""The JSON API fuzzed from its own OpenAPI schema (schemathesis) on a live server.

Every operation of /api/v1/openapi.json gets requests generated from the schema, valid ones and
invalid ones (wrong types, out-of-range ids, malformed dates, bodies that are no JSON object,
methods it does not allow, a missing or wrong token), sent over HTTP to a live test server as
department staff (who may see and change everything, so the writes reach the activity writer).
The run fails on any server error (5xx) and on any answer the schema does not describe: an
undocumented status, a body or content type that breaks the response schema, an invalid
request accepted. A valid request may still be refused with 409 or 422 for the rules the schema
cannot say (no date in the future, airtime for a broadcast, a theme of the same plan, ...).

Bounded and deterministic: a fixed number of examples per operation and a derandomized
Hypothesis, so a run takes about a minute and finds the same things every time.
"""

import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from hypothesis import HealthCheck, settings

from loa.api.api import api
from loa.org.models import ApiToken

PREFIX = "/api/v1/"
CONFIG = schemathesis.Config.from_dict({"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}}})
# The schema as served (JSON: status codes as strings), read when the tests are collected.
SERVED = json.loads(json.dumps(api.get_openapi_schema(path_prefix=PREFIX), cls=DjangoJSONEncoder))
schema = schemathesis.openapi.from_dict(SERVED, config=CONFIG)


@pytest.fixture
def token(world):
    _record, token = ApiToken.issue(world.staff, "fuzz")
    return token


def test_the_fuzzed_schema_is_the_served_one(world, client):
    """What the fuzz reads is exactly what the API serves at /api/v1/openapi.json."""
    response = client.get(PREFIX + "openapi.json")
    assert response.status_code == 200
    assert response.json() == SERVED


# Sequences restart at 1, so the small ids the fuzz tries first name the world's rows.
@pytest.mark.django_db(transaction=True, reset_sequences=True)
@schema.parametrize()
@settings(max_examples=40, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_schema_says(case, token, live_server):
    # A case that tries a missing or wrong token keeps it; every other one is staff's.
    negated = schema.is_security_param_negated(case)
    headers = {} if negated else {"Authorization": f"Bearer {token}"}
    case.call_and_validate(base_url=live_server.url, headers=headers)
