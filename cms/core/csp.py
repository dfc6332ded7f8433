"""Content-Security-Policy on every HTML answer (settings.CSP_POLICY; CSP_ADMIN_POLICY under CSP_ADMIN_PREFIXES).

The public front end loads only its own scripts, styles and the API (no inline code), so its policy allows nothing
else; the Wagtail admin relies on inline styles and scripts and gets a policy that allows those, still limited to
this origin. JSON answers need no policy. CSP_REPORT_ONLY sends the policy as a report-only header (to try a
stricter one without breaking pages)."""

from __future__ import annotations

from django.conf import settings


def policy_for(path: str) -> str:
    if path.startswith(tuple(settings.CSP_ADMIN_PREFIXES)):
        return settings.CSP_ADMIN_POLICY
    return settings.CSP_POLICY


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        header = ("Content-Security-Policy-Report-Only" if getattr(settings, "CSP_REPORT_ONLY", False)
                  else "Content-Security-Policy")
        response.headers.setdefault(header, policy_for(request.path))
        return response
