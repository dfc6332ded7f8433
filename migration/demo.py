"""Demo content that the legacy exports lack: decision 15/4, whose annex (section H) is the text of the 23 GBF
targets shipped in migration/data/gbf-targets.json. Every paragraph is real text and is tagged with its target,
so the decision view, paragraph codes and target links can be tried on a fresh install."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction

from cms.core.site import section
from migration.runner.redirects import ensure_redirects

DATA = Path(settings.BASE_DIR) / "migration" / "data" / "gbf-targets.json"
SYMBOL = "CBD/COP/DEC/15/4"


def _paragraph(number: str, text: str, targets: list[str]) -> dict:
    return {
        "type": "paragraph",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{SYMBOL}/{number}")),
        "value": {
            "number": number,
            "text": text,
            "subparagraphs": [],
            "gbf_targets": targets,
            "subjects": [],
            "actors": "",
            "status": "active",
        },
    }


def gbf_annex_body() -> list[dict]:
    targets = json.loads(DATA.read_text(encoding="utf-8"))
    paragraphs = [
        {
            "number": str(int(t["identifier"].rsplit("-", 1)[1])),
            "text": t["description"],
            "subparagraphs": [],
            "gbf_targets": [t["identifier"]],
            "subjects": [],
            "actors": "",
            "status": "active",
        }
        for t in targets
    ]
    return [
        {
            "type": "preamble",
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{SYMBOL}/preamble")),
            "value": "The Conference of the Parties adopts the Kunming-Montreal Global Biodiversity Framework as "
            "contained in the annex to the present decision.",
        },
        {
            "type": "annex",
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{SYMBOL}/annex-H")),
            "value": {"label": "H", "title": "Global targets for 2030", "text": "", "paragraphs": paragraphs},
        },
    ]


def decision_legacy_paths(session: int, number: int) -> list[str]:
    """The incumbent site's URL forms for a COP decision (page, zero-padded page, PDF per language)."""
    paths = [f"/decisions/cop/{session}/{number}", f"/decisions/cop/{session}/{number:02d}"]
    paths += [
        f"/doc/decisions/cop-{session}/cop-{session}-dec-{number:02d}-{lang}.pdf" for lang in settings.UN_LANGUAGE_CODES
    ]
    return paths


@transaction.atomic
def ensure_decision_15_4():
    from cms.records.models import DecisionPage

    existing = DecisionPage.objects.filter(identifier=SYMBOL, locale__language_code="en").first()
    if existing is not None:
        ensure_redirects(existing, decision_legacy_paths(15, 4))
        return None
    page = DecisionPage(
        title="Kunming-Montreal Global Biodiversity Framework",
        slug="cbd-cop-dec-15-4",
        identifier=SYMBOL,
        body_code="COP",
        session=15,
        number=4,
        meeting_code="COP-15",
        date=dt.date(2022, 12, 19),
        status="active",
        summary="Decision 15/4 adopts the Kunming-Montreal Global Biodiversity Framework (GBF).",
        meetings=["COP-15"],
        gbf_targets=[f"GBF-TARGET-{n:02d}" for n in range(1, 24)],
        source_system="seed:gbf-targets.json",
        legacy_id="decision 15/4",
        source_url="https://www.cbd.int/decisions/cop/15/4",
        body=json.dumps(gbf_annex_body()),
    )
    section("decisions").add_child(instance=page)
    page.save_revision().publish()
    ensure_redirects(page, decision_legacy_paths(15, 4))
    return page
