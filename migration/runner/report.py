"""The migration report: per-record JSON and a summary a person can read and act on."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migration.runner.state import RecordResult

OUTCOMES = ("created", "updated", "unchanged", "failed")


@dataclass
class Report:
    run_id: int | None
    dry_run: bool
    complete: bool
    results: list[RecordResult]
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counter = Counter(r.outcome for r in self.results)
        return {o: counter.get(o, 0) for o in OUTCOMES}

    def counts_by_kind(self) -> dict[str, dict[str, int]]:
        table: dict[str, Counter] = {}
        for r in self.results:
            table.setdefault(r.kind, Counter())[r.outcome] += 1
        return {kind: {o: c.get(o, 0) for o in OUTCOMES} for kind, c in sorted(table.items())}

    def failed(self) -> list[RecordResult]:
        return [r for r in self.results if r.outcome == "failed"]

    def unresolved(self) -> Counter:
        return Counter(ref for r in self.results for ref in r.unresolved)

    def summary(self) -> dict[str, Any]:
        return {"run": self.run_id, "dry_run": self.dry_run, "complete": self.complete, "counts": self.counts(),
                "by_kind": self.counts_by_kind(), "warnings": sum(len(r.warnings) for r in self.results),
                "unresolved_references": len(self.unresolved()),
                "untranslated_fields": sum(len(r.untranslated) for r in self.results),
                "seconds": round(self.seconds, 2), **self.extra}

    def to_json(self) -> dict[str, Any]:
        return {**self.summary(), "records": [r.as_dict() for r in self.results]}

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False), encoding="utf-8")

    def text(self, max_lines: int = 40) -> str:
        counts = self.counts()
        head = "DRY RUN (nothing written) — " if self.dry_run else ""
        state = "complete" if self.complete else "INCOMPLETE (continue with --resume)"
        lines = [f"{head}Migration run {self.run_id or '-'}: {state} in {self.seconds:.1f}s",
                 "  " + ", ".join(f"{n} {o}" for o, n in counts.items())]
        lines += [f"  {kind:<18} " + " ".join(f"{o}={n}" for o, n in row.items() if n)
                  for kind, row in self.counts_by_kind().items()]
        failed = self.failed()
        if failed:
            lines.append(f"Failed records ({len(failed)}): fix the legacy data and run again")
            lines += [f"  {r.key} {r.identifier or ''}: {r.reason}" for r in failed[:max_lines]]
        warned = [r for r in self.results if r.warnings]
        if warned:
            lines.append(f"Warnings ({sum(len(r.warnings) for r in warned)} on {len(warned)} records)")
            lines += [f"  {r.identifier or r.key}: {w}" for r in warned[:max_lines // 2] for w in r.warnings[:2]]
        unresolved = self.unresolved()
        if unresolved:
            lines.append(f"Unresolved references ({len(unresolved)}; kept as references, not created):")
            lines.append("  " + ", ".join(f"{ref} ({n})" for ref, n in unresolved.most_common(max_lines)))
        untranslated = sum(len(r.untranslated) for r in self.results)
        if untranslated:
            lines.append(f"Untranslated fields: {untranslated} legacy titles only copied the English (not imported)")
        return "\n".join(lines)
