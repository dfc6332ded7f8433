"""What each legacy export's fields must look like, checked before a record is mapped.

A mapper reads what it is given: a string where a list is expected iterates character by character (`urls`
given as one string made a redirect from `/a`, `/h`, ...), and a dict or a number where text is expected becomes
its Python spelling. So every field a mapper reads is declared here with the shapes the real exports use, and a
record whose field has another shape fails alone, with a message that names the field, what it should be and
what it is. Text must also be valid Unicode: JSON allows an unpaired surrogate (`"\\ud800"`), which no database
can store and which crashed the whole run before it was checked here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from migration.spec import MappingError

Check = Callable[[Any], bool]


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _text_or_number(value: Any) -> bool:  # identifiers and codes the exports give as numbers (termId, id)
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def _localized(value: Any) -> bool:  # thesaurus fields: a string or {language: text}
    return isinstance(value, str) or (isinstance(value, dict) and all(v is None or isinstance(v, str)
                                                                      for v in value.values()))


def _list_of(item: Check) -> Check:
    return lambda value: isinstance(value, list) and all(item(v) for v in value)


def _object(value: Any) -> bool:
    return isinstance(value, dict)


TEXT = ("text", _text)
CODE = ("text or a number", _text_or_number)
LOCALIZED = ("text or an object of texts by language", _localized)
TEXT_LIST = ("a list of texts", _list_of(_text))
CODE_LIST = ("a list of texts or numbers", _list_of(_text_or_number))
OBJECT_LIST = ("a list of objects", _list_of(_object))
OBJECT = ("an object", _object)

_TERM = {"identifier": TEXT, "termId": CODE, "name": TEXT, "title": LOCALIZED, "shortTitle": LOCALIZED,
         "description": TEXT, "longDescription": LOCALIZED, "broaderTerms": CODE_LIST,
         "narrowerTerms": CODE_LIST, "relatedTerms": CODE_LIST}
_TITLES = {f"title{lang}": TEXT for lang in ("En", "Fr", "Es", "Ar", "Ru", "Zh")}

#: kind -> field -> (what it should be, check). null is always accepted (an empty value).
SCHEMAS: dict[str, dict[str, tuple[str, Check]]] = {
    "gbf-goal": _TERM,
    "gbf-target": _TERM,
    "gbf-indicator": {"identifier": TEXT, "code": TEXT, "title": TEXT},
    "aichi-goal": {"goal": TEXT, "title": LOCALIZED, "text": LOCALIZED},
    "aichi-target": {"id": CODE, "title": LOCALIZED, "goal": LOCALIZED, "action": LOCALIZED,
                     "activities": OBJECT_LIST, "links": OBJECT, "featuredResources": CODE_LIST,
                     "partners": OBJECT_LIST},
    "notification": {"id": CODE, "symbol": TEXT, "reference": TEXT, **_TITLES, "date": TEXT, "actionDate": TEXT,
                     "deadline": TEXT, "sender": TEXT, "recipients": TEXT_LIST, "themes": TEXT_LIST,
                     "urls": TEXT_LIST, "files": OBJECT_LIST},
    "meeting": {"id": CODE, **_TITLES, "startDate": TEXT, "endDate": TEXT, "status": TEXT, "type": TEXT,
                "subjects": TEXT_LIST, "subsidiaryBodies": TEXT_LIST, "cityEn": TEXT, "city": TEXT,
                "country": TEXT, "meetingCode": TEXT, "links": TEXT_LIST, "notesEn": TEXT,
                "notifications": TEXT_LIST, "gbfTargets": CODE_LIST},
    "activity": {"identifier": TEXT, "title": TEXT, "description": TEXT, "type": TEXT,
                 "actionRequiredByParties": TEXT, "subject": TEXT, "status": TEXT, "statusNarrative": TEXT,
                 "startDate": TEXT, "endDate": TEXT, "copDecision": TEXT, "copParagraphNo": TEXT,
                 "responsibleUnit": TEXT, "gbfTargets": CODE_LIST, "relatedDocuments": TEXT, "meetings": TEXT_LIST},
}


def check_record(kind: str, data: dict[str, Any]) -> None:
    """Raise a MappingError naming every field of the wrong shape and any text that is not valid Unicode."""
    problems = [f"field '{name}' must be {expected}, not {_describe(data[name])}"
                for name, (expected, check) in SCHEMAS.get(kind, {}).items()
                if data.get(name) is not None and not check(data[name])]
    problems += _invalid_unicode(data)
    if problems:
        raise MappingError("; ".join(problems) + "; the record was not imported (fix it in the legacy export)")


def _describe(value: Any) -> str:
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    kind = {str: "a text", int: "a number", float: "a number", bool: "true/false", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)
    return f"{kind} ({ascii(shown)[1:-1] if _has_surrogate(shown) else shown})"


def _has_surrogate(value: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in value)


def _invalid_unicode(value: Any, where: str = "") -> list[str]:
    """Every string (and key) holding an unpaired UTF-16 surrogate, by its path in the record."""
    if isinstance(value, str):
        if not _has_surrogate(value):
            return []
        at = next(i for i, ch in enumerate(value) if "\ud800" <= ch <= "\udfff")
        return [f"field '{where or '?'}' holds an unpaired surrogate (U+{ord(value[at]):04X} at character "
                f"{at + 1}), which is not valid Unicode text"]
    if isinstance(value, dict):
        found: list[str] = []
        for key, item in value.items():
            key_text = ascii(key)[1:-1] if isinstance(key, str) and _has_surrogate(key) else str(key)
            name = f"{where}.{key_text}" if where else key_text
            found += _invalid_unicode(str(key), f"{name} (its name)") + _invalid_unicode(item, name)
        return found
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _invalid_unicode(item, f"{where}[{i}]")]
    return []
