"""Turns a structured body (StreamField of preamble / paragraph / section / annex) into addressable paragraphs.

Codes follow the CBD's paragraph codes (`CBD/COP/15/04/A/01`); anchors are URL fragments (`para-a-1-b`)."""

from __future__ import annotations

import re
from typing import Any


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")


def list_items(values: list | None) -> list[dict]:
    """ListBlock values as plain dicts: Wagtail stores items as {"type": "item", "value": …, "id": …}."""
    return [v["value"] if isinstance(v, dict) and v.get("type") == "item" and "value" in v else v for v in values or []]


def pad_number(number: str) -> str:
    number = str(number).strip()
    return number.zfill(2) if number.isdigit() else number.replace(" ", "")


def paragraph_entry(
    value: dict, *, code_prefix: str, anchor_prefix: str, section_label: str = "", anchor_section: str | None = None
) -> dict[str, Any]:
    number = str(value.get("number") or "").strip()
    parts = [p for p in (section_label, pad_number(number) if number else "") if p]
    code = "/".join([code_prefix, *parts]) if code_prefix else "/".join(parts)
    anchor_section = section_label if anchor_section is None else anchor_section
    anchor = "-".join(p for p in (anchor_prefix, _slug(anchor_section), _slug(number)) if p) or anchor_prefix
    label = f"{section_label} {number}".strip() if section_label and number else number
    subs = []
    for sub in list_items(value.get("subparagraphs")):
        letter = str(sub.get("letter") or "").strip().strip("()")
        subs.append(
            {
                "letter": letter,
                "label": f"{label} ({letter})".strip(),
                "anchor": f"{anchor}-{_slug(letter)}",
                "text": sub.get("text") or "",
            }
        )
    return {
        "code": code if number else None,
        "anchor": anchor,
        "number": number,
        "label": label,
        "text": value.get("text") or "",
        "subparagraphs": subs,
        "gbf_targets": list(value.get("gbf_targets") or []),
        "subjects": list(value.get("subjects") or []),
        "actors": [a.strip() for a in str(value.get("actors") or "").split(",") if a.strip()],
        "status": value.get("status") or "",
    }


def structure_body(stream_data: list[dict], code_prefix: str) -> list[dict[str, Any]]:
    """Body blocks as plain dicts for the API: [{kind, label, title, text, paragraphs: [...]}]."""
    out: list[dict[str, Any]] = []
    for block in stream_data:
        kind, value = block["type"], block["value"]
        if kind == "preamble":
            out.append({"kind": "preamble", "text": value, "paragraphs": []})
        elif kind == "paragraph":
            out.append(
                {
                    "kind": "paragraph",
                    "paragraphs": [paragraph_entry(value, code_prefix=code_prefix, anchor_prefix="para")],
                }
            )
        elif kind in ("section", "annex"):
            label = str(value.get("label") or "").strip()
            section_code = label if kind == "section" else f"ANNEX-{label}"
            anchor = "para" if kind == "section" else f"annex-{_slug(label)}"
            paragraphs = [
                paragraph_entry(
                    p,
                    code_prefix=code_prefix,
                    anchor_prefix=anchor,
                    section_label=section_code,
                    anchor_section=label if kind == "section" else "",
                )
                for p in list_items(value.get("paragraphs"))
            ]
            if kind == "annex":
                for p in paragraphs:
                    p["label"] = p["number"]
            out.append(
                {
                    "kind": kind,
                    "label": label,
                    "title": value.get("title") or "",
                    "text": value.get("text") or "",
                    "anchor": f"{kind}-{_slug(label)}",
                    "paragraphs": paragraphs,
                }
            )
    return out


def flatten_paragraphs(structured: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for block in structured for p in block["paragraphs"]]


def paragraph_plain_text(paragraph: dict[str, Any]) -> str:
    lines = [f"{paragraph['number']}. {paragraph['text']}" if paragraph["number"] else paragraph["text"]]
    lines += [f"({s['letter']}) {s['text']}" for s in paragraph["subparagraphs"]]
    return "\n".join(lines)


def body_plain_text(structured: list[dict[str, Any]]) -> str:
    chunks: list[str] = []
    for block in structured:
        if block.get("title"):
            chunks.append(f"{block.get('label', '')} {block['title']}".strip())
        if block.get("text"):
            chunks.append(block["text"])
        chunks += [paragraph_plain_text(p) for p in block["paragraphs"]]
    return "\n\n".join(chunks)
