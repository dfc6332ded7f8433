"""Run `manage.py vector_service` as a real process on an ephemeral loopback port (gunicorn, one worker)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def vector_service(qdrant_path: Path, log: Path, **env: str):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "QDRANT_PATH": str(qdrant_path),
                   "CBD_VAR_DIR": str(qdrant_path.parent),
                   "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]), **env}
    environment.pop("QDRANT_URL", None)
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "manage.py", "vector_service", "--bind", "127.0.0.1:0"],
                                   cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = _wait_for_url(log, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


def _wait_for_url(log: Path, process: subprocess.Popen, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log.read_text())
        if found:
            url = found.group(1)
            try:
                httpx.get(url + "/", timeout=5).raise_for_status()
                return url
            except httpx.HTTPError:
                pass
        if process.poll() is not None:
            break
        time.sleep(0.2)
    raise AssertionError(f"vector service did not start:\n{log.read_text()[-3000:]}")
