"""The editorial path end to end over HTTPS, as people use it: an editor logs in to the Wagtail admin, creates a
notification and submits it for moderation; a reviewer approves it from the dashboard (which publishes it); the
Celery worker indexes it; the public API finds it (/api/search/, /api/records/); the reviewer unpublishes it and
the API no longer does. Plain HTTP forms, exactly what a browser posts (the notification form needs no script).

Used by prod_check.py; run alone: python .ci/prod-check/e2e.py BASE_URL CA_FILE PARENT_ID EDITOR:PW REVIEWER:PW
"""

from __future__ import annotations

import re
import sys
import time
import uuid
from html.parser import HTMLParser

import httpx


class FormFields(HTMLParser):
    """The fields a browser would submit from the first form whose action contains `action_part`."""

    def __init__(self, action_part: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action_part, self.fields, self.inside, self.done = action_part, [], False, False
        self._textarea: str | None = None
        self._select: tuple[str, list[tuple[str, bool]]] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and self.action_part in (a.get("action") or ""):
            self.inside = True
        if not self.inside or not a.get("name"):
            if self.inside and tag == "option" and self._select is not None:
                self._select[1].append((a.get("value", ""), "selected" in a))
            return
        if tag == "input" and a.get("type", "text") not in ("submit", "button", "file", "image", "reset"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields.append((a["name"], ""))
        elif tag == "select":
            self._select = (a["name"], [])

    def handle_data(self, data):
        if self._textarea is not None:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, options = self._select
            chosen = [value for value, selected in options if selected] or [value for value, _ in options[:1]]
            self.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(html: str, action_part: str) -> dict[str, str]:
    parser = FormFields(action_part)
    parser.feed(html)
    return dict(parser.fields)


class Person:
    """One browser session (cookies, CSRF token, Referer) on the admin."""

    def __init__(self, base: str, ca_file: str) -> None:
        self.base = base.rstrip("/")
        self.http = httpx.Client(base_url=self.base, verify=ca_file, timeout=60, follow_redirects=False)

    def post_form(self, path: str, data: dict[str, str], referer: str) -> httpx.Response:
        data = {**data, "csrfmiddlewaretoken": self.http.cookies.get("csrftoken", "")}
        return self.http.post(path, data=data, headers={"Referer": self.base + referer, "Origin": self.base})

    def log_in(self, username: str, password: str) -> None:
        page = self.http.get("/admin/login/")
        assert page.status_code == 200, page.status_code
        response = self.post_form("/admin/login/", {**form_fields(page.text, "login"), "username": username,
                                                    "password": password}, "/admin/login/")
        assert response.status_code == 302 and response.headers["location"].startswith("/admin/"), \
            f"{username} could not log in ({response.status_code})"

    def close(self) -> None:
        self.http.close()


def create_and_submit(editor: Person, parent_id: int, identifier: str, title: str) -> None:
    add = f"/admin/pages/add/records/notificationpage/{parent_id}/"
    form = editor.http.get(add)
    assert form.status_code == 200, f"add form: {form.status_code}"
    fields = form_fields(form.text, "/add/")
    fields.update({"title": title, "slug": identifier.lower(), "identifier": identifier, "date": "2026-11-30",
                   "summary": f"{title}. Submitted by the editor, approved by the reviewer.", "action-submit": "1"})
    response = editor.post_form(add, fields, add)
    assert response.status_code == 302, f"submit for moderation: {response.status_code} {response.text[:800]}"


def approve_from_dashboard(reviewer: Person, title: str) -> int:
    dashboard = reviewer.http.get("/admin/")
    match = re.search(r"/admin/pages/workflow/action/(\d+)/approve/(\d+)/", dashboard.text)
    headings = re.findall(r"<h2[^>]*>\s*([^<]*?)\s*<", dashboard.text)
    assert match, (f"the reviewer's dashboard shows nothing awaiting review ({dashboard.status_code} "
                   f"{dashboard.url}; panels: {[h for h in headings if h]})")
    assert title in dashboard.text
    response = reviewer.post_form(match.group(0), {}, "/admin/")
    assert response.status_code in (200, 302), f"approve: {response.status_code} {response.text[:500]}"
    return int(match.group(1))


def unpublish(reviewer: Person, page_id: int) -> None:
    path = f"/admin/pages/{page_id}/unpublish/"
    confirm = reviewer.http.get(path)
    assert confirm.status_code == 200, confirm.status_code
    response = reviewer.post_form(path, form_fields(confirm.text, "unpublish"), path)
    assert response.status_code == 302, f"unpublish: {response.status_code}"


def until(condition, seconds: float, what: str) -> float:
    """Seconds until `condition()` held; fails after `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"{what} within {seconds:.0f} s")


def found(api: httpx.Client, identifier: str, word: str) -> tuple[bool, bool]:
    """(in /api/search/, in /api/records/)"""
    search = api.get("/api/search/", params={"q": word})
    assert search.status_code == 200, search.status_code
    record = api.get(f"/api/records/{identifier}/")
    assert record.status_code in (200, 404), record.status_code
    return any(r["identifier"] == identifier for r in search.json()["results"]), record.status_code == 200


def run(base: str, ca_file: str, parent_id: int, editor_login: str, reviewer_login: str) -> None:
    word = f"zq{uuid.uuid4().hex[:10]}"
    identifier, title = f"2099-{uuid.uuid4().int % 900 + 100}", f"Call for views on pollinators {word}"
    editor, reviewer = Person(base, ca_file), Person(base, ca_file)
    api = httpx.Client(base_url=base, verify=ca_file, timeout=60)
    try:
        editor.log_in(*editor_login.split(":", 1))
        print("  editor logged in")
        create_and_submit(editor, parent_id, identifier, title)
        print(f"  editor created {identifier} and submitted it for moderation")
        assert found(api, identifier, word) == (False, False), "a draft is visible in the API"
        reviewer.log_in(*reviewer_login.split(":", 1))
        page_id = approve_from_dashboard(reviewer, title)
        print(f"  reviewer approved it from the dashboard (page {page_id}): published")
        took = until(lambda: found(api, identifier, word) == (True, True), 60, "the published record in the API")
        print(f"  the worker indexed it: in /api/search/ and /api/records/ {took:.2f} s after the approval")
        unpublish(reviewer, page_id)
        took = until(lambda: found(api, identifier, word) == (False, False), 60, "the unpublished record gone")
        print(f"  reviewer unpublished it: gone from /api/search/ and /api/records/ after {took:.2f} s")
    finally:
        editor.close(), reviewer.close(), api.close()


if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
