"""Browser tests: the real Django app with real CBD data, driven in Debian's headless Chromium by Playwright.

`loaded_site` loads the real CBD data with the project's `load_demo` (see site_data.py) into a temporary folder
(own SQLite file, search index and vector store), starts the app once per session in its own process and yields
its base URL. Nothing is
mocked: every page the browser sees renders from the app's real public API.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - localhost only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the app did not answer at {url} within {timeout}s")


@pytest.fixture(scope="session")
def loaded_site(tmp_path_factory):
    """Base URL of the running app, with the CMS data loaded by the project's `load_demo` (once per session)."""
    var = tmp_path_factory.mktemp("browser-site")
    # The default embedded setup (cms.settings.dev) in its own folder: SQLite file, search index, vector store.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "CBD_VAR_DIR": str(var),
           "PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    shared = ("DATABASE_URL", "MEILISEARCH_URL", "QDRANT_URL", "CELERY_BROKER_URL", "SEARCH_INDEX_DIR", "QDRANT_PATH")
    for name in shared:
        env.pop(name, None)  # never a shared database or index
    log = (var / "server.log").open("w")
    manage = [sys.executable, str(ROOT / "manage.py")]
    # Loading with tasks queued instead of run per publish halves the load; the reindex at its end builds the
    # same indexes from the CMS in one pass.
    subprocess.run([*manage, "shell", "-c", "from tests.browser.site_data import load_site; load_site()"],
                   cwd=ROOT, env={**env, "CELERY_TASK_ALWAYS_EAGER": "0"}, check=True, stdout=log,
                   stderr=subprocess.STDOUT)
    port = _free_port()
    server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/", server)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, loaded_site, request):
    """A fresh English browser tab whose relative URLs go to the app; console errors fail the test."""
    context = browser.new_context(base_url=loaded_site, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=loaded_site)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def shot(page, request):
    """shot("step name") saves a numbered screenshot under test-artifacts/screenshots/<test>/."""
    folder = SCREENSHOTS / re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def take(step: str) -> Path:
        path = folder / f"{next(counter):02d}-{re.sub(r'[^A-Za-z0-9_-]+', '-', step)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
