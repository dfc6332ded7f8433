"""Suggested GBF targets for a record: the official text of the 23 targets vs the record and its paragraphs.

A target is suggested when the record (or one of its paragraphs) is close to the target's text, it is not
already tagged, and no editor rejected it for this record. Accepting adds the identifier to the record's
gbf_targets in a new draft revision, so the change goes through the usual review and publishing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from embeddings.models import TargetSuggestionDecision
from embeddings.retrieval import cosine_matrix, record_texts

# all-MiniLM-L6-v2 cosine; below it a target shares words more than meaning. Retune with the model.
MIN_SCORE = 0.3
MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class Suggestion:
    target: str
    title: str
    score: float
    paragraph_code: str | None  # the paragraph that matched best (None: the record as a whole)


def gbf_targets() -> list[tuple[str, str, str]]:
    """(identifier, title, official text) of the published GBF targets, in English (their official text)."""
    from cms.taxonomy.models import TermPage

    pages = TermPage.objects.live().filter(scheme="gbf-target", locale__language_code="en").order_by("identifier")
    return [(p.identifier, p.title, f"{p.title}. {p.description}".strip()) for p in pages]


def _decided(page: Any) -> set[str]:
    return set(TargetSuggestionDecision.objects.filter(translation_key=page.translation_key)
               .values_list("target", flat=True))


def suggest_targets(page: Any, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    targets = gbf_targets()
    texts = record_texts(page)
    if not targets or not texts or getattr(page, "record_type", "") in {"gbf-target", "gbf-goal"}:
        return []
    excluded = set(page.gbf_targets or []) | _decided(page)
    scores = cosine_matrix([t for _, t in texts], [text for _, _, text in targets])  # passages x targets
    out = []
    for j, (identifier, title, _) in enumerate(targets):
        i = int(scores[:, j].argmax())
        score = float(scores[i, j])
        if identifier not in excluded and score >= MIN_SCORE:
            out.append(Suggestion(identifier, title, round(score, 3), texts[i][0]))
    return sorted(out, key=lambda s: -s.score)[:limit]


def decide(page: Any, target: str, decision: str, user: Any) -> None:
    """Remember the editor's answer; on accept, add the target to a new draft revision of the record."""
    if decision not in (TargetSuggestionDecision.ACCEPTED, TargetSuggestionDecision.REJECTED):
        raise ValueError(f"unknown decision {decision!r}")
    if decision == TargetSuggestionDecision.ACCEPTED:
        draft = page.get_latest_revision_as_object()
        if target not in (draft.gbf_targets or []):
            draft.gbf_targets = [*(draft.gbf_targets or []), target]
            draft.save_revision(user=user, log_action=True)
    TargetSuggestionDecision.objects.update_or_create(
        translation_key=page.translation_key, target=target, defaults={"decision": decision, "user": user}
    )
