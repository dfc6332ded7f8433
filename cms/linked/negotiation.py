"""Content negotiation for linked-data URIs: what a client's Accept header (or ?format=) asks for."""

from __future__ import annotations

#: format name -> media types that name it (first: the one answered)
MEDIA_TYPES = {
    "jsonld": ("application/ld+json",),
    "turtle": ("text/turtle", "application/x-turtle"),
    "rdfxml": ("application/rdf+xml",),
    "json": ("application/json",),
    "html": ("text/html", "application/xhtml+xml"),
}
FORMAT_ALIASES = {"ttl": "turtle", "rdf": "rdfxml", "xml": "rdfxml", "json-ld": "jsonld"}


def _accepted(header: str) -> list[tuple[float, int, str]]:
    ranked = []
    for position, item in enumerate(header.split(",")):
        media, *params = [p.strip() for p in item.split(";")]
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, media.lower()))
    return sorted(ranked)


def preferred_format(request, offered: tuple[str, ...] = ("html", "jsonld", "turtle", "rdfxml", "json"),
                     default: str = "jsonld") -> str:
    """`?format=` wins; then the best-ranked Accept entry we offer; a browser (text/html) gets "html"."""
    asked = (request.GET.get("format") or "").strip().lower()
    asked = FORMAT_ALIASES.get(asked, asked)
    if asked in offered:
        return asked
    for negative_quality, _, media in _accepted(request.headers.get("Accept", "")):
        if negative_quality >= 0:
            continue
        for name in offered:
            if media in MEDIA_TYPES[name]:
                return name
    return default
