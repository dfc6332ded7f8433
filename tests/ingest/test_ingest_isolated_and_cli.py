"""extract_isolated() in a child process with limits, and the `python -m ingest` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_builders import SAMPLES, build_docx, build_pdf

from ingest import IngestError, Limits, extract, extract_isolated

ROOT = Path(__file__).resolve().parents[2]


def test_isolated_matches_in_process():
    data = build_docx(SAMPLES["zh"])
    assert extract_isolated(data, filename="d.docx") == extract(data, filename="d.docx")


def test_isolated_reports_file_errors_with_their_code():
    with pytest.raises(IngestError) as caught:
        extract_isolated(build_pdf(SAMPLES["en"], pages=5), filename="d.pdf", limits=Limits(max_pages=2))
    assert caught.value.code == "too_many_pages"


def test_isolated_timeout_and_memory_limit_stop_the_worker():
    data = build_pdf(SAMPLES["en"], pages=40)
    with pytest.raises(IngestError) as caught:
        extract_isolated(data, filename="d.pdf", limits=Limits(timeout_seconds=0.05))
    assert caught.value.code == "timeout"
    with pytest.raises(IngestError) as caught:
        extract_isolated(data, filename="d.pdf", limits=Limits(max_memory_bytes=64 * 1024 * 1024))
    assert caught.value.code == "resources"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ingest", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


def test_cli_json_and_human_output(tmp_path):
    path = tmp_path / "decision.pdf"
    path.write_bytes(build_pdf(SAMPLES["ru"]))
    result = run_cli(str(path), "--json", "--chunks")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["language"], data["pages"], data["file_type"]) == ("ru", 2, "pdf")
    assert [p["label"] for p in data["paragraphs"]] == ["1", "2", "3", "3 (a)", "3 (b)"]
    assert data["chunks"][2]["anchor"] == "para-3"
    human = run_cli(str(path))
    assert "3 (b)" in human.stdout and "#para-3-b" in human.stdout


def test_cli_errors_have_code_and_exit_status(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(build_docx(SAMPLES["en"]))
    result = run_cli(str(path), "--json")
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"]["code"] == "type_mismatch"
    result = run_cli(str(path))
    assert result.returncode == 2 and "type_mismatch" in result.stderr
