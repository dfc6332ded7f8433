"""The embedded search engine: a tantivy index in a folder (settings.SEARCH_INDEX_DIR).

Designed for one process that writes at a time (the worker, or the web process when it must hide an
unpublished page within the request) and any number of readers. A writer is opened per batch and released
at once, so processes take turns instead of one holding the lock forever; readers reload as soon as the
index's meta.json changes, so a commit is visible to the very next search in every process.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Order

from search.analysis import register_analyzers
from search.counts_cache import CountsCache
from search.engine import FACET_FIELDS, SearchError, SearchHit, SearchQuery, SearchResult
from search.highlight import Highlighter
from search.tantivy_query import Weights, combine, filter_queries, text_query
from search.tantivy_schema import SCHEMA_VERSION, build_schema, stored, to_tantivy

MAX_FACET_VALUES = 100
MAX_WINDOW = 1000  # like Meilisearch's pagination.maxTotalHits: deep pages are not served
_TOTAL = "__total__"  # aggregation name of the match count (never a facet name)


class EmbeddedEngine:
    caches_counts = True  # count-only searches are cached per index state: callers need no cache of their own

    def __init__(self, path: str | os.PathLike[str], *, weights: Weights | None = None,
                 writer_heap: int = 64_000_000, writer_threads: int = 1, lock_timeout: float = 30.0):
        self.path = Path(path)
        self._instance = uuid.uuid4().hex
        self.weights = weights or Weights()
        self.writer_heap = writer_heap
        self.writer_threads = writer_threads
        self.lock_timeout = lock_timeout
        self._index: tantivy.Index | None = None
        self._schema = build_schema()
        self._seen_meta: tuple[int, int] | None = None
        self._lock = threading.RLock()
        self._generation = 0  # bumped whenever this process's reader moves to a newer commit
        self._counts = CountsCache()

    # --- lifecycle -------------------------------------------------------------------------------------

    def configure(self) -> None:
        with self._lock:
            self._open()

    def _open(self) -> tantivy.Index:
        if self._index is not None:
            return self._index
        self.path.mkdir(parents=True, exist_ok=True)
        version_file = self.path / "schema_version"
        current = version_file.read_text().strip() if version_file.exists() else None
        if current != SCHEMA_VERSION and tantivy.Index.exists(str(self.path)):
            self._wipe()  # built by another schema: derived data, rebuilt by the sync command
        index = tantivy.Index(self._schema, path=str(self.path), reuse=True)
        register_analyzers(index)
        index.config_reader("manual")
        version_file.write_text(SCHEMA_VERSION)
        self._index = index
        self._seen_meta = self._meta_stamp()
        return index

    def _wipe(self) -> None:
        for child in self.path.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()

    def _meta_stamp(self) -> tuple[int, int] | None:
        try:
            st = (self.path / "meta.json").stat()
        except FileNotFoundError:
            return None
        return st.st_mtime_ns, st.st_size

    def _searcher(self) -> tantivy.Searcher:
        return self._reader()[0]

    def _reader(self) -> tuple[tantivy.Searcher, int]:
        """The current searcher and the generation it is at least as new as (the key of cached counts)."""
        index = self._open()
        stamp = self._meta_stamp()
        if stamp != self._seen_meta:  # another process (or engine object) committed
            index.reload()
            self._seen_meta = stamp
            self._generation += 1
        generation = self._generation  # read before taking the searcher: never newer than what it sees
        return index.searcher(), generation

    @contextmanager
    def _writer(self) -> Iterator[tantivy.IndexWriter]:
        with self._lock:
            index = self._open()
            writer = self._acquire_writer(index)
            try:
                yield writer
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()  # also releases the lock for other processes
                del writer
            index.reload()
            self._seen_meta = self._meta_stamp()
            self._generation += 1

    def _acquire_writer(self, index: tantivy.Index) -> tantivy.IndexWriter:
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                return index.writer(heap_size=self.writer_heap, num_threads=self.writer_threads)
            except ValueError as exc:
                if "LockBusy" not in str(exc) or time.monotonic() > deadline:
                    raise SearchError(f"search index {self.path} is locked by another writer") from exc
                time.sleep(0.05)

    # --- writes ----------------------------------------------------------------------------------------

    def upsert(self, docs: Iterable[Mapping[str, Any]]) -> int:
        prepared = [(d["id"], to_tantivy(d)) for d in docs]  # validate all before touching the index
        if not prepared:
            return 0
        with self._writer() as writer:
            for doc_id, doc in prepared:
                writer.delete_documents_by_term("id", doc_id)
                writer.add_document(doc)
        return len(prepared)

    def delete(self, ids: Iterable[str]) -> None:
        ids = [i for i in ids if isinstance(i, str)]
        if ids:
            with self._writer() as writer:
                for doc_id in ids:
                    writer.delete_documents_by_term("id", doc_id)

    def delete_pages(self, page_ids: Iterable[int]) -> None:
        page_ids = [int(p) for p in page_ids]
        if page_ids:
            with self._writer() as writer:
                for page_id in page_ids:
                    writer.delete_documents_by_term("page_id", page_id)

    def replace_pages(self, page_ids: Iterable[int], docs: Iterable[Mapping[str, Any]]) -> int:
        """Every document of these pages replaced by `docs` in one commit: a search never sees a page
        half-written or missing while it is re-sent (a rebuild re-sends every page of a live index)."""
        page_ids = [int(p) for p in page_ids]
        prepared = [(d["id"], to_tantivy(d)) for d in docs]
        if not page_ids and not prepared:
            return 0
        with self._writer() as writer:
            for page_id in page_ids:
                writer.delete_documents_by_term("page_id", page_id)
            for doc_id, doc in prepared:
                writer.delete_documents_by_term("id", doc_id)
                writer.add_document(doc)
        return len(prepared)

    def clear(self) -> None:
        with self._writer() as writer:
            writer.delete_all_documents()

    # --- reads -----------------------------------------------------------------------------------------

    def count(self) -> int:
        return self._searcher().num_docs

    def forget_cached_counts(self) -> None:
        """Drop the cached count-only searches (a benchmark of answers computed afresh needs it)."""
        self._counts.clear()

    def generation(self) -> str:
        """A token that changes with every commit this engine sees (its own or another process's); unique to
        this engine object, so two engines (two index folders) never share one."""
        return f"{id(self)}:{self._instance}:{self._reader()[1]}"

    def fingerprints(self) -> dict[str, str]:
        searcher = self._searcher()
        total = searcher.num_docs
        if not total:
            return {}
        hits = searcher.search(tantivy.Query.all_query(), limit=total, count=False).hits
        out = {}
        for _, address in hits:
            doc = searcher.doc(address)
            out[doc.get_first("id")] = doc.get_first("checksum") or ""
        return out

    def search(self, query: SearchQuery) -> SearchResult:
        started = time.perf_counter()
        query.validate()
        searcher, generation = self._reader()
        limit = max(0, min(query.limit, MAX_WINDOW - query.offset))
        if limit == 0:  # counts only (the API's total and facets): one aggregation pass, cached per index state
            total, facets = self._counts.get(generation, query, lambda: self._count(searcher, query))
            return SearchResult(total=total, hits=[], facets=facets, took_ms=_ms_since(started))
        scoring, terms = self._text_query(searcher, query)
        full = combine(scoring, filter_queries(self._schema, query.filters))
        result = self._run(searcher, full, query, limit)
        facets = self._facets(searcher, full, query.facets)[1] if query.facets else {}
        highlight = Highlighter(searcher, terms if scoring is not None else None, query.lang)
        relevance = query.sort == "relevance"
        hits = [self._hit(searcher, score, address, highlight, relevance, query.snippets)
                for score, address in result.hits]
        return SearchResult(total=result.count or 0, hits=hits, facets=facets, took_ms=_ms_since(started))

    def _count(self, searcher: tantivy.Searcher, query: SearchQuery) -> tuple[int, dict[str, dict[str, int]]]:
        scoring, _ = self._text_query(searcher, query)
        return self._facets(searcher, combine(scoring, filter_queries(self._schema, query.filters)), query.facets)

    def _text_query(self, searcher: tantivy.Searcher, query: SearchQuery):
        return text_query(self._schema, query.q or "", query.lang, self.weights,
                          known=lambda word: _in_index(searcher, word))

    def _run(self, searcher: tantivy.Searcher, full: tantivy.Query, query: SearchQuery, limit: int):
        if query.sort == "relevance":
            return searcher.search(full, limit=limit, offset=query.offset, count=True)
        field_name = "date_desc" if query.sort == "date_desc" else "date_asc"
        return searcher.search(full, limit=limit, offset=query.offset, count=True, order_by_field=field_name,
                               order=Order.Desc)

    def _facets(self, searcher: tantivy.Searcher, full: tantivy.Query, names) -> tuple[int, dict[str, dict[str, int]]]:
        """Match count and facet counts in one aggregation pass (page_id is a fast field of every document)."""
        aggs: dict[str, Any] = {name: {"terms": {"field": FACET_FIELDS[name], "size": MAX_FACET_VALUES}}
                                for name in names}
        aggs[_TOTAL] = {"value_count": {"field": "page_id"}}
        raw = searcher.aggregate(full, aggs)
        facets = {name: {str(b["key"]): int(b["doc_count"]) for b in raw.get(name, {}).get("buckets", [])}
                  for name in names}
        return int(raw.get(_TOTAL, {}).get("value") or 0), facets

    def _hit(self, searcher, score, address, highlight: Highlighter, relevance: bool, eager: bool) -> SearchHit:
        doc = stored(searcher.doc(address))
        title = doc.get("title_words") or ""
        build = highlight.builder(doc.get("text_words") or "", title)
        return SearchHit(id=doc["id"], identifier=doc.get("identifier") or "", type=doc.get("type") or "",
                         title=title, url=doc.get("url") or "", language=doc.get("language") or "",
                         snippet=build() if eager else "", snippet_source=None if eager else build,
                         paragraph_code=doc.get("paragraph_code"), anchor=doc.get("anchor"),
                         score=float(score) if relevance else 0.0, date=doc.get("date"))


def _in_index(searcher: tantivy.Searcher, word: str) -> bool:
    return searcher.doc_freq("text_words", word) + searcher.doc_freq("title_words", word) > 0


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
