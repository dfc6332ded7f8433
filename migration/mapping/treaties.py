"""The Convention and its Protocols (TreatyPage) and their articles and annexes (TreatyArticlePage)."""

from __future__ import annotations

from datetime import date
from typing import Any

from identifiers import is_valid
from migration.mapping.common import absolute, block_id, required
from migration.spec import MappingError, RecordSpec

ARTICLE_URL = "https://www.cbd.int/{}/articles/?a={}"
TREATY_PATH = {"cbd": "convention", "cpb": "bioSafety/protocol", "abs": "abs/text"}
def map_treaty(data: dict[str, Any]) -> RecordSpec:
    code = required(data, "code")
    fields = {"short_title": data.get("short_title", ""), "preamble": data.get("preamble", ""),
              "date": date.fromisoformat(data["adopted"]) if data.get("adopted") else None,
              "summary": data.get("closing", "")}
    url = absolute(f"/{TREATY_PATH[code]}/")
    return RecordSpec(model="records.TreatyPage", section="treaties", identifier=code, title=required(data, "title"),
                      fields=fields, source_system="laws-markdown", legacy_id=data.get("file", code),
                      source_url=url, legacy_urls=[f"/{TREATY_PATH[code]}/"] if code == "cbd" else [])


def article_body(identifier: str, paragraphs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"type": "paragraph", "id": block_id(identifier, i),
         "value": {"number": p["number"], "text": p["text"],
                   "subparagraphs": [{"type": "item", "id": block_id(identifier, i * 1000 + j + 1),
                                      "value": {"letter": s["letter"], "text": s["text"]}}
                                     for j, s in enumerate(p["subparagraphs"])],
                   "gbf_targets": [], "subjects": [], "actors": "", "status": ""}}
        for i, p in enumerate(paragraphs)
    ]


def map_treaty_article(data: dict[str, Any]) -> RecordSpec:
    identifier = required(data, "identifier")
    if not is_valid("treaty-article", identifier):
        raise MappingError(f"'{identifier}' is not a treaty article identifier (expected e.g. cbd-08)")
    treaty = required(data, "treaty")
    fields = {"number": data.get("number", ""), "kind": data.get("kind", "article"),
              "body": article_body(identifier, data.get("paragraphs") or [])}
    url = ARTICLE_URL.format("convention", identifier)
    return RecordSpec(model="records.TreatyArticlePage", section="treaties", identifier=identifier,
                      title=required(data, "title"), fields=fields, source_system="laws-markdown",
                      legacy_id=f"{data.get('file', treaty)}#{identifier}", source_url=url, parent=treaty,
                      legacy_urls=[f"/convention/articles/?a={identifier}"], references=[treaty])
