"""Hybrid passage retrieval for /api/ask/, similar records and GBF target suggestions (Django side).

Ask uses the same fusion as mode=hybrid, then keeps for each fused record its closest passage WITH its cosine
score, because embeddings.answer decides "nothing relevant found" on that score (a lexical rank says nothing
about whether a passage answers the question).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from embeddings import runtime
from embeddings.answer import Answer, extractive_answer, names_only, select_passages
from embeddings.fusion import reciprocal_rank_fusion
from embeddings.passages import passages_from_document
from embeddings.store import PassageHit
from identifiers import CONTENT_TYPES

ASK_CANDIDATES = 30
FRAMING_TYPES = frozenset({"treaty"})  # cited after the other candidates (ask_passages)
ASK_RECORDS = 10


def language_filter(lang: str) -> dict[str, list[str]]:
    """The reader's language plus the English originals (translations are partial)."""
    return {"language": ["en"] if lang == "en" else [lang, "en"]}


def _lexical_hits(q: str, lang: str, filters: dict[str, list[str]], analysis: str | None = None
                  ) -> tuple[list[Any], str | None]:
    """Search's own ranking of the question (references pinned, glossary wording, its language's stemmer):
    questions of any length, since the embedded engine reads every word (Meilisearch its first ten); and the
    record the question names by its symbol ("target 23"), if any."""
    from search.engine import SearchQuery
    from search.engines import get_engine
    from search.retrieval import pipeline as pipeline

    query = SearchQuery(q=q, lang=analysis or lang, filters=filters, limit=ASK_CANDIDATES, facets=(),
                        snippets=False)
    interpreted = pipeline.search(get_engine(), query)
    return interpreted.result.hits, interpreted.exact


def answer_filters(lang: str) -> dict[str, list[str]]:
    """The passages an answer may cite: the reader's language and English, from the content types only
    (identifiers.CONTENT_TYPES: a subject record names a topic and lists nothing; cited first, it stood in front
    of the passage that answers: bench/ask_eval.py)."""
    return {**language_filter(lang), "type": list(CONTENT_TYPES)}


def ask_passages(q: str, lang: str, analysis: str | None = None) -> tuple[list[PassageHit], str | None]:
    """One passage per record in hybrid order, each with its cosine score against the question, and the
    record the question names, if any. `analysis`: the question's own language
    (search.understanding.language), when it differs from the reader's."""
    filters = answer_filters(lang)
    vector = runtime.get_embedder().encode_query(q)
    lexical, named = _lexical_hits(q, lang, filters, analysis)
    store = runtime.get_store()
    if not store.exists():
        return [], named
    semantic = store.search(vector, limit=ASK_CANDIDATES, filters=filters)
    fused = reciprocal_rank_fusion(lexical, semantic, limit=ASK_RECORDS)
    lexical_only = [f.identifier for f in fused if f.semantic_rank is None]
    extra = store.search(vector, limit=len(lexical_only) * 5, filters={**filters, "identifier": lexical_only}
                         ) if lexical_only else []
    best: dict[str, PassageHit] = {}
    for hit in [*semantic, *sorted(extra, key=lambda h: -h.score)]:
        best.setdefault(str(hit.payload["identifier"]), hit)
    ranked = [as_embedded(best[f.identifier]) for f in fused if f.identifier in best]
    # A treaty's own record holds its preamble ("Recalling the objective ..."), which echoes every question about
    # the treaty; the article that states the answer comes first when both are candidates.
    # The record a question names ("What does target 23 ... require?") is what it asks about: first, whatever
    # the fusion made of the records that merely share its words. A meeting's listing (its name alone) echoes
    # every question about the meeting and answers none: last, even when named.
    return sorted(ranked, key=lambda hit: (names_only(hit), hit.payload.get("identifier") != named,
                                           hit.payload.get("type") in FRAMING_TYPES)), named


def as_embedded(hit: PassageHit) -> PassageHit:
    """The passage as the model saw it (title, then body): a notification's body alone is often only its
    sender line, and the answer sentence must come from the text that matched."""
    title, text = str(hit.payload.get("title") or "").strip(), str(hit.payload.get("text") or "").strip()
    if not title or text.startswith(title):
        return hit
    joined = f"{title}. {text}" if text and not title.endswith((".", ":", "?", "!")) else f"{title} {text}"
    return PassageHit(hit.id, hit.score, {**hit.payload, "text": joined.strip()})


