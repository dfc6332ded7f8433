"""A small real-data site for the browser tests, created through the CMS models (publish = the real lifecycle, so
the search index and vector store are fed by the project's own signals).

`load_site()` runs the project's own `load_demo` (site, legacy migration, decision 15/4, reindex), then adds only
the records the tests need that it did not create (each guarded by its identifier, so once the legacy migration
brings them in, nothing here runs). Everything comes from migration/data (the CBD's exports); a decision is only
created when load_demo is missing, from the first operative paragraphs of the adopted decision 15/4.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path

from django.conf import settings

DATA = Path(settings.BASE_DIR) / "migration" / "data"
NOTIFICATIONS = ["2024-001", "2024-070", "2024-113", "2025-075"]


def _exists(identifier: str) -> bool:
    from cms.core.models import RecordPage

    return RecordPage.objects.filter(identifier=identifier, locale__language_code="en").exists()


def _publish(parent, page):
    if _exists(page.identifier):
        return None
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _stream(blocks: list[tuple[str, object]]) -> str:
    """StreamField raw JSON with stable block ids (code-created pages need ids, or translation breaks)."""
    return json.dumps([{"type": kind, "value": value, "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{kind}{i}{value}"))}
                       for i, (kind, value) in enumerate(blocks)])


def _date(value):
    return dt.date.fromisoformat(value[:10]) if value else None


def _terms(sections):
    from cms.taxonomy.models import TermPage

    for target in json.loads((DATA / "gbf-targets.json").read_text(encoding="utf-8")):
        title = target["shortTitle"]["en"] if isinstance(target.get("shortTitle"), dict) else target["name"]
        long = target.get("longDescription")
        _publish(sections["gbf"], TermPage(
            title=title, slug=target["identifier"].lower(), identifier=target["identifier"], scheme="gbf-target",
            code=target["identifier"].rsplit("-", 1)[-1],
            description=(long or {}).get("en") if isinstance(long, dict) else target.get("description", "")))
    aichi = json.loads((DATA / "aichi-targets.json").read_text())["targets"][10]  # Target 11, protected areas
    _publish(sections["aichi"], TermPage(
        title=aichi["title"]["en"][:255], slug="aichi-target-11", identifier="AICHI-TARGET-11", scheme="aichi-target",
        description=aichi.get("action", {}).get("en", ""),
        activities=_stream([("activity", {"country": a["country"], "text": a["title_s"]})
                            for a in aichi["activities"][:12]])))


def _notifications(sections):
    from cms.records.models import NotificationPage
    from cms.records.models.files import NotificationFile

    for item in json.loads((DATA / "notifications.json").read_text()):
        if item["symbol"] not in NOTIFICATIONS:
            continue
        page = NotificationPage(
            title=item["titleEn"][:255], slug=item["symbol"], identifier=item["symbol"], date=_date(item["date"]),
            reference=item.get("reference") or "", sender=item.get("sender") or "",
            recipients=item.get("recipients") or [], action_date=_date(item.get("actionDate")),
            deadline=_date(item.get("deadline")),
            subjects=[t for t in item.get("themes", []) if t.startswith("CBD-SUBJECT-")],
            gbf_targets=["GBF-TARGET-03"] if item["symbol"] == "2024-070" else [],
        )
        page.files = [NotificationFile(language=f["language"], file_format=f["type"], name=f["name"], url=f["url"])
                      for f in item.get("files", [])]
        _publish(sections["notifications"], page)


def _treaty(sections):
    from cms.records.models import TreatyArticlePage, TreatyPage

    text = (DATA / "treaties" / "convention-on-biological-diversity.en.md").read_text()
    article = text.split("### Article 8", 1)[1].split("### Article", 1)[0]
    lines = [line.strip() for line in article.splitlines() if line.strip()]
    title = lines[0].lstrip("#").strip()
    subs = []
    for line in lines[2:]:
        match = re.match(r"^([a-z]{1,2})\)\s*(.+)$", line)
        if match:
            subs.append({"letter": match.group(1), "text": match.group(2).strip()})
    if _exists("cbd-08"):
        return
    treaty = _publish(sections["treaties"], TreatyPage(
        title="Convention on Biological Diversity", slug="cbd", identifier="cbd", short_title="CBD"))
    if treaty is None:
        treaty = TreatyPage.objects.get(identifier="cbd", locale__language_code="en")
    _publish(treaty, TreatyArticlePage(
        title=title, slug="cbd-08", identifier="cbd-08", number="8", gbf_targets=["GBF-TARGET-03"],
        body=_stream([("paragraph", {"number": "", "text": lines[1], "subparagraphs": subs, "gbf_targets": []})])))


def _decision(sections):
    from cms.records.models import DecisionPage

    paragraph = lambda number, text, subs=(), targets=(): {  # noqa: E731
        "number": number, "text": text, "gbf_targets": list(targets),
        "subparagraphs": [{"letter": letter, "text": sub} for letter, sub in subs]}
    body = [
        ("preamble", "The Conference of the Parties,"),
        ("paragraph", paragraph("1", "Adopts the Kunming-Montreal Global Biodiversity Framework (the Framework) as "
                                "contained in the annex to the present decision;")),
        ("paragraph", paragraph("2", "Urges Parties and invites other Governments, with the support of "
                                "intergovernmental and other organizations, as appropriate, to implement the "
                                "Framework, including its goals and targets, and in particular to:", subs=[
            ("a", "Conserve and manage at least 30 per cent of terrestrial, inland water and coastal and marine "
                  "areas through protected areas and other effective area-based conservation measures;"),
            ("b", "Revise and update their national biodiversity strategies and action plans in alignment "
                  "with the Framework;"),
        ], targets=["GBF-TARGET-03"])),
        ("paragraph", paragraph("3", "Invites Parties to mobilize financial resources from all sources to "
                                "implement the Framework;")),
    ]
    _publish(sections["decisions"], DecisionPage(
        title="Kunming-Montreal Global Biodiversity Framework", slug="cbd-cop-dec-15-4",
        identifier="CBD/COP/DEC/15/4", session=15, number=4, meeting_code="COP-15", date=dt.date(2022, 12, 19),
        gbf_targets=["GBF-TARGET-03"], body=_stream(body)))


def build_site() -> None:
    from cms.core.site import bootstrap_site

    sections = bootstrap_site()
    _terms(sections)
    _notifications(sections)
    _treaty(sections)
    _decision(sections)


def load_site() -> None:
    """The project's loader first, then whatever the browser tests need that it did not bring, then reindex."""
    from django.core.management import call_command, get_commands

    commands = get_commands()
    if "load_demo" in commands:
        call_command("load_demo", "--skip-indexes")
    else:
        call_command("migrate", interactive=False, verbosity=0)
    build_site()
    if "reindex" in commands:
        call_command("reindex")
