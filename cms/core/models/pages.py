"""Structural pages: the site root and one index page per section (notifications, meetings, decisions, ...)."""

from django.db import models
from django.shortcuts import redirect
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cms.core.preview import HeadlessPreviewMixin


class HomePage(HeadlessPreviewMixin, Page):
    """Root of the site in each locale. The public website is the headless front end, so this page only sends
    visitors there; editors use it as the top of the content tree."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["core.SectionPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    api_fields: list = []

    def serve(self, request, *args, **kwargs):
        from django.conf import settings

        return redirect(f"{settings.FRONTEND_BASE_URL}?lang={self.locale.language_code}")


class SectionPage(HeadlessPreviewMixin, Page):
    """A section of the hub (e.g. /en/notifications/). `section` fixes which record types live below it."""

    SECTIONS = [
        ("decisions", "Decisions"),
        ("documents", "Meeting documents"),
        ("notifications", "Notifications"),
        ("meetings", "Meetings"),
        ("library", "Virtual library"),
        ("treaties", "Convention and Protocols"),
        ("gbf", "Kunming-Montreal Global Biodiversity Framework"),
        ("aichi", "Aichi Biodiversity Targets"),
        ("subjects", "CBD subjects"),
        ("activities", "Secretariat activities"),
    ]
    section = models.CharField(max_length=32, choices=SECTIONS)
    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("section"), FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = [
        "records.DecisionPage",
        "records.MeetingDocumentPage",
        "records.NotificationPage",
        "records.MeetingPage",
        "records.LibraryResourcePage",
        "records.TreatyPage",
        "records.ActivityPage",
        "taxonomy.TermPage",
    ]
    api_fields: list = []

    def serve(self, request, *args, **kwargs):
        from django.conf import settings

        return redirect(f"{settings.FRONTEND_BASE_URL}?lang={self.locale.language_code}")
