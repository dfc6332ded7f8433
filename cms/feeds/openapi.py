"""OpenAPI paths of the Atom feeds (registered in FeedsConfig.ready)."""

from __future__ import annotations

from cms.api.openapi import path_param

ATOM = {"description": "Atom 1.0 feed", "content": {"application/atom+xml": {"schema": {"type": "string"}}}}


def _feed(summary: str, operation: str, parameters: list | None = None, not_found: bool = False) -> dict:
    responses = {"200": ATOM, **({"404": {"description": "Unknown target or type"}} if not_found else {})}
    return {"get": {"summary": summary, "operationId": operation, "parameters": parameters or [],
                    "responses": responses}}


def paths() -> dict[str, dict]:
    return {
        "/feeds/notifications/": _feed("Atom feed of new notifications", "feed_notifications"),
        "/feeds/deadlines/": _feed("Atom feed of notification deadlines in the next 30 days", "feed_deadlines"),
        "/feeds/gbf-targets/{identifier}/": _feed("Atom feed of the records tagged with a GBF target",
                                                   "feed_gbf_target", [path_param("identifier")], True),
        "/feeds/types/{record_type}/": _feed("Atom feed of the newest records of a type", "feed_type",
                                             [path_param("record_type")], True),
    }
