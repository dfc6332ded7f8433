"""schemathesis generates requests from the complete OpenAPI document (every path and every parameter it lists,
Wagtail API v2 included), valid and invalid ones; no request may produce a server error, and every answer must be
one the document describes: a documented status code, a documented Content-Type, a body matching its schema.

One test walks every operation inside one database transaction, so the records are published (and indexed) once,
not once per operation. Hypothesis is derandomized: the same requests every run (a fixed seed), so a failure in CI
is reproducible here."""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())

EXAMPLES_PER_OPERATION = 30
MIN_REQUESTS = 1000
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def keep_test_connection_open():
    """Calling the WSGI app directly fires request_finished, whose handler closes the database connection —
    the test's own transaction on PostgreSQL. Django's test client disconnects it the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def published(make_notification, make_term, make_decision):
    make_notification("2024-070", "Peer review of NBSAPs", gbf_targets=["GBF-TARGET-03"])
    make_term("GBF-TARGET-03", "Conserve 30% of land, waters and seas")
    make_decision(15, 4)


def fuzz(operation, calls: Counter, errors: list) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        # identity: the in-process client does not undo gzip (/api/labels/ compresses), a real HTTP client does
        response = case.call(headers={"Accept-Encoding": "identity"})
        calls[operation.label] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as failure:  # a group of the checks that failed
            summary = str(failure).strip().splitlines()[:3]
            errors.append(f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}: {summary}")

    run()


@pytest.mark.django_db
def test_every_answer_to_a_generated_request_is_one_the_openapi_document_describes(published):
    operations = [result.ok() for result in schema.get_all_operations()]
    calls: Counter = Counter()
    errors: list[str] = []
    for operation in operations:
        fuzz(operation, calls, errors)
    assert errors == []
    assert sum(calls.values()) >= MIN_REQUESTS, calls
    assert set(calls) == {operation.label for operation in operations}  # every operation was exercised
    print(f"schemathesis: {sum(calls.values())} requests over {len(operations)} operations, 0 failures")
