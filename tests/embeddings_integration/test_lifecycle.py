"""Vectors follow the publishing lifecycle through the outbox, like the lexical index."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db(transaction=True)
def test_unpublishing_a_record_removes_its_vectors(make_notification, vectors):
    page = make_notification("2024-201", title="Marine spatial planning workshop",
                             summary="A workshop on marine spatial planning for coastal states.")
    assert vectors.count(identifier="2024-201") >= 1
    page.unpublish()
    assert vectors.count(identifier="2024-201") == 0


@pytest.mark.django_db(transaction=True)
def test_deleting_a_record_removes_its_vectors(make_notification, vectors):
    page = make_notification("2024-202", title="Pollinator initiative survey")
    assert vectors.count(identifier="2024-202") == 1
    page.delete()
    assert vectors.count(identifier="2024-202") == 0


def test_drafts_are_never_embedded(site, vectors):
    from cms.records.models import NotificationPage

    draft = NotificationPage(title="Secret draft on deep-sea mining", slug="2024-203", identifier="2024-203",
                             live=False)
    site["notifications"].add_child(instance=draft)
    draft.save_revision()
    assert vectors.count(identifier="2024-203") == 0


def test_a_draft_edit_of_a_published_record_keeps_the_published_text(make_notification, vectors):
    page = make_notification("2024-204", title="Wetlands restoration call")
    draft = page.get_latest_revision_as_object()
    draft.title = "Unreviewed new wording about peatlands"
    draft.save_revision()
    assert [p["title"] for p in vectors.payloads(identifier="2024-204")] == ["Wetlands restoration call"]


def test_a_new_translation_is_embedded_in_its_language(make_notification, vectors):
    from wagtail.models import Locale

    page = make_notification("2024-205", title="Invasive alien species toolkit")
    assert vectors.count(identifier="2024-205", language="fr") == 0
    french = page.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.title = "Boîte à outils sur les espèces exotiques envahissantes"
    french.save_revision().publish()
    (fr,) = vectors.payloads(identifier="2024-205", language="fr")
    assert fr["title"].startswith("Boîte à outils")
    assert vectors.count(identifier="2024-205", language="en") == 1


def test_republishing_unchanged_text_embeds_nothing_and_metadata_edits_keep_vectors(make_notification):
    from embeddings.sync import VectorSink
    from indexing.states import batches

    page = make_notification("2024-206", title="Biodiversity finance dialogue")
    (batch,) = batches([page.pk], 10)
    report = VectorSink().sync_pages(batch)
    assert (report.embedded, report.unchanged) == (0, 1)
    page.status = "closed"
    page.save_revision().publish()
    (batch,) = batches([page.pk], 10)
    assert VectorSink().sync_pages(batch).embedded == 0


def test_extracted_file_text_becomes_passages_with_paragraph_codes(make_notification, vectors):
    from cms.records.extraction import _save_and_reindex
    from cms.records.models.files import NotificationFile

    page = make_notification("2024-207", title="Submission of views on nature-based solutions")
    row = NotificationFile.objects.create(page=page, language="en", name="letter.pdf")
    row.extracted_text = "3. Parties are invited to submit views on nature-based solutions by 1 May."
    row.extracted_paragraphs = [{"number": ["3"], "label": "3", "anchor": "para-3", "text": row.extracted_text,
                                 "page": 1, "section": None, "heading": None, "kind": "numbered"}]
    row.extraction_status = "done"
    _save_and_reindex(row, ["extracted_text", "extracted_paragraphs", "extraction_status"])
    chunks = [p for p in vectors.payloads(identifier="2024-207") if p["unit"] == "chunk"]
    assert [c["text"] for c in chunks] == [row.extracted_text]


def test_reindex_and_drift_cover_the_vectors(make_notification, vectors, capsys):
    from embeddings import runtime

    make_notification("2024-208", title="Ocean acidification report")
    make_notification("2024-209", title="Seed banks and crop diversity")
    call_command("reindex", quiet_progress=True)
    assert vectors.count() == 2
    call_command("search_drift")  # in step: no error
    runtime.get_store().delete_pages([make_notification("2024-210", title="Coral reef alert").pk])
    with pytest.raises(CommandError):
        call_command("search_drift")
    assert "[vectors]" in capsys.readouterr().out
    call_command("search_drift", repair=True)
    assert vectors.count(identifier="2024-210") == 1
