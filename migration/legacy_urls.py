"""Every legacy URL the exports mention (records' own URLs, file URLs, the forms the legacy site used), for the
redirect check."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from migration.readers.sources import MAPPERS, read_all
from migration.spec import MappingError


def legacy_urls(directories: list[Path]) -> Iterator[tuple[str, str]]:
    """(path, identifier) for each legacy URL of each mappable record."""
    for item in read_all(directories):
        if item.error or item.data is None:
            continue
        try:
            spec = MAPPERS[item.kind](item.data)
        except (MappingError, KeyError, TypeError, ValueError):
            continue
        for url in spec.legacy_urls:
            yield url, spec.identifier
