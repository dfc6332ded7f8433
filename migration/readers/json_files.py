"""JSON exports: a list of records, or an object holding the list under one key ({"targets": [...]})."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from migration.spec import LegacyItem


def read_json_records(path: Path, kind: str, source: str, list_key: str | None = None) -> Iterator[LegacyItem]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        yield LegacyItem(kind, source, 0, error=f"malformed JSON in {source} at line {exc.lineno}, column "
                                                f"{exc.colno}: {exc.msg}; no record of this file was imported")
        return
    except (OSError, UnicodeDecodeError) as exc:
        yield LegacyItem(kind, source, 0, error=f"cannot read {source}: {exc}")
        return
    records = payload.get(list_key) if list_key and isinstance(payload, dict) else payload
    if not isinstance(records, list):
        expected = f"an object with a '{list_key}' list" if list_key else "a list of records"
        yield LegacyItem(kind, source, 0, error=f"{source} is not {expected}")
        return
    for position, record in enumerate(records, start=1):
        if isinstance(record, dict):
            yield LegacyItem(kind, source, position, data=record)
        else:
            yield LegacyItem(kind, source, position, error=f"record is a {type(record).__name__}, not an object")


def read_text_document(path: Path, kind: str, source: str) -> Iterator[LegacyItem]:
    try:
        raw = path.read_bytes()
        body = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        yield LegacyItem(kind, source, 0, error=f"cannot read {source}: {exc}")
        return
    yield LegacyItem(kind, source, 1, data={"file": path.name, "path": str(path.resolve()),
                                            "sha256": hashlib.sha256(raw).hexdigest(), "text": body.strip()})
