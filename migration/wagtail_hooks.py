"""The last legacy import on the editors' dashboard: its outcome counts and the records it could not import."""

from wagtail import hooks

from cms.core.dashboard import Cell, DashboardPanel, PanelContent
from migration.models import MigrationRecordState, MigrationRun

SHOWN = 10


def last_import(request) -> PanelContent:
    run = MigrationRun.objects.filter(dry_run=False).order_by("-pk").first()
    if run is None:
        return PanelContent("", empty="No legacy import has run on this site.")
    failed = run.records.filter(outcome=MigrationRecordState.Outcome.FAILED).order_by("key")
    counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(_outcomes(run).items()))
    state = f"finished {run.finished_at:%Y-%m-%d %H:%M} UTC" if run.finished_at else "unfinished (resume with --resume)"
    rows = [[Cell(r.identifier or "—"), Cell(r.key), Cell(r.reason[:200])] for r in failed[:SHOWN]]
    return PanelContent(f"Import run {run.pk}, {state}: {counts or 'no records'}. {failed.count()} failed.",
                        ["Identifier", "Source record", "Why it failed"], rows,
                        "Every record of the last import was imported.")


def _outcomes(run: MigrationRun) -> dict[str, int]:
    from django.db.models import Count

    return dict(run.records.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))


@hooks.register("construct_homepage_panels")
def add_import_panel(request, panels):
    panels.append(DashboardPanel("last-import", "Last import's errors", 150, last_import))
