"""Links the API gives readers: files at their source, references the hub lacks, paragraphs, open deadlines."""

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db

SECTION_AND_ANNEX = [
    {"type": "section", "value": {"label": "A", "title": "Framework", "paragraphs": [
        {"number": "1", "text": "Adopts the framework;", "subparagraphs": [], "gbf_targets": [], "subjects": [],
         "actors": "", "status": ""}]}},
    {"type": "annex", "value": {"label": "I", "title": "Targets", "text": "", "paragraphs": [
        {"number": "3", "text": "Protect 30 per cent", "subparagraphs": [], "gbf_targets": [], "subjects": [],
         "actors": "", "status": ""}]}},
]


@pytest.fixture
def notification_with_files(make_notification):
    from cms.records.models.files import NotificationFile

    page = make_notification("2024-016", date=dt.date(2024, 2, 1), related=["2023-999", "CBD/COP/DEC/14/1"])
    page.files = [
        NotificationFile(language="en", file_format="application/pdf", name="ntf-en.pdf",
                         url="/doc/notifications/2024/ntf-2024-016-nbsap-en.docx"),
        NotificationFile(language="fr", file_format="application/pdf", name="ntf-fr.pdf",
                         url="/doc/notifications/2024/ntf-2024-016-nbsap-fr.docx"),
    ]
    page.save_revision().publish()
    return page


def test_files_link_to_their_source_never_to_the_legacy_path_that_redirects_here(client, notification_with_files):
    files = client.get("/api/records/2024-016/").json()["files"]
    assert [(f["language"], f["url"]) for f in files] == [
        ("en", "https://www.cbd.int/doc/notifications/2024/ntf-2024-016-nbsap-en.docx"),
        ("fr", "https://www.cbd.int/doc/notifications/2024/ntf-2024-016-nbsap-fr.docx"),
    ]
    assert all(f["source_url"] == f["url"] and f["legacy_url"].startswith("/doc/") for f in files)


def test_references_the_hub_lacks_carry_their_official_address(client, notification_with_files):
    related = client.get("/api/records/2024-016/").json()["related"]
    assert [(r["identifier"], r["resolved"], r["source_url"]) for r in related] == [
        ("2023-999", False, "https://www.cbd.int/notifications/2023-999"),
        ("CBD/COP/DEC/14/1", False, "https://www.cbd.int/decisions/cop/14/1"),
    ]


def test_a_paragraph_reference_resolves_to_the_paragraph_anchor(client, make_decision):
    make_decision(body=SECTION_AND_ANNEX)
    data = client.get("/api/resolve/", {"ref": "CBD/COP/15/04/A/01"}).json()
    assert data["anchor"] == "para-a-1"
    assert data["frontend_url"].endswith("#para-a-1")
    # "paragraph 3" of the decision is not paragraph 3 of its annex: the record opens at the top.
    data = client.get("/api/resolve/", {"ref": "decision 15/4 paragraph 3"}).json()
    assert data["identifier"] == "CBD/COP/DEC/15/4" and data["anchor"] is None


def test_open_deadlines_can_be_listed(client, make_notification):
    make_notification("2024-001", deadline=dt.date(2024, 3, 1))
    make_notification("2024-002", deadline=dt.date(2024, 9, 1))
    items = client.get("/api/v2/notifications/", {"deadline_from": "2024-06-01", "fields": "deadline"}).json()["items"]
    assert [i["identifier"] for i in items] == ["2024-002"]
    response = client.get("/api/v2/pages/", {"deadline_from": "2024-06-01"})
    assert response.status_code == 400 and "notifications" in response.json()["message"]


def test_the_search_document_links_a_record_to_what_its_title_cites(make_notification):
    from cms.core.search_documents import build_documents

    page = make_notification("2024-062", related=["2023-999"],
                             title="Liability and redress (Article 14, paragraph 2 of the Convention)")
    assert build_documents(page)[0]["related"] == ["2023-999", "cbd-14"]
