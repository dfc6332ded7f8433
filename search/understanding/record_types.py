"""Words that name a kind of record ("activities", "indicadores", "уведомления", "会议"), in the six languages.

Beside a symbol they say which of its linked records the user wants: "decision 16/32 activities" asks for the
activities citing the decision, "meta 3 indicadores" for the indicators of target 3 (search.retrieval.pipeline).
A type word is matched by the record's type, not by its text: an indicator's title rarely says "indicator".
"""

from __future__ import annotations

import re
from functools import cache

from search.analysis import within

#: record type -> word patterns (whole words, case-insensitive; folded accents are accepted too).
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "activity": (r"activit(?:y|ies)", r"activit[ée]s?", r"actividad(?:es)?", r"мероприяти[еяй]", r"деятельност[ьи]",
                 r"(?:ال)?أنشطة", r"(?:ال)?نشاط", r"活动"),
    "gbf-indicator": (r"indicators?", r"indicateurs?", r"indicador(?:es)?", r"индикатор(?:ы|ов|а)?",
                      r"показател(?:ь|и|ей|я)", r"(?:ال)?مؤشرات", r"(?:ال)?مؤشر", r"指标"),
    "notification": (r"notifications?", r"notificaci[oó]n(?:es)?", r"уведомлени(?:е|я|й)", r"(?:ال)?إخطارات",
                     r"(?:ال)?إخطار", r"通知"),
    "meeting": (r"meetings?", r"r[ée]unions?", r"reuni[oó]n(?:es)?", r"совещани(?:е|я|й)", r"(?:ال)?اجتماعات",
                r"(?:ال)?اجتماع", r"会议"),
    "decision": (r"decisions?", r"d[ée]cisions?", r"decisi[oó]n(?:es)?", r"решени(?:е|я|й)", r"(?:ال)?مقررات",
                 r"(?:ال)?مقرر", r"决定"),
    "treaty-article": (r"articles?", r"art[ií]culos?", r"стать(?:я|и|ей)", r"(?:ال)?مادة", r"条款"),
}


#: The English type words, recognised with one slip ("activites", "indicaators", "notificatons") from this many
#: letters: shorter words are a letter from other words ("melting" from "meeting").
ENGLISH_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "activity": ("activity", "activities"), "gbf-indicator": ("indicator", "indicators"),
    "notification": ("notification", "notifications"), "meeting": ("meeting", "meetings"),
    "decision": ("decision", "decisions"), "treaty-article": ("article", "articles"),
}
MIN_MISSPELT_TYPE_WORD = 8


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """One pattern per type: whole words, except Chinese (written without spaces) matched anywhere."""
    def alternative(word: str) -> str:
        return word if re.search(r"[\u3400-\u9fff]", word) else rf"(?<!\w)(?:{word})(?!\w)"

    return [(kind, re.compile("|".join(alternative(w) for w in words), re.IGNORECASE))
            for kind, words in TYPE_WORDS.items()]


def type_words(text: str) -> tuple[list[str], str]:
    """The record types `text` names, and the text without those words."""
    kinds = []
    for kind, pattern in _patterns():
        if pattern.search(text):
            kinds.append(kind)
            text = pattern.sub(" ", text)
    kept = []
    for word in text.split():
        kind = misspelt_type_word(word)
        if kind is None:
            kept.append(word)
        elif kind not in kinds:
            kinds.append(kind)
    return [kind for kind in TYPE_WORDS if kind in kinds], " ".join(kept)


def misspelt_type_word(word: str) -> str | None:
    """The record type an English type word typed with one slip names (same first letter), else None."""
    folded = word.lower()
    if len(folded) < MIN_MISSPELT_TYPE_WORD or not (folded.isascii() and folded.isalpha()):
        return None
    for kind, forms in ENGLISH_TYPE_WORDS.items():
        if any(form[0] == folded[0] and form != folded and one_edit(folded, form) for form in forms):
            return kind
    return None


def one_edit(a: str, b: str) -> bool:
    """Whether one deletion, insertion, replacement or swap of neighbours turns a into b (a != b)."""
    return a != b and within(a, b, 1)
