"""Search and ask are limited per client address, counted in Redis (shared by every process): over the limit the
answer is 429 problem+json with Retry-After; other clients and other endpoints are not affected."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limits(settings, redis_cache):
    settings.API_RATE_LIMITS = {"search": 3, "ask": 2}
    return redis_cache


def test_search_over_the_limit_is_429_with_retry_after(client, records, small_limits):
    statuses = [client.get("/api/search/?q=peer", REMOTE_ADDR="203.0.113.5").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = client.get("/api/search/?q=peer", REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json; charset=utf-8"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["status"] == 429 and "a minute" in refused.json()["detail"]
    # Another client still gets answers, and the record endpoint is not limited.
    assert client.get("/api/search/?q=peer", REMOTE_ADDR="203.0.113.6").status_code == 200
    assert client.get("/api/records/2024-070/", REMOTE_ADDR="203.0.113.5").status_code == 200
    assert small_limits.keys("*ratelimit:search*")  # counted in Redis


def test_ask_has_its_own_limit(client, records, small_limits):
    for _ in range(2):
        assert client.get("/api/ask/?q=", REMOTE_ADDR="198.51.100.1").status_code == 400  # counted even when bad
    refused = client.get("/api/ask/?q=what", REMOTE_ADDR="198.51.100.1")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert client.get("/api/v1/ask/?q=", REMOTE_ADDR="198.51.100.1").status_code == 429  # the versioned path too


def test_a_forged_forwarded_for_does_not_escape_the_limit(client, records, small_limits, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for n in range(3):
        client.get("/api/search/?q=peer", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert client.get("/api/search/?q=peer", REMOTE_ADDR="203.0.113.9",
                      HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429
    # Through a trusted proxy, each forwarded client has its own count.
    assert client.get("/api/search/?q=peer", REMOTE_ADDR="10.0.0.2",
                      HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 200
