"""How fast the search page paints its first results, in Debian's Chromium, against the default setup.

The app (`manage.py runserver` over CBD_VAR_DIR, the demo data) runs with the response cache off, so every request
is answered afresh. For each query:
  - page load: open /?q=… as a new navigation; the time from navigation start until the results list (or the empty
    state) is in the page and the next frame is painted (performance.now() in requestAnimationFrame);
  - the baseline, in the same browser and run: the page's own /api/search/ request fetched again from the page
    (what any API client pays for the same answer), so "page ÷ API" is what the front end adds;
  - type-ahead: typing the query into the already loaded page until its results are painted (debounce included);
  - page weight: the bytes a first visit transfers (empty browser cache) until the page has painted and the
    network is idle, by kind (page, scripts, styles, interface strings, API), for the landing page and a search;
    then what a second search in the same tab transfers (assets cached, max-age 300 s).

    CBD_VAR_DIR=/path/with/demo/data .venv/bin/python bench/bench_frontend.py [--queries 60] [--app-root DIR]

--app-root runs the app from another checkout (e.g. the base commit) with this script, so a before/after pair is
measured the same way; the app then imports that checkout's code only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = Path("/work/shared/data/relevance/dev.jsonl")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Records the moment results (or the empty/error state) replace the loading state, at the next painted frame.
PAINT_PROBE = """
(() => {
  window.__painted = null;
  const painted = () => {
    const results = document.getElementById("results");
    if (!results || results.getAttribute("aria-busy") !== "false" || !results.firstElementChild) return false;
    requestAnimationFrame(() => { window.__painted = performance.now(); });
    return true;
  };
  const watch = () => {
    const results = document.getElementById("results");
    if (!results) return requestAnimationFrame(watch);
    const observer = new MutationObserver(() => { if (painted()) observer.disconnect(); });
    observer.observe(results, { childList: true, attributes: true, subtree: true });
  };
  watch();
})();
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(port: int, root: Path = ROOT) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "SEARCH_RESPONSE_CACHE": "0",
           "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1",
           # The measured checkout first; whatever else the caller put on the path after it.
           "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH", "")]))}
    process = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                               cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search/?q=warm", timeout=5):  # noqa: S310
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the app did not start")


def sample_queries(n: int) -> list[str]:
    rows = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    words = ["biodiversity", "protected areas", "invasive species", "2024-070", "decision 15/4", "marine",
             "traditional knowledge", "capacity building", "Nagoya Protocol", "financial mechanism", "forests"]
    pool = [r["query"] for r in rows if r.get("lang", "en") == "en"] + words
    rng = random.Random(20261126)
    return [rng.choice(pool) for _ in range(n)]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def page_load(page, base: str, q: str) -> tuple[float, str]:
    """ms from navigation start to the first painted results, and the API URL the page asked."""
    asked: list[str] = []
    listener = lambda request: asked.append(request.url) if "/api/search/" in request.url else None  # noqa: E731
    page.on("request", listener)
    page.goto(f"{base}/?{urllib.parse.urlencode({'q': q})}")
    page.wait_for_function("window.__painted !== null", timeout=30_000)
    painted = page.evaluate("window.__painted")
    page.remove_listener("request", listener)
    return float(painted), asked[-1]


def api_fetch(page, url: str) -> float:
    return float(page.evaluate(
        "async url => { const t = performance.now(); const r = await fetch(url); await r.json();"
        " return performance.now() - t; }", url))


def type_ahead(page, q: str) -> float:
    """ms from typing ``q`` (another query than the one shown) to its results painted, the debounce included."""
    page.evaluate(PAINT_PROBE)  # re-arm: the probe stops watching once it has seen a paint
    started = page.evaluate("performance.now()")
    page.locator("#q").fill(q)
    page.wait_for_function("window.__painted !== null", timeout=30_000)
    return float(page.evaluate("window.__painted")) - float(started)


def _kind(url: str, resource_type: str) -> str:
    path = urllib.parse.urlsplit(url).path
    if "/api/" in path:
        return "api"
    if "/i18n/" in path:
        return "strings"
    return {"Document": "page", "Script": "scripts", "Stylesheet": "styles"}.get(resource_type, "other")


