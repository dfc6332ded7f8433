"""Extractive answers from real retrieved passages, the not-found threshold and the optional generator."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from emb_samples import SAMPLE_DOCS

from embeddings.answer import (
    NOT_FOUND,
    ask,
    asks_for_quantity,
    extractive_answer,
    select_passages,
    split_sentences,
    states_quantity,
)
from embeddings.generator import SYSTEM_PROMPT, Generator
from embeddings.indexer import sync_pages
from embeddings.passages import build_passages


@pytest.fixture
def store(edge_store, embedder):
    sync_pages(edge_store, embedder, build_passages(SAMPLE_DOCS))
    return edge_store


def test_answer_is_a_sentence_of_the_cited_passage(store, embedder):
    result = ask("How much money must be mobilized each year for biodiversity?", store, embedder)
    assert result.found and not result.generated
    top = result.passages[0]
    assert top.identifier == "GBF-TARGET-19" and top.url == "/records/GBF-TARGET-19"
    assert "200 billion" in result.answer and result.answer in top.text


def test_the_most_relevant_sentence_of_the_passage_is_chosen(store, embedder):
    result = ask("Where will COP 17 be held?", store, embedder)
    assert result.passages[0].identifier == "2025-096"
    assert result.answer == (
        "The seventeenth meeting of the Conference of the Parties will be held in Yerevan, Armenia, in October 2026."
    )


def test_paragraph_answers_cite_the_paragraph_code_and_anchor(store, embedder):
    result = ask("respect the knowledge and practices of indigenous and local communities", store, embedder)
    citation = result.passages[0]
    assert (citation.identifier, citation.paragraph_code, citation.anchor) == ("cbd-08", "cbd-08/j", "para-j")


def test_citations_are_one_per_record(store, embedder):
    result = ask("conservation of biological diversity in protected areas", store, embedder)
    identifiers = [c.identifier for c in result.passages]
    assert len(identifiers) == len(set(identifiers))


@pytest.mark.parametrize("question", ["best recipe for chocolate cake", "who won the football world cup final"])
def test_off_topic_questions_are_not_answered(store, embedder, question):
    result = ask(question, store, embedder)
    assert (result.found, result.answer, result.passages) == (False, NOT_FOUND, [])


def test_empty_question_is_not_answered(store, embedder):
    assert ask("   ", store, embedder).found is False


def test_response_shape_matches_the_api_contract(store, embedder):
    body = ask("Bio-Bridge Initiative call for proposals", store, embedder).as_dict()
    assert set(body) >= {"question", "answer", "found", "passages"}
    assert set(body["passages"][0]) == {
        "identifier",
        "paragraph_code",
        "anchor",
        "url",
        "language",
        "text",
        "title",
        "score",
    }


def test_explicit_threshold_overrides_the_model_default(embedder):
    hits = [{"identifier": "a", "score": 0.5, "text": "Parties shall report every four years.", "title": "A"}]
    assert extractive_answer("reporting", hits, embedder, threshold=0.6).found is False
    assert extractive_answer("reporting", hits, embedder, threshold=0.4).answer == hits[0]["text"]


PARAGRAPH_HEADING = "Cartagena Protocol, Article 29: Conference of the Parties — paragraph 4 (c)"


def test_a_paragraph_heading_is_never_the_answer(embedder):
    hits = [{"identifier": "cpb-29", "paragraph_code": "cpb-29/4/c", "score": 0.8, "title": PARAGRAPH_HEADING,
             "text": f"{PARAGRAPH_HEADING}. Establish such subsidiary bodies as are deemed necessary."}]
    answer = extractive_answer("What subsidiary bodies may the meeting of the Parties establish?", hits, embedder)
    assert answer.found and answer.answer == "Establish such subsidiary bodies as are deemed necessary."


def test_a_how_many_question_is_not_answered_by_a_passage_without_a_number(embedder):
    hits = [{"identifier": "cpb-29", "paragraph_code": "cpb-29/4/c", "score": 0.8, "title": PARAGRAPH_HEADING,
             "text": f"{PARAGRAPH_HEADING}. Establish such subsidiary bodies as are deemed necessary."}]
    answer = extractive_answer("How many Parties have ratified the Cartagena Protocol?", hits, embedder)
    assert (answer.found, answer.answer, answer.passages) == (False, NOT_FOUND, [])


def test_a_how_much_question_cites_first_the_passage_that_states_the_amount(embedder):
    hits = [
        {"identifier": "2024-116", "score": 0.8, "title": "The Cali Fund",
         "text": "Parties are invited to submit views on the Cali Fund by 15 March 2025 (decision 16/2)."},
        {"identifier": "GBF-TARGET-19", "score": 0.7, "title": "Target 19",
         "text": "Mobilize at least 200 billion United States dollars per year from all sources by 2030."},
    ]
    answer = extractive_answer("How much money must be mobilized for biodiversity?", hits, embedder)
    assert answer.found and "200 billion" in answer.answer
    assert [c.identifier for c in answer.passages] == ["GBF-TARGET-19", "2024-116"]


@pytest.mark.parametrize("question", ["How many Parties are there?", "Combien de Parties ?", "¿Cuánto dinero?",
                                      "Сколько стран?", "كم يجب حشد من الموارد", "应减少多少？"])
def test_quantity_questions_are_recognised_in_the_un_languages(question):
    assert asks_for_quantity(question)


def test_years_symbols_and_list_markers_are_not_quantities():
    assert not states_quantity("Decision 15/4 of 2022, paragraph 4 (c) and notification 2024-083 (2).")
    assert not states_quantity("Submit views by 15 March 2025, or by March 31.")
    assert states_quantity("at least 30 per cent") and states_quantity("within ninety days")


def test_numbers_naming_a_meeting_or_a_part_of_a_text_are_not_quantities():
    # A credentials notice for COP 16 says nothing about how many delegates attended it.
    assert not states_quantity("Credentials for the Sixteenth meeting of the Conference of the Parties (COP 16) "
                               "and the fifth meeting (NP-MOP 5), Cali, 21 October–1 November 2024.")
    assert not states_quantity("SBSTTA 26, 13–18 May 2024, under Article 25 and Target 3 of decision 15/4.")
    assert states_quantity("at least USD 200 billion per year") and states_quantity("COP 16 gathered 23,000 people")


MEETING = "Sixteenth meeting of the Conference of the Parties to the Convention on Biological Diversity"


def test_a_meeting_listing_is_never_the_answer_but_the_notice_about_it_is(embedder):
    listing = {"identifier": "COP-16", "type": "meeting", "score": 0.8, "title": MEETING, "text": MEETING}
    notice = {"identifier": "2024-038", "type": "notification", "score": 0.5,
              "title": f"Registration for the {MEETING}",
              "text": "Participants register online through the CBD registration system by 30 September 2024."}
    answer = extractive_answer("How do I register for the sixteenth meeting of the COP?", [listing, notice], embedder)
    assert answer.found and answer.answer.startswith("Participants register online")
    assert [c.identifier for c in answer.passages] == ["2024-038", "COP-16"]
    alone = extractive_answer("In which city will the sixteenth meeting of the COP be held?", [listing], embedder)
    assert (alone.found, alone.passages) == (False, [])


def _weak(identifier: str) -> dict:
    return {"identifier": identifier, "score": 0.1, "title": identifier, "text": "Reduce harmful incentives by 2030."}


MILESTONES = {"identifier": "2025-109", "score": 0.4, "title": "2025 Milestones in Targets 18 and 19",
              "text": "Parties are invited to report on the 2025 milestones of targets 18 and 19 (a)."}


def test_a_record_below_the_first_three_answers_when_its_words_and_meaning_both_agree(embedder):
    hits = [_weak("GBF-TARGET-18"), _weak("CBD/COP/DEC/15/4"), _weak("GBF-INDICATOR-18.2"), MILESTONES]
    question = "What are the 2025 milestones of targets 18 and 19?"
    answer = extractive_answer(question, hits, embedder, threshold=0.32, supported={"2025-109"})
    assert answer.found and [c.identifier for c in answer.passages] == ["2025-109"]
    # Its cosine alone, without the question's words in the record, is no evidence that far down.
    assert extractive_answer(question, hits, embedder, threshold=0.32, supported=()).found is False


def test_select_passages_dedupes_by_record_in_rank_order():
    hits = [{"identifier": i} for i in ["a", "a", "b", "c", "d"]]
    assert [h["identifier"] for h in select_passages(hits, 3)] == ["a", "b", "c"]


def test_sentences_split_on_legal_clauses():
    text = "Each Party shall: (a) Establish areas; (b) Develop guidelines. Parties report."
    assert split_sentences(text) == [
        "Each Party shall: (a) Establish areas;",
        "(b) Develop guidelines.",
        "Parties report.",
    ]


class _Completions:
    """A stdlib OpenAI-compatible endpoint on 127.0.0.1 that replies with a fixed message or status."""

    def __init__(self, content: str | None, status: int = 200) -> None:
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                outer.requests.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                data = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def completions(request):
    content, status = request.param
    endpoint = _Completions(content, status)
    yield endpoint
    endpoint.close()


QUESTION = "How much money must be mobilized each year for biodiversity?"


@pytest.mark.parametrize("completions", [("At least USD 200 billion per year by 2030 [1].", 200)], indirect=True)
def test_generator_answer_is_used_when_it_cites_the_passages(store, embedder, completions):
    result = ask(QUESTION, store, embedder, generator=Generator(completions.url, "local-model"))
    assert result.generated and result.answer == "At least USD 200 billion per year by 2030 [1]."
    sent = completions.requests[0]
    assert sent["model"] == "local-model" and sent["temperature"] == 0
    assert sent["messages"][0]["content"] == SYSTEM_PROMPT and "ONLY" in SYSTEM_PROMPT
    assert "200 billion United States dollars" in sent["messages"][1]["content"]


@pytest.mark.parametrize(
    "completions",
    [
        ("It is 500 billion.", 200),  # cites nothing
        ("See [7].", 200),  # cites a passage that was not given
        ("NOT_IN_PASSAGES", 200),  # refusal
        ("irrelevant", 500),  # server error
    ],
    indirect=True,
)
def test_generator_failures_fall_back_to_the_extractive_answer(store, embedder, completions):
    result = ask(QUESTION, store, embedder, generator=Generator(completions.url, "m"))
    assert result.found and not result.generated and "200 billion" in result.answer


def test_unreachable_generator_falls_back(store, embedder):
    generator = Generator("http://127.0.0.1:9/v1", "m", timeout=2)
    assert ask(QUESTION, store, embedder, generator=generator).generated is False


def test_generator_url_must_be_http():
    with pytest.raises(ValueError):
        Generator("file:///etc/passwd", "m")
