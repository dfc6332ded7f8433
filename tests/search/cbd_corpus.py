"""Search documents built straight from the real CBD exports in migration/data.

A pure-Python stand-in for the CMS document builder (cms.core.search_documents), same shape as
docs/contracts.md, so the engines and the relevance harness can run without Django or a database.
Used by the engine tests, bench/relevance_engine.py and bench/bench_search_engine.py.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from identifiers import symbol_variants
from migration.readers.treaties import TREATIES as TREATY_FILES
from migration.readers.treaties import article_paragraphs

DATA = Path(__file__).resolve().parents[2] / "migration" / "data"


def _load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def make_doc(n: int, identifier: str, type_: str, title: str, text: str, *, date: str | None = None,
             subjects: list[str] | None = None, gbf_targets: list[str] | None = None, unit: str = "record",
             anchor: str | None = None, paragraph_code: str | None = None, symbol: str | None = None) -> dict:
    doc = {
        "id": f"p{n}" + (f"-{anchor}" if anchor else ""), "page_id": n, "identifier": identifier, "type": type_,
        "unit": unit, "paragraph_code": paragraph_code, "anchor": anchor, "symbol": symbol or identifier,
        "symbols": symbol_variants(identifier) if unit == "record" else [paragraph_code or ""],
        "title": title, "text": text, "language": "en", "translated": True, "meetings": [],
        "year": int(date[:4]) if date else None, "date": date[:10] if date else None,
        "subjects": subjects or [], "gbf_targets": gbf_targets or [], "status": None,
        "url": f"/records/{identifier}" + (f"#{anchor}" if anchor else ""),
    }
    doc["checksum"] = hashlib.sha1(json.dumps(doc, sort_keys=True).encode()).hexdigest()
    return doc


def _strip_code(title: str) -> str:
    """"GBF-T01. All areas are planned…" -> "All areas are planned…" (the code is the identifier)."""
    return re.sub(r"^GBF-[A-Z0-9-]+\.\s*", "", title)


def notifications(start: int) -> Iterator[dict]:
    for i, n in enumerate(_load("notifications.json")):
        subjects = [t for t in n.get("themes", []) if t.startswith("CBD-SUBJECT-")]
        body = "Recipients: " + "; ".join(n.get("recipients") or [])
        yield make_doc(start + i, n["symbol"], "notification", n["titleEn"], body, date=n.get("date"),
                       subjects=subjects)


def gbf(start: int) -> Iterator[dict]:
    items = _load("gbf-goals.json") + _load("gbf-targets.json")
    for i, t in enumerate(items):
        kind = "gbf-goal" if "GOAL" in t["identifier"] else "gbf-target"
        text = (t.get("longDescription") or {}).get("en") or t.get("description") or ""
        targets = [t["identifier"]] if kind == "gbf-target" else []
        yield make_doc(start + i, t["identifier"], kind, _strip_code(t["title"]["en"]), text, gbf_targets=targets)


def indicators(start: int) -> Iterator[dict]:
    for i, ind in enumerate(_load("gbf-indicators.json")):
        yield make_doc(start + i, ind["identifier"], "gbf-indicator", ind["title"], ind["title"])


def aichi(start: int) -> Iterator[dict]:
    for i, t in enumerate(_load("aichi-targets.json")["targets"]):
        activities = " ".join(f"{a.get('country', '')}: {a.get('title_s', '')}" for a in t.get("activities", []))
        text = f"{t['action']['en']} {activities}".strip()
        yield make_doc(start + i, f"AICHI-TARGET-{int(t['id']):02d}", "aichi-target", t["title"]["en"], text)


def treaty_articles(start: int) -> Iterator[dict]:
    n = start
    for stem, (code, treaty, _short, _adopted) in TREATY_FILES.items():
        text = (DATA / "treaties" / f"{stem}.en.md").read_text(encoding="utf-8")
        for unit, paragraphs in article_paragraphs(text, code):
            title = f"Article {unit.number}. {unit.title}"
            # The page sits under its treaty: the builder's text starts with that breadcrumb.
            body = "\n\n".join([f"{treaty}, Article {unit.number}", *(t for _, t in paragraphs)])
            yield make_doc(n, unit.identifier, "treaty-article", title, body)
            for label, para in paragraphs:
                yield make_doc(n, unit.identifier, "treaty-article", title, para, unit="paragraph",
                               anchor="para-" + label.replace("/", "-"), paragraph_code=f"{unit.identifier}/{label}")
            n += 1


def build_corpus() -> list[dict]:
    docs: list[dict] = []
    for make in (notifications, gbf, indicators, aichi, treaty_articles):
        docs += list(make(max((d["page_id"] for d in docs), default=0) + 1))
    return docs
