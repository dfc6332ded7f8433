"""The closed lists every layer shares: the six UN languages and the record types (docs/contracts.md)."""

from __future__ import annotations

#: The six UN languages, in the order the API lists them.
LANGUAGES: tuple[str, ...] = ("ar", "en", "es", "fr", "ru", "zh")
#: Every record is authored in English; the other languages are translations of it.
SOURCE_LANGUAGE = "en"
RTL_LANGUAGES: frozenset[str] = frozenset({"ar"})
#: Each language's name in itself (interface language pickers, Django's LANGUAGES).
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية",
                                  "ru": "Русский", "zh": "中文"}

#: `type` everywhere: API, search documents, vector payloads, facets.
RECORD_TYPES: tuple[str, ...] = (
    "decision", "meeting-document", "notification", "meeting", "library-resource", "treaty", "treaty-article",
    "gbf-goal", "gbf-target", "gbf-indicator", "aichi-goal", "aichi-target", "subject", "activity",
)
#: Record types that are ways in rather than content (a CBD subject's page lists what is tagged with it): search
#: offers them beside the results ("topics"), not among them, unless a client filters on them.
NAVIGATION_TYPES: tuple[str, ...] = ("subject",)
CONTENT_TYPES: tuple[str, ...] = tuple(t for t in RECORD_TYPES if t not in NAVIGATION_TYPES)
#: Taxonomy schemes: record types whose records are terms other records are tagged with.
TERM_SCHEMES: tuple[str, ...] = ("gbf-goal", "gbf-target", "gbf-indicator", "aichi-goal", "aichi-target", "subject")
