"""Extraction never touches the network: no spaCy model download, no telemetry, no fetch of linked resources."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ingest_builders import SAMPLES, build_docx, build_html, build_pdf

from ingest import extract

ROOT = Path(__file__).resolve().parents[2]
EVIL = "http://evil.example/tracker"

# A cold interpreter (no caches warmed by other tests) with every socket refused before anything is imported.
# Telemetry opt-out variables are removed so the test proves ingest sets them itself.
COLD_SCRIPT = r"""
import json, socket, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
attempts = []
def refuse(*args, **kwargs):
    attempts.append(repr(args[1:] or args)[:80])
    raise OSError("network disabled")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from ingest_builders import SAMPLES, build_pdf, build_docx, build_html
from ingest import extract
labels = {}
for kind, build in (("pdf", build_pdf), ("docx", build_docx), ("html", build_html)):
    kwargs = {"hostile": True} if kind == "html" else {"link": "http://evil.example/x"}
    labels[kind] = [p.label for p in extract(build(SAMPLES["en"], **kwargs), filename="d." + kind).paragraphs]
import importlib.util
print(json.dumps({"attempts": attempts, "labels": labels,
                  "en_core_web_sm_installed": importlib.util.find_spec("en_core_web_sm") is not None}))
"""


def test_cold_process_extracts_with_network_disabled():
    env = {k: v for k, v in os.environ.items() if k not in {"DO_NOT_TRACK", "SCARF_NO_ANALYTICS"}}
    result = subprocess.run(
        [sys.executable, "-c", COLD_SCRIPT, str(ROOT), str(Path(__file__).parent)],
        capture_output=True, text=True, timeout=300, env=env, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["attempts"] == []
    assert report["en_core_web_sm_installed"] is False  # works without the spaCy model, not because it is cached
    assert all(labels[:5] == ["1", "2", "3", "3 (a)", "3 (b)"] for labels in report["labels"].values())


def test_links_in_documents_are_text_not_requests(no_network):
    for kind, data in (
        ("pdf", build_pdf(SAMPLES["fr"], link=EVIL)),
        ("docx", build_docx(SAMPLES["fr"], link=EVIL)),
        ("html", build_html(SAMPLES["fr"], hostile=True)),
    ):
        document = extract(data, filename=f"d.{kind}")
        assert document.language == "fr"
    assert no_network == []


def test_unstructured_tokenizer_uses_the_offline_pipeline():
    from unstructured.nlp import tokenize

    extract(build_html(SAMPLES["en"]), filename="d.html")
    assert tokenize._get_nlp().pipe_names == ["sentencizer"]
    assert tokenize.sent_tokenize("First sentence here. Second one follows.") == [
        "First sentence here.", "Second one follows."
    ]
