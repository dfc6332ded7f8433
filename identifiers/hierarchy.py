"""Parent and child records read from the identifiers themselves, where the CBD's identifier scheme encodes them.

A treaty article belongs to its treaty (`cpb-25` → `cpb`, `cbd-annex-ii-01` → `cbd`) and a resumed session to
its meeting (`NP-MOP-05-R1` → `NP-MOP-05`). The records hold no cross-reference for these ties (the legacy data
never needed one), yet they are what a reader who typed the symbol wants next, before records that only share a
number with it. A meeting's resumed sessions are numbered from 1, so its children can be named without a lookup.
"""

from __future__ import annotations

import re

MAX_RESUMED = 4  # resumed sessions of one meeting (the CBD has held at most two)
_ARTICLE = re.compile(r"(cbd|cpb|abs)-[a-z0-9-]+(?:/[a-z0-9]+)?", re.IGNORECASE)
_RESUMED = re.compile(r"(.+)-R\d{1,2}")
_MEETING = re.compile(r"(?:COP|SBSTTA|SBI|SB8J|WG8J|CP-MOP|NP-MOP)-\d{1,2}")


def parent_identifier(identifier: str) -> str | None:
    """The record `identifier` is part of, when its form says so: an article's treaty, a resumed session's
    meeting."""
    ident = (identifier or "").strip()
    if _ARTICLE.fullmatch(ident):
        return ident.split("-", 1)[0].lower()
    resumed = _RESUMED.fullmatch(ident)
    return resumed[1] if resumed and _MEETING.fullmatch(resumed[1]) else None


def child_identifiers(identifier: str) -> list[str]:
    """The identifiers a meeting's resumed sessions would have (`COP-16` → `COP-16-R1`, …); none otherwise."""
    ident = (identifier or "").strip()
    if not _MEETING.fullmatch(ident):
        return []
    return [f"{ident}-R{n}" for n in range(1, MAX_RESUMED + 1)]


_NUMBER = re.compile(r"\d+")


def alike_by_number(identifier: str, other: str) -> bool:
    """Whether two different identifiers are tied by their numbering only: the same form with other numbers
    (`COP-16` / `COP-17`, `2024-007` / `2025-007`, `GBF-TARGET-02` / `GBF-TARGET-03`) or a number in common
    (`cpb-25` / `abs-25`, `GBF-INDICATOR-A.3` / `GBF-INDICATOR-9.CY.3`). `COP-17` and `CP-MOP-12`, held
    together, are not."""
    a, b = (identifier or "").strip().lower(), (other or "").strip().lower()
    if not a or not b or a == b:
        return False
    shared = {int(n) for n in _NUMBER.findall(a)} & {int(n) for n in _NUMBER.findall(b)}
    return _NUMBER.sub("#", a) == _NUMBER.sub("#", b) or bool(shared)
