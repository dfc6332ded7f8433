"""axe-core in the page under test; the script ships inside the axe-playwright-python package (MPL-2.0)."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python

AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
AXE_SOURCE = AXE_JS.read_text(encoding="utf-8") + "\n;undefined"
BLOCKING = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    """Run axe (WCAG 2.x A/AA + best practices) and describe each serious or critical violation."""
    # Evaluated through the DevTools protocol, not added as a <script>: the pages' Content-Security-Policy (script-src
    # 'self') rightly refuses an injected inline script, and the test must see the page as served.
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v.get("impact") in BLOCKING
    ]
