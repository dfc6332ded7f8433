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
    first_code: dict[str, str] = field(default_factory=dict)  # identifier -> printed code of its first record
    meetings_of_notification: dict[str, list[str]] = field(default_factory=dict)
    subject_codes: dict[str, None] = field(default_factory=dict)

    def add(self, item: LegacyItem, spec: RecordSpec) -> None:
        self.rekey_colliding_indicator(item, spec)
        self.first_key.setdefault(spec.identifier, item.key)
        self.first_code.setdefault(spec.identifier, str(spec.fields.get("code") or ""))
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

    def rekey_colliding_indicator(self, item: LegacyItem, spec: RecordSpec) -> None:
        """The reporting tool issued one identifier to two different indicators (GBF-INDICATOR-219 is both 8.CY.2
        and 8.CY.3). The second is a real indicator, not a duplicate record: it takes the identifier the issuer
        itself uses for indicators without a number (`GBF-INDICATOR-<code>`, as for 8.CY.4), and the run says so."""
        if spec.fields.get("scheme") != "gbf-indicator" or not self.duplicate_of(item, spec.identifier):
            return
        code = str(spec.fields.get("code") or "")
        if not code or code == self.first_code.get(spec.identifier):
            return  # the same indicator twice: a true duplicate, failed with its reason
        issued = spec.identifier
        spec.identifier = f"GBF-INDICATOR-{code}"
        spec.warnings.append(f"identifier {issued} was issued to both {self.first_code[issued]} and {code}; "
                             f"this one is kept as {spec.identifier} (ask the reporting tool's owners to fix it)")

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