def supported_records(words: str, lang: str, analysis: str | None, identifiers: list[str]) -> set[str]:
    """Those of `identifiers` whose records hold most of `words` (all but about a third: search's own "most"
    relaxation level, with that language's stemmer and stop words), the lexical evidence that lets a passage
    answer at the model's lower `supported_threshold`."""
    from search.engine import SearchQuery
    from search.engines import get_engine

    if not identifiers or not words.strip():
        return set()
    # The trailing space: the last word is a whole word, not a prefix being typed.
    query = SearchQuery(q=words + " ", lang=analysis or lang, match="most", limit=ASK_CANDIDATES, facets=(),
                        filters={**answer_filters(lang), "identifier": identifiers}, snippets=False)
    return {h.identifier for h in get_engine().search(query).hits}


def answer_question(q: str, lang: str) -> Answer:
    from search.understanding.crosslingual import expand
    from search.understanding.language import recognise

    embedder = runtime.get_embedder()
    # The question's own language, whatever the reader's; the English wording of its CBD terms (glossary) finds
    # the English passages that answer it.
    recognised = recognise(q, lang)
    expanded = expand(q, lang, sources=recognised.sources)
    hits, named = ask_passages(expanded.text, lang, recognised.language)
    # As search judges relaxation: a translated question by the English wording of its terms, since its own
    # words are not in the English records.
    words = " ".join(t.english for t in expanded.translations) or q
    candidates = [str(h.payload["identifier"]) for h in select_passages(hits, len(hits))]
    # A record the question names by its symbol is lexical evidence enough.
    supported = supported_records(words, lang, recognised.language, candidates) | ({named} if named else set())
    answer = extractive_answer(q, hits, embedder, supported=supported)
    generator = _generator()
    if generator is None or not answer.found:
        return answer
    text = generator.generate(q, answer.passages)
    return answer if text is None else Answer(q, text, True, answer.passages, generated=True)


def _generator() -> Any | None:
    current = runtime.settings()
    if not current.generator_url:
        return None
    from embeddings.generator import Generator

    return Generator(current.generator_url, current.generator_model or "default", api_key=current.generator_api_key)


# --- similarity between records -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Similar:
    identifier: str
    type: str
    title: str
    url: str
    language: str
    paragraph_code: str | None
    anchor: str | None
    text: str
    score: float


def record_texts(page: Any) -> list[tuple[str | None, str]]:
    """(paragraph code or None, embedding text) of a public page's passages: the record, then its paragraphs."""
    from cms.core.search_documents import build_documents

    out = []
    for doc in build_documents(page):
        for passage in passages_from_document(doc)[:1]:  # a record's first window carries title + summary
            out.append((passage.paragraph_code, passage.embed_text))
    return out


def similar_records(page: Any, limit: int = 10) -> list[Similar]:
    """Other records whose passages are closest to this record's text, one (best) passage per record."""
    texts = record_texts(page)
    if not texts:
        return []
    vector = runtime.get_embedder().encode_passages([texts[0][1]])[0]
    filters = language_filter(page.locale.language_code)
    store = runtime.get_store()
    if not store.exists():
        return []
    hits = store.search(vector, limit=limit * 6 + 20, filters=filters)
    seen = {page.identifier}
    out: list[Similar] = []
    for hit in hits:
        p = hit.payload
        if p["identifier"] in seen:
            continue
        seen.add(p["identifier"])
        out.append(Similar(p["identifier"], p.get("type") or "", p.get("title") or "", p.get("url") or "",
                           p.get("language") or "", p.get("paragraph_code"), p.get("anchor"),
                           str(p.get("text") or "")[:300], round(hit.score, 4)))
        if len(out) == limit:
            break
    return out


def cosine_matrix(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    embedder = runtime.get_embedder()
    return embedder.encode_passages(list(left)) @ embedder.encode_passages(list(right)).T
