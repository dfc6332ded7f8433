"""Model validation: identifiers, dates and structure give clear errors; codes and anchors are stable."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cms.records.models import DecisionPage, MeetingDocumentPage, NotificationPage
from identifiers import normalize_document_symbol, official_symbol

pytestmark = pytest.mark.django_db


def _validate(page, parent):
    page.locale = parent.locale
    page.full_clean(exclude=["path", "depth", "url_path", "slug"])


@pytest.mark.parametrize("bad", ["2024-70", "24-070", "2024/070", "notification", ""])
def test_notification_symbol_must_be_year_and_three_digits(site, bad):
    page = NotificationPage(title="Anything", identifier=bad)
    with pytest.raises(ValidationError) as err:
        _validate(page, site["notifications"])
    assert "identifier" in err.value.message_dict


def test_valid_notification_passes_validation(site):
    _validate(NotificationPage(title="Call", identifier="2024-070", date=dt.date(2024, 6, 1)), site["notifications"])


def test_identifier_is_unique_per_language(site, make_notification):
    make_notification("2024-070")
    with pytest.raises(ValidationError) as err:
        _validate(NotificationPage(title="Copy", identifier="2024-070"), site["notifications"])
    assert "already has the identifier" in str(err.value)


def test_bad_date_gets_a_clear_error(site):
    page = NotificationPage(title="Call", identifier="2024-071", date="Before Q1 2026")
    with pytest.raises(ValidationError) as err:
        _validate(page, site["notifications"])
    assert "date" in err.value.message_dict


@pytest.mark.parametrize(
    ("body", "session", "number", "expected"),
    [
        ("COP", 15, 4, "CBD/COP/DEC/15/4"),
        ("COP", 12, 2, "UNEP/CBD/COP/DEC/XII/2"),
        ("CP-MOP", 11, 5, "CBD/CP/MOP/DEC/11/5"),
        ("NP-MOP", 5, 3, "CBD/NP/MOP/DEC/5/3"),
    ],
)
def test_official_decision_symbols(body, session, number, expected):
    assert official_symbol(body, session, number) == expected


def test_decision_symbol_must_match_session_and_number(site):
    page = DecisionPage(title="GBF", identifier="CBD/COP/DEC/15/5", body_code="COP", session=15, number=4)
    with pytest.raises(ValidationError) as err:
        _validate(page, site["decisions"])
    assert "expected CBD/COP/DEC/15/4" in str(err.value)


def test_decision_paragraphs_get_stable_codes_and_anchors(make_decision):
    body = [
        {
            "type": "section",
            "value": {
                "label": "A",
                "title": "Framework",
                "paragraphs": [
                    {
                        "number": "1",
                        "text": "Adopts the framework;",
                        "subparagraphs": [{"letter": "a", "text": "first"}, {"letter": "b", "text": "second"}],
                        "gbf_targets": ["GBF-TARGET-03"],
                        "subjects": [],
                        "actors": "Parties",
                        "status": "active",
                    }
                ],
            },
        },
        {
            "type": "annex",
            "value": {
                "label": "I",
                "title": "Targets",
                "text": "",
                "paragraphs": [
                    {
                        "number": "3",
                        "text": "Protect 30 per cent",
                        "subparagraphs": [],
                        "gbf_targets": [],
                        "subjects": [],
                        "actors": "",
                        "status": "",
                    }
                ],
            },
        },
    ]
    decision = make_decision(body=body)
    paragraphs = decision.search_paragraphs()
    assert [p["code"] for p in paragraphs] == ["CBD/COP/15/04/A/01", "CBD/COP/15/04/ANNEX-I/03"]
    assert paragraphs[1]["anchor"] == "annex-i-3"
    first = paragraphs[0]
    assert first["anchor"] == "para-a-1"
    assert [s["anchor"] for s in first["subparagraphs"]] == ["para-a-1-a", "para-a-1-b"]
    assert first["subparagraphs"][1]["label"] == "A 1 (b)"
    assert first["gbf_targets"] == ["GBF-TARGET-03"]
    assert first["actors"] == ["Parties"]


def test_meeting_document_symbols_are_normalised(site):
    assert normalize_document_symbol(" cbd/sbi/6/inf/11/add.1 ") == "CBD/SBI/6/INF/11/Add.1"
    page = MeetingDocumentPage(title="Doc", identifier="cbd/sbstta/26/inf/20/rev.1", meeting_code="SBSTTA-26")
    _validate(page, site["documents"])
    assert page.identifier == "CBD/SBSTTA/26/INF/20/Rev.1"


def test_gbf_target_identifier_must_be_as_issued(site):
    from cms.taxonomy.models import TermPage

    page = TermPage(title="Target 3", identifier="GBF-T3", scheme="gbf-target")
    with pytest.raises(ValidationError):
        _validate(page, site["gbf"])


def test_term_record_type_is_its_scheme(make_term):
    term = make_term("GBF-TARGET-03", "Conserve 30% of land and sea")
    assert term.record_type == "gbf-target"
