"""Hardening that holds under any settings module: forwarded headers believed only from trusted proxies, the
Content-Security-Policy, admin login throttling (429 and a lockout), and no demo login under production."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


@pytest.fixture
def https_only(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = ["10.1.2.3"]


def test_a_forged_https_header_is_not_believed(client, https_only):
    response = client.get("/api/schema/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_the_trusted_proxy_is_believed(client, https_only):
    response = client.get("/api/schema/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_PROTO="https",
                          HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert response.status_code == 200


def test_the_front_end_gets_a_strict_policy_and_the_admin_its_own(client):
    page = client.get("/")
    policy = page["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy and "object-src 'none'" in policy
    admin = client.get("/admin/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in admin and "frame-ancestors 'self'" in admin
    assert "Content-Security-Policy" not in client.get("/api/schema/")  # JSON needs none


def _login(client, password):
    return client.post("/admin/login/", {"username": "editor1", "password": password}, REMOTE_ADDR="192.0.2.44")


def test_admin_login_is_throttled_then_locked_out(client, settings, django_user_model):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    django_user_model.objects.create_user("editor1", password="the-right-password-1")
    statuses = [_login(client, f"wrong-{n}").status_code for n in range(5)]
    assert statuses[:4] == [200, 200, 200, 200]  # the form again, with an error
    assert statuses[4] == 429
    assert _login(client, "the-right-password-1").status_code == 429  # locked out, even with the right one
    # Another address logging in as someone else is not affected.
    other = client.post("/admin/login/", {"username": "nobody", "password": "x"}, REMOTE_ADDR="192.0.2.45")
    assert other.status_code == 200


def test_load_demo_is_refused_under_production(settings, django_user_model):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="refused"):
        call_command("load_demo", "--skip-indexes")
    assert not django_user_model.objects.filter(username="admin").exists()
