"""The form of each record type's persistent identifier, as data, and the symbols derived from a decision's
parts. A form says what an identifier *is*; `identifiers.references` reads what users *type*."""

from __future__ import annotations

import re
from dataclasses import dataclass

from identifiers.numerals import int_to_roman

FIRST_CBD_FORM_COP = 14  # from COP-14 on decisions are CBD/COP/DEC/14/x; before, UNEP/CBD/COP/DEC/XII/x
FIRST_CBD_FORM_CP = 9
FIRST_CBD_FORM_NP = 3


@dataclass(frozen=True)
class IdentifierForm:
    kind: str
    pattern: re.Pattern[str]
    example: str

    def matches(self, identifier: str) -> bool:
        return bool(self.pattern.fullmatch((identifier or "").strip()))


def _form(kind: str, pattern: str, example: str, flags: int = 0) -> tuple[str, IdentifierForm]:
    return kind, IdentifierForm(kind, re.compile(pattern, flags), example)


#: Record type (or taxonomy scheme) -> the form its identifiers take.
FORMS: dict[str, IdentifierForm] = dict([
    _form("notification", r"(19|20)\d{2}-\d{3}", "2024-070"),
    _form("meeting", r"[A-Z0-9][A-Z0-9-]{1,59}", "COP-16"),
    _form("activity", r"ACT-\d{4}-\d{2,4}", "ACT-2024-01"),
    _form("decision", r"CBD/(COP|CP/MOP|NP/MOP)/DEC/\d{1,2}/\d{1,3}"
                      r"|UNEP/CBD/(COP|BS/COP-MOP|NP/COP-MOP)/DEC/[IVX]+/\d{1,3}",
          "CBD/COP/DEC/15/4 or UNEP/CBD/COP/DEC/XII/2"),
    _form("meeting-document", r"(UNEP/)?CBD/[A-Z][A-Za-z0-9./-]*(/(INF|CRP|L|Add|Rev|Corr)\.?\d*)*",
          "CBD/SBSTTA/26/INF/20 or CBD/SBI/6/INF/11/Add.1", re.I),
    _form("treaty", r"cbd|cpb|abs", "cbd, cpb or abs"),
    _form("treaty-article", r"(cbd|cpb|abs)-(\d{2}|annex-[ivx]+)(-\d{2})?",
          "cbd-08, cpb-20, abs-14 or cbd-annex-ii-01"),
    _form("gbf-goal", r"GBF-GOAL-[A-D]", "GBF-GOAL-A"),
    _form("gbf-target", r"GBF-TARGET-\d{2}", "GBF-TARGET-03"),
    _form("gbf-indicator", r"(K?MGBF|GBF)-INDICATOR-[A-Za-z0-9.\-]+", "GBF-INDICATOR-A.1"),
    _form("aichi-goal", r"AICHI-GOAL-[A-E]", "AICHI-GOAL-A"),
    _form("aichi-target", r"AICHI-TARGET-\d{2}", "AICHI-TARGET-11"),
    _form("subject", r"CBD-SUBJECT-[A-Z0-9-]+", "CBD-SUBJECT-BIOSAFETY"),
])

#: The id of a record in the CBD's index API (a 24-digit hex object id, e.g. 52000000cbd00500000019e2), kept in
#: each migrated record's provenance (legacy_id) and held by partners.
INDEX_API_ID = re.compile(r"[0-9a-f]{24}", re.I)

#: A treaty article's identifier, with its treaty and number as groups.
ARTICLE = FORMS["treaty-article"].pattern


def is_valid(kind: str, identifier: str) -> bool:
    """True when `identifier` has the form of `kind`; kinds without a fixed form (library resources) accept any."""
    form = FORMS.get(kind)
    return form is None or form.matches(identifier)


# --- decisions ---------------------------------------------------------------------------------------------
#: Governing body -> the decision symbol's prefix and the DTT code's body.
DECISION_PREFIX = {"COP": "CBD/COP/DEC", "CP-MOP": "CBD/CP/MOP/DEC", "NP-MOP": "CBD/NP/MOP/DEC"}
DTT_BODY = {"COP": "COP", "CP-MOP": "CP", "NP-MOP": "NP"}


def official_symbol(body: str, session: int, number: int) -> str:
    """The decision's official symbol: Roman numerals before COP-14 (UNEP/CBD/COP/DEC/XII/2), arabic since."""
    if body == "COP" and session < FIRST_CBD_FORM_COP:
        return f"UNEP/CBD/COP/DEC/{int_to_roman(session)}/{number}"
    return f"{DECISION_PREFIX[body]}/{session}/{number}"


def cop_decision(session: int, number: int) -> str:
    return official_symbol("COP", session, number)


def protocol_decision(body: str, session: int, number: int) -> list[str]:
    """Protocol decisions ("CP" or "NP"); sessions before the CBD/… form also get their UNEP spelling first."""
    if body == "CP":
        new, old = f"CBD/CP/MOP/DEC/{session}/{number}", f"UNEP/CBD/BS/COP-MOP/DEC/{int_to_roman(session)}/{number}"
        return [new] if session >= FIRST_CBD_FORM_CP else [old, new]
    new, old = f"CBD/NP/MOP/DEC/{session}/{number}", f"UNEP/CBD/NP/COP-MOP/DEC/{session}/{number}"
    return [new] if session >= FIRST_CBD_FORM_NP else [old, new]


def dtt_code(body: str, session: int, number: int) -> str:
    """The Decision Tracking Tool's code of a decision: CBD/COP/15/04."""
    return f"CBD/{DTT_BODY[body]}/{session:02d}/{number:02d}"


# --- meeting documents -------------------------------------------------------------------------------------
def normalize_document_symbol(symbol: str) -> str:
    """Upper-case the body, keep the CBD's casing of suffixes (Add.1, Rev.1, Corr.1), drop stray spaces."""
    parts = [p.strip() for p in re.sub(r"\s+", "", symbol or "").split("/") if p.strip()]
    fixed = []
    for part in parts:
        match = re.fullmatch(r"(add|rev|corr)\.?(\d+)", part, re.I)
        fixed.append(f"{match.group(1).capitalize()}.{match.group(2)}" if match else part.upper())
    return "/".join(fixed)
