"""Serve the reference website's static files at the site root.

The pages are plain files under frontend/static/ with relative links, so the same folder can be put on any static
host (or is reachable at /static/frontend/index.html through staticfiles). These views only expose it at "/" for the
default setup; they never read the database and never render Django templates.
"""

import mimetypes
from pathlib import Path

from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

STATIC_ROOT = Path(__file__).resolve().parent / "static"
PAGES = {"": "index.html", "index.html": "index.html", "record.html": "record.html", "ask.html": "ask.html",
         "tracking.html": "tracking.html"}
# Assets are small and change with deployments; a short max-age keeps repeat visits fast without stale pages.
ASSET_MAX_AGE = 300

mimetypes.add_type("text/javascript", ".js")


def _file_response(path: Path, max_age: int) -> FileResponse:
    if not path.is_file():
        raise Http404("Not found")
    content_type, _ = mimetypes.guess_type(path.name)
    response = FileResponse(path.open("rb"), content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Compressed on the way out (scripts, styles and strings shrink to about a third): public files with no secret in
# them, so compression leaks nothing (BREACH needs a secret in a compressed response).
# The Wagtail admin's preview panel frames the record page (same origin); any other site still may not.
@xframe_options_sameorigin
@gzip_page
@require_safe
def page(request, name=""):
    return _file_response(STATIC_ROOT / PAGES[name], max_age=0)


@gzip_page
@require_safe
def asset(request, path):
    try:
        full = Path(safe_join(STATIC_ROOT / "assets", path))
    except Exception as exc:  # SuspiciousFileOperation: a path that escapes the folder
        raise Http404("Not found") from exc
    return _file_response(full, max_age=ASSET_MAX_AGE)
