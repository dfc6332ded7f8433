"""The indexes' health on the editors' dashboard: the last drift check of each index (manage.py search_drift) and
the outbox's pending and failing updates."""

from django.db.models import Q
from wagtail import hooks

from cms.core.dashboard import Cell, DashboardPanel, PanelContent
from indexing.models import DriftCheck, IndexOutbox


def index_health(request) -> PanelContent:
    pending = IndexOutbox.objects.filter(done_at__isnull=True)
    failing = pending.filter(~Q(last_error="")).count()
    checks = list(DriftCheck.objects.order_by("sink"))
    rows = [[Cell(c.sink), Cell(f"{c.checked_at:%Y-%m-%d %H:%M} UTC"), Cell(f"{c.expected} / {c.indexed}"),
             Cell(f"{c.missing} missing, {c.stale} stale, {c.orphans} orphaned" +
                  (f" (e.g. {', '.join(c.examples[:3])})" if c.examples else ""))] for c in checks]
    differing = sum(c.missing + c.stale + c.orphans for c in checks)
    summary = (f"Updates waiting for the indexes: {pending.count()} ({failing} failing). " +
               (f"Last drift check: {differing} entries differ from what is published; "
                "`manage.py search_drift --repair` resends them." if checks else ""))
    return PanelContent(summary, ["Index", "Checked", "Expected / indexed", "Differences"], rows,
                        "No drift check has run yet: `manage.py search_drift` compares each index with the CMS.")


@hooks.register("construct_homepage_panels")
def add_index_panel(request, panels):
    panels.append(DashboardPanel("index-drift", "Search index drift", 140, index_health))
