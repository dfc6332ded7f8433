"""Meilisearch adapter (official `meilisearch` client) implementing the SearchEngine interface.

Every write waits for its task and raises SearchError when the task fails; HTTP and connection errors
become SearchError too, with Meilisearch's own code and message. Note: Meilisearch reads only the first
10 words of a query; long questions are trimmed of function words here and belong to the semantic path.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Any

import meilisearch
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError, MeilisearchError

from search.engine import FACET_FIELDS, SearchError, SearchHit, SearchQuery, SearchResult
from search.engines.meili_settings import (
    LOCALES,
    MAX_QUERY_WORDS,
    POST,
    PRE,
    build_filter,
    index_settings,
    quote,
    safe_highlight,
    text_fields,
    title_fields,
    to_meili,
    trim_query,
)

BATCH = 1000
CROP_WORDS = 40
#: SearchQuery.match -> Meilisearch's matchingStrategy ("frequency" drops the most frequent words first).
MATCHING_STRATEGY = {"all": "all", "most": "frequency", "any": "last"}


class MeiliEngine:
    max_query_words = MAX_QUERY_WORDS  # hybrid search sends longer questions down the semantic path

    def __init__(self, url: str, api_key: str | None = None, index_uid: str = "cbd_records", *,
                 task_timeout_ms: int = 120_000, http_timeout: int = 30):
        self.client = meilisearch.Client(url, api_key, timeout=http_timeout)
        self.uid = index_uid
        self.task_timeout_ms = task_timeout_ms

    @property
    def index(self):
        return self.client.index(self.uid)

    # --- plumbing -------------------------------------------------------------------------------------

    def _call(self, what: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except MeilisearchApiError as exc:
            raise SearchError(f"Meilisearch {what} failed: {exc.code or exc.status_code}: {exc.message}") from exc
        except MeilisearchCommunicationError as exc:
            raise SearchError(f"Meilisearch unreachable during {what}: {exc}") from exc
        except MeilisearchError as exc:
            raise SearchError(f"Meilisearch {what} failed: {exc}") from exc

    def _wait(self, what: str, task_info) -> None:
        task = self._call(what, self.client.wait_for_task, task_info.task_uid, timeout_in_ms=self.task_timeout_ms)
        if task.status != "succeeded":
            error = task.error or {}
            raise SearchError(f"Meilisearch task {task.uid} ({what}) {task.status}: "
                              f"{error.get('code', 'unknown')}: {error.get('message', '')}".rstrip(": "))

    # --- lifecycle and writes -------------------------------------------------------------------------

    def configure(self) -> None:
        try:
            self._wait("create index", self.client.create_index(self.uid, {"primaryKey": "id"}))
        except SearchError as exc:
            if "index_already_exists" not in str(exc):
                raise
        self._wait("update settings", self._call("update settings", self.index.update_settings, index_settings()))

    def ping(self) -> None:
        """Raise SearchError unless the server answers its health check."""
        self._call("health check", self.client.health)

    def upsert(self, docs: Iterable[Mapping[str, Any]]) -> int:
        prepared = [to_meili(d) for d in docs]
        for start in range(0, len(prepared), BATCH):
            batch = prepared[start:start + BATCH]
            self._wait("add documents", self._call("add documents", self.index.add_documents, batch, "id"))
        return len(prepared)

    def _delete_where(self, what: str, expression: str) -> None:
        self._wait(what, self._call(what, self.index.delete_documents, filter=expression))

    def delete(self, ids: Iterable[str]) -> None:
        ids = [i for i in ids if isinstance(i, str)]
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            self._delete_where("delete documents", f"id IN [{', '.join(quote(i) for i in chunk)}]")

    def delete_pages(self, page_ids: Iterable[int]) -> None:
        page_ids = [int(p) for p in page_ids]
        for start in range(0, len(page_ids), BATCH):
            chunk = page_ids[start:start + BATCH]
            self._delete_where("delete pages", f"page_id IN [{', '.join(str(p) for p in chunk)}]")

    def clear(self) -> None:
        self._wait("clear", self._call("clear", self.index.delete_all_documents))

    # --- reads ----------------------------------------------------------------------------------------

    def count(self) -> int:
        return int(self._call("stats", self.index.get_stats).number_of_documents)

    def fingerprints(self) -> dict[str, str]:
        out: dict[str, str] = {}
        offset = 0
        while True:
            page = self._call("get documents", self.index.get_documents,
                              {"fields": ["id", "checksum"], "limit": BATCH, "offset": offset})
            for doc in page.results:
                doc = doc if isinstance(doc, dict) else dict(doc)
                out[doc["id"]] = doc.get("checksum") or ""
            offset += BATCH
            if offset >= page.total or not page.results:
                return out

    def search_params(self, query: SearchQuery) -> dict[str, Any]:
        params: dict[str, Any] = {
            "page": query.page, "hitsPerPage": query.limit,
            "filter": build_filter(query.filters),
            "facets": [FACET_FIELDS[f] for f in query.facets],
            "attributesToHighlight": [*title_fields(), *text_fields()],
            "attributesToCrop": text_fields(), "cropLength": CROP_WORDS,
            "highlightPreTag": PRE, "highlightPostTag": POST, "showRankingScore": True,
        }
        if query.distinct:
            # One hit per record; totalHits (exhaustive with page/hitsPerPage) then counts records. Meilisearch builds
            # facetDistribution from the document kept per record (its best-ranked), so a value carried only by
            # another matching document of the record is not counted (the embedded engine counts it).
            params["distinct"] = query.distinct
        if query.match != "any":  # "any" is Meilisearch's default ("last": drop words from the end until found)
            params["matchingStrategy"] = MATCHING_STRATEGY[query.match]
        if query.sort != "relevance":
            params["sort"] = ["date_ts:desc" if query.sort == "date_desc" else "date_ts:asc"]
        if query.lang in LOCALES:
            params["locales"] = [LOCALES[query.lang]]
        return params

    def search(self, query: SearchQuery) -> SearchResult:
        started = time.perf_counter()
        query.validate()
        raw = self._call("search", self.index.search, trim_query(query.q or "", query.lang), self.search_params(query))
        by_field = {v: k for k, v in FACET_FIELDS.items()}
        facets = {by_field[f]: {str(k): int(v) for k, v in counts.items()}
                  for f, counts in (raw.get("facetDistribution") or {}).items() if f in by_field}
        for name in query.facets:
            facets.setdefault(name, {})
        return SearchResult(total=int(raw.get("totalHits", raw.get("estimatedTotalHits", 0))),
                            hits=[self._hit(h) for h in raw.get("hits", [])], facets=facets,
                            took_ms=round((time.perf_counter() - started) * 1000, 2))

    @staticmethod
    def _hit(hit: Mapping[str, Any]) -> SearchHit:
        formatted = hit.get("_formatted") or {}
        text = next((formatted[f] for f in text_fields() if formatted.get(f)), None)
        title = next((formatted[f] for f in title_fields() if formatted.get(f)), None)
        return SearchHit(id=hit["id"], identifier=hit.get("identifier") or "", type=hit.get("type") or "",
                         title=hit.get("title") or "", url=hit.get("url") or "", language=hit.get("language") or "",
                         snippet=safe_highlight(text or title), paragraph_code=hit.get("paragraph_code"),
                         anchor=hit.get("anchor"), score=float(hit.get("_rankingScore") or 0.0), date=hit.get("date"),
                         links=tuple(dict.fromkeys([*(hit.get("gbf_targets") or []), *(hit.get("meetings") or []),
                                                    *(hit.get("related") or [])])))
