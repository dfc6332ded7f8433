"""The CMS's vocabularies as SKOS concept schemes (rdflib): the GBF (goals, targets, indicators with their kind),
the Aichi Biodiversity Targets and the CBD subjects, under the persistent base URI (cms.linked.uris).

Each concept: `skos:notation` (T03, A.1), `skos:prefLabel` in every language the hub has a real name in (the
record's own translations, the reviewed subject names of cms/taxonomy/labels), the short framework label
("Cible 3") as `skos:altLabel`, `skos:definition`, `broader`/`narrower` (goal or target → indicator, Aichi goal →
target), `exactMatch` to the CBD's own thesaurus entry, `dct:identifier`, and `historyNote`/`changeNote` from the
record's provenance. The GBF thesaurus links no target to a goal, so goals and targets are both top concepts."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from cms.linked.uris import VOCAB_SCHEMES, base_uri, concept_uri, scheme_uri
from cms.taxonomy.display_names import vocabulary
from identifiers import indicator_kind

SCHEMES = {
    "gbf": ("Kunming-Montreal Global Biodiversity Framework", ("gbf-goal", "gbf-target", "gbf-indicator")),
    "aichi": ("Aichi Biodiversity Targets (Strategic Plan for Biodiversity 2011-2020)", ("aichi-goal", "aichi-target")),
    "subjects": ("CBD subjects", ("subject",)),
}
TOP_TYPES = {"gbf-goal", "gbf-target", "aichi-goal", "subject"}
INDICATOR_KINDS = ("headline", "binary", "component", "complementary")
THESAURUS = "https://api.cbd.int/api/v2013/thesaurus/terms/"


def vocab_namespace() -> Namespace:
    """Terms of our own (the indicator kind): `<base>/vocab/terms#indicatorKind`."""
    return Namespace(f"{base_uri()}/vocab/terms#")


@dataclass
class Term:
    identifier: str
    scheme_type: str
    code: str
    broader: str
    title: str
    description: str
    source_system: str
    legacy_id: str
    source_url: str
    imported_at: str | None
    last_published_at: str | None
    labels: dict[str, str]  # language -> prefLabel


def _clean_title(title: str) -> str:
    """'GBF-T03. 30% of areas…' -> '30% of areas…'; 'A.1 Red List…' -> 'Red List…' (the code is the notation)."""
    return re.sub(r"^(GBF-[A-Z]+-?[A-Z0-9]*\.|[A-D0-9]{1,2}(\.[A-Za-z0-9]+)+)\s+", "", title).strip() or title


def _terms(types: Iterable[str]) -> list[Term]:
    from cms.taxonomy.models import TermPage

    pages = TermPage.objects.filter(live=True, scheme__in=list(types)).select_related("locale")
    by_id: dict[str, list] = {}
    for page in pages.order_by("identifier"):
        by_id.setdefault(page.identifier, []).append(page)
    subject_names = vocabulary("subject")
    terms = []
    for identifier, versions in by_id.items():
        english = next((p for p in versions if p.locale.language_code == "en"), None)
        if english is None:
            continue
        labels = {"en": _clean_title(english.title)}
        for page in versions:  # a "translation" that copies the English is no French name
            if page.locale.language_code != "en" and page.title != english.title:
                labels[page.locale.language_code] = _clean_title(page.title)
        if english.scheme == "subject":
            for language, name in subject_names.get(identifier, {}).items():
                labels.setdefault(language, name)
        terms.append(Term(identifier, english.scheme, english.code, english.broader, english.title,
                          english.description, english.source_system, english.legacy_id, english.source_url,
                          english.imported_at.date().isoformat() if english.imported_at else None,
                          english.last_published_at.isoformat() if english.last_published_at else None, labels))
    return terms


def _short_labels(term: Term) -> dict[str, str]:
    """The framework's short label in each language ("Target 3", "Cible 3") from the reviewed label file."""
    rows = vocabulary("term").get(term.scheme_type, {})
    number = term.code.removeprefix("T").removeprefix("G-").lstrip("0") or term.code
    return {language: template.replace("{n}", number) for language, template in rows.items()}


