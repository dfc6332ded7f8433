"""Editor features of the CMS in the Wagtail admin (dashboard panels, record suggestions for reference fields, the
sortable notifications listing) and the public rule for document downloads (cms.core.visibility): /documents/<id>/
<file> of a file that no public record links (attached only to drafts, unpublished or private records) is a 404 for
the public. Editors, who preview drafts in the admin, still get the file."""

from __future__ import annotations

from django.urls import path
from wagtail import hooks

from cms.api.problems import problem_response
from cms.core.admin_views import record_autocomplete
from cms.core.dashboard import cms_panels
from cms.core.visibility import document_is_public


@hooks.register("register_admin_urls")
def register_urls():
    return [path("records/autocomplete/", record_autocomplete, name="cms_record_autocomplete")]


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    panels.extend(cms_panels())


@hooks.register("register_admin_viewset")
def register_notifications_listing():
    from cms.core.notifications_listing import notifications_listing

    return notifications_listing


def may_preview(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


@hooks.register("before_serve_document")
def serve_only_public_documents(document, request):
    if may_preview(getattr(request, "user", None)) or document_is_public(document):
        return None
    return problem_response(404, "No published record links this document.", request=request)
