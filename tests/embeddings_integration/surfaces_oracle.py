"""The test's own model of what the public may see, and the checks of every public surface against it.

The oracle is independent of cms.core.visibility: it follows the operations as an editor would describe them
("published with this title", "restricted this section") and derives visibility from the page tree it keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

QUERY = "zebrafish"  # in every title: one query finds every record
MODES = ("lexical", "semantic", "hybrid")


@dataclass
class PageState:
    identifier: str
    pk: int
    model: type
    parent: str  # a section name or a treaty identifier
    live: bool = True
    title: str = ""  # the live (public) title
    draft_title: str = ""
    scheduled_title: str | None = None
    legacy: str | None = None

    def page(self):
        return self.model.objects.get(pk=self.pk)


@dataclass
class Oracle:
    sections: dict[str, Any]
    pages: dict[str, PageState] = field(default_factory=dict)
    restrictions: dict[int, str] = field(default_factory=dict)  # restriction pk -> restricted node
    documents: dict[int, set[str]] = field(default_factory=dict)  # document pk -> records linking it

    def add(self, page, parent: str, legacy: str | None = None) -> None:
        self.pages[page.identifier] = PageState(page.identifier, page.pk, type(page), parent, True, page.title,
                                                page.title, None, legacy)

    def node(self, name: str):
        return self.sections[name] if name in self.sections else self.pages[name].page()

    def published(self, identifier: str, title: str, keep_draft: bool = False) -> None:
        state = self.pages[identifier]
        state.live, state.title, state.scheduled_title = True, title, None
        if not keep_draft:
            state.draft_title = title

    def unpublished(self, identifier: str) -> None:
        state = self.pages[identifier]
        state.live, state.scheduled_title = False, None  # Wagtail's unpublish drops pending schedules

    # -- derived -----------------------------------------------------------------------------------------------------
    def ancestors(self, identifier: str) -> list[str]:
        chain, name = [], identifier
        while name in self.pages:
            name = self.pages[name].parent
            chain.append(name)
        return chain

    def is_public(self, identifier: str) -> bool:
        restricted = set(self.restrictions.values())
        return self.pages[identifier].live and not restricted & {identifier, *self.ancestors(identifier)}

    def public(self) -> set[str]:
        return {i for i in self.pages if self.is_public(i)}

    def search_title(self, identifier: str) -> str:
        """What search shows: an article carries its treaty's title only while the treaty is public."""
        state = self.pages[identifier]
        if state.parent in self.pages:
            number = identifier.rsplit("-", 1)[-1].lstrip("0")
            prefix = f"{self.pages[state.parent].title}, " if self.is_public(state.parent) else ""
            return f"{prefix}Article {number}: {state.title}"
        return state.title

    def public_documents(self) -> set[int]:
        public = self.public()
        return {pk for pk, linked in self.documents.items() if linked & public}


