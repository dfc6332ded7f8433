"""The front end works under its Content-Security-Policy (only its own scripts, styles and the API): Chromium
reports no violation on the search, record and ask pages."""

import pytest

PAGES = ["/?q=pollinators", "/record.html?id=GBF-TARGET-03", "/ask.html?q=How+are+protected+areas+funded%3F"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_run_under_the_policy_without_violations(page, path):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    # The scripts ran and called the API (connect-src): a blocked script or fetch never sends this request.
    with page.expect_request(lambda request: "/api/" in request.url, timeout=60_000):
        response = page.goto(path)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    assert not violations, violations
