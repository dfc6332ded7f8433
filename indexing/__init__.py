"""The publishing lifecycle: outbox, sinks, drain, reindex and drift (a Django app)."""