def _add_concept(graph: Graph, scheme: str, term: Term, known: set[str]) -> URIRef:
    ns = vocab_namespace()
    uri = URIRef(concept_uri(scheme, term.identifier))
    graph.add((uri, RDF.type, SKOS.Concept))
    graph.add((uri, SKOS.inScheme, URIRef(scheme_uri(scheme))))
    graph.add((uri, SKOS.notation, Literal(term.code or term.identifier)))
    graph.add((uri, DCTERMS.identifier, Literal(term.identifier)))
    for language, label in term.labels.items():
        graph.add((uri, SKOS.prefLabel, Literal(label, lang=language)))
    for language, label in _short_labels(term).items():
        if label != term.labels.get(language):
            graph.add((uri, SKOS.altLabel, Literal(label, lang=language)))
    if term.description:
        graph.add((uri, SKOS.definition, Literal(term.description, lang="en")))
    if term.broader and term.broader in known:
        graph.add((uri, SKOS.broader, URIRef(concept_uri(scheme, term.broader))))
        graph.add((URIRef(concept_uri(scheme, term.broader)), SKOS.narrower, uri))
    if term.scheme_type in TOP_TYPES or term.broader not in known:
        graph.add((uri, SKOS.topConceptOf, URIRef(scheme_uri(scheme))))
        graph.add((URIRef(scheme_uri(scheme)), SKOS.hasTopConcept, uri))
    if term.source_url.startswith(THESAURUS):
        graph.add((uri, SKOS.exactMatch, URIRef(term.source_url)))
    if term.scheme_type == "gbf-indicator":
        kind = indicator_kind(term.code)
        if kind:
            graph.add((uri, ns.indicatorKind, Literal(kind)))
            graph.add((URIRef(f"{scheme_uri(scheme)}/{kind}-indicators"), SKOS.member, uri))
    source = f"{term.source_system} ({term.legacy_id})" if term.legacy_id else term.source_system
    graph.add((uri, SKOS.historyNote, Literal(
        f"Imported from {source}" + (f" on {term.imported_at}" if term.imported_at else "") + ".", lang="en")))
    if term.last_published_at:
        graph.add((uri, SKOS.changeNote, Literal(f"Last published {term.last_published_at}.", lang="en")))
        graph.add((uri, DCTERMS.modified, Literal(term.last_published_at[:10], datatype=XSD.date)))
    return uri


def _add_collections(graph: Graph, scheme: str) -> None:
    for kind in INDICATOR_KINDS:
        collection = URIRef(f"{scheme_uri(scheme)}/{kind}-indicators")
        graph.add((collection, RDF.type, SKOS.Collection))
        graph.add((collection, SKOS.prefLabel, Literal(f"{kind.capitalize()} indicators", lang="en")))


def _fingerprint(types: tuple[str, ...]) -> str:
    from cms.taxonomy.models import TermPage

    state = TermPage.objects.filter(scheme__in=types).aggregate(n=Count("pk"), last=Max("last_published_at"))
    return f"{state['n']}:{state['last']}:{base_uri()}"


def scheme_graph(scheme: str) -> Graph:
    """The whole concept scheme; cached until a term of it is published again (or the base URI changes)."""
    title, types = SCHEMES[scheme]
    key = f"{scheme}:" + hashlib.sha256(f"{scheme}:{_fingerprint(types)}".encode()).hexdigest()[:32]
    if key in _built:
        return _built[key]
    cached = cache.get(key)
    if cached is not None:
        return _remember(scheme, key, Graph().parse(data=cached, format="nt"))
    graph = new_graph()
    scheme_ref = URIRef(scheme_uri(scheme))
    graph.add((scheme_ref, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme_ref, SKOS.prefLabel, Literal(title, lang="en")))
    graph.add((scheme_ref, DCTERMS.title, Literal(title, lang="en")))
    graph.add((scheme_ref, DCTERMS.publisher, Literal("Secretariat of the Convention on Biological Diversity")))
    terms = _terms(types)
    known = {t.identifier for t in terms}
    for term in terms:
        _add_concept(graph, scheme, term, known)
    if scheme == "gbf":
        _add_collections(graph, scheme)
    cache.set(key, graph.serialize(format="nt"), 300)
    return _remember(scheme, key, graph)


#: The last graph built per scheme in this process (a concept request then costs no parsing).
_built: dict[str, Graph] = {}


def _remember(scheme: str, key: str, graph: Graph) -> Graph:
    for old in [k for k in _built if k.startswith(f"{scheme}:")]:
        del _built[old]
    _built[key] = graph
    return graph


def new_graph() -> Graph:
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)
    graph.bind("cbdv", vocab_namespace())
    return graph


def concept_graph(scheme: str, identifier: str) -> Graph | None:
    """One concept: its own statements, plus the labels of the concepts it points at (so a client can show them)."""
    whole = scheme_graph(scheme)
    uri = URIRef(concept_uri(scheme, identifier))
    if (uri, RDF.type, SKOS.Concept) not in whole:
        return None
    graph = new_graph()
    for triple in whole.triples((uri, None, None)):
        graph.add(triple)
        if triple[1] in (SKOS.broader, SKOS.narrower, SKOS.inScheme):
            for label in whole.triples((triple[2], SKOS.prefLabel, None)):
                graph.add(label)
    for triple in whole.triples((None, SKOS.member, uri)):
        graph.add(triple)
    return graph


def scheme_of(record_type: str) -> str | None:
    return VOCAB_SCHEMES.get(record_type)
