"""Dashboard panels editors act on, and the one panel component every capability uses for its own.

Each app registers its panels with Wagtail's `construct_homepage_panels` hook (cms: records without GBF targets,
untranslated records, deadlines this week; indexing: index drift; migration: the last import's errors; search:
searches that found nothing), so the CMS shows what other layers know without importing them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from cms.core.translation import untranslated_records

SHOWN = 8
#: Record types editors tag with GBF targets (terms, meetings and treaty texts are not tagged).
TARGETED_TYPES = ("notification", "decision", "meeting-document", "library-resource", "activity")


@dataclass
class Cell:
    text: str
    url: str | None = None


@dataclass
class PanelContent:
    summary: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    empty: str = "Nothing to do."
    more_url: str | None = None
    more_label: str = ""


class DashboardPanel(Component):
    """A dashboard panel: a one-line summary and a short table of what to act on, built when the dashboard is
    shown (`build` receives the request)."""

    template_name = "cms_admin/dashboard_panel.html"

    def __init__(self, name: str, heading: str, order: int, build: Callable[[object], PanelContent]):
        self.name, self.heading, self.order, self.build = name, heading, order, build

    def get_context_data(self, parent_context=None):
        content = self.build(parent_context["request"])
        return {"panel_id": self.name, "heading": self.heading, **content.__dict__}


def edit_url(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=(page_id,))


def _english_records():
    from cms.core.models import RecordPage

    return RecordPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE)


def records_without_targets(request) -> PanelContent:
    missing = _english_records().filter(record_type__in=TARGETED_TYPES).filter(
        Q(gbf_targets=[]) | Q(gbf_targets__isnull=True))
    total = missing.count()
    rows = [[Cell(p.identifier, edit_url(p.pk)), Cell(p.title), Cell(p.record_type)]
            for p in missing.order_by("-date", "-pk")[:SHOWN]]
    return PanelContent(f"{total} published records are tagged with no GBF target (newest first).",
                        ["Identifier", "Title", "Type"], rows, "Every record is tagged with a GBF target.")


def untranslated(request) -> PanelContent:
    report = untranslated_records()
    per_language = ", ".join(f"{code}: {count}" for code, count in report.missing_per_language.items())
    rows = [[Cell(r.identifier, edit_url(r.page_id)), Cell(r.title), Cell(", ".join(r.missing))]
            for r in report.records[:SHOWN]]
    return PanelContent(
        f"{report.untranslated} of {report.total} published records lack a translation (a copy of the English "
        f"counts as missing). Missing per language — {per_language}.",
        ["Identifier", "Title", "Missing in"], rows, "Every record exists in all six languages.")


def deadlines_this_week(request) -> PanelContent:
    from cms.records.models import NotificationPage

    today = timezone.localdate()
    end = today + dt.timedelta(days=7)
    due = (NotificationPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE,
                                                  deadline__gte=today, deadline__lte=end).order_by("deadline"))
    rows = [[Cell(n.identifier, edit_url(n.pk)), Cell(n.title), Cell(n.deadline.isoformat())] for n in due[:SHOWN * 2]]
    return PanelContent(f"{due.count()} notification deadlines fall between {today:%d %b} and {end:%d %b %Y}.",
                        ["Symbol", "Title", "Deadline"], rows, "No notification deadline falls in the next 7 days.")


def cms_panels() -> list[DashboardPanel]:
    return [
        DashboardPanel("deadlines-this-week", "Deadlines this week", 110, deadlines_this_week),
        DashboardPanel("records-without-targets", "Records without GBF targets", 120, records_without_targets),
        DashboardPanel("untranslated-records", "Untranslated records", 130, untranslated),
    ]
