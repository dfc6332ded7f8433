"""Spellings of an identifier: `symbol_variants(identifier)` lists every spelling a record should match
exactly (the CMS document builder puts them in each search document's `symbols`); `normalize_symbol` is the key
the engines compare them by ("cbd / cop/15 /4" == "CBD/COP/15/4")."""

from __future__ import annotations

import re
import unicodedata

from identifiers.numerals import int_to_roman, roman_to_int
from identifiers.patterns import DASH


def normalize_symbol(symbol: str) -> str:
    """Matching key for a symbol: width/dash/space/case differences removed ("cbd / cop/15 /4" == "CBD/COP/15/4")."""
    if not isinstance(symbol, str):
        return ""
    s = unicodedata.normalize("NFKC", symbol)
    s = re.sub(DASH, "-", s)
    s = " ".join(s.split()).strip(" \"'“”‘’.,;:()[]")
    s = re.sub(r"\s*([/\-.])\s*", r"\1", s)
    return s.upper()


def symbol_variants(identifier: str) -> list[str]:
    """Every spelling that should match the record `identifier` exactly (identifier first, no duplicates)."""
    if not isinstance(identifier, str) or not identifier.strip():
        return []
    ident = identifier.strip()
    variants = [ident]
    for make in _VARIANT_MAKERS:
        try:
            extra = make(ident)
        except (ValueError, TypeError):
            extra = []
        if extra:
            variants += extra
            break
    seen: set[str] = set()
    unique = []
    for v in variants:
        key = normalize_symbol(v)
        if key and key not in seen:
            seen.add(key)
            unique.append(v)
    return unique


def _cop_decision_variants(ident: str) -> list[str]:
    m = re.fullmatch(r"(?:UNEP/)?CBD/COP/DEC/([IVXL]+|\d+)/(\d+)", ident, re.I)
    if not m:
        return []
    session = int(m[1]) if m[1].isdigit() else roman_to_int(m[1])
    if session is None:
        return []
    n = int(m[2])
    out = [f"CBD/COP/{session:02d}/{n:02d}", f"decision {session}/{n}", f"{session}/{n}", f"COP {session}/{n}",
           f"COP-{session}/{n}", f"CBD/COP/DEC/{session}/{n}"]
    if session < 14:
        roman = int_to_roman(session)
        out += [f"UNEP/CBD/COP/DEC/{roman}/{n}", f"CBD/COP/DEC/{roman}/{n}", f"decision {roman}/{n}", f"{roman}/{n}"]
    return out


def _protocol_decision_variants(ident: str) -> list[str]:
    m = re.fullmatch(r"(?:UNEP/)?CBD/(CP|NP|BS)/(?:MOP|COP-MOP)/DEC/([IVXL]+|\d+)/(\d+)", ident, re.I)
    if not m:
        return []
    body = "NP" if m[1].upper() == "NP" else "CP"
    session = int(m[2]) if m[2].isdigit() else roman_to_int(m[2])
    if session is None:
        return []
    n = int(m[3])
    out = [f"{body}-{session}/{n}", f"{body} {session}/{n}", f"{body}{session}/{n}", f"decision {body}-{session}/{n}",
           f"CBD/{body}/MOP/DEC/{session}/{n}", f"CBD/{body}/{session:02d}/{n:02d}"]
    if body == "CP" and session < 9:
        out += [f"BS-{int_to_roman(session)}/{n}"]
    return out


def _notification_variants(ident: str) -> list[str]:
    m = re.fullmatch(r"((?:19|20)\d{2})-(\d{1,3})", ident)
    if not m:
        return []
    n = int(m[2])
    return [f"{m[1]}-{n:03d}", f"{m[1]}-{n}", f"notification {m[1]}-{n:03d}"]


def _framework_variants(ident: str) -> list[str]:
    up = ident.upper()
    if m := re.fullmatch(r"GBF-TARGET-(\d{1,2})", up):
        n = int(m[1])
        return [f"GBF-TARGET-{n:02d}", f"GBF-TARGET-{n}", f"GBF target {n}", f"KMGBF target {n}", f"target {n}",
                f"GBF-T{n:02d}"]
    if m := re.fullmatch(r"GBF-GOAL-([A-D])", up):
        return [f"GBF goal {m[1]}", f"goal {m[1]}", f"GBF-G-{m[1]}"]
    if m := re.fullmatch(r"AICHI-TARGET-(\d{1,2})", up):
        n = int(m[1])
        return [f"AICHI-TARGET-{n:02d}", f"AICHI-TARGET-{n}", f"Aichi target {n}", f"Aichi Biodiversity Target {n}"]
    if m := re.fullmatch(r"AICHI-GOAL-([A-E])", up):
        return [f"Aichi goal {m[1]}", f"Strategic goal {m[1]}"]
    if m := re.fullmatch(r"KMGBF-INDICATOR-BIN-(\d+)", up):
        return [f"binary indicator {int(m[1])}"]
    if m := re.fullmatch(r"GBF-INDICATOR-(.+)", up):
        code = m[1]
        out = [f"indicator {code}", code]
        if alt := re.fullmatch(r"([A-D])\.?(\d{1,2})", code):
            other = f"{alt[1]}{alt[2]}" if "." in code else f"{alt[1]}.{alt[2]}"
            out += [f"GBF-INDICATOR-{other}", f"indicator {other}", other]
        return out
    return []


_TREATY_NAMES = {"cbd": ["CBD", "Convention"], "cpb": ["Cartagena Protocol", "CPB", "Biosafety Protocol"],
                 "abs": ["Nagoya Protocol", "NP"]}


def _article_variants(ident: str) -> list[str]:
    m = re.fullmatch(r"(cbd|cpb|abs)-(\d{1,2})", ident, re.I)
    if not m:
        return []
    prefix, n = m[1].lower(), int(m[2])
    out = [f"{name} article {n}" for name in _TREATY_NAMES[prefix]]
    return ([f"article {n}"] if prefix == "cbd" else []) + out + [f"{prefix}-{n}"]


def _meeting_variants(ident: str) -> list[str]:
    m = re.fullmatch(r"(COP|SBSTTA|SBI|SB8J|WG8J|CP-MOP|NP-MOP)-(\d{1,2})", ident, re.I)
    if not m:
        return []
    body, n = m[1].upper(), int(m[2])
    out = [f"{body} {n}", f"{body}{n}".replace("-", "")]
    if body == "CP-MOP":
        out += [f"COP-MOP-{n}", f"COP-MOP {n}", f"CP MOP {n}"]
    if body == "NP-MOP":
        out += [f"NP MOP {n}"]
    return out


_VARIANT_MAKERS = (_cop_decision_variants, _protocol_decision_variants, _notification_variants,
                   _framework_variants, _article_variants, _meeting_variants)
