"""extract_isolated(): run extract() in a child process with a wall-clock timeout and an address-space limit.

A hostile file can make a parser loop or allocate without bound; in a child that costs the child only.
The child is `python -m ingest._worker`; it reads a JSON request on stdin and writes one JSON line.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from ingest.document import Document
from ingest.errors import IngestError
from ingest.extract import Source, read_source
from ingest.limits import Limits


def _limit_memory(max_bytes: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))


def extract_isolated(source: Source, filename: str | None = None, limits: Limits | None = None) -> Document:
    """Same contract as extract(), plus IngestError "timeout" and "resources" when the child is stopped."""
    limits = limits or Limits()
    data, filename = read_source(source, filename, limits)
    with tempfile.TemporaryDirectory(prefix="ingest-") as tmp:
        path = Path(tmp) / "input"
        path.write_bytes(data)
        request = json.dumps({"path": str(path), "filename": filename, "limits": asdict(limits)})
        reply = _run_child(request, limits)
    if "error" in reply:
        raise IngestError(reply["error"]["code"], reply["error"]["message"])
    return Document.from_dict(reply["document"])


def _run_child(request: str, limits: Limits) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "DO_NOT_TRACK": "1"}
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no shell
        [sys.executable, "-m", "ingest._worker"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True,
        preexec_fn=lambda: _limit_memory(limits.max_memory_bytes),  # noqa: PLW1509 - runs before exec only
    )
    try:
        stdout, stderr = process.communicate(request.encode(), timeout=limits.timeout_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        message = f"Extraction took longer than {limits.timeout_seconds:g} s and was stopped."
        raise IngestError("timeout", message) from None
    lines = stdout.decode("utf-8", "replace").strip().splitlines()
    if process.returncode != 0 or not lines:
        detail = "out of memory" if b"MemoryError" in stderr else f"exit status {process.returncode}"
        raise IngestError("resources", f"The extraction worker failed ({detail}); the file may be hostile.")
    return json.loads(lines[-1])
