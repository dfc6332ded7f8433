"""Durable run state: which legacy records a run has settled, with what outcome (the report's source)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils import timezone

from migration.models import MigrationRecordState, MigrationRun

Outcome = MigrationRecordState.Outcome


@dataclass
class RecordResult:
    key: str
    kind: str
    identifier: str = ""
    outcome: str = Outcome.FAILED
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    page_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in ([], "", None)}


class RunState:
    """A real run writes state rows (written records inside their own transaction, the rest in batches);
    a dry run keeps results in memory only."""

    BATCH = 500

    def __init__(self, run: MigrationRun | None) -> None:
        self.run = run
        self.done: set[str] = set()
        self.memory: list[RecordResult] = []
        self._buffer: list[MigrationRecordState] = []
        if run is not None:
            self.done = set(run.records.values_list("key", flat=True))

    @classmethod
    def open(cls, *, sources: list[str], options: dict[str, Any], resume: bool, dry_run: bool) -> RunState:
        if dry_run:
            return cls(None)
        run = MigrationRun.objects.filter(finished_at__isnull=True, dry_run=False).first() if resume else None
        if run is None:
            run = MigrationRun.objects.create(sources=sources, options=options)
        return cls(run)

    def _row(self, result: RecordResult) -> MigrationRecordState:
        return MigrationRecordState(run=self.run, **{k: v for k, v in vars(result).items()})

    def save_now(self, result: RecordResult) -> None:
        """Called inside the record's transaction: the state commits (or rolls back) with the record."""
        if self.run is None:
            self.memory.append(result)
        else:
            self._row(result).save()
        self.done.add(result.key)

    def save_many(self, results: list[RecordResult]) -> None:
        """Like save_now for a whole batch of written records: one INSERT inside the batch's transaction."""
        if self.run is None:
            self.memory.extend(results)
        else:
            MigrationRecordState.objects.bulk_create([self._row(r) for r in results])
        self.done.update(r.key for r in results)

    def save_later(self, result: RecordResult) -> None:
        if self.run is None:
            self.memory.append(result)
        else:
            self._buffer.append(self._row(result))
            if len(self._buffer) >= self.BATCH:
                self.flush()
        self.done.add(result.key)

    def flush(self) -> None:
        if self._buffer:
            MigrationRecordState.objects.bulk_create(self._buffer, ignore_conflicts=True)
            self._buffer = []

    def results(self) -> list[RecordResult]:
        if self.run is None:
            return list(self.memory)
        fields = [f.name for f in MigrationRecordState._meta.fields if f.name not in ("id", "run")]
        return [RecordResult(**row) for row in self.run.records.order_by("pk").values(*fields)]

    def finish(self, complete: bool, summary: dict[str, Any]) -> None:
        self.flush()
        if self.run is not None:
            self.run.summary = summary
            self.run.finished_at = timezone.now() if complete else None
            self.run.save(update_fields=["summary", "finished_at"])
