"""Browser tests: the real Django app with real CBD data, driven in Debian's headless Chromium by Playwright.

`loaded_site` loads the real CBD data with the project's `load_demo` (see site_data.py) into a temporary folder
(own SQLite file, search index and vector store), starts the app once per session in its own process and yields
its base URL. Nothing is
mocked: every page the browser sees renders from the app's real public API.
"""

from __future__ import annotations

import contextlib
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
from playwright.sync_api import expect

# A loaded CI machine renders the first results in seconds, not milliseconds; Playwright's 5 s default for
# `expect` turned that into failures of behaviour that was right. Waiting longer never passes a wrong page.
expect.set_options(timeout=15_000)

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
    """Base URL of the running app, with the CMS data loaded by the project's `load_demo` (once per session).

    BROWSER_TEST_BASE_URL points the tests at an app already running with the demo data instead (a quick loop
    while working on the front end); the full run always loads its own."""
    if os.environ.get("BROWSER_TEST_BASE_URL"):
        yield os.environ["BROWSER_TEST_BASE_URL"].rstrip("/")
        return
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
    # BROWSER_TEST_PORT pins the port (machines where each job has its own range); any free port otherwise.
    port = int(os.environ.get("BROWSER_TEST_PORT") or 0) or _free_port()
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


PHONE_OPTIONS = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture
def open_tab(browser, loaded_site):
    """open_tab(viewport=…, phone=…): a fresh English tab in its own browser context, relative URLs going to the
    app (a phone: touch, a mobile user agent, a dense screen); a JavaScript error in the page fails the test when
    the tab closes."""

    @contextlib.contextmanager
    def tab_in_new_context(*, phone: bool = False, **options):
        context = browser.new_context(base_url=loaded_site, locale="en-GB", **(PHONE_OPTIONS if phone else {}),
                                      **options)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        yield tab
        context.close()
        assert not errors, f"JavaScript errors: {errors}"

    return tab_in_new_context


@pytest.fixture
def page(open_tab, loaded_site):
    """A desktop tab that may use the clipboard (the cite panel's Copy buttons)."""
    with open_tab(viewport={"width": 1280, "height": 900}) as tab:
        tab.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=loaded_site)
        yield tab


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
