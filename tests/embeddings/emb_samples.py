"""Sample CBD records (real texts, shortened) in the search-document shape of docs/contracts.md."""

from __future__ import annotations

ARTICLE_8 = (
    "Each Contracting Party shall, as far as possible and as appropriate: (a) Establish a system of protected "
    "areas or areas where special measures need to be taken to conserve biological diversity; (b) Develop, "
    "where necessary, guidelines for the selection, establishment and management of protected areas."
)
ARTICLE_8J = (
    "Subject to its national legislation, respect, preserve and maintain knowledge, innovations and practices "
    "of indigenous and local communities embodying traditional lifestyles relevant for the conservation and "
    "sustainable use of biological diversity."
)
TARGET_19 = (
    "Substantially and progressively increase the level of financial resources from all sources, mobilizing at "
    "least 200 billion United States dollars per year by 2030, including domestic, international, public and "
    "private resources."
)


def doc(page_id: int, identifier: str, type_: str, title: str, text: str = "", **extra) -> dict:
    anchor = extra.get("anchor")
    return {
        "id": f"p{page_id}-{anchor}" if anchor else f"p{page_id}",
        "page_id": page_id,
        "identifier": identifier,
        "type": type_,
        "unit": "paragraph" if anchor else "record",
        "paragraph_code": None,
        "anchor": None,
        "title": title,
        "text": text,
        "language": "en",
        "translated": True,
        "url": f"/records/{identifier}",
        "year": 2022,
        "status": "published",
        **extra,
    }


SAMPLE_DOCS = [
    doc(1, "cbd-08", "treaty-article", "Article 8. In-situ Conservation", ARTICLE_8),
    doc(
        1,
        "cbd-08",
        "treaty-article",
        "Article 8. In-situ Conservation",
        ARTICLE_8J,
        anchor="para-j",
        paragraph_code="cbd-08/j",
        unit="paragraph",
    ),
    doc(
        2,
        "GBF-TARGET-19",
        "gbf-target",
        "Mobilize $200 Billion per Year for Biodiversity",
        TARGET_19,
        gbf_targets=["GBF-TARGET-19"],
    ),
    doc(
        3,
        "2024-001",
        "notification",
        "Fifth Call for Proposals under the Bio-Bridge Initiative",
        year=2024,
        subjects=["CBD-SUBJECT-BBI"],
    ),
    doc(
        4,
        "2025-096",
        "notification",
        "Seventeenth meeting of the Conference of the Parties, Yerevan, Armenia",
        "The seventeenth meeting of the Conference of the Parties will be held in Yerevan, Armenia, in October 2026.",
        year=2025,
    ),
]
