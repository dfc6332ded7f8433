"""/api/ask/ answers a question whose answer the hub holds, even worded unlike the record, and says "nothing
answers" when nothing does (issue 13; bench/ask_eval.py measures the same on 58 questions)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "migration" / "data"

SBSTTA = "meeting of the Subsidiary Body on Scientific, Technical and Technological Advice"


def _title(text: str) -> str:
    """A page title holds 255 characters: the migration cuts a longer one at a word and keeps it whole in the
    text (so the passage embedded is the cut title, then the whole one, then the sender)."""
    return text if len(text) <= 255 else text[:254].rsplit(" ", 1)[0] + "…"


@pytest.fixture
def meetings_hub(site, make_notification):
    """The SBSTTA meeting records and the real notifications about SBSTTA meetings, funding and webinars, with
    their text as the migration writes it."""
    from cms.records.models import MeetingPage

    for code, title in (("SBSTTA-27", f"Twenty-seventh {SBSTTA}"), ("SBSTTA-28", f"Twenty-eighth {SBSTTA}")):
        page = MeetingPage(title=title, slug=code.lower(), identifier=code, date=dt.date(2025, 10, 20))
        site["meetings"].add_child(instance=page)
        page.save_revision().publish()
    made = []
    for row in json.loads((DATA / "notifications.json").read_text(encoding="utf-8")):
        title = row["titleEn"] or ""
        if any(w in title for w in ("SBSTTA", "Subsidiary Body", "webinar", "funding")) and row["symbol"] not in made:
            make_notification(row["symbol"], title=_title(title), full_text=title, sender=row.get("sender") or "",
                              date=dt.date.fromisoformat(row["date"][:10]))
            made.append(row["symbol"])
    return made


def _ask(client, q: str) -> dict:
    response = client.get("/api/ask/", {"q": q})
    assert response.status_code == 200
    return response.json()


def test_a_question_worded_unlike_its_answer_is_answered_with_the_citation(client, meetings_hub):
    """The registration notice's long title dilutes its vector below the model's threshold, and the meeting
    record the question names ranks above it; the question's words are in the notice, so it answers."""
    assert "2025-057" in meetings_hub
    body = _ask(client, "How do I register for the twenty-seventh meeting of SBSTTA?")
    assert body["found"] is True, body["answer"]
    first = body["citations"][0]
    # 2025-057 ("Registration for the twenty-seventh meeting of ... (SBSTTA-27)") or 2025-059 (its side events'
    # registration): on this small corpus the two rank either way; in the loaded hub 2025-057 comes first.
    assert first["identifier"] in {"2025-057", "2025-059"}, body["citations"]
    assert "registration for the twenty-seventh meeting" in first["title"].lower()
    assert body["answer"].rstrip(" …") in f"{first['title']}. {first['text']}"


@pytest.mark.parametrize("question", [
    "What is the boiling point of mercury on Mars?",
    "Which team won the football world cup final?",
])
def test_a_question_nothing_answers_gets_the_honest_reply(client, meetings_hub, question):
    body = _ask(client, question)
    assert (body["found"], body["citations"]) == (False, []), [(c["identifier"], c["score"]) for c in body["citations"]]
    assert body["answer"].startswith("Nothing in the Knowledge Hub answers")


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def nagoya(site):
    """A treaty whose preamble echoes every question about it, and its first article, which states the answer."""
    import uuid

    from cms.records.models import TreatyArticlePage, TreatyPage

    treaty = _publish(site["treaties"], TreatyPage(
        title="Nagoya Protocol on Access and Benefit-sharing", slug="abs", identifier="abs", short_title="Nagoya",
        preamble="Recalling that the fair and equitable sharing of benefits arising from the utilization of genetic "
                 "resources is one of the three core objectives of the Convention, the Parties to this Protocol "
                 "have agreed on its objective as follows."))
    paragraph = {"number": "", "subparagraphs": [], "gbf_targets": [],
                 "text": "The objective of this Protocol is the fair and equitable sharing of the benefits arising "
                         "from the utilization of genetic resources, including by appropriate access to genetic "
                         "resources and by appropriate transfer of relevant technologies."}
    _publish(treaty, TreatyArticlePage(title="Nagoya Protocol, Article 1: Objective", slug="abs-01",
                                       identifier="abs-01", number="1",
                                       body=json.dumps([{"type": "paragraph", "value": paragraph,
                                                         "id": str(uuid.uuid4())}])))


def test_the_article_that_states_it_answers_before_the_treatys_preamble(client, nagoya):
    body = _ask(client, "What is the objective of the Nagoya Protocol?")
    assert body["found"] is True, body["answer"]
    assert body["citations"][0]["identifier"] == "abs-01", body["citations"]

