"""Logging public front-end searches without personal data, off the hot path.

The API records each first-page search of a non-empty query in memory (a counter increment under a lock); a timer
thread normalises and filters the strings and writes the counts every SEARCH_LOG_FLUSH_SECONDS into Wagtail's query log
(`Query`, `QueryDailyHits`: the "Search terms" report, the source of editors' promotions) and into
`ZeroResultDay` for searches that found nothing. Stored per query string and day only: no address, user,
session, time of day or filter. A query that may carry personal data — an e-mail address, a telephone-like run
of nine or more digits — or that is longer than a query (pasted text) is not logged at all.

Rows are written in bulk without model signals: a new `Query` row must not look like an edit of the editors'
picks (search.results.promotions), which would empty the response cache."""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter

from django.conf import settings
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

from search.models import ZeroResultDay

logger = logging.getLogger(__name__)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_PHONE_LIKE = re.compile(r"(?:\d[\s().+/-]*){9,}")
MAX_LOGGED_CHARS = 200


def loggable(q: str) -> str | None:
    """The normalised query string to log, or None when it must not be logged."""
    if not q or len(q) > MAX_LOGGED_CHARS:
        return None
    text = normalise_query_string(q)
    # The patterns run only when the text can match them (most queries have no "@" and few digits).
    if not text or ("@" in text and _EMAIL.search(text)):
        return None
    if sum(ch.isdigit() for ch in text) >= 9 and _PHONE_LIKE.search(text):
        return None
    return text[:MAX_QUERY_STRING_LENGTH]


class QueryLog:
    """Counts searches in memory and writes them in one transaction every few seconds (a daemon timer)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: Counter[tuple[str, bool]] = Counter()
        self._timer: threading.Timer | None = None

    def record(self, q: str, *, found: int) -> None:
        """Count one search (the request pays only this; normalising and filtering happen in the writer)."""
        if not q or len(q) > MAX_LOGGED_CHARS:
            return
        with self._lock:
            self._pending[(q, found == 0)] += 1
            if self._timer is None:
                self._timer = threading.Timer(getattr(settings, "SEARCH_LOG_FLUSH_SECONDS", 5.0), self._flush_later)
                self._timer.daemon = True
                self._timer.start()

    def pending(self) -> int:
        with self._lock:
            return sum(self._pending.values())

    def flush(self) -> int:
        """Write what was counted; returns the number of searches written."""
        with self._lock:
            pending, self._pending = self._pending, Counter()
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        if pending:
            write_counts(pending)
        return sum(pending.values())

    def discard(self) -> None:
        """Forget what was counted and stop the timer (a test's searches must not be written after it ended)."""
        with self._lock:
            self._pending = Counter()
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def _flush_later(self) -> None:
        try:
            self.flush()
        except Exception:  # a failed write loses a few seconds of counts, never a search
            logger.exception("could not write the search query log")
        finally:
            connections.close_all()  # this thread's own database connections


def write_counts(pending: Counter[tuple[str, bool]]) -> None:
    today = timezone.localdate()
    searches: Counter[str] = Counter()
    empty: Counter[str] = Counter()
    for (q, zero), n in pending.items():
        text = loggable(q)
        if text is None:  # possibly personal: never stored
            continue
        searches[text] += n
        if zero:
            empty[text] += n
    if not searches:
        return
    with transaction.atomic():
        Query.objects.bulk_create([Query(query_string=t) for t in searches], ignore_conflicts=True)
        ids = dict(Query.objects.filter(query_string__in=list(searches)).values_list("query_string", "pk"))
        _add(QueryDailyHits, {ids[t]: n for t, n in searches.items()}, today)
        _add(ZeroResultDay, {ids[t]: n for t, n in empty.items()}, today)


def _add(model, counts: dict[int, int], date) -> None:
    model.objects.bulk_create([model(query_id=pk, date=date, hits=0) for pk in counts], ignore_conflicts=True)
    for pk, n in counts.items():
        model.objects.filter(query_id=pk, date=date).update(hits=F("hits") + n)


query_log = QueryLog()
