"""Where the CBD itself publishes a record that the hub does not hold (yet): a reference such as "COP-15" on
decision 15/4 is shown as its symbol with this link, never as a link to a page that cannot be found.

Identifiers are recognised by their forms (identifiers.FORMS); only address forms the CBD site is known to serve
are built here (GUIDE: legacy URL patterns). Anything else has no official link and stays plain text."""

from __future__ import annotations

import re

from django.conf import settings

from identifiers import FORMS

_COP_DECISION = re.compile(r"CBD/COP/DEC/(\d{1,2})/(\d{1,3})")
_GBF_TARGET = re.compile(r"GBF-TARGET-(\d{2})")


def official_url(identifier: str, kind: str | None = None) -> str | None:
    """The record's address on the CBD site, or None when no address form is known for it.

    `kind` is what the referring field says the identifier is ("meeting" for a record's meetings list); other
    identifiers are recognised by their form."""
    base = settings.LEGACY_SITE_URL.rstrip("/")
    if kind == "meeting":
        return f"{base}/meetings/{identifier}" if FORMS["meeting"].matches(identifier) else None
    if FORMS["notification"].matches(identifier):
        return f"{base}/notifications/{identifier}"
    if match := _COP_DECISION.fullmatch(identifier):  # the arabic-numeral COP form (COP-14 on)
        return f"{base}/decisions/cop/{int(match[1])}/{int(match[2])}"
    if FORMS["treaty-article"].matches(identifier):
        return f"{base}/convention/articles/?a={identifier}"
    if match := _GBF_TARGET.fullmatch(identifier):
        return f"{base}/gbf/targets/{int(match[1])}"
    return None
