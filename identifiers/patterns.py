"""The reference forms users type, as a table of patterns (`PATTERNS`) and the builders that turn a match into
canonical identifiers. Read through `identifiers.references.parse_references`, the public entry point.
Every builder returns None for a match that only looks like a reference (e.g. "target 30").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from identifiers.forms import cop_decision, protocol_decision
from identifiers.multilingual import TREATY_WORDS, alternatives, goal_letter
from identifiers.numerals import session_number

MAX_COP = 17  # bare "N/M" is only read as a decision for sessions that exist (or are next)
DASH = r"[-‐‑‒–—]"
SEP = rf"\s*{DASH}?\s*"
PARA = r"(?:\s*,?\s*(?:para(?:graph)?s?\.?|¶)\s*(\d{1,3})\s*(?:\(\s*([a-z]{1,4}|\d{1,2})\s*\))?)?"
DOC_SUFFIXES = {"ADD": "Add", "REV": "Rev", "CORR": "Corr", "CRP": "CRP", "L": "L"}


@dataclass(frozen=True)
class Found:
    kind: str
    candidates: list[str]
    paragraph: str | None = None
    paragraph_codes: tuple[str, ...] = ()


def paragraph_codes(body: str, session: int, number: int, para: str | None) -> tuple[str, ...]:
    """DTT paragraph code (`CBD/COP/16/32/24`) for a decision paragraph given as "Para 24"."""
    if not para:
        return ()
    return (f"CBD/{body}/{session:02d}/{number:02d}/{int(para):02d}",)


def _paragraph(m: re.Match[str], first: int) -> str | None:
    para, sub = m.group(first), m.group(first + 1)
    if not para:
        return None
    return f"{para}({sub.lower()})" if sub else para


# --- builders ------------------------------------------------------------------------------------------


def b_paragraph_code(m: re.Match[str]) -> Found | None:
    body, session, number, section, para = m.group(1).upper(), int(m[2]), int(m[3]), m[4], int(m[5])
    code = f"CBD/{body}/{session:02d}/{number:02d}/" + (f"{section.upper()}/" if section else "") + f"{para:02d}"
    decision = cop_decision(session, number) if body == "COP" else protocol_decision(body, session, number)[0]
    return Found("paragraph", [code, decision], paragraph=(f"{section.upper()}/" if section else "") + f"{para:02d}",
                 paragraph_codes=(code,))


def b_decision_symbol(m: re.Match[str]) -> Found | None:
    body = re.sub(r"\s+", "", m.group(1)).upper()
    session = session_number(m.group(2))
    if session is None or session < 1:
        return None
    number = int(m.group(3))
    if body == "COP":
        return Found("decision", [cop_decision(session, number)])
    short = "CP" if body.startswith(("CP", "BS")) else "NP"
    return Found("decision", protocol_decision(short, session, number))


def b_dtt_code(m: re.Match[str]) -> Found | None:
    body, session, raw_number = m.group(1).upper(), int(m.group(2)), m.group(3)
    number = int(raw_number)
    decision = cop_decision(session, number) if body == "COP" else protocol_decision(body, session, number)[0]
    document = f"CBD/{body}/{session}/{number}"
    if len(raw_number) == 2:  # zero-padded two digits: the DTT form of a decision
        return Found("decision", [decision, document])
    return Found("document", [document, decision])


def b_document(m: re.Match[str]) -> Found | None:
    parts = [p for p in re.split(r"\s*/\s*", m.group(0)) if p]
    out = []
    for part in parts:
        suffix = re.fullmatch(r"(Add|Rev|Corr|CRP|L)\s*\.\s*(\d+)", part, re.I)
        out.append(f"{DOC_SUFFIXES[suffix[1].upper()]}.{suffix[2]}" if suffix else re.sub(r"\s+", "", part).upper())
    if len(out) < 3 or not any(p.isdigit() for p in out):
        return None
    return Found("document", ["/".join(out)])


def b_protocol_decision(m: re.Match[str]) -> Found | None:
    body = "CP" if m.group(1).upper() in ("CP", "BS") else "NP"
    session = session_number(m.group(2))
    if session is None or session < 1:
        return None
    number = int(m.group(3))
    para = _paragraph(m, 4)
    return Found("decision", protocol_decision(body, session, number), para,
                 paragraph_codes(body, session, number, m.group(4)))


def b_cop_decision(m: re.Match[str]) -> Found | None:
    session = session_number(m.group(1))
    if session is None or not 1 <= session <= MAX_COP:
        return None
    number = int(m.group(2))
    if number < 1:
        return None
    return Found("decision", [cop_decision(session, number)], _paragraph(m, 3),
                 paragraph_codes("COP", session, number, m.group(3)))


def b_notification(m: re.Match[str]) -> Found | None:
    number = int(m.group(2))
    return Found("notification", [f"{m.group(1)}-{number:03d}"]) if number >= 1 else None


MAX_YEAR_SPAN = 10  # "2011-20", "2021-30": a period of a plan, not a notification number


def b_short_notification(m: re.Match[str]) -> Found | None:
    """A bare notification number typed without its leading zeros ("2024-83"), unless it reads as a span of
    years ("2011-20", "2024-25")."""
    year, number = int(m.group(1)), int(m.group(2))
    if len(m.group(2)) == 2 and 0 < number - year % 100 <= MAX_YEAR_SPAN:
        return None
    return b_notification(m)


MEETING_BODIES = {"COP": "COP", "SBSTTA": "SBSTTA", "SBI": "SBI", "SB8J": "SB8J", "WG8J": "WG8J",
                  "CPMOP": "CP-MOP", "COPMOP": "CP-MOP", "NPMOP": "NP-MOP", "MOP": "CP-MOP"}


def b_meeting(m: re.Match[str]) -> Found | None:
    body = MEETING_BODIES.get(re.sub(rf"[\s]|{DASH}", "", m.group(1)).upper())
    number = session_number(m.group(2))
    if body is None or number is None or number < 1:
        return None
    # Records spell sessions below 10 with two digits (SBI-06, NP-MOP-05); people type "SBI-6"
    return Found("meeting", list(dict.fromkeys([f"{body}-{number:02d}", f"{body}-{number}"])))


def b_gbf_target(m: re.Match[str]) -> Found | None:
    number = int(m.group(1))
    return Found("gbf-target", [f"GBF-TARGET-{number:02d}", f"GBF-TARGET-{number}"]) if 1 <= number <= 23 else None


def b_goal_in_words(m: re.Match[str]) -> Found | None:
    letter = goal_letter(m.group(1))
    return Found("gbf-goal", [f"GBF-GOAL-{letter}"]) if letter else None


def b_gbf_goal(m: re.Match[str]) -> Found | None:
    prefixed, letter = m.group(1), m.group(2)
    if not prefixed and not letter.isupper():  # "the goal a country sets" is not Goal A
        return None
    return Found("gbf-goal", [f"GBF-GOAL-{letter.upper()}"])


def b_aichi_target(m: re.Match[str]) -> Found | None:
    number = int(m.group(1))
    return Found("aichi-target", [f"AICHI-TARGET-{number:02d}"]) if 1 <= number <= 20 else None


def b_aichi_goal(m: re.Match[str]) -> Found | None:
    return Found("aichi-goal", [f"AICHI-GOAL-{m.group(1).upper()}"])


def b_indicator(m: re.Match[str]) -> Found | None:
    binary, code = m.group(1), m.group(2).upper()
    if binary:
        return Found("gbf-indicator", [f"KMGBF-INDICATOR-BIN-{int(code)}"]) if code.isdigit() else None
    dotted = re.fullmatch(r"([A-D])\.?(\d{1,2})", code)
    if dotted:  # issued both ways (A.1 next to B1): try the typed form first
        forms = [f"{dotted[1]}.{dotted[2]}", f"{dotted[1]}{dotted[2]}"]
        if "." not in code:
            forms.reverse()
        return Found("gbf-indicator", [f"GBF-INDICATOR-{f}" for f in forms])
    return Found("gbf-indicator", [f"GBF-INDICATOR-{code}"])


TREATY_ABBREVIATIONS = (("np", "abs"), ("abs", "abs"), ("cpb", "cpb"))


def treaty_prefix(*names: str | None) -> str:
    for name in names:
        low = (name or "").lower()
        for word, prefix in TREATY_WORDS:  # names, in any UN language: a fragment is enough ("нагойского")
            if word in low:
                return prefix
        for word, prefix in TREATY_ABBREVIATIONS:
            if re.search(rf"\b{word}\b", low):
                return prefix
    return "cbd"  # "Article 15" alone means the Convention


def b_article(m: re.Match[str]) -> Found | None:
    number = int(m.group(2))
    if number < 1:
        return None
    identifier = f"{treaty_prefix(m.group(1), m.group(4))}-{number:02d}"
    para = m.group(3).lower() if m.group(3) else None
    codes = (f"{identifier}/{para}",) if para else ()
    return Found("article", [identifier], para, codes)


def b_article_in_words(m: re.Match[str]) -> Found | None:
    """"artículo 8 j) del Protocolo de Nagoya", "статья 8(j)", "第8条": the treaty named nearby, else the Convention."""
    number = int(m.group(1))
    if number < 1:
        return None
    around = m.string[max(0, m.start() - 40):m.end() + 40]  # "del Protocolo de Nagoya", "Нагойский протокол"
    identifier = f"{treaty_prefix(around)}-{number:02d}"
    para = m.group(2).lower() if m.group(2) else None
    return Found("article", [identifier], para, (f"{identifier}/{para}",) if para else ())


def b_literal(m: re.Match[str]) -> Found | None:
    ident = re.sub(r"\s+", "", m.group(0)).upper()
    ident = re.sub(DASH, "-", ident)
    padded = re.fullmatch(r"(GBF-TARGET|AICHI-TARGET|GBF-T)-?(\d{1,2})", ident)
    if padded:
        family = "AICHI-TARGET" if padded[1].startswith("AICHI") else "GBF-TARGET"
        ident = f"{family}-{int(padded[2]):02d}"
    goal = re.fullmatch(r"GBF-G-([A-D])", ident)
    if goal:
        ident = f"GBF-GOAL-{goal[1]}"
    kinds = {"GBF-TARGET": "gbf-target", "GBF-GOAL": "gbf-goal", "AICHI-TARGET": "aichi-target",
             "AICHI-GOAL": "aichi-goal", "ACT": "activity", "CBD-SUBJECT": "subject"}
    kind = next((k for p, k in kinds.items() if ident.startswith(p + "-")), "gbf-indicator")
    return Found(kind, [ident])


def b_treaty_id(m: re.Match[str]) -> Found | None:
    ident = f"{m.group(1).lower()}-{int(m.group(2)):02d}"
    return Found("article", [ident], m.group(3).lower() if m.group(3) else None,
                 (f"{ident}/{m.group(3).lower()}",) if m.group(3) else ())


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


SESSION = r"([IVXL]{1,6}|\d{1,2})"
TREATY_NAME = (r"Nagoya(?:\s+Protocol)?|Cartagena(?:\s+Protocol)?|(?:Cartagena\s+)?Protocol\s+on\s+Biosafety"
               r"|biosafety\s+protocol|Convention|CBD|CPB|NP")

#: (kind-priority, regex, builder); on equal spans the lower priority number wins.
PATTERNS: list[tuple[int, re.Pattern[str], Callable[[re.Match[str]], Found | None]]] = [
    (0, _c(r"\bCBD\s*/\s*(COP|CP|NP)\s*/\s*(\d{1,2})\s*/\s*(\d{2})\s*/\s*(?:([A-Z])\s*/\s*)?(\d{2})(?![\w/])"),
     b_paragraph_code),
    (1, _c(r"\b(?:UNEP\s*/\s*)?CBD\s*/\s*(COP|CP\s*/\s*MOP|NP\s*/\s*MOP|BS\s*/\s*COP-MOP|NP\s*/\s*COP-MOP)"
           rf"\s*/\s*DEC\s*/\s*{SESSION}\s*/\s*(\d{{1,3}})\b"), b_decision_symbol),
    (2, _c(r"\bCBD\s*/\s*(COP|CP|NP)\s*/\s*(\d{1,2})\s*/\s*(\d{1,2})(?![\w/.])"), b_dtt_code),
    (3, _c(r"\b(?:UNEP\s*/\s*)?CBD\s*/\s*[A-Z][A-Z0-9\-]*(?:\s*/\s*(?:(?:Add|Rev|Corr|CRP|L)\s*\.\s*\d+"
           r"|[A-Z0-9][A-Z0-9\-]*))+"), b_document),
    (4, _c(rf"\b(?:GBF|KMGBF|AICHI|ACT|CBD-SUBJECT)-[A-Z0-9]+(?:{DASH}[A-Z0-9.]*[A-Z0-9])+"), b_literal),
    (4, _c(r"\b(cbd|cpb|abs)-(\d{1,2})(?:/([a-z]|\d{1,2}))?\b"), b_treaty_id),
    (5, _c(rf"\b(?:decisions?\s+)?(CP|NP|BS){SEP}(?:MOP{SEP})?{SESSION}\s*/\s*(\d{{1,3}})(?![\w/]){PARA}"),
     b_protocol_decision),
    (6, _c(rf"(?:\b(?:decisions?|dec\.)\s+(?:COP{SEP})?|\bCOP{SEP}){SESSION}\s*/\s*(\d{{1,3}})(?![\w/]){PARA}"),
     b_cop_decision),
    (7, _c(rf"(?<![\w/.\-]){SESSION}/(\d{{1,3}})(?![\w/]|\.\d){PARA}"), b_cop_decision),
    (6, _c(r"\b(?:notifications?|ntf|notif\.)[\s\-]*(?:no\.?\s*)?((?:19|20)\d{2})\s*[-/]\s*(\d{1,3})(?![\w/]|-\d)"),
     b_notification),
    (7, _c(r"(?<![\w/.\-])((?:19|20)\d{2})-(\d{3})(?![\w/]|-\d)"), b_notification),
    (7, _c(r"(?<![\w/.\-])((?:19|20)\d{2})-(\d{1,2})(?![\w/]|-\d|\.\d)"), b_short_notification),
    (8, _c(rf"\b(COP{SEP}MOP|CP{SEP}MOP|NP{SEP}MOP|COP|SBSTTA|SBI|SB8J|WG8J){SEP}{SESSION}\b(?!\s*/)"),
     b_meeting),
    (6, _c(r"\bAichi\s+(?:Biodiversity\s+)?Targets?\s*(?:no\.?\s*)?(\d{1,2})\b"), b_aichi_target),
    (6, _c(r"\b(?:Aichi|Strategic)\s+(?:Biodiversity\s+)?Goal\s+([A-E])\b"), b_aichi_goal),
    (8, _c(rf"\b(?:(?:GBF|KMGBF|Kunming{SEP}Montreal(?:\s+Global\s+Biodiversity\s+Framework)?|Global\s+Biodiversity"
           rf"\s+Framework)\s*{DASH}?\s*)?Targets?\s*(?:no\.?\s*|#\s*)?(\d{{1,2}})\b(?!\s*/|\.\d)"), b_gbf_target),
    (8, _c(rf"\bGBF{SEP}T(\d{{1,2}})\b"), b_gbf_target),
    (8, _c(rf"\b((?:GBF|KMGBF){SEP})?goal{SEP}([A-D])\b"), b_gbf_goal),
    (8, _c(rf"\b(?:(?:GBF|KMGBF){SEP})?(?:headline\s+|component\s+|complementary\s+|(binary)\s+)?indicators?"
           r"\s*(?:no\.?\s*)?([A-D](?:\.(?:CT|CY)\.\d{1,2}|\.?\d{1,2})|\d{1,2}\.(?:CT\.|CY\.)?\d{1,2}|\d{1,3})\b"),
     b_indicator),
    (8, _c(rf"(?:\b({TREATY_NAME})(?:'s)?\s*,?\s*)?\b(?:articles?|art\.?)\s*(\d{{1,2}})(?!\d)"
           rf"\s*(?:\(\s*([a-z]|\d{{1,2}})\s*\))?(?:\s*,?\s*(?:paragraph\s+\d{{1,2}}\s*,?\s*)?(?:of\s+)?(?:the\s+)?"
           rf"({TREATY_NAME})\b)?"), b_article),
    # The same references in French, Spanish, Russian, Arabic and Chinese (identifiers.multilingual).
    (6, _c(rf"(?:\b|(?<=\W))(?:{alternatives('decision')})\s*(?:n[°o]\s*)?{SESSION}\s*/\s*(\d{{1,3}})(?![\w/])"
           rf"(?:\s*,?\s*(?:{alternatives('paragraph')})\s*(\d{{1,3}})\s*(?:\(\s*([a-z]{{1,4}}|\d{{1,2}})\s*\))?)?"),
     b_cop_decision),
    (6, _c(rf"第\s*{SESSION}\s*/\s*(\d{{1,3}})\s*号?\s*决定()()"), b_cop_decision),
    (6, _c(rf"(?:{alternatives('notification')})\s*(?:n[°o]\.?\s*|№\s*)?((?:19|20)\d{{2}})\s*[-/]\s*(\d{{1,3}})"
           r"(?![\w/]|-\d)"), b_notification),
    (6, _c(rf"(?:{alternatives('target')})\s*(?:de\s+|d['’]\s*)?(?:{alternatives('aichi')})\s*"
           r"(?:pour\s+la\s+biodiversit[ée]\s+|para\s+la\s+diversidad\s+biol[oó]gica\s+|生物多样性)?"
           r"(?:目标\s*)?(?:n[°o]\.?\s*|№\s*)?(\d{1,2})(?!\d)"), b_aichi_target),
    (6, _c(rf"(?:{alternatives('aichi')})\s*(?:生物多样性)?目标\s*(\d{{1,2}})(?!\d)"), b_aichi_target),
    (8, _c(rf"(?:{alternatives('target')})\s*(?:n[°o]\.?\s*|№\s*|#\s*)?(\d{{1,2}})(?![\d/.])"), b_gbf_target),
    (8, _c(rf"(?:{alternatives('goal')})\s*([A-D]|ألف|باء|جيم|دال)(?![\w])"), b_goal_in_words),
    (8, _c(rf"(?:{alternatives('indicator')})\s*(?:n[°o]\.?\s*|№\s*)?"
           r"()([A-D](?:\.(?:CT|CY)\.\d{1,2}|\.?\d{1,2})|\d{1,2}\.(?:CT\.|CY\.)?\d{1,2}|\d{1,3})(?![\w.])"),
     b_indicator),
    (8, _c(rf"(?:{alternatives('article')})\s*(\d{{1,2}})(?!\d)\s*(?:\(?\s*([a-z])\s*\))?()"), b_article_in_words),
    (8, _c(r"第\s*(\d{1,2})\s*条\s*(?:\(\s*([a-z])\s*\))?()"), b_article_in_words),
    # "8(j)", "10(c)": an article's paragraph typed without the word "Article" (written together, so "Targets
    # 18 and 19 (a)" and "paragraph 5(a)" are not read as articles).
    (9, _c(r"(?<![\w/.()\-])(?<!paragraph )(?<!para\. )(?<!para )(\d{1,2})\(([a-z])\)()(?![\w(])"),
     b_article_in_words),
]