def transferred(context, page, url: str) -> dict[str, int]:
    """Bytes received over the network (headers included, 0 for cache hits) per kind when opening `url`, until
    the results are painted and the network is idle."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    kinds: dict[str, str] = {}
    totals: dict[str, int] = {}
    cdp.on("Network.responseReceived",
           lambda e: kinds.__setitem__(e["requestId"], _kind(e["response"]["url"], e.get("type", ""))))

    def finished(event: dict) -> None:
        size = int(event["encodedDataLength"])
        if size <= 0:
            return  # served from the browser cache: nothing crossed the network
        kind = kinds.get(event["requestId"], "other")
        totals[kind] = totals.get(kind, 0) + size
        totals["requests"] = totals.get("requests", 0) + 1

    cdp.on("Network.loadingFinished", finished)
    page.goto(url)
    page.wait_for_function("window.__painted !== null", timeout=30_000)
    page.wait_for_load_state("networkidle")
    cdp.detach()
    return totals


def page_weights(browser, base: str) -> list[tuple[str, dict[str, int]]]:
    out = []
    for label, first, second in [("landing page /", "/", "/?q=forests"),
                                 ("search /?q=protected areas", "/?q=protected+areas", "/?q=invasive+species")]:
        context = browser.new_context()  # an empty cache: a first visit
        page = context.new_page()
        page.add_init_script(PAINT_PROBE)
        out.append((f"first visit, {label}", transferred(context, page, base + first)))
        out.append((f"  then {second} in the same tab", transferred(context, page, base + second)))
        context.close()
    return out


def print_weights(weights: list[tuple[str, dict[str, int]]]) -> None:
    print("page weight (bytes received, headers included; KB = 1000 bytes):")
    for label, totals in weights:
        parts = ", ".join(f"{kind} {totals[kind] / 1000:.1f}" for kind in
                          ("page", "scripts", "styles", "strings", "api", "other") if totals.get(kind))
        size = sum(v for k, v in totals.items() if k != "requests")
        print(f"  {label:48s} {size / 1000:6.1f} KB in {totals.get('requests', 0):2d} requests ({parts})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--app-root", type=Path, default=ROOT, help="checkout whose app is measured")
    parser.add_argument("--port", type=int, default=0, help="port for the app (default: any free port)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port = args.port or free_port()
    app = start_app(port, args.app_root.resolve())
    base = f"http://127.0.0.1:{port}"
    loads: list[float] = []
    apis: list[float] = []
    typed: list[float] = []
    weights: list[tuple[str, dict[str, int]]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.add_init_script(PAINT_PROBE)
            page_load(page, base, "warm up")  # first load compiles the modules and fills the HTTP cache
            queries = sample_queries(args.queries)
            for q, following in zip(queries, queries[1:] + queries[:1], strict=True):
                painted, url = page_load(page, base, q)
                loads.append(painted)
                apis.append(api_fetch(page, url))
                if following.strip() != q.strip():
                    typed.append(type_ahead(page, following))
            weights = page_weights(browser, base)
            browser.close()
    finally:
        app.terminate()
        app.wait(timeout=30)
    (load50, load95), (api50, api95), (type50, type95) = (percentiles(s) for s in (loads, apis, typed))
    print(f"app: {args.app_root.resolve()}")
    print(f"search page, {len(loads)} queries, Chromium headless, runserver (cms.settings.dev), response cache off:")
    print(f"  first results painted after navigation  p50 {load50:6.1f} ms   p95 {load95:6.1f} ms")
    print(f"  the same /api/search/ request, fetched   p50 {api50:6.1f} ms   p95 {api95:6.1f} ms   "
          f"(page ÷ API: ×{load50 / api50:.1f} / ×{load95 / api95:.1f})")
    print(f"  type-ahead: last keystroke to painted    p50 {type50:6.1f} ms   p95 {type95:6.1f} ms   "
          "(of which 250 ms is the page's debounce)")
    print_weights(weights)


if __name__ == "__main__":
    main()
