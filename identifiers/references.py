"""The one place that understands CBD references in free text.

`parse_references("decision XII/2 and notification 2024-70")` finds the references a user typed and turns
each into candidate canonical identifiers (several when the exact issued form is uncertain); the patterns are
the table in `identifiers.patterns`. Nothing here raises on any input: bad text simply yields no references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from identifiers.patterns import PATTERNS, Found

MAX_TEXT = 2000  # references live in short queries; bound the regex work on pasted documents


@dataclass(frozen=True)
class Reference:
    kind: str
    candidates: list[str]
    span: tuple[int, int]
    text: str
    paragraph: str | None = None
    paragraph_codes: list[str] = field(default_factory=list)

    @property
    def lookup_keys(self) -> list[str]:
        """Most specific first: a paragraph's own code, then the record identifiers."""
        return [*self.paragraph_codes, *self.candidates]


def parse_references(text: str) -> list[Reference]:
    """References in `text`, left to right, never overlapping (the longest, most specific wins)."""
    if not isinstance(text, str) or not text.strip():
        return []
    text = text[:MAX_TEXT]
    found: list[tuple[int, int, int, Found]] = []
    for priority, pattern, build in PATTERNS:
        for match in pattern.finditer(text):
            ref = _safe_build(build, match)
            if ref is not None:
                found.append((match.start(), match.end(), priority, ref))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2]))
    out: list[Reference] = []
    end = -1
    for start, stop, _, ref in found:
        if start >= end:
            raw = text[start:stop].rstrip()
            out.append(Reference(ref.kind, list(dict.fromkeys(ref.candidates)), (start, start + len(raw)),
                                 raw.strip(), ref.paragraph, list(ref.paragraph_codes)))
            end = stop
    return out


def _safe_build(build, match: re.Match[str]) -> Found | None:
    try:
        return build(match)
    except (ValueError, TypeError, KeyError, IndexError):  # a malformed number or code: not a reference
        return None


def remaining_text(text: str, refs: list[Reference]) -> str:
    """The query without its references (what is left to search as words)."""
    if not isinstance(text, str):
        return ""
    parts, last = [], 0
    for ref in sorted(refs, key=lambda r: r.span):
        parts.append(text[last:ref.span[0]])
        last = ref.span[1]
    parts.append(text[last:])
    rest = " ".join(" ".join(parts).split())
    return rest.strip(" ,;:-–—/").strip()


def cited_identifiers(text: str, own: str = "") -> list[str]:
    """The identifiers the references in `text` name (every candidate spelling), `own` excepted: what a record's
    title cites ("... liability and redress (Article 14, paragraph 2 of the Convention)" → `cbd-14`). In the
    text of a treaty's own article or annex, an article named without its treaty is that treaty's ("Information
    required under Article 11" in the Cartagena Protocol's annex is `cpb-11`, not the Convention's)."""
    from identifiers.hierarchy import parent_identifier
    from identifiers.patterns import TREATY_NAME

    treaty = parent_identifier(own)
    names_treaty = re.compile(rf"\b(?:{TREATY_NAME})\b", re.IGNORECASE)
    out: list[str] = []
    for ref in parse_references(text):
        candidates = ref.candidates
        if treaty and ref.kind == "article" and not names_treaty.search(ref.text):
            candidates = [f"{treaty}-{c.split('-', 1)[1]}" for c in candidates]
        out += [c for c in candidates if c != own]
    return list(dict.fromkeys(out))
