"""GET /api/labels/?lang=fr: the display name of every coded value a reader meets (facet values, tags, types).

Record types, statuses and subjects come from the reviewed vocabulary files (cms.taxonomy.display_names); framework
terms (GBF goals and targets, Aichi goals and targets) and meetings from their published records, in the reader's
language when a real translation exists, else English (said per entry). Meetings are those records refer to: the
values the search facet "meeting" can show.

Each entry is {"label": ...} plus, only when they apply, "lang" (the label's language when it is not the one asked
for), "name" (a longer name: a target's wording, a meeting's title) and "name_lang". The whole answer is cached for
LABELS_TTL seconds and carries an ETag, so a browser revalidates it without downloading it again."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from cms.api.problems import problem_response
from cms.api.serializers import public_records
from cms.taxonomy.display_names import name as vocabulary_name
from cms.taxonomy.display_names import vocabulary
from identifiers import meeting_title

LABELS_TTL = 300
TERM_SCHEMES = ("gbf-target", "gbf-goal", "aichi-target", "aichi-goal")
# Titles of framework terms repeat their code ("GBF-T03. 30% of areas…", "GBF-G-A. …"): the label says it already.
_TERM_PREFIX = re.compile(r"^(?:GBF-T\d+|GBF-G-[A-D])\.\s*")
# Subject pages created before the vocabulary existed are titled with the code's letters ("KMGBF", "CPB ART20").
_CODE_TITLE = re.compile(r"^[A-Z0-9 ]+$")

Entry = dict[str, str]


def _entry(label: str, label_lang: str, lang: str, name: str = "", name_lang: str = "") -> Entry:
    entry = {"label": label}
    if label_lang != lang:
        entry["lang"] = label_lang
    if name and name != label:
        entry["name"] = name
        if name_lang and name_lang != lang:
            entry["name_lang"] = name_lang
    return entry


def _vocabulary_entries(kind: str, lang: str) -> dict[str, Entry]:
    out = {}
    for code in vocabulary(kind):
        found = vocabulary_name(kind, code, lang)
        if found:
            out[code] = _entry(found.text, found.language, lang)
    return out


def _pages_by_language(queryset) -> dict[str, dict[str, Any]]:
    """identifier -> {language: page} for live, public pages."""
    pages: dict[str, dict[str, Any]] = {}
    for page in queryset.select_related("locale"):
        pages.setdefault(page.identifier, {})[page.locale.language_code] = page
    return pages


def _title_in(versions: dict[str, Any], lang: str, field: str = "title") -> tuple[str, str]:
    """A version's text in `lang` when it truly differs from the English (copies are not translations), else English."""
    english = getattr(versions.get(settings.LANGUAGE_CODE), field, "") or ""
    local = getattr(versions.get(lang), field, "") or ""
    if local and " ".join(local.split()).casefold() != " ".join(english.split()).casefold():
        return local, lang
    return english, settings.LANGUAGE_CODE


def _subject_entries(lang: str) -> dict[str, Entry]:
    """The subject pages' own titles when an editor named (or translated) them, else the reviewed vocabulary."""
    out = _vocabulary_entries("subject", lang)
    for code, versions in _pages_by_language(public_records().filter(record_type="subject")).items():
        title, title_lang = _title_in(versions, lang)
        if not title or _CODE_TITLE.fullmatch(title):
            out.setdefault(code, _entry(code, lang, lang))  # neither vocabulary nor editor has named it yet
        elif title_lang == lang or code not in out:
            out[code] = _entry(title, title_lang, lang)
    return out


def _term_entries(lang: str) -> dict[str, dict[str, Entry]]:
    """"Cible 3" with the target's wording as its name, per scheme."""
    queryset = public_records().filter(record_type__in=TERM_SCHEMES)
    out: dict[str, dict[str, Entry]] = {scheme: {} for scheme in TERM_SCHEMES}
    for identifier, versions in _pages_by_language(queryset).items():
        scheme = next(iter(versions.values())).record_type  # a term's type is its scheme
        pattern = vocabulary_name("term", scheme, lang)
        number = identifier.rsplit("-", 1)[-1].lstrip("0") or "0"
        title, title_lang = _title_in(versions, lang)
        label = pattern.text.replace("{n}", number) if pattern else identifier
        out[scheme][identifier] = _entry(label, pattern.language if pattern else lang, lang,
                                              _TERM_PREFIX.sub("", title), title_lang)
    return out


def referenced_meetings() -> set[str]:
    """Meeting codes that published records refer to (the values of the "meeting" facet)."""
    codes = cache.get("labels:meeting-codes")
    if codes is None:
        codes = set()
        rows = public_records().filter(locale__language_code=settings.LANGUAGE_CODE).values_list("meetings", flat=True)
        for meetings in rows:
            codes.update(meetings or [])
        cache.set("labels:meeting-codes", codes, LABELS_TTL)
    return codes


def _meeting_entries(lang: str) -> dict[str, Entry]:
    """A code such as COP-16 is its own label, with the meeting's title as name (spelled out from the code when the
    hub does not hold the meeting); a meeting known only by a number in the legacy system (006589: the index API
    gives it no code) is labelled by its title."""
    codes = referenced_meetings()
    versions_by_code = _pages_by_language(public_records().filter(record_type="meeting", identifier__in=codes))
    out = {}
    for code in sorted(codes):
        versions = versions_by_code.get(code)
        title, title_lang = _title_in(versions, lang) if versions else ("", lang)
        if not title and (spelled := meeting_title(code)):
            title, title_lang = spelled[0].upper() + spelled[1:], settings.LANGUAGE_CODE
        if code.isdigit() and title:
            out[code] = _entry(title, title_lang, lang)
        else:
            out[code] = _entry(code, lang, lang, title, title_lang)
    return out


def build_labels(lang: str) -> dict[str, Any]:
    terms = _term_entries(lang)
    return {
        "lang": lang,
        "labels": {
            "type": _vocabulary_entries("type", lang),
            "status": _vocabulary_entries("status", lang),
            "subject": _subject_entries(lang),
            "gbf_target": terms.pop("gbf-target"),
            "term": {code: entry for scheme in terms.values() for code, entry in scheme.items()},
            "meeting": _meeting_entries(lang),
        },
    }


def _cached_body(lang: str) -> tuple[bytes, str]:
    key = f"labels:{lang}"
    cached = cache.get(key)
    if cached is None:
        body = json.dumps(build_labels(lang), ensure_ascii=False, separators=(",", ":")).encode()
        cached = (body, f'"{hashlib.sha256(body).hexdigest()[:32]}"')
        cache.set(key, cached, LABELS_TTL)
    return cached


@gzip_page  # public names only: nothing secret for compression to leak
@require_safe
def labels_view(request) -> HttpResponse:
    lang = (request.GET.get("lang") or settings.LANGUAGE_CODE).strip().lower()
    if lang not in settings.UN_LANGUAGE_CODES:
        return problem_response(400, f"lang must be one of {', '.join(settings.UN_LANGUAGE_CODES)}", request=request)
    body, etag = _cached_body(lang)
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    # Shared caches may keep it too: labels are public and change only when vocabularies or titles do.
    response["Cache-Control"] = f"public, max-age={LABELS_TTL}"
    return response
