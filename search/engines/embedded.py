"""The embedded search engine: a tantivy index in a folder (settings.SEARCH_INDEX_DIR).

Designed for one process that writes at a time (the worker, or the web process when it must hide an
unpublished page within the request) and any number of readers. A writer is opened per batch and released
at once, so processes take turns instead of one holding the lock forever; readers reload as soon as the
index's meta.json changes, so a commit is visible to the very next search in every process.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Occur, Order, Query

from search.analysis import fold, register_analyzers, stem_analyzer
from search.config import all_stopwords
from search.engine import FACET_FIELDS, SearchError, SearchHit, SearchQuery, SearchResult
from search.engines import count_docs
from search.engines.counts_cache import CountsCache
from search.engines.highlight import Highlighter
from search.engines.tantivy_query import Weights, combine, filter_queries, text_query
from search.engines.tantivy_schema import SCHEMA_VERSION, build_schema, stored, to_tantivy

MAX_FACET_VALUES = 100
MAX_WINDOW = 1000  # like Meilisearch's pagination.maxTotalHits: deep pages are not served
_TOTAL = "__total__"  # aggregation name of the match count (never a facet name)
_REPEATED = "__repeated__"  # aggregation name of the identifiers matched by more than one document
_RECORDS = "__records__"  # sub-aggregation name of the records carrying a facet value
#: Facet values read per facet when correcting counts for repeated records: more than MAX_FACET_VALUES, so every
#: value shown is corrected even when the repeated records rank values differently from all matches.
MAX_CORRECTED_VALUES = 10_000
#: Records matched more than once up to which facet counts are corrected exactly (about 40 ms at 6,000 warm);
#: beyond, they are estimated (_estimated_records) while the total stays exact.
MAX_EXACT_REPEATED = 5_000
#: Filters a count document answers like its page's documents (the facets: unless flagged mixed).
#: Character classes splitting identifiers into parts when one terms aggregation would exceed tantivy's bucket
#: limit (by their last characters: digits spread evenly in "2024-070", "CBD/COP/DEC/15/4", "GBF-TARGET-01").
ID_CHAR_GROUPS = ("[0-2]", "[3-5]", "[6-9]", "[A-Ma-m]", "[N-Zn-z]")
MAX_SPLIT_DEPTH = 4
COUNTED_FILTERS = frozenset({*FACET_FIELDS, "identifier", "page_id"})
COUNTS_FOLDER = "counts"  # the count documents' own index (search.engines.count_docs), inside the index folder


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
        self._count_index: tantivy.Index | None = None
        self._schema = build_schema()
        self._count_schema = count_docs.build_count_schema()
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
        counts_path = self.path / COUNTS_FOLDER
        counts_path.mkdir(exist_ok=True)
        counts = tantivy.Index(self._count_schema, path=str(counts_path), reuse=True)
        register_analyzers(counts)
        counts.config_reader("manual")
        version_file.write_text(SCHEMA_VERSION)
        self._index, self._count_index = index, counts
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
            self._count_index.reload()  # committed before the documents: never older than them
            index.reload()
            self._seen_meta = stamp
            self._generation += 1
        generation = self._generation  # read before taking the searcher: never newer than what it sees
        return index.searcher(), generation

    @contextmanager
    def _writer(self) -> Iterator[tuple[tantivy.IndexWriter, tantivy.IndexWriter]]:
        """The documents' writer and the count documents' (taken second, so the first lock decides who writes);
        the counts are committed first, so a reader that sees new documents sees their counts."""
        with self._lock:
            index = self._open()
            writer = self._acquire_writer(index)
            counts = None
            try:
                counts = self._acquire_writer(self._count_index)
                yield writer, counts
                counts.commit()
                writer.commit()
            except BaseException:
                if counts is not None:
                    counts.rollback()
                writer.rollback()
                raise
            finally:
                if counts is not None:
                    counts.wait_merging_threads()
                writer.wait_merging_threads()  # also releases the lock for other processes
                del writer, counts
            self._count_index.reload()
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

    def ping(self) -> None:
        """Raise SearchError unless a writer can be had right now (another writer holds the lock, the folder is
        read-only): the outbox drain stops sending here until it answers, instead of waiting on every page."""
        with self._lock:
            index = self._open()
            try:
                writer = index.writer(heap_size=15_000_000, num_threads=1)  # tantivy's smallest arena
            except ValueError as exc:
                raise SearchError(f"search index {self.path} cannot take writes: {exc}") from exc
            writer.rollback()
            writer.wait_merging_threads()
            del writer

    # --- writes ----------------------------------------------------------------------------------------

    def upsert(self, docs: Iterable[Mapping[str, Any]]) -> int:
        docs = list(docs)
        prepared = [(d["id"], to_tantivy(d)) for d in docs]  # validate all before touching the index
        if not prepared:
            return 0
        with self._writer() as (writer, counts):
            for doc_id, doc in prepared:
                writer.delete_documents_by_term("id", doc_id)
                writer.add_document(doc)
            self._write_counts(counts, docs, replaced_pages=set())
        return len(prepared)

    def delete(self, ids: Iterable[str]) -> None:
        ids = [i for i in ids if isinstance(i, str)]
        if ids:
            searcher = self._searcher()
            hits = searcher.search(filter_queries(self._schema, {"id": ids})[0], limit=len(ids), count=False).hits
            touched = {}
            for _, address in hits:
                doc = stored(searcher.doc(address))
                touched[int(doc.get("page_id") or 0)] = (doc.get("identifier") or "", doc.get("language") or "")
            with self._writer() as (writer, counts):
                for doc_id in ids:
                    writer.delete_documents_by_term("id", doc_id)
                for page_id, (identifier, language) in touched.items():  # counted from its documents from now
                    self._put_count(counts, count_docs.dirty_page(page_id, identifier, language))

    def delete_pages(self, page_ids: Iterable[int]) -> None:
        page_ids = [int(p) for p in page_ids]
        if page_ids:
            with self._writer() as (writer, counts):
                for page_id in page_ids:
                    writer.delete_documents_by_term("page_id", page_id)
                    counts.delete_documents_by_term("page_id", page_id)

    def replace_pages(self, page_ids: Iterable[int], docs: Iterable[Mapping[str, Any]]) -> int:
        """Every document of these pages replaced by `docs` in one commit: a search never sees a page
        half-written or missing while it is re-sent (a rebuild re-sends every page of a live index)."""
        page_ids = [int(p) for p in page_ids]
        prepared = [(d["id"], to_tantivy(d)) for d in docs]
        if not page_ids and not prepared:
            return 0
        docs = [d for d in docs]
        with self._writer() as (writer, counts):
            for page_id in page_ids:
                writer.delete_documents_by_term("page_id", page_id)
                counts.delete_documents_by_term("page_id", page_id)
            for doc_id, doc in prepared:
                writer.delete_documents_by_term("id", doc_id)
                writer.add_document(doc)
            self._write_counts(counts, docs, replaced_pages=set(page_ids))
        return len(prepared)

    def clear(self) -> None:
        with self._writer() as (writer, counts):
            writer.delete_all_documents()
            counts.delete_all_documents()

    # --- count documents (search.engines.count_docs) ------------------------------------------------------

    def _write_counts(self, counts: tantivy.IndexWriter, docs: list[Mapping[str, Any]], replaced_pages: set[int]
                      ) -> None:
        """One count document per page written: the union of its documents when the write holds all of them
        (the page replaced, or none of its documents indexed before), else a dirty one."""
        by_page = count_docs.pages(docs)
        searcher = self._searcher()
        partial = self._pages_with_other_documents(searcher, by_page, replaced_pages)
        merged = []
        for page_id, page_docs in by_page.items():
            if page_id in partial:
                head = page_docs[0]
                merged.append(count_docs.dirty_page(page_id, str(head.get("identifier") or ""),
                                                    str(head.get("language") or "")))
            else:
                merged.append(count_docs.merge_page(page_docs))
        for page in self._flag_twins(merged, set(by_page) | replaced_pages, counts):
            self._put_count(counts, page)

    def _pages_with_other_documents(self, searcher: tantivy.Searcher, by_page: Mapping[int, list], replaced: set[int]
                                    ) -> set[int]:
        kept = [p for p in by_page if p not in replaced]
        if not kept or not searcher.num_docs:
            return set()
        written = {d["id"] for docs in by_page.values() for d in docs}
        query = filter_queries(self._schema, {"page_id": [str(p) for p in kept]})[0]
        hits = searcher.search(query, limit=searcher.num_docs, count=False).hits
        out = set()
        for _, address in hits:
            doc = searcher.doc(address)
            if doc.get_first("id") not in written:
                out.add(int(doc.get_first("page_id")))
        return out

    def _flag_twins(self, merged: list[dict[str, Any]], written: set[int], counts: tantivy.IndexWriter
                    ) -> list[dict[str, Any]]:
        """Flag pages sharing an identifier: "shared" in one language, "twin:<language>" across languages (the
        other page's language). Flags are only ever added, so a stale one sends a record to the exact count from
        its documents, never to a wrong one. Other pages' count documents are rewritten with their new flag."""
        count_searcher = self._count_index.searcher()
        by_identifier: dict[str, list[dict[str, Any]]] = {}
        for page in merged:
            by_identifier.setdefault(page["identifier"], []).append(page)
        if count_searcher.num_docs and by_identifier:
            query = filter_queries(self._count_schema, {"identifier": sorted(by_identifier)})[0]
            for _, address in count_searcher.search(query, limit=count_searcher.num_docs, count=False).hits:
                other = json.loads(count_searcher.doc(address).get_first("source"))
                if other["page_id"] not in written:
                    other["_existing"] = True
                    by_identifier[other["identifier"]].append(other)
        out = []
        for pages in by_identifier.values():
            flagged = [dict(page) for page in pages]
            for page in flagged:
                for other in pages:
                    if other["page_id"] != page["page_id"]:
                        page["flags"] = _twin_flags(page, other)
            for before, page in zip(pages, flagged, strict=True):
                if not before.get("_existing") or page["flags"] != before["flags"]:
                    page.pop("_existing", None)
                    out.append(page)
        return out

    def _put_count(self, counts: tantivy.IndexWriter, merged: Mapping[str, Any]) -> None:
        counts.delete_documents_by_term("id", count_docs.count_id(merged["page_id"]))
        counts.add_document(count_docs.to_count_document(merged))

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
        if limit == 0:  # counts only (the API's total and facets): aggregation passes, cached per index state
            total, facets = self._counts.get(generation, query, lambda: self._count(searcher, query))
            return SearchResult(total=total, hits=[], facets=facets, took_ms=_ms_since(started))
        scoring, terms = self._text_query(searcher, query)
        full = combine(scoring, filter_queries(self._schema, query.filters))
        result = self._run(searcher, full, query, limit)
        total, facets = result.count or 0, {}
        if query.facets or query.distinct:
            counted, facets = self._tally(searcher, full, query)
            total = counted if query.distinct else total
        highlight = Highlighter(searcher, terms if scoring is not None else None, query.lang)
        relevance = query.sort == "relevance"
        hits = [self._hit(searcher, score, address, highlight, relevance, query.snippets)
                for score, address in result.hits]
        return SearchResult(total=total, hits=hits, facets=facets, took_ms=_ms_since(started))

    def _count(self, searcher: tantivy.Searcher, query: SearchQuery) -> tuple[int, dict[str, dict[str, int]]]:
        scoring, _ = self._text_query(searcher, query)
        return self._tally(searcher, combine(scoring, filter_queries(self._schema, query.filters)), query)

    def _tally(self, searcher: tantivy.Searcher, full: tantivy.Query, query: SearchQuery
               ) -> tuple[int, dict[str, dict[str, int]]]:
        if query.distinct and _counted_by_pages(query):
            return self._records(searcher, full, query)
        if query.distinct:
            return self._distinct(searcher, full, query.facets)
        return self._facets(searcher, full, query.facets)

    def _records(self, searcher: tantivy.Searcher, full: tantivy.Query, query: SearchQuery
                 ) -> tuple[int, dict[str, dict[str, int]]]:
        """Exact record counts from count documents (one per page, count_docs): a value_count and the facets'
        terms over the pages matched, plus the documents' own count (_distinct) for the few records whose count
        document could count more than they do (flags: shared, twin, mixed in a facet asked for, dirty)."""
        count_searcher = self._count_index.searcher()
        scoring, _ = text_query(self._count_schema, query.q or "", query.lang, self.weights, match=query.match,
                                **self._lexicon(searcher))
        matched = combine(scoring, filter_queries(self._count_schema, query.filters))
        languages = list(query.filters["language"])
        asked = set(query.facets) | (set(query.filters) & set(FACET_FIELDS))
        doubtful = [count_docs.SHARED, *(count_docs.twin(lang) for lang in languages),
                    *(count_docs.mixed(f) for f in sorted(asked))]
        flagged = Query.term_set_query(self._count_schema, "flags", [*doubtful, count_docs.DIRTY])
        aggs = _facet_aggs(query.facets, MAX_FACET_VALUES)
        aggs[_TOTAL] = {"value_count": {"field": "page_id"}}
        raw = count_searcher.aggregate(Query.boolean_query([(Occur.Must, matched), (Occur.MustNot, flagged)]), aggs)
        total, facets = int(raw.get(_TOTAL, {}).get("value") or 0), _buckets(raw, query.facets)
        doubtful_ids = self._doubtful_records(count_searcher, matched, doubtful, languages)
        if doubtful_ids:
            subset = combine(full, filter_queries(self._schema, {"identifier": doubtful_ids}))
            more, more_facets = self._distinct(searcher, subset, query.facets)
            total += more
            facets = {name: _added(facets.get(name, {}), more_facets.get(name, {})) for name in query.facets}
        return total, facets

    def _doubtful_records(self, count_searcher: tantivy.Searcher, matched: tantivy.Query, doubtful: list[str],
                          languages: list[str]) -> list[str]:
        """Identifiers counted from their documents: flagged pages that match, and every dirty page (no text)."""
        if not any(count_searcher.doc_freq("flags", flag) for flag in [*doubtful, count_docs.DIRTY]):
            return []  # no page carries these flags (doc_freq also counts deleted documents: never too low)
        schema = self._count_schema
        dirty = combine(Query.term_query(schema, "flags", count_docs.DIRTY),
                        filter_queries(schema, {"language": languages}))
        flagged = combine(matched, [Query.term_set_query(schema, "flags", doubtful)])
        either = Query.boolean_query([(Occur.Should, flagged), (Occur.Should, dirty)])
        size = max(1, count_searcher.num_docs)
        raw = count_searcher.aggregate(either, {_RECORDS: {"terms": {"field": "identifier", "size": size}}})
        return sorted(str(b["key"]) for b in raw.get(_RECORDS, {}).get("buckets", []))

    def _text_query(self, searcher: tantivy.Searcher, query: SearchQuery):
        return text_query(self._schema, query.q or "", query.lang, self.weights, match=query.match,
                          **self._lexicon(searcher))

    def _lexicon(self, searcher: tantivy.Searcher) -> dict[str, Any]:
        """What text_query asks of the index's vocabulary (words known, their corrections, frequencies)."""
        return {"known": lambda word: _in_index(searcher, word),
                "correct": lambda word: spelling_correction(searcher, word),
                "freq": lambda word: _word_freq(searcher, word),
                "completes": lambda word: _completes(searcher, self._schema, word)}

    def _run(self, searcher: tantivy.Searcher, full: tantivy.Query, query: SearchQuery, limit: int):
        if query.sort == "relevance":
            return searcher.search(full, limit=limit, offset=query.offset, count=True)
        field_name = "date_desc" if query.sort == "date_desc" else "date_asc"
        return searcher.search(full, limit=limit, offset=query.offset, count=True, order_by_field=field_name,
                               order=Order.Desc)

    def _facets(self, searcher: tantivy.Searcher, full: tantivy.Query, names) -> tuple[int, dict[str, dict[str, int]]]:
        """Match count and facet counts in one aggregation pass (page_id is a fast field of every document)."""
        aggs = _facet_aggs(names, MAX_FACET_VALUES)
        aggs[_TOTAL] = {"value_count": {"field": "page_id"}}
        raw = searcher.aggregate(full, aggs)
        return int(raw.get(_TOTAL, {}).get("value") or 0), _buckets(raw, names)

    def _distinct(self, searcher: tantivy.Searcher, full: tantivy.Query, names, depth: int = 0
                  ) -> tuple[int, dict[str, dict[str, int]]]:
        """Exact record counts (tantivy's cardinality aggregation is a HyperLogLog, measured 1.5% off at 1,000
        records): document counts, less the surplus documents of the few records matched more than once (by
        paragraphs or language versions), which one terms aggregation with min_doc_count 2 lists with their
        document counts. Only the facets of those repeated records need counting per record."""
        aggs = _facet_aggs(names, MAX_FACET_VALUES)
        aggs[_TOTAL] = {"value_count": {"field": "page_id"}}
        aggs[_REPEATED] = {"terms": {"field": "identifier", "size": max(1, searcher.num_docs), "min_doc_count": 2}}
        try:
            raw = searcher.aggregate(full, aggs)
        except ValueError as exc:
            if "bucket limit" not in str(exc) or depth >= MAX_SPLIT_DEPTH:
                raise
            return self._distinct_in_parts(searcher, full, names, depth)
        repeated = {str(b["key"]): int(b["doc_count"]) for b in raw.get(_REPEATED, {}).get("buckets", [])}
        total = int(raw.get(_TOTAL, {}).get("value") or 0) - sum(n - 1 for n in repeated.values())
        facets = _buckets(raw, names)
        if repeated and names and len(repeated) > MAX_EXACT_REPEATED:
            facets = self._estimated_records(searcher, full, names, total)
        elif repeated and names:
            self._uncount_surplus(searcher, full, names, sorted(repeated), facets)
        return total, facets

    def _distinct_in_parts(self, searcher: tantivy.Searcher, full: tantivy.Query, names, depth: int
                           ) -> tuple[int, dict[str, dict[str, int]]]:
        """_distinct of a match whose identifiers exceed tantivy's 65,000-bucket limit (a broad query at 100k
        records): counted in parts split by the identifier's `depth`-th character from the end (disjoint, so
        the totals and facet counts add up), each part split further if still too large."""
        any_char = "." * depth
        parts = [Query.regex_query(self._schema, "identifier", f".*{chars}{any_char}") for chars in ID_CHAR_GROUPS]
        rest = Query.boolean_query([(Occur.Must, full), *[(Occur.MustNot, part) for part in parts]])
        total, facets = 0, {name: {} for name in names}
        for subset in [*(combine(full, [part]) for part in parts), rest]:
            count, counts = self._distinct(searcher, subset, names, depth + 1)
            total += count
            facets = {name: _added(facets[name], counts.get(name, {})) for name in names}
        return total, facets

    def _estimated_records(self, searcher: tantivy.Searcher, full: tantivy.Query, names, total: int
                           ) -> dict[str, dict[str, int]]:
        """Facet counts of very broad matches (more than MAX_EXACT_REPEATED records matched more than once) by
        tantivy's cardinality aggregation, a HyperLogLog: within about 2% (measured), where exact correction
        costs over a second at 100,000 records with paragraphs. The total stays exact."""
        cardinality = {_RECORDS: {"cardinality": {"field": "identifier"}}}
        aggs = {name: {**agg, "aggs": cardinality} for name, agg in _facet_aggs(names, MAX_FACET_VALUES).items()}
        raw = searcher.aggregate(full, aggs)
        facets = {}
        for name in names:
            counts = {str(b["key"]): min(int(b["doc_count"]), total, round(b.get(_RECORDS, {}).get("value") or 0))
                      for b in raw.get(name, {}).get("buckets", [])}
            facets[name] = dict(sorted(counts.items(), key=lambda item: -item[1]))
        return facets

    def _uncount_surplus(self, searcher: tantivy.Searcher, full: tantivy.Query, names, identifiers: list[str],
                         facets: dict[str, dict[str, int]], size: int = 2 * MAX_FACET_VALUES) -> None:
        """Per facet value, remove the documents beyond the first of each repeated record carrying it. A slice of
        records too large for tantivy's 65,000-bucket limit is split in two (the slices are disjoint: exact); a
        facet with more values than `size` among these records is read again whole (a small size is much faster:
        tantivy allocates per value bucket, 185 ms at 10,000 against 47 ms at 200 for 6,234 records)."""
        records = {_RECORDS: {"terms": {"field": "identifier", "size": len(identifiers)}}}
        aggs = {name: {**agg, "aggs": records} for name, agg in _facet_aggs(names, size).items()}
        subset = combine(full, filter_queries(self._schema, {"identifier": identifiers}))
        try:
            raw = searcher.aggregate(subset, aggs)
        except ValueError as exc:
            if "bucket limit" not in str(exc) or len(identifiers) < 2:
                raise
            half = len(identifiers) // 2
            self._uncount_surplus(searcher, full, names, identifiers[:half], facets, size)
            self._uncount_surplus(searcher, full, names, identifiers[half:], facets, size)
            return
        for name in names:
            agg = raw.get(name, {})
            if agg.get("sum_other_doc_count") and size < MAX_CORRECTED_VALUES:
                self._uncount_surplus(searcher, full, [name], identifiers, facets, MAX_CORRECTED_VALUES)
                continue
            counts = facets[name]
            for bucket in agg.get("buckets", []):
                key = str(bucket["key"])
                if key in counts:
                    counts[key] -= int(bucket["doc_count"]) - len(bucket.get(_RECORDS, {}).get("buckets", []))
            facets[name] = dict(sorted(counts.items(), key=lambda item: -item[1]))  # stable: ties keep their order

    def _hit(self, searcher, score, address, highlight: Highlighter, relevance: bool, eager: bool) -> SearchHit:
        doc = stored(searcher.doc(address))
        title = doc.get("title_words") or ""
        build = highlight.builder(doc.get("text_words") or "", title)
        return SearchHit(id=doc["id"], identifier=doc.get("identifier") or "", type=doc.get("type") or "",
                         title=title, url=doc.get("url") or "", language=doc.get("language") or "",
                         snippet=build() if eager else "", snippet_source=None if eager else build,
                         paragraph_code=doc.get("paragraph_code"), anchor=doc.get("anchor"),
                         score=float(score) if relevance else 0.0, date=doc.get("date"), links=links(doc))


def _counted_by_pages(query: SearchQuery) -> bool:
    """Whether count documents count this query's records exactly: words matched as "any" (a disjunction, which
    a page's union matches exactly when one of its documents does), filters a page's documents share (facets
    are checked per page by its flags) and a language view (language versions are told apart by their flags)."""
    return (query.match == "any" and bool(query.filters.get("language"))
            and all(name in COUNTED_FILTERS for name in query.filters))


def _twin_flags(page: Mapping[str, Any], other: Mapping[str, Any]) -> list[str]:
    mine, theirs = page["facets"].get("language") or [""], other["facets"].get("language") or [""]
    flags = set(page["flags"])
    for lang in theirs:
        flags.add(count_docs.SHARED if lang in mine else count_docs.twin(lang))
    return sorted(flags)


def _added(first: Mapping[str, int], second: Mapping[str, int]) -> dict[str, int]:
    counts = dict(first)
    for key, value in second.items():
        counts[key] = counts.get(key, 0) + value
    ranked = sorted(counts.items(), key=lambda item: -item[1])[:MAX_FACET_VALUES]
    return dict(ranked)


def _facet_aggs(names, size: int) -> dict[str, Any]:
    return {name: {"terms": {"field": FACET_FIELDS[name], "size": size}} for name in names}


def _buckets(raw: Mapping[str, Any], names) -> dict[str, dict[str, int]]:
    return {name: {str(b["key"]): int(b["doc_count"]) for b in raw.get(name, {}).get("buckets", [])}
            for name in names}


def links(doc: Mapping[str, Any]) -> tuple[str, ...]:
    """The identifiers a stored document is tagged with or refers to (GBF targets, meetings, related)."""
    values = [*(doc.get("gbf_targets") or []), *(doc.get("meetings") or []), *(doc.get("related") or [])]
    return tuple(dict.fromkeys(v for v in values if v))


def _in_index(searcher: tantivy.Searcher, word: str) -> bool:
    return _doc_freq(searcher, word) > 0


def _doc_freq(searcher: tantivy.Searcher, word: str) -> int:
    return max(searcher.doc_freq("text_words", word), searcher.doc_freq("title_words", word))


def _word_freq(searcher: tantivy.Searcher, word: str) -> int:
    """Documents holding the word as typed or an English inflection of it ("workshops" counts "workshop")."""
    stems = stem_analyzer("en").analyze(word)[:1]
    by_stem = [searcher.doc_freq(f"{where}_en", stem) for stem in stems for where in ("title", "text")]
    return max([_doc_freq(searcher, word), *by_stem])


def _completes(searcher: tantivy.Searcher, schema: tantivy.Schema, word: str) -> bool:
    """Whether a longer indexed word starts with `word`, in a document without the word itself (a record's own
    typo, "Biodiveristy", completes nothing)."""
    fields = ("title_words", "text_words")
    starts = [(Occur.Should, Query.fuzzy_term_query(schema, name, word, distance=0, prefix=True)) for name in fields]
    itself = [(Occur.MustNot, Query.term_query(schema, name, word)) for name in fields]
    found = searcher.search(Query.boolean_query([(Occur.Must, Query.boolean_query(starts)), *itself]), limit=1,
                            count=False)
    return bool(found.hits)


#: A word in at most this many documents may be a typing mistake: a record's own typo ("Biodiveristy") must not
#: make the query's typo an exact match that outranks every record spelled right.
RARE_DOC_FREQ = 2
#: ... and is corrected only to a word one edit away that is this many times as common (and in 3 documents or
#: more): "biodiveristy" (1) -> "biodiversity" (hundreds), never one rare word for another.
CORRECTION_RATIO = 20
MIN_CORRECTION_DOC_FREQ = 3


def spelling_correction(searcher: tantivy.Searcher, word: str) -> str | None:
    """The index's own spelling of a word it (almost) never holds as typed: the most common word one edit away
    (a letter deleted, inserted, replaced, or two swapped), when far more common; else None. A word the index
    holds in a few documents is kept as typed unless the correction is overwhelming."""
    typed = _doc_freq(searcher, word)
    if typed > RARE_DOC_FREQ:
        return None
    # A function word is never what a misspelt content word meant, and candidates count with their inflections
    # ("eveny" is "event", in 9 documents with "events", not "every"; "mobilised" is "mobilized").
    counted = ((_word_freq(searcher, candidate), candidate) for candidate in one_edit_away(word)
               if candidate not in _function_words() and _doc_freq(searcher, candidate))
    best = max((pair for pair in counted if pair[0]), default=None)
    if best and best[0] >= max(MIN_CORRECTION_DOC_FREQ, CORRECTION_RATIO * typed):
        return best[1]
    return None


@cache
def _function_words() -> frozenset[str]:
    return frozenset(fold(w) for w in all_stopwords())


def one_edit_away(word: str) -> set[str]:
    """Every word one deletion, transposition, replacement or insertion away (Latin letters for ASCII words;
    the word's own letters otherwise, which covers doubled and swapped letters in any script)."""
    letters = "abcdefghijklmnopqrstuvwxyz" if word.isascii() else "".join(sorted(set(word)))
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
    edits |= {a + c + b for a, b in splits for c in letters}
    edits.discard(word)
    return edits


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
