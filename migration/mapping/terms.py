"""Taxonomy terms: GBF goals and targets (CBD thesaurus), GBF indicators (online reporting tool), Aichi goals and
targets (www.cbd.int app data) and CBD subjects (derived from the codes the other records use)."""

from __future__ import annotations

import re
from typing import Any

from cms.taxonomy.display_names import name as vocabulary_name
from identifiers import FORMS
from migration.mapping.common import absolute, humanise_subject, legacy_path, localized, required, stream, text
from migration.spec import MappingError, RecordSpec

THESAURUS_URL = "https://api.cbd.int/api/v2013/thesaurus/terms/{}"
SCHEME_SECTION = {"gbf-goal": "gbf", "gbf-target": "gbf", "gbf-indicator": "gbf", "aichi-goal": "aichi",
                  "aichi-target": "aichi", "subject": "subjects"}


def _term(scheme: str, identifier: str, title: str, fields: dict[str, Any], **spec: Any) -> RecordSpec:
    if not FORMS[scheme].matches(identifier):
        raise MappingError(f"identifier '{identifier}' is not a {scheme} identifier "
                           f"(expected the form {FORMS[scheme].example})")
    if not title:
        raise MappingError("missing required field 'title'")
    return RecordSpec(model="taxonomy.TermPage", section=SCHEME_SECTION[scheme], identifier=identifier,
                      title=title, fields={"scheme": scheme, **fields}, **spec)


def _term_ids(values: Any) -> list[str]:
    return [str(v.get("identifier") if isinstance(v, dict) else v) for v in values or [] if v]


def map_gbf_term(data: dict[str, Any]) -> RecordSpec:
    """A GBF goal or target from the thesaurus: the name carries the printed code ('GBF-T01. ...')."""
    identifier = required(data, "identifier")
    scheme = "gbf-goal" if identifier.startswith("GBF-GOAL-") else "gbf-target"
    title = localized(data.get("title")) or text(data.get("name"))
    code = title.split(".", 1)[0].removeprefix("GBF-") if title.startswith("GBF-") else ""
    related = _term_ids(data.get("relatedTerms")) + _term_ids(data.get("narrowerTerms"))
    broader = _term_ids(data.get("broaderTerms"))
    fields = {
        "code": code,
        "short_title": localized(data.get("shortTitle")),
        "description": localized(data.get("longDescription")) or text(data.get("description")),
        "broader": broader[0] if broader else "",
        "related": related,
    }
    return _term(scheme, identifier, title, fields, source_system="cbd-thesaurus",
                 legacy_id=str(data.get("termId") or identifier), source_url=THESAURUS_URL.format(identifier),
                 references=related + broader)


def indicator_broader(code: str) -> str:
    """'A.1' -> GBF-GOAL-A; '5.CY.6' -> GBF-TARGET-05 (the indicator's code starts with its goal or target)."""
    head = code.split(".", 1)[0].strip()
    if re.fullmatch(r"[A-D]", head):
        return f"GBF-GOAL-{head}"
    if head.isdigit() and 1 <= int(head) <= 23:
        return f"GBF-TARGET-{int(head):02d}"
    return ""


def map_gbf_indicator(data: dict[str, Any]) -> RecordSpec:
    identifier = required(data, "identifier")
    code = text(data.get("code"))
    broader = indicator_broader(code)
    fields = {"code": code, "broader": broader,
              "gbf_targets": [broader] if broader.startswith("GBF-TARGET-") else []}
    return _term("gbf-indicator", identifier, text(data.get("title")), fields,
                 source_system="ort-indicators", legacy_id=identifier, references=[broader] if broader else [])


def map_aichi_goal(data: dict[str, Any]) -> RecordSpec:
    letter = required(data, "goal").upper()
    fields = {"code": letter, "description": localized(data.get("text"))}
    return _term("aichi-goal", f"AICHI-GOAL-{letter}", localized(data.get("title")), fields,
                 source_system="aichi-goals.json", legacy_id=letter,
                 source_url=absolute("/sp/targets/"))


def _resources(target: dict[str, Any]) -> list[dict[str, str]]:
    """Key resources, quick guides, programmes, forum, partners and featured records as link blocks."""
    links = target.get("links") or {}
    out = [{"title": text(r.get("title")), "url": r.get("link", ""), "kind": "keyResources"}
           for r in links.get("keyResources") or []]
    out += [{"title": f"Quick guide ({text(g.get('lang'))})", "url": g.get("link", ""), "kind": "techGuides"}
            for g in links.get("techGuides") or []]
    out += [{"title": text(p.get("title")), "url": p.get("url", ""), "kind": "programs"}
            for p in links.get("programs") or []]
    if isinstance(links.get("undb"), dict):
        out.append({"title": text(links["undb"].get("title")), "url": links["undb"].get("url", ""), "kind": "undb"})
    if links.get("nbsapForum"):
        out.append({"title": "NBSAP Forum", "url": links["nbsapForum"], "kind": "nbsapForum"})
    for partner in target.get("partners") or []:
        out += [{"title": f"{text(partner.get('name'))} ({text(site.get('name'))})", "url": site.get("url", ""),
                 "kind": "partners"} for site in partner.get("websites") or []]
    out += [{"title": f"CHM record {rid}", "url": f"https://chm.cbd.int/database/record/{rid}",
             "kind": "featuredResources"} for rid in target.get("featuredResources") or []]
    return [{**r, "url": absolute(r["url"])} for r in out if r["url"] and r["title"]]


def map_aichi_target(data: dict[str, Any]) -> RecordSpec:
    number = int(required(data, "id"))
    goal = localized(data.get("goal")).upper()
    warnings: list[str] = []
    activities = [{"country": text(a.get("country")), "text": text(a.get("title_s"))}
                  for a in data.get("activities") or [] if text(a.get("title_s"))]
    resources = _resources(data)
    fields = {
        "code": str(number),
        "description": localized(data.get("action")),
        "broader": f"AICHI-GOAL-{goal}" if goal else "",
        "activities": stream(f"AICHI-TARGET-{number:02d}", "activities", "activity", activities),
        "resources": stream(f"AICHI-TARGET-{number:02d}", "resources", "link", resources),
    }
    # The target's own quick guides redirect here; publications listed under several targets stay plain links.
    doc_links = [legacy_path(r["url"]) for r in resources if r["kind"] == "techGuides"
                 and r["url"].startswith("https://www.cbd.int/doc/")]
    legacy = [f"/aichi-targets/target/{number}", f"/sp/targets/rationale/target-{number}/", *doc_links]
    return _term("aichi-target", f"AICHI-TARGET-{number:02d}", localized(data.get("title")), fields,
                 source_system="aichi-targets.json", legacy_id=str(number),
                 source_url=absolute(f"/aichi-targets/target/{number}"),
                 legacy_urls=legacy, references=[fields["broader"]] if goal else [], warnings=warnings)


def map_subject(code: str) -> RecordSpec:
    """The exports carry subject codes only: the English name comes from the reviewed subject vocabulary
    (cms/taxonomy/labels/subjects.tsv); a code it does not know keeps its humanised code until an editor names it."""
    known = vocabulary_name("subject", code, "en")
    return _term("subject", code, known.text if known else humanise_subject(code),
                 {"code": code.removeprefix("CBD-SUBJECT-")},
                 source_system="derived:subject-codes", legacy_id=code)
