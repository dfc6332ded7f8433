"""The runner: idempotent, resumable upsert of mapped records, with per-record transactions and a report."""
