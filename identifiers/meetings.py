"""How meeting titles spell a meeting code out: "COP-17" -> "seventeenth meeting of the Conference of the
Parties" (documents and notifications name meetings that way, not by code)."""

from __future__ import annotations

import re

from identifiers.numerals import ordinal

_BODIES = {"COP": "meeting of the Conference of the Parties",
           "SBSTTA": "meeting of the Subsidiary Body on Scientific, Technical and Technological Advice",
           "SBI": "meeting of the Subsidiary Body on Implementation",
           "SB8J": "meeting of the Subsidiary Body on Article 8(j)",
           "WG8J": "meeting of the Working Group on Article 8(j)",
           "CP-MOP": "meeting of the Parties to the Cartagena Protocol on Biosafety",
           "NP-MOP": "meeting of the Parties to the Nagoya Protocol"}


def meeting_title(code: str) -> str | None:
    """"COP-17" -> "seventeenth meeting of the Conference of the Parties" (how titles name meetings)."""
    m = re.fullmatch(r"(COP|SBSTTA|SBI|SB8J|WG8J|CP-MOP|NP-MOP)-(\d{1,2})", code or "")
    return f"{ordinal(int(m[2]))} {_BODIES[m[1]]}" if m else None
