""""Cite this record" in CSL-JSON, RIS and BibTeX, all three from the one metadata mapping (cms.linked.metadata)."""

from __future__ import annotations

import re
from typing import Any

from cms.linked.metadata import RecordMetadata

FORMATS = {"csl": "application/vnd.citationstyles.csl+json", "ris": "application/x-research-info-systems",
           "bibtex": "application/x-bibtex"}


def _date_parts(date: str | None) -> dict[str, Any] | None:
    return {"date-parts": [[int(p) for p in date.split("-")]]} if date else None


def csl_json(meta: RecordMetadata) -> dict[str, Any]:
    item = {
        "id": meta.identifier,
        "type": meta.kinds[2],
        "title": meta.title,
        "author": [{"literal": meta.creator}],
        "publisher": meta.publisher,
        "issued": _date_parts(meta.date),
        "number": meta.identifier,
        "URL": meta.uri,
        "language": meta.language,
        "container-title": meta.container,
        "event-place": meta.location,
        "abstract": meta.description[:500] or None,
    }
    return {key: value for key, value in item.items() if value}


def ris(meta: RecordMetadata) -> str:
    lines = [("TY", meta.kinds[3]), ("TI", meta.title), ("AU", meta.creator), ("PB", meta.publisher),
             ("PY", str(meta.year) if meta.year else ""), ("DA", (meta.date or "").replace("-", "/")),
             ("M1", meta.identifier), ("UR", meta.uri), ("LA", meta.language), ("T2", meta.container or ""),
             ("CY", meta.location or ""), ("AB", meta.description[:500])]
    body = [f"{tag}  - {' '.join(value.split())}" for tag, value in lines if value]
    return "\r\n".join([*body, "ER  - ", ""])


def _bibtex_escape(value: str) -> str:
    value = " ".join(str(value).split())
    value = re.sub(r"([&%$#_{}])", r"\\\1", value)
    return value.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def bibtex_key(meta: RecordMetadata) -> str:
    return "cbd_" + re.sub(r"[^A-Za-z0-9]+", "_", meta.identifier).strip("_").lower()


def bibtex(meta: RecordMetadata) -> str:
    fields = [("title", "{" + _bibtex_escape(meta.title) + "}"), ("author", "{" + _bibtex_escape(meta.creator) + "}"),
              ("institution" if meta.kinds[4] == "techreport" else "publisher", _bibtex_escape(meta.publisher)),
              ("year", str(meta.year) if meta.year else ""), ("number", _bibtex_escape(meta.identifier)),
              ("url", meta.uri), ("language", meta.language), ("note", _bibtex_escape(meta.container or ""))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{meta.kinds[4]}{{{bibtex_key(meta)},\n{body}\n}}\n"


def citation(meta: RecordMetadata, fmt: str) -> str | dict[str, Any]:
    return {"csl": lambda m: [csl_json(m)], "ris": ris, "bibtex": bibtex}[fmt](meta)
