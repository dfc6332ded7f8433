"""Fixtures for ingest tests: a socket guard that fails any network attempt, and sample builders on sys.path."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # ingest_builders


@pytest.fixture
def no_network(monkeypatch):
    """Make every outgoing connection raise, and record the attempts so a test can assert there were none."""
    attempts: list[object] = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError(f"network disabled in test: {address!r}")

    def refuse_create(address, *args, **kwargs):
        attempts.append(address)
        raise OSError(f"network disabled in test: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse_create)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: refuse_create(a[0] if a else None))
    return attempts
