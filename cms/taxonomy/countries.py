"""Countries as ISO 3166 alpha-2 codes (pycountry ships the standard's list, offline)."""

from functools import cache

import pycountry


@cache
def country_names() -> dict[str, str]:
    return {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}


def country_code(name_or_code: str) -> str | None:
    """Map a country name as written in legacy data ("Azerbaijan", "Viet Nam") or a code to its alpha-2 code."""
    text = (name_or_code or "").strip()
    if not text:
        return None
    if len(text) == 2 and text.upper() in country_names():
        return text.upper()
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        try:
            return pycountry.countries.search_fuzzy(text)[0].alpha_2
        except LookupError:
            return None
