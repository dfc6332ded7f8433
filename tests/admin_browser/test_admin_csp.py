"""The Wagtail admin works under its Content-Security-Policy: Chromium reports no violation while an editor logs
in, sees the dashboard and opens the page editor."""

import pytest
from django.contrib.auth.models import Group, User

from cms.core.roles import EDITORS

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_admin_runs_under_its_policy(live_server, site, browser_page):
    editor = User.objects.create_user("csp-editor", "csp@example.org", "csp-password-1")
    editor.groups.add(Group.objects.get(name=EDITORS))
    page = browser_page
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    response = page.goto(f"{live_server.url}/admin/login/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.fill("input[name=username]", "csp-editor")
    page.fill("input[name=password]", "csp-password-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(f"{live_server.url}/admin/pages/add/records/notificationpage/{site['notifications'].pk}/")
    page.fill("#id_title", "Checking the policy")
    page.wait_for_load_state("networkidle")
    assert not violations, violations
