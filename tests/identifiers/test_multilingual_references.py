"""References typed in the other UN languages read like their English forms (identifiers.multilingual)."""

from __future__ import annotations

import pytest

from identifiers import parse_references


@pytest.mark.parametrize(("text", "kind", "identifier", "paragraph"), [
    ("cible 3 du CMB", "gbf-target", "GBF-TARGET-03", None),
    ("meta 3 del MMB", "gbf-target", "GBF-TARGET-03", None),
    ("целевая задача 3", "gbf-target", "GBF-TARGET-03", None),
    ("الغاية 3", "gbf-target", "GBF-TARGET-03", None),
    ("行动目标3", "gbf-target", "GBF-TARGET-03", None),
    ("objectif 3", "gbf-target", "GBF-TARGET-03", None),  # a number names a target in every language
    ("objectif A", "gbf-goal", "GBF-GOAL-A", None),  # a letter names a goal
    ("الهدف باء", "gbf-goal", "GBF-GOAL-B", None),
    ("décision 15/4, paragraphe 3", "decision", "CBD/COP/DEC/15/4", "3"),
    ("第15/4号决定", "decision", "CBD/COP/DEC/15/4", None),
    ("decisión XII/2", "decision", "UNEP/CBD/COP/DEC/XII/2", None),
    ("المقرر 16/32", "decision", "CBD/COP/DEC/16/32", None),
    ("notificación 2024-70", "notification", "2024-070", None),
    ("уведомление 2024-070", "notification", "2024-070", None),
    ("artículo 8 j) del Protocolo de Nagoya", "article", "abs-08", "j"),
    ("статья 8(j)", "article", "cbd-08", "j"),
    ("第8条", "article", "cbd-08", None),
    ("المادة 8 من بروتوكول ناغويا", "article", "abs-08", None),
    ("indicador A.1", "gbf-indicator", "GBF-INDICATOR-A.1", None),
    ("指标A.1", "gbf-indicator", "GBF-INDICATOR-A.1", None),
    ("objectif d'Aichi 11", "aichi-target", "AICHI-TARGET-11", None),
    ("爱知目标11", "aichi-target", "AICHI-TARGET-11", None),
])
def test_a_reference_in_another_language_names_the_same_record(text, kind, identifier, paragraph):
    (ref,) = parse_references(text)
    assert (ref.kind, ref.candidates[0], ref.paragraph) == (kind, identifier, paragraph)


@pytest.mark.parametrize("text", ["objetivos 2030", "la meta de la política nacional", "цель проекта",
                                  "notification of the meeting", "目标"])
def test_everyday_words_without_a_number_or_code_are_not_references(text):
    assert parse_references(text) == []
