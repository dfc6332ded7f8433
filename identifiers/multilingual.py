"""The words the five other UN languages use for the references users type, as data, and the patterns built from
them: "cible 3", "meta 3 del MMB", "целевая задача 3", "الغاية 3", "行动目标3" (GBF targets); "objetivo B" (goals);
"décision 15/4", "第15/4号决定"; "notificación 2024-70"; "artículo 8 j)", "статья 8(j)", "第8条"; "indicador A.1";
"objectif d'Aichi 11", "爱知目标11". Numbers name GBF targets and letters name goals in every language, which is
what tells a French "objectif 3" (target 3) from "objectif A" (goal A).
"""

from __future__ import annotations

#: kind -> alternatives (regex fragments) in French, Spanish, Russian, Arabic and Chinese.
WORDS: dict[str, tuple[str, ...]] = {
    "target": (r"cibles?", r"objectifs?", r"metas?", r"objetivos?", r"целев(?:ая|ой|ые)\s+задач[аиу]?", r"цел[ьи]",
               r"задач[аиу]", r"(?:ال)?غاي(?:ة|ات)", r"(?:ال)?هدف", r"行动目标", r"目标"),
    "goal": (r"objectifs?", r"objetivos?", r"цел[ьи]", r"(?:ال)?هدف", r"长期目标", r"目标"),
    "decision": (r"décisions?", r"decisi[oó]n(?:es)?", r"решени[еяи]", r"(?:ال)?مقرر(?:ات)?", r"决定"),
    "notification": (r"notificaci[oó]n(?:es)?", r"уведомлени[еяи]", r"(?:ال)?إخطار", r"通知"),
    "article": (r"art[ií]culos?", r"стать[яиюе]", r"ст\.", r"(?:ال)?مادة", r"المادة"),
    "indicator": (r"indicateurs?", r"indicador(?:es)?", r"индикатор[аы]?", r"показател[ьяи]", r"(?:ال)?مؤشر(?:ات)?",
                  r"指标"),
    "aichi": (r"Aichi", r"Айти", r"Аити", r"أيشي", r"爱知"),
    "paragraph": (r"paragraphes?", r"p[aá]rrafos?", r"пункт[аы]?", r"(?:ال)?فقرة"),
}
#: Arabic section letters as UN documents spell them, for goals ("الهدف باء" = Goal B).
ARABIC_LETTERS = {"ألف": "A", "باء": "B", "جيم": "C", "دال": "D"}
#: Treaty names: (fragment, prefix of the article identifiers).
TREATY_WORDS = (("nagoya", "abs"), ("нагойск", "abs"), ("ناغويا", "abs"), ("名古屋", "abs"),
                ("cartagena", "cpb"), ("картахенск", "cpb"), ("قرطاجنة", "cpb"), ("卡塔赫纳", "cpb"),
                ("biosafety", "cpb"), ("bioseguridad", "cpb"), ("biosécurité", "cpb"), ("биобезопасност", "cpb"))


def alternatives(kind: str) -> str:
    return "|".join(WORDS[kind])


def goal_letter(raw: str) -> str | None:
    """A goal's letter from "B", "b" or the Arabic "باء"."""
    return ARABIC_LETTERS.get(raw) or (raw.upper() if raw.upper() in "ABCD" else None)
