"""Which file in a source directory holds which legacy shape, and the mapper for each shape.

Kinds are processed in dependency order: terms before the records that tag them, a treaty before its
articles (a parent must exist before its children)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migration.mapping.activities import map_activity
from migration.mapping.documents import map_meeting_document
from migration.mapping.index_api import map_meeting, map_notification
from migration.mapping.terms import (
    map_aichi_goal,
    map_aichi_target,
    map_gbf_indicator,
    map_gbf_term,
)
from migration.mapping.treaties import map_treaty, map_treaty_article
from migration.readers.json_files import read_json_records, read_text_document
from migration.readers.treaties import read_treaty
from migration.spec import LegacyItem, RecordSpec


@dataclass(frozen=True)
class Shape:
    kind: str
    patterns: tuple[str, ...]
    read: Callable[[Path, str, str], Iterator[LegacyItem]]


def _json(list_key: str | None = None) -> Callable[[Path, str, str], Iterator[LegacyItem]]:
    return lambda path, kind, source: read_json_records(path, kind, source, list_key)


SHAPES = [
    Shape("gbf-goal", ("gbf-goals*.json",), _json()),
    Shape("gbf-target", ("gbf-targets*.json",), _json()),
    Shape("gbf-indicator", ("gbf-indicators*.json",), _json()),
    Shape("aichi-goal", ("aichi-goals*.json",), _json("goals")),
    Shape("aichi-target", ("aichi-targets*.json",), _json("targets")),
    Shape("treaty", ("treaties/*.md",), lambda path, kind, source: read_treaty(path)),
    Shape("notification", ("notifications*.json",), _json()),
    Shape("meeting", ("meetings*.json",), _json()),
    Shape("activity", ("*activities*.json",), _json()),
    Shape("meeting-document", ("*.txt",), read_text_document),
]
KINDS = ["subject", *[s.kind for s in SHAPES]]
MAPPERS: dict[str, Callable[[dict[str, Any]], RecordSpec]] = {
    "gbf-goal": map_gbf_term,
    "gbf-target": map_gbf_term,
    "gbf-indicator": map_gbf_indicator,
    "aichi-goal": map_aichi_goal,
    "aichi-target": map_aichi_target,
    "treaty": map_treaty,
    "treaty-article": map_treaty_article,
    "notification": map_notification,
    "meeting": map_meeting,
    "activity": map_activity,
    "meeting-document": map_meeting_document,
}


def source_files(directories: list[Path], only: set[str] | None = None) -> list[tuple[Shape, Path, str]]:
    """(shape, file, source name) for every recognised file, in dependency order."""
    found: list[tuple[Shape, Path, str]] = []
    for shape in SHAPES:
        if only and shape.kind not in only:
            continue
        for directory in directories:
            for path in sorted({p for pattern in shape.patterns for p in directory.glob(pattern)}):
                name = path.relative_to(directory).as_posix()
                found.append((shape, path, name if len(directories) == 1 else f"{directory.name}/{name}"))
    return found


def read_all(directories: list[Path], only: set[str] | None = None) -> Iterator[LegacyItem]:
    for shape, path, source in source_files(directories, only):
        yield from shape.read(path, shape.kind, source)
