"""ingest: turn PDF, DOCX, HTML and plain text into structured text, offline and safely.

Public interface (see ingest/README.md):
    extract(path_or_bytes, filename=None, limits=Limits()) -> Document
    extract_isolated(...)  same, in a subprocess with a timeout and a memory limit
    chunk(document, max_chars=1500) -> list[Chunk]
    IngestError(code, message), Limits

Importing this package is cheap: unstructured is loaded on the first extraction.
"""

from ingest.offline import quiet_environment

quiet_environment()  # before anything can import unstructured: no telemetry ping, no banner

from ingest.chunking import Chunk, chunk  # noqa: E402
from ingest.document import Document, Element, Paragraph, Section  # noqa: E402
from ingest.errors import CODES, IngestError  # noqa: E402
from ingest.extract import extract  # noqa: E402
from ingest.isolate import extract_isolated  # noqa: E402
from ingest.limits import Limits  # noqa: E402

__all__ = [
    "CODES",
    "Chunk",
    "Document",
    "Element",
    "IngestError",
    "Limits",
    "Paragraph",
    "Section",
    "chunk",
    "extract",
    "extract_isolated",
]
