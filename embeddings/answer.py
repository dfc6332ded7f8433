"""Answers to questions, drawn only from retrieved passages, with their citations.

The default answer is extractive: the sentence of the best passage that is closest to the question (chosen
with the same embedder), so every word shown is a word of a cited CBD text. When the best passages score below
the model's calibrated threshold the answer says nothing relevant was found (``found=False``) rather than
quoting something unrelated. A passage whose record holds most of the question's words (``supported``, found
by the lexical engine) needs only the model's lower ``supported_threshold``: a paraphrase or a long notification
title dilutes the cosine of the very passage the question's words point at. An optional generator (an
OpenAI-compatible endpoint, off by default) may rephrase from the same passages; any failure falls back to the
extractive answer.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from embeddings.embedder import Embedder

if TYPE_CHECKING:
    from embeddings.generator import Generator
    from embeddings.store import VectorStore

NOT_FOUND = "Nothing in the Knowledge Hub answers this question closely enough."
MAX_ANSWER_CHARS = 400
MIN_SENTENCE_WORDS = 4


@dataclass(frozen=True)
class Citation:
    identifier: str
    paragraph_code: str | None
    anchor: str | None
    url: str
    language: str
    text: str
    title: str
    score: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    question: str
    answer: str
    found: bool
    passages: list[Citation] = field(default_factory=list)
    generated: bool = False  # True when the text came from the generator rather than extraction

    def as_dict(self) -> dict[str, Any]:
        """The /api/ask/ response body. `citations` is the public contract's name for the cited passages;
        `passages` carries the same list for clients written against the first shape."""
        cited = [c.as_dict() for c in self.passages]
        return {
            "question": self.question,
            "answer": self.answer,
            "found": self.found,
            "generated": self.generated,
            "citations": cited,
            "passages": cited,
        }


def _get(hit: Any, name: str, default: Any = None) -> Any:
    if isinstance(hit, Mapping):
        return hit.get(name, default)
    return getattr(hit, name, default)


def to_citation(hit: Any) -> Citation:
    return Citation(
        identifier=str(_get(hit, "identifier")),
        paragraph_code=_get(hit, "paragraph_code"),
        anchor=_get(hit, "anchor"),
        url=str(_get(hit, "url", "") or ""),
        language=str(_get(hit, "language", "") or ""),
        text=str(_get(hit, "text", "") or ""),
        title=str(_get(hit, "title", "") or ""),
        score=round(float(_get(hit, "score", 0.0) or 0.0), 4),
    )


def select_passages(hits: Sequence[Any], max_passages: int = 3) -> list[Any]:
    """The best hit of each record, in rank order: three passages of one record would crowd out the others."""
    seen: set[str] = set()
    chosen = []
    for hit in hits:
        identifier = str(_get(hit, "identifier"))
        if identifier in seen:
            continue
        seen.add(identifier)
        chosen.append(hit)
        if len(chosen) == max_passages:
            break
    return chosen


def split_sentences(text: str) -> list[str]:
    """Sentences and enumerated clauses ("(a) ...;") of a passage; legal texts run long, so ';' splits too."""
    parts = re.split(r"(?<=[.;!?])\s+(?=[(\"'A-Z0-9\u00c0-\u024f\u0400-\u04ff])|\n+", text.strip())
    return [p.strip() for p in parts if p and p.strip()]


def _shorten(sentence: str) -> str:
    if len(sentence) <= MAX_ANSWER_CHARS:
        return sentence
    return sentence[:MAX_ANSWER_CHARS].rsplit(" ", 1)[0] + " …"


def best_sentence(question: str, text: str, embedder: Embedder) -> str:
    """The sentence of ``text`` closest to the question (fragments of a few words are not answers)."""
    sentences = [s for s in split_sentences(text) if len(s.split()) >= MIN_SENTENCE_WORDS] or split_sentences(text)
    if len(sentences) <= 1:
        return _shorten(sentences[0] if sentences else text.strip())
    query = embedder.encode_query(question)
    scores = embedder.encode_passages(sentences) @ query
    return _shorten(sentences[int(np.argmax(scores))])


def extractive_answer(
    question: str,
    hits: Sequence[Any],
    embedder: Embedder,
    *,
    threshold: float | None = None,
    max_passages: int = 3,
    supported: Collection[str] = (),
) -> Answer:
    """Answer from ranked passage hits (best first); ``threshold`` defaults to the model's calibrated one.
    ``supported``: identifiers of records that hold most of the question's words (they pass at the model's
    ``supported_threshold``, never above ``threshold``)."""
    cut = embedder.answer_threshold if threshold is None else threshold
    supported_cut = min(cut, getattr(embedder, "supported_threshold", cut))

    def passes(hit: Any) -> bool:
        score = float(_get(hit, "score", 0) or 0)
        return score >= cut or (str(_get(hit, "identifier")) in supported and score >= supported_cut)

    chosen = [h for h in select_passages(hits, max_passages) if passes(h)]
    if not chosen:
        return Answer(question, NOT_FOUND, found=False)
    top = chosen[0]
    body = str(_get(top, "text", "") or "") or str(_get(top, "title", ""))
    return Answer(question, best_sentence(question, body, embedder), True, [to_citation(h) for h in chosen])


def ask(
    question: str,
    store: VectorStore,
    embedder: Embedder,
    *,
    filters: Mapping[str, Sequence[Any]] | None = None,
    generator: Generator | None = None,
    threshold: float | None = None,
    limit: int = 20,
) -> Answer:
    """Retrieve passages for a question and answer from them (the /api/ask/ pipeline)."""
    question = question.strip()
    if not question:
        return Answer(question, NOT_FOUND, found=False)
    hits = store.search(embedder.encode_query(question), limit=limit, filters=filters)
    answer = extractive_answer(question, hits, embedder, threshold=threshold)
    if generator is None or not answer.found:
        return answer
    text = generator.generate(question, answer.passages)
    if text is None:
        return answer
    return Answer(question, text, True, answer.passages, generated=True)
