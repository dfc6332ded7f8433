"""Re-take the screenshots in this folder from a running app with the demo data (Debian's Chromium).

    .venv/bin/python docs/screenshots/capture.py http://127.0.0.1:8000

The admin screenshots log in as the demo administrator (`admin`, DEMO_ADMIN_PASSWORD or load_demo's default).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = [  # file, path, viewport, wait for, action, full page
    ("search-desktop.png", "/?q=protected+areas&lang=en", DESKTOP, ".hit", None, False),
    ("search-landing-desktop.png", "/?lang=en", DESKTOP, ".target-grid li", None, True),
    ("search-phone-390.png", "/?q=protected+areas&lang=en", PHONE, ".hit", None, False),
    ("search-phone-390-filters.png", "/?q=biodiversity&lang=fr", PHONE, ".hit", "#filters-toggle", False),
    ("search-arabic.png", "/?q=biodiversity&lang=ar", DESKTOP, ".hit", None, False),
    ("search-arabic-phone-390.png", "/?q=biodiversity&lang=ar", PHONE, ".hit", None, False),
    ("record-arabic-article.png", "/record.html?id=cbd-08&lang=ar", DESKTOP, ".para", None, False),
    ("ask-passages.png", "/ask.html?lang=en&q=What+share+of+land+and+sea+should+be+protected+by+2030%3F",
     DESKTOP, ".passage", None, False),
]


def main(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        for name, path, viewport, ready, click, full in SHOTS:
            page = browser.new_page(viewport=viewport, device_scale_factor=1)
            page.goto(base.rstrip("/") + path)
            page.wait_for_selector(ready, timeout=60_000)
            if click:
                page.click(click)
                page.wait_for_timeout(300)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(HERE / name), full_page=full)
            page.close()
        admin_shots(browser, base.rstrip("/"))
        browser.close()


def admin_shots(browser, base: str) -> None:
    """The dashboard (panels editors act on) and a notification's edit page with the preview panel open."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", os.environ.get("DEMO_ADMIN_PASSWORD", "cbd-demo-admin"))
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(HERE / "admin-dashboard.png"), full_page=True)
    page.goto(f"{base}/admin/notifications/?locale=en&ordering=-identifier")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(HERE / "admin-notifications-listing.png"), full_page=False)
    page.locator("table.listing tbody td.title a").first.click()
    page.wait_for_selector("#id_title")
    page.locator("[data-side-panel-toggle='preview']").click()
    page.frame_locator("#w-preview-iframe").locator(".notice--preview").wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(HERE / "admin-edit-preview.png"), full_page=False)
    page.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