class Checker:
    def __init__(self, client, oracle: Oracle):
        self.client, self.oracle = client, oracle
        self.problems: list[str] = []
        self.checks = 0

    def expect(self, ok: bool, message: str) -> None:
        self.checks += 1
        if not ok:
            self.problems.append(message)

    def get(self, path: str, params: dict | None = None):
        return self.client.get(path, params or {})

    # -- surfaces ----------------------------------------------------------------------------------------------------
    def records(self) -> None:
        for identifier, state in self.oracle.pages.items():
            public = self.oracle.is_public(identifier)
            response = self.get(f"/api/records/{identifier}/")
            self.expect(response.status_code == (200 if public else 404),
                        f"records {identifier}: {response.status_code}, public={public}")
            if not public or response.status_code != 200:
                continue
            body = response.json()
            self.expect(body["title"] == state.title, f"records {identifier}: title {body['title']!r}")
            if "articles" in body:
                children = [i for i, s in self.oracle.pages.items() if s.parent == identifier]
                wanted = [i for i in children if self.oracle.is_public(i)]
                shown = [a["identifier"] for a in body["articles"]]
                self.expect(shown == sorted(wanted), f"treaty {identifier} lists {shown}, public {sorted(wanted)}")
            if "treaty" in body:
                parent = state.parent
                wanted = {"identifier": parent, "title": self.oracle.pages[parent].title} \
                    if self.oracle.is_public(parent) else None
                self.expect(body["treaty"] == wanted, f"article {identifier} shows treaty {body['treaty']}")

    def resolver(self) -> None:
        for identifier, state in self.oracle.pages.items():
            public = self.oracle.is_public(identifier)
            for ref in filter(None, [identifier, state.legacy]):
                response = self.get("/api/resolve/", {"ref": ref})
                self.expect(response.status_code == (200 if public else 404),
                            f"resolve {ref}: {response.status_code}, public={public}")
                if public and response.status_code == 200:
                    self.expect(response.json()["title"] == state.title, f"resolve {ref}: stale title")

    def search(self) -> None:
        public = self.oracle.public()
        for mode in MODES:
            response = self.get("/api/search/", {"q": QUERY, "mode": mode, "limit": 100})
            self.expect(response.status_code == 200, f"search {mode}: {response.status_code}")
            results = response.json().get("results", []) if response.status_code == 200 else []
            shown = {r["identifier"] for r in results if r["identifier"] in self.oracle.pages}
            self.expect(not shown - public, f"search {mode} leaks {sorted(shown - public)}")
            if mode != "semantic":  # nearest neighbours are not a match list: only leaks are checked there
                self.expect(not public - shown, f"search {mode} misses {sorted(public - shown)}")
            for result in results:
                if result["identifier"] in public:
                    wanted = self.oracle.search_title(result["identifier"])
                    self.expect(result["title"] == wanted, f"search {mode}: {result['title']!r}, not {wanted!r}")

    def ask(self) -> None:
        response = self.get("/api/ask/", {"q": f"What does the {QUERY} notification say?"})
        self.expect(response.status_code == 200, f"ask: {response.status_code}")
        cited = {p["identifier"] for p in response.json().get("passages", [])} if response.status_code == 200 else set()
        leaked = (cited & set(self.oracle.pages)) - self.oracle.public()
        self.expect(not leaked, f"ask cites {sorted(leaked)}")

    def api_v2(self) -> None:
        response = self.get("/api/v2/pages/", {"type": "core.RecordPage", "fields": "identifier,title", "limit": 100})
        items = {i["identifier"]: i["title"] for i in response.json()["items"] if i.get("identifier")}
        shown, public = set(items) & set(self.oracle.pages), self.oracle.public()
        self.expect(shown == public, f"v2 pages: leaks {sorted(shown - public)}, misses {sorted(public - shown)}")
        stale = [i for i in shown & public if items[i] != self.oracle.pages[i].title]
        self.expect(not stale, f"v2 pages: stale titles {stale}")
        for identifier, state in self.oracle.pages.items():
            detail = self.get(f"/api/v2/pages/{state.pk}/")
            public_page = identifier in public
            self.expect(detail.status_code == (200 if public_page else 404), f"v2 detail {identifier}: "
                        f"{detail.status_code}, public={public_page}")
        listed = {d["id"] for d in self.get("/api/v2/documents/").json()["items"]}
        wanted = self.oracle.public_documents()
        self.expect(listed & set(self.oracle.documents) == wanted, f"v2 documents {listed}, public {wanted}")

    def pages_and_redirects(self) -> None:
        for identifier, state in self.oracle.pages.items():
            public = self.oracle.is_public(identifier)
            page = state.page()
            response = self.get(page.url) if page.url else None
            reaches = response is not None and "record.html" in response.get("Location", "")
            self.expect(reaches == public, f"page {page.url}: reaches the record {reaches}, public={public}")
            if state.legacy:
                legacy = self.get(state.legacy)
                self.expect((legacy.status_code == 301) == public,
                            f"legacy {state.legacy}: {legacy.status_code}, public={public}")

    def documents(self) -> None:
        from wagtail.documents.models import Document

        public = self.oracle.public_documents()
        for document in Document.objects.filter(pk__in=self.oracle.documents):
            status = self.get(document.url).status_code
            self.expect(status == (200 if document.pk in public else 404), f"document {document.pk}: {status}")


def surface_problems(client, oracle: Oracle) -> tuple[list[str], int]:
    """Every public surface checked once: (leaks and misses found, checks made)."""
    checker = Checker(client, oracle)
    for surface in (checker.records, checker.resolver, checker.search, checker.ask, checker.api_v2,
                    checker.pages_and_redirects, checker.documents):
        surface()
    return checker.problems, checker.checks
