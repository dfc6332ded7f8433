"""Passages built from search documents and ingest chunks carry what a cited answer needs."""

from __future__ import annotations

from dataclasses import dataclass

from emb_samples import ARTICLE_8, SAMPLE_DOCS, doc

from embeddings.passages import build_passages, split_words


@dataclass
class Chunk:  # the shape ingest.chunk() returns
    id: str
    text: str
    anchor: str | None
    paragraph_label: str | None
    page: int | None
    ordinal: int


def test_paragraph_documents_become_their_own_passages_with_code_and_anchor():
    passages = build_passages(SAMPLE_DOCS[:2])
    assert [p.id for p in passages] == ["p1", "p1-para-j"]
    para = passages[1]
    assert (para.unit, para.paragraph_code, para.anchor) == ("paragraph", "cbd-08/j", "para-j")
    assert para.embed_text.startswith("Article 8. In-situ Conservation. Subject to its national legislation")


def test_title_only_records_embed_their_title_once():
    (passage,) = build_passages([SAMPLE_DOCS[3]])
    assert passage.embed_text == "Fifth Call for Proposals under the Bio-Bridge Initiative"


def test_english_fallbacks_are_skipped_unless_asked():
    fallback = doc(9, "cbd-08", "treaty-article", "Article 8", ARTICLE_8, language="fr", translated=False)
    assert build_passages([fallback]) == []
    assert [p.language for p in build_passages([fallback], include_fallbacks=True)] == ["fr"]


def test_file_chunks_become_passages_under_their_record_with_pdf_page():
    record = doc(5, "CBD/SBSTTA/26/INF/20", "meeting-document", "Progress report", "Summary of the report.")
    chunks = [
        Chunk("c1", "The clearing-house mechanism serves Parties.", "para-1", "1", 1, 0),
        Chunk("c2", "   ", None, None, 2, 1),  # empty chunks are dropped
        Chunk("c3", "Knowledge management component.", "para-2", "2", 3, 2),
    ]
    passages = build_passages([record], {5: chunks})
    assert [p.unit for p in passages] == ["record", "chunk", "chunk"]
    assert [(p.page, p.anchor, p.paragraph_code) for p in passages[1:]] == [(1, "para-1", "1"), (3, "para-2", "2")]
    assert all(p.identifier == "CBD/SBSTTA/26/INF/20" and p.page_id == 5 for p in passages)
    assert passages[1].embed_text.startswith("Progress report. The clearing-house")


def test_long_bodies_are_windowed_so_their_end_stays_searchable():
    body = " ".join(f"Sentence number {i} about marine protected areas." for i in range(200))
    passages = build_passages([doc(6, "2024-050", "notification", "Long", body)])
    assert len(passages) > 1 and len({p.id for p in passages}) == len(passages)
    assert all(len(p.text.split()) <= 180 for p in passages)
    assert "Sentence number 199" in passages[-1].text


def test_split_words_cuts_a_run_on_sentence():
    assert [len(w.split()) for w in split_words("word " * 400, max_words=180)] == [180, 180, 40]


def test_checksums_separate_text_changes_from_metadata_changes():
    (a,) = build_passages([SAMPLE_DOCS[0]])
    (b,) = build_passages([{**SAMPLE_DOCS[0], "status": "superseded"}])
    (c,) = build_passages([{**SAMPLE_DOCS[0], "text": ARTICLE_8 + " (c) New."}])
    assert a.text_checksum == b.text_checksum != c.text_checksum
    assert a.payload("m")["checksum"] != b.payload("m")["checksum"]
    assert a.payload("m")["checksum"] == build_passages([SAMPLE_DOCS[0]])[0].payload("m")["checksum"]
