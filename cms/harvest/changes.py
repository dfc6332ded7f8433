"""The JSON changes feed (/api/changes/?since=<cursor>): the same items as OAI-PMH, in the same order, for
partners who want JSON. Each change is the current state of a record in one language: an upsert (with the
record's API address) or a tombstone. Start without `since`; keep `next_cursor` and ask again later."""

from __future__ import annotations

from typing import Any

from cms.api.serializers import record_api_url
from cms.harvest.items import Item, ItemKey, Selection, items
from cms.harvest.oai import oai_identifier
from cms.linked.uris import record_uri

MAX_LIMIT = 1000


def change_entry(item: Item) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "op": "delete" if item.deleted else "upsert",
        "identifier": item.identifier,
        "language": item.language,
        "type": item.record_type,
        "gbf_targets": item.gbf_targets,
        "datestamp": item.key.datestamp.isoformat(),
        "uri": record_uri(item.identifier, item.record_type),
        "oai_identifier": oai_identifier(item.identifier, item.language),
        "cursor": item.key.encode(),
    }
    if item.deleted:
        entry["reason"] = item.reason
    else:
        page = item.page
        entry.update({"title": page.title, "date": page.date.isoformat() if page.date else None,
                      "api_url": record_api_url(page.identifier, item.language)})
    return entry


def changes_page(after: ItemKey | None, limit: int, record_type: str | None = None,
                 gbf_target: str | None = None) -> dict[str, Any]:
    found = items(Selection(record_type=record_type, gbf_target=gbf_target), after, limit + 1)
    more = len(found) > limit
    found = found[:limit]
    cursor = found[-1].key.encode() if found else (after.encode() if after else None)
    return {
        "since": after.encode() if after else None,
        "changes": [change_entry(item) for item in found],
        "next_cursor": cursor,
        "has_more": more,
    }
