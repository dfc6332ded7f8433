"""Resource limits for one extraction. The CMS builds them from its settings (INGEST_MAX_BYTES, INGEST_MAX_PAGES)."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds a single file may not exceed; every check runs before the expensive parse where it can."""

    max_bytes: int = 50 * MB
    max_pages: int = 2000
    #: DOCX is a zip: the inflated total and the per-entry compression ratio bound a zip bomb.
    max_unzipped_bytes: int = 500 * MB
    max_zip_ratio: float = 200.0
    max_zip_entries: int = 10_000
    #: Only for extract_isolated(): wall-clock seconds and address-space bytes of the worker process.
    timeout_seconds: float = 300.0
    max_memory_bytes: int = 3 * 1024 * MB

    @classmethod
    def from_settings(cls) -> Limits:
        """Limits from Django settings when they are configured, defaults otherwise."""
        try:
            from django.conf import settings
            from django.core.exceptions import ImproperlyConfigured
        except ImportError:
            return cls()
        try:
            return cls(
                max_bytes=int(getattr(settings, "INGEST_MAX_BYTES", cls.max_bytes)),
                max_pages=int(getattr(settings, "INGEST_MAX_PAGES", cls.max_pages)),
            )
        except ImproperlyConfigured:  # used outside a configured Django process: defaults are right
            return cls()
