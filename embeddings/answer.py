"""Answers to questions, drawn only from retrieved passages, with their citations.

The default answer is extractive: the sentence of the best passage that is closest to the question (chosen
with the same embedder), so every word shown is a word of a cited CBD text. When the best passages score below
the model's calibrated threshold the answer says nothing relevant was found (``found=False``) rather than
quoting something unrelated. A passage whose record holds most of the question's words (``supported``, found
by the lexical engine) needs only the model's lower ``supported_threshold``: a paraphrase or a long notification
title dilutes the cosine of the very passage the question's words point at. Below the first three records a
passage answers only when both agree (supported, and at the full threshold). An optional generator (an
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
EVENT_TYPES = frozenset({"meeting"})  # records that list an event (names_only)
QUANTITY_QUESTION = re.compile(
    r"\bhow\s+(?:many|much)\b|\bcombien\b|\bcu[áa]nt[oa]s?\b|\bсколько\b|(?:^|\s)كم(?:\s|$)|多少|几[个项次年]",
    re.IGNORECASE)
QUANTITY = re.compile(
    r"\d|%|\$|€|\bper\s?cent\b|\bpour\s?cent\b|\bpor\s?ciento\b|\b(?:half|halve[ds]?|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred|thousand|"
    r"millions?|billions?|trillions?|dozens?)\b", re.IGNORECASE)
_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|"
          r"apr|jun|jul|aug|sept?|oct|nov|dec|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
          r"novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|"
          r"diciembre)\.?")
# Years, dates ("15 March", "13–18 May"), symbols ("15/4", "2024-083"), list markers ("4 (c)", "(2)") and the
# numbers that name a body's meeting or a part of a text ("COP 16", "SBSTTA 26", "Article 8", "Target 3") state no
# quantity: a credentials notice for "COP 16" does not say how many delegates came.
_NAMING = (r"(?:(?-i:(?!USD|EUR)[A-Z][A-Z-]*[A-Z])|articles?|targets?|goals?|paragraphs?|decisions?|annex|section|"
           r"session|meeting|indicator|recommendation|principle|rule|appendix)")
NOT_A_QUANTITY = re.compile(
    rf"\b\d+(?:[/.\-–]\d+)+\b|\b(?:19|20)\d\d\b|\b\d{{1,2}}(?:st|nd|rd|th|er)?\s+{_MONTH}(?!\w)|\b{_MONTH}\s+\d{{1,2}}\b"
    r"|\(\d+\)|\b\d+\s*\([a-z]\)", re.IGNORECASE)
NAMING_NUMBER = re.compile(rf"(?<![\w$€%]){_NAMING}[\s-]?\d+\b", re.IGNORECASE)


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


def asks_for_quantity(question: str) -> bool:
    """"How many ...?", "combien", "cuánto", "сколько", "كم", "多少": the answer is a number or an amount."""
    return bool(QUANTITY_QUESTION.search(question))


def states_quantity(sentence: str) -> bool:
    """A number or an amount, leaving out what only looks like one: years, dates, document symbols ("15/4"), list
    markers ("4 (c)") and the numbers that name a meeting or a part of a text ("COP 16", "Target 3")."""
    return bool(QUANTITY.search(NAMING_NUMBER.sub(" ", NOT_A_QUANTITY.sub(" ", sentence))))


def names_only(hit: Any) -> bool:
    """An event listing whose passage is its name and nothing more ("Sixteenth meeting of the Conference of the
    Parties ..."): it says what the question is about, never the answer (the notifications about the meeting
    hold its dates, venue and registration)."""
    if _get(hit, "type") not in EVENT_TYPES:
        return False
    title = str(_get(hit, "title", "") or "").strip()
    text = str(_get(hit, "text", "") or "").strip()
    return not text or text.rstrip(" .") == title.rstrip(" .")


def answer_body(hit: Any) -> str:
    """The passage's text without the heading of an addressable paragraph ("Cartagena Protocol, Article 29 ...
    — paragraph 4 (c)."): a label, never the answer, though the model reads it with the text."""
    body = str(_get(hit, "text", "") or "") or str(_get(hit, "title", ""))
    title = str(_get(hit, "title", "") or "")
    if _get(hit, "paragraph_code") and title and body.startswith(title) and len(body) > len(title):
        return body[len(title):].lstrip(" .:—-") or body
    return body


def best_sentence(question: str, text: str, embedder: Embedder, *, quantity: bool = False) -> str | None:
    """The sentence of ``text`` closest to the question (fragments of a few words are not answers); for a
    question that asks for a quantity, among the sentences that state one (None when none does)."""
    sentences = [s for s in split_sentences(text) if len(s.split()) >= MIN_SENTENCE_WORDS] or split_sentences(text)
    if quantity:
        sentences = [s for s in sentences if states_quantity(s)]
        if not sentences:
            return None
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

    def passes(hit: Any, rank: int) -> bool:
        score = float(_get(hit, "score", 0) or 0)
        held = str(_get(hit, "identifier")) in supported
        if rank >= max_passages:
            # Below the first records, both signals must agree at the full threshold: the question's words
            # and its meaning.
            return held and score >= cut
        return score >= cut or (held and score >= supported_cut)

    ranked = select_passages(hits, len(hits))
    chosen = [h for rank, h in enumerate(ranked) if passes(h, rank)][:max_passages]
    quantity = asks_for_quantity(question)
    for position, hit in enumerate(chosen):
        if names_only(hit):
            continue
        sentence = best_sentence(question, answer_body(hit), embedder, quantity=quantity)
        if sentence is not None:
            # The passage that states the answer is cited first.
            cited = [hit, *chosen[:position], *chosen[position + 1:]]
            return Answer(question, sentence, True, [to_citation(h) for h in cited])
    # Nothing close enough, a "how many" question no passage gives a number for (passages about the Cartagena
    # Protocol's meetings do not say how many Parties ratified it), or only a meeting's name.
    return Answer(question, NOT_FOUND, found=False)


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
