"""What each page should look like in the indexes now, computed from the database at send time.

Because the desired state is recomputed whenever it is sent, a retry or a repeated event is harmless and events
of one page coalesce: the outbox only has to say *which* pages changed."""

from __future__ import annotations

from collections.abc import Iterator

from cms.core.models import RecordPage
from cms.core.search_documents import build_documents
from indexing.sinks import Batch, PageState


def desired_states(page_ids: list[int]) -> Batch:
    """One PageState per id, in the given order; a page that is gone or not public gets no documents."""
    pages = {p.pk: p for p in RecordPage.objects.filter(pk__in=page_ids).select_related("locale").specific()}
    return [PageState(pid, build_documents(pages[pid]) if pid in pages else [], pages.get(pid)) for pid in page_ids]


def batches(page_ids: list[int], size: int) -> Iterator[Batch]:
    for start in range(0, len(page_ids), size):
        yield desired_states(page_ids[start:start + size])


def live_record_ids() -> list[int]:
    return list(RecordPage.objects.live().order_by("pk").values_list("pk", flat=True))
