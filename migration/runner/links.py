"""The pre-pass over all legacy items: which identifiers the run will hold (for duplicate and unresolved-reference
checks), the reverse links (a meeting lists its notifications; the notification gets the meeting), and the
CBD subject codes seen anywhere (each becomes a subject term)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from migration.readers.sources import MAPPERS
from migration.spec import LegacyItem, RecordSpec


@dataclass
class LinkIndex:
    first_key: dict[str, str] = field(default_factory=dict)  # identifier -> key of its first legacy record
    meetings_of_notification: dict[str, list[str]] = field(default_factory=dict)
    subject_codes: dict[str, None] = field(default_factory=dict)

    def add(self, item: LegacyItem, spec: RecordSpec) -> None:
        self.first_key.setdefault(spec.identifier, item.key)
        if item.kind == "meeting":
            for symbol in spec.fields.get("related", []):
                self.meetings_of_notification.setdefault(symbol, []).append(spec.identifier)
        for code in spec.fields.get("subjects", []):
            self.subject_codes.setdefault(code, None)

    def enrich(self, item: LegacyItem, spec: RecordSpec) -> None:
        """Cross-references known only from the other side of the link."""
        if item.kind == "notification":
            meetings = self.meetings_of_notification.get(spec.identifier, [])
            spec.fields["meetings"] = sorted(set(meetings))
            spec.references += spec.fields["meetings"]

    def duplicate_of(self, item: LegacyItem, identifier: str) -> str | None:
        first = self.first_key.get(identifier)
        return first if first and first != item.key else None


def build_link_index(items: Iterable[LegacyItem]) -> LinkIndex:
    index = LinkIndex()
    for item in items:
        if item.error or item.data is None:
            continue
        try:
            spec = MAPPERS[item.kind](item.data)
        except Exception:  # noqa: S112  (reported in the main pass, with its reason)
            continue
        index.add(item, spec)
    return index
