"""CBD identifiers and references: parsed, normalised, formatted — the one place their patterns live.

Pure Python: no Django and no other project package is imported here (enforced by import-linter), so every
layer (cms, migration, ingest, search, embeddings) can use it.
"""

from identifiers.decisions import BODY_NAMES, DecisionParts, decision_paragraph, decision_parts, indicator_kind
from identifiers.forms import (
    FORMS,
    INDEX_API_ID,
    IdentifierForm,
    dtt_code,
    is_valid,
    normalize_document_symbol,
    official_symbol,
)
from identifiers.hierarchy import alike_by_number, child_identifiers, parent_identifier
from identifiers.meetings import meeting_title
from identifiers.numerals import int_to_roman, is_roman, ordinal, roman_to_int
from identifiers.references import Reference, cited_identifiers, parse_references, remaining_text
from identifiers.variants import normalize_symbol, symbol_variants
from identifiers.vocabulary import (
    CONTENT_TYPES,
    LANGUAGE_NAMES,
    LANGUAGES,
    NAVIGATION_TYPES,
    RECORD_TYPES,
    RTL_LANGUAGES,
    SOURCE_LANGUAGE,
    TERM_SCHEMES,
)

__all__ = [
    "alike_by_number",
    "BODY_NAMES",
    "DecisionParts",
    "decision_paragraph",
    "decision_parts",
    "indicator_kind",
    "FORMS",
    "INDEX_API_ID",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "CONTENT_TYPES",
    "NAVIGATION_TYPES",
    "RECORD_TYPES",
    "RTL_LANGUAGES",
    "SOURCE_LANGUAGE",
    "TERM_SCHEMES",
    "IdentifierForm",
    "Reference",
    "child_identifiers",
    "cited_identifiers",
    "dtt_code",
    "int_to_roman",
    "is_roman",
    "is_valid",
    "meeting_title",
    "normalize_document_symbol",
    "normalize_symbol",
    "official_symbol",
    "ordinal",
    "parent_identifier",
    "parse_references",
    "remaining_text",
    "roman_to_int",
    "symbol_variants",
]
