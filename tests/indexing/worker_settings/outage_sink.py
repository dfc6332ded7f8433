"""The real lexical sink, refusing every write while the file named by $INDEX_OUTAGE_FLAG exists: an index that
has gone read-only, as an operator would see it (the call raises, ping() raises), switched from another process."""

from __future__ import annotations

import os
from pathlib import Path

from search.sink import LexicalSink


class IndexReadOnly(Exception):
    """What the engine's client raises while the index takes no writes."""


def _check() -> None:
    flag = os.environ.get("INDEX_OUTAGE_FLAG")
    if flag and Path(flag).exists():
        raise IndexReadOnly("the index is read-only")


class SwitchableLexicalSink(LexicalSink):
    def sync_pages(self, batch) -> None:
        _check()
        super().sync_pages(batch)

    def delete(self, ids) -> None:
        _check()
        super().delete(ids)

    def ping(self) -> None:
        _check()
        super().ping()
