"""The SKOS vocabularies from the bundled GBF, Aichi and subject exports: they parse, the GBF has its 231 concepts
with notations and the goal/target → indicator tree, no orphans, one prefLabel per language, and every concept URI
dereferences to JSON-LD and to the front end by content negotiation."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS

from migration.runner.pipeline import Options, migrate_legacy

BASE = "http://vocab.example.org"
VOCABULARY_KINDS = {"gbf-goal", "gbf-target", "gbf-indicator", "aichi-goal", "aichi-target", "subject"}


@pytest.fixture(scope="module")
def vocabularies(django_db_setup, django_db_blocker):
    """The real vocabularies, migrated once for the module (and removed afterwards, with the changes their removal
    logged: a harvest in a later module must not see this module's deletions)."""
    with django_db_blocker.unblock():
        call_command("bootstrap_site", verbosity=0)
        migrate_legacy(Options(only=VOCABULARY_KINDS, reindex=False))
    yield
    with django_db_blocker.unblock():
        from cms.core.models import RecordPage
        from cms.harvest.models import RecordChange

        RecordPage.objects.all().delete()
        RecordChange.objects.all().delete()


@pytest.fixture
def vocab(vocabularies, db, settings):
    settings.PERSISTENT_BASE_URI = BASE


def graph_of(client, path, accept="text/turtle") -> Graph:
    response = client.get(path, HTTP_ACCEPT=accept)
    assert response.status_code == 200, response.content[:300]
    return Graph().parse(data=response.content, format={"text/turtle": "turtle", "application/ld+json": "json-ld",
                                                        "application/rdf+xml": "xml"}[accept])


def concepts(graph: Graph) -> set:
    return set(graph.subjects(RDF.type, SKOS.Concept))


def test_the_gbf_has_231_concepts_with_notations_and_its_tree(client, vocab):
    graph = graph_of(client, "/vocab/gbf")
    gbf = concepts(graph)
    assert len(gbf) == 231
    assert all(graph.value(c, SKOS.notation) for c in gbf)
    notations = Counter(str(graph.value(c, SKOS.notation)) for c in gbf)
    assert notations["T03"] == 1 and notations["A.1"] == 1
    target = URIRef(f"{BASE}/vocab/gbf/GBF-TARGET-03")
    assert (URIRef(f"{BASE}/vocab/gbf"), SKOS.hasTopConcept, target) in graph
    indicators = [c for c in gbf if "/GBF-INDICATOR-" in c or "/KMGBF-INDICATOR-" in c]
    assert len(indicators) == 204
    for indicator in indicators:  # goal or target -> indicator, both directions
        broader = graph.value(indicator, SKOS.broader)
        assert broader in gbf, f"{indicator} has no broader goal or target"
        assert (broader, SKOS.narrower, indicator) in graph
    kinds = Counter(str(graph.value(i, URIRef(f"{BASE}/vocab/terms#indicatorKind"))) for i in indicators)
    assert set(kinds) == {"headline", "binary", "component", "complementary"}


def test_the_gbf_tree_is_as_deep_as_the_cbd_thesaurus_makes_it(client, vocab):
    """Goals and targets are both top concepts: the CBD thesaurus export (gbf-goals.json, gbf-targets.json) gives
    every goal and target empty broaderTerms/narrowerTerms/relatedTerms, and the framework assigns no target to a
    goal. The tree the data carries is goal -> its indicators (A.1, A.CT.1 …) and target -> its indicators (3.1 …),
    complete in both directions; Target 19 is the one target the monitoring-framework export lists no indicator for."""
    graph = graph_of(client, "/vocab/gbf")
    uri = lambda identifier: URIRef(f"{BASE}/vocab/gbf/{identifier}")  # noqa: E731
    goals = [uri(f"GBF-GOAL-{letter}") for letter in "ABCD"]
    targets = [uri(f"GBF-TARGET-{n:02d}") for n in range(1, 24)]
    for concept in goals + targets:
        assert graph.value(concept, SKOS.broader) is None, f"{concept} hangs from something the data does not say"
        assert (concept, SKOS.topConceptOf, URIRef(f"{BASE}/vocab/gbf")) in graph
        for narrower in graph.objects(concept, SKOS.narrower):
            assert (narrower, SKOS.broader, concept) in graph
    narrower = {c: {str(graph.value(n, SKOS.notation)) for n in graph.objects(c, SKOS.narrower)}
                for c in goals + targets}
    assert {"A.1", "A.2", "A.3", "A.4", "A.CT.1", "A.CY.22"} <= narrower[uri("GBF-GOAL-A")]
    assert len(narrower[uri("GBF-GOAL-A")]) == 37 and len(narrower[uri("GBF-GOAL-D")]) == 20
    assert narrower[uri("GBF-TARGET-03")] == {"3.1", "3.CT.1", "3.CT.2", "3.CY.1", "3.CY.2", "3.CY.3", "3.CY.4",
                                               "3.CY.5"}
    assert {n[0] for n in narrower[uri("GBF-GOAL-B")]} == {"B"} and {n[0] for n in narrower[uri("GBF-GOAL-C")]} == {"C"}
    assert [c for c in targets if not narrower[c]] == [uri("GBF-TARGET-19")]
    assert sum(len(v) for v in narrower.values()) == 204  # every indicator exactly once


def test_skos_integrity_in_every_scheme(client, vocab):
    for scheme in ("gbf", "aichi", "subjects"):
        graph = graph_of(client, f"/vocab/{scheme}")
        scheme_uri = URIRef(f"{BASE}/vocab/{scheme}")
        for concept in concepts(graph):
            # No orphan: every concept is a top concept or hangs from one in the same scheme.
            assert (concept, SKOS.topConceptOf, scheme_uri) in graph or graph.value(concept, SKOS.broader)
            assert (concept, SKOS.inScheme, scheme_uri) in graph
            languages = Counter(label.language for label in graph.objects(concept, SKOS.prefLabel))
            assert languages["en"] == 1 and max(languages.values()) == 1, f"{concept}: {languages}"
            # S14/S13: prefLabel and altLabel are disjoint.
            assert not set(graph.objects(concept, SKOS.prefLabel)) & set(graph.objects(concept, SKOS.altLabel))
            assert graph.value(concept, SKOS.historyNote)
    subjects = graph_of(client, "/vocab/subjects")
    names = {label.language for label in subjects.objects(URIRef(f"{BASE}/vocab/subjects/CBD-SUBJECT-ABS"),
                                                            SKOS.prefLabel)}
    assert names == {"ar", "en", "es", "fr", "ru", "zh"}
    aichi = graph_of(client, "/vocab/aichi")
    assert len(concepts(aichi)) == 25


def test_every_gbf_concept_dereferences_to_json_ld_and_html(client, vocab):
    for concept in sorted(concepts(graph_of(client, "/vocab/gbf"))):
        path = concept.removeprefix(BASE)
        graph = graph_of(client, path, "application/ld+json")
        assert (concept, RDF.type, SKOS.Concept) in graph
        html = client.get(path, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
        assert html.status_code == 303
        assert html["Location"].startswith("/record.html?id=" + path.rsplit("/", 1)[1])
    target = graph_of(client, "/vocab/gbf/GBF-TARGET-03", "application/rdf+xml")
    assert (URIRef(f"{BASE}/vocab/gbf/GBF-TARGET-03"), SKOS.exactMatch,
            URIRef("https://api.cbd.int/api/v2013/thesaurus/terms/GBF-TARGET-03")) in target
    assert client.get("/vocab/gbf/GBF-TARGET-99").status_code == 404
    assert client.get("/vocab/nothing/X").status_code == 404


def test_records_carry_their_concepts_by_uri_in_json_ld(client, vocab):
    record = client.get("/api/records/GBF-INDICATOR-A.1/").json()
    assert record["jsonld"]["@id"] == f"{BASE}/vocab/gbf/GBF-INDICATOR-A.1"
    assert record["jsonld"]["@type"] == "DefinedTerm"
    assert record["jsonld"]["inDefinedTermSet"] == {"@id": f"{BASE}/vocab/gbf"}
