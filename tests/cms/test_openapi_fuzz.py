"""schemathesis generates requests from the OpenAPI document; no request may produce a server error."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


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


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_answers_with_a_server_error(case, published):
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}"
