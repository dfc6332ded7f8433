"""A decision symbol taken apart (governing body, session, number) and a decision paragraph given by its symbol
(`CBD/COP/DEC/15/4/A/1`) turned into the DTT paragraph code the records carry (`CBD/COP/15/04/A/01`).

Used where the hub must talk about a decision it may not hold: the reference record of the resolver and the
decision tracking of every governing body."""

from __future__ import annotations

import re
from dataclasses import dataclass

from identifiers.forms import DECISION_PREFIX, dtt_code, official_symbol
from identifiers.numerals import session_number

_SYMBOL = (r"(?:UNEP\s*/\s*)?CBD\s*/\s*(COP|CP\s*/\s*MOP|NP\s*/\s*MOP|BS\s*/\s*COP-MOP|NP\s*/\s*COP-MOP)"
           r"\s*/\s*DEC\s*/\s*([IVXL]{1,6}|\d{1,2})\s*/\s*(\d{1,3})")
SYMBOL = re.compile(_SYMBOL, re.I)
#: The symbol followed by a paragraph path: /A/1, /01, /ANNEX-I/3 (sections and annexes as the DTT codes write them).
PARAGRAPH = re.compile(_SYMBOL + r"((?:\s*/\s*[A-Za-z0-9.\-]+){1,3})", re.I)
BODY_OF = {"COP": "COP", "CP/MOP": "CP-MOP", "BS/COP-MOP": "CP-MOP", "NP/MOP": "NP-MOP", "NP/COP-MOP": "NP-MOP"}
BODY_NAMES = {
    "COP": "Conference of the Parties to the Convention on Biological Diversity",
    "CP-MOP": "Conference of the Parties serving as the meeting of the Parties to the Cartagena Protocol",
    "NP-MOP": "Conference of the Parties serving as the meeting of the Parties to the Nagoya Protocol",
}


@dataclass(frozen=True)
class DecisionParts:
    body: str  # "COP" | "CP-MOP" | "NP-MOP"
    session: int
    number: int

    @property
    def symbol(self) -> str:
        return official_symbol(self.body, self.session, self.number)

    @property
    def dtt_code(self) -> str:
        return dtt_code(self.body, self.session, self.number)

    @property
    def meeting(self) -> str:
        """The meeting that adopted it, as the hub codes meetings (COP-16, CP-MOP-11)."""
        return f"{self.body}-{self.session}"

    @property
    def short(self) -> str:
        """How people cite it: 16/32, CP-11/8, NP-4/3."""
        prefix = {"COP": "", "CP-MOP": "CP-", "NP-MOP": "NP-"}[self.body]
        return f"{prefix}{self.session}/{self.number}"

    def spellings(self) -> list[str]:
        """Symbols records may carry for it: the official one first, then the other issued form if any."""
        spellings = [self.symbol, f"{DECISION_PREFIX[self.body]}/{self.session}/{self.number}"]
        return list(dict.fromkeys(spellings))


def _parts(match: re.Match[str]) -> DecisionParts | None:
    body = BODY_OF.get(re.sub(r"\s+", "", match.group(1)).upper())
    session = session_number(match.group(2))
    number = int(match.group(3))
    if body is None or not session or number < 1:
        return None
    return DecisionParts(body, session, number)


def decision_parts(symbol: str) -> DecisionParts | None:
    """`CBD/COP/DEC/16/32` -> DecisionParts("COP", 16, 32); None when `symbol` is not a decision symbol."""
    match = SYMBOL.fullmatch((symbol or "").strip())
    return _parts(match) if match else None


def _code_part(part: str) -> str:
    part = part.strip()
    return f"{int(part):02d}" if part.isdigit() else part.upper()


def decision_paragraph(text: str) -> tuple[DecisionParts, str] | None:
    """`CBD/COP/DEC/15/4/A/1` -> (decision 15/4, `CBD/COP/15/04/A/01`): a paragraph addressed through the
    decision's symbol, as partners holding DTT-style paths write it. None for anything else."""
    match = PARAGRAPH.fullmatch((text or "").strip())
    if not match:
        return None
    parts = _parts(match)
    tail = [_code_part(p) for p in match.group(4).split("/") if p.strip()]
    if parts is None or not tail:
        return None
    return parts, "/".join([parts.dtt_code, *tail])


def indicator_kind(code: str) -> str:
    """The GBF monitoring framework's kind of an indicator from its printed code: `A.1` headline, `5.b` binary,
    `A.CT.2` component, `5.CY.6` complementary; "" when the code says nothing."""
    code = (code or "").strip()
    if re.fullmatch(r"[A-D0-9]{1,2}\.b", code, re.I):
        return "binary"
    if ".CT." in code.upper():
        return "component"
    if ".CY." in code.upper():
        return "complementary"
    if re.fullmatch(r"[A-D]\.?\d{1,2}|\d{1,2}\.\d{1,2}", code, re.I):
        return "headline"
    return ""
