"""The evaluation sets in bench/sets/ stay usable: every judged record exists in the bundled data, the tune/test
halves are the deterministic stratified ones, the coverage the sets promise holds, and the set loaders reject
broken files with a message that names the file and line."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from ask_eval import answers_it  # noqa: E402
from langid_eval import word_count  # noqa: E402
from relevance_sets import SetError, assign_splits, default_dev_path, load_rows  # noqa: E402

SETS = ROOT / "bench" / "sets"
DATA = ROOT / "migration" / "data"
CATEGORIES = {"symbol", "topic", "question", "typo", "crosslingual"}
SIX = {"ar", "en", "es", "fr", "ru", "zh"}


def _jsonl(name: str) -> list[dict]:
    return [json.loads(line) for line in (SETS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def bundled_records() -> dict[str, str]:
    """identifier -> everything the migration maps for it (title, fields, document text), as one string."""
    from migration.demo import SYMBOL, gbf_annex_body
    from migration.readers.sources import MAPPERS, read_all
    from migration.runner.links import LinkIndex

    records: dict[str, str] = {}
    links = LinkIndex()  # the migration's own pre-pass: re-keys the indicator issued twice, collects subjects
    for item in read_all([DATA]):
        spec = MAPPERS[item.kind](item.data)
        links.add(item, spec)
        records[spec.identifier] = json.dumps(
            [spec.title, spec.fields, spec.document_text], ensure_ascii=False, default=str)
    records.update({code: code for code in links.subject_codes})  # a subject record per tag in use
    records[SYMBOL] = json.dumps(gbf_annex_body(), ensure_ascii=False)
    return records


def test_every_judged_record_exists_in_the_bundled_data(bundled_records):
    rows = _jsonl("queries.jsonl")
    missing = {(row["qid"], ident) for row in rows for ident in row["rels"] if ident not in bundled_records}
    assert not missing


def test_query_rows_are_well_formed_and_each_has_a_record_the_asker_wants():
    rows = _jsonl("queries.jsonl")
    assert len(rows) >= 170
    assert len({row["qid"] for row in rows}) == len(rows)
    assert len({row["query"].casefold() for row in rows}) == len(rows)
    for row in rows:
        assert row["category"] in CATEGORIES and row["lang"] in SIX and row["note"], row["qid"]
        assert set(row["rels"].values()) <= {0, 1, 2}, row["qid"]
        assert 2 in row["rels"].values(), f"{row['qid']} has no grade-2 record"


def test_split_is_the_deterministic_stratified_one_and_roughly_half():
    rows = _jsonl("queries.jsonl")
    assert {row["qid"]: row["split"] for row in rows} == assign_splits(rows)
    halves = Counter(row["split"] for row in rows)
    assert abs(halves["tune"] - halves["test"]) <= 0.1 * len(rows)
    for category in CATEGORIES:
        members = Counter(row["split"] for row in rows if row["category"] == category)
        assert min(members["tune"], members["test"]) >= 0.4 * sum(members.values()), category


def test_query_set_covers_every_language_and_record_type(bundled_records):
    rows = _jsonl("queries.jsonl")
    per_language = Counter(row["lang"] for row in rows)
    assert all(per_language[lang] >= 15 for lang in SIX - {"en"}), per_language
    wanted = {ident for row in rows for ident, grade in row["rels"].items() if grade == 2}
    prefixes = ("CBD/COP/DEC/", "CBD/SBI/", "GBF-GOAL-", "GBF-TARGET-", "GBF-INDICATOR-", "AICHI-TARGET-",
                "ACT-", "CBD-SUBJECT-", "cbd-", "COP-", "2024-")
    assert all(any(ident.startswith(prefix) for ident in wanted) for prefix in prefixes)


def test_langid_set_is_balanced_short_and_not_mostly_glossary():
    rows = _jsonl("langid.jsonl")
    per_language = Counter(row["lang"] for row in rows)
    assert set(per_language) == SIX and min(per_language.values()) >= 60 and len(rows) >= 360
    assert all(1 <= word_count(row["text"]) <= 6 for row in rows)
    assert sum(row["source"] == "glossary" for row in rows) <= len(rows) / 3
    labels: dict[str, set[str]] = {}
    for row in rows:
        labels.setdefault(row["text"], set()).add(row["lang"])
    assert all(len(langs) == 1 for langs in labels.values())


def test_word_count_counts_chinese_two_characters_a_word():
    assert word_count("外来入侵物种") == 3
    assert word_count("GBF目标3") == 2
    assert word_count("décision 15/4") == 2


def test_ask_answers_exist_and_contain_their_phrase(bundled_records):
    rows = _jsonl("ask.jsonl")
    assert len(rows) >= 45 and sum(not row["answerable"] for row in rows) >= 8
    for row in rows:
        assert bool(row["answers"]) == row["answerable"], row["qid"]
        for answer in row["answers"]:
            text = bundled_records[answer["identifier"]].casefold()
            assert answer["must_contain"].casefold() in text, (row["qid"], answer)
            code = answer["paragraph_code"]
            assert code is None or code.startswith(answer["identifier"]) or code.startswith("CBD/COP/15/04/")


def test_ask_judge_wants_the_answering_paragraph_or_the_whole_record_holding_the_phrase():
    answer = [{"identifier": "abs-35", "paragraph_code": "abs-35/2", "must_contain": "upon expiry of one year"}]
    assert answers_it({"identifier": "abs-35", "paragraph_code": "abs-35/2", "text": ""}, answer)
    assert not answers_it({"identifier": "abs-35", "paragraph_code": "abs-35/1", "text": "after two years"}, answer)
    whole = {"identifier": "abs-35", "paragraph_code": None, "text": "… shall take place upon expiry of one year …"}
    assert answers_it(whole, answer)
    assert not answers_it({"identifier": "cpb-39", "paragraph_code": None, "text": "upon expiry of one year"}, answer)


def test_set_loader_names_the_file_and_line_of_a_broken_row(tmp_path):
    good = tmp_path / "a.jsonl"
    good.write_text('{"qid": "q1", "query": "x", "category": "topic", "rels": {"2024-070": 2}}\n')
    broken = tmp_path / "b.jsonl"
    broken.write_text('{"qid": "q2", "query": "y", "category": "topic", "rels": {}}\n{"qid": "q3", "query"\n')
    with pytest.raises(SetError, match=r"b\.jsonl:2: not JSON"):
        load_rows([good, broken])
    clash = tmp_path / "c.jsonl"
    clash.write_text('{"qid": "q1", "query": "z", "category": "topic", "rels": {}}\n')
    with pytest.raises(SetError, match=r"c\.jsonl:1: qid q1 already in .*a\.jsonl"):
        load_rows([good, clash])
    assert load_rows([good])[0]["lang"] == "en"


def test_dev_set_path_comes_from_the_environment_first(monkeypatch, tmp_path):
    monkeypatch.setenv("RELEVANCE_DEV", str(tmp_path / "dev.jsonl"))
    assert default_dev_path() == tmp_path / "dev.jsonl"


def test_typo_variants_keep_their_originals_judgments_and_half():
    sources = {row["qid"]: row for row in _jsonl("queries.jsonl")}
    dev = default_dev_path()
    if dev:
        sources.update({row["qid"]: row for row in load_rows([dev])})
    variants = _jsonl("typos.jsonl")
    assert len(variants) >= 250
    for row in variants:
        source = sources.get(row["source_qid"])
        if source is None:  # a dev-set variant without the dev set at hand
            continue
        assert row["query"].lower() != source["query"].lower() and row["source_query"] == source["query"]
        assert row["rels"] == source["rels"] and row["split"] == (source.get("split") or "tune"), row["qid"]


def test_typo_variants_regenerate_identically(tmp_path):
    from typo_variants import generate

    dev = default_dev_path()
    if dev is None:
        pytest.skip("the shared dev set is not at hand")
    generate([SETS / "queries.jsonl", dev], tmp_path / "typos.jsonl")
    assert (tmp_path / "typos.jsonl").read_text(encoding="utf-8") == (SETS / "typos.jsonl").read_text(encoding="utf-8")
