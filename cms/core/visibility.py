"""What the public may see: the one rule, used by every public surface.

A page is public when it is live, not expired (neither flagged by `publish_scheduled` nor past its `expire_at`),
and neither it nor any ancestor carries a view restriction (password, login or groups: the public API serves
anonymous readers, so a restriction hides a page whoever asks). A document (wagtaildocs) is public only while a
public record links it through one of its file rows.

Surfaces that use it: the record API and its embedded lists (references, "referenced by", a treaty's articles, an
article's treaty), the resolver (identifiers, references and legacy URLs), search documents (so search and ask),
labels, the Wagtail API v2 listings and details, the documents API and document downloads, and legacy redirects.

Cost: a constant number of queries whatever the number of restrictions. Wagtail's own `public()` adds one
`NOT descendant_of` clause per restriction (5 s per request at 1,000 restrictions on PostgreSQL). Here a page's
ancestors are exactly the pages whose path is a prefix of its path at a step boundary (treebeard's materialised
path, `steplen` characters per level), so "restricted on it or an ancestor" is one EXISTS over at most `depth`
prefixes, each an index lookup on the unique `path` column. Only the depths at which some page is restricted are
tested (restricted_depths(): one small query; no clause at all when nothing is restricted): 2,000 restricted
notifications, all at depth 4, need one prefix, not four. The one query that decides a
whole site at once (public_page_ids(), for Wagtail's search) tests the same prefixes against the restricted paths
as uncorrelated lists instead, computed once per query rather than looked up per page.

A lookup by a predicate no index serves (identifier `iexact`, `related` LIKE, a url_path list) scans the records
table, and a restriction clause in that scan is evaluated for every row it visits, not just the matches: with 2,000
restrictions SQLite's resolver took x2.54 the time of none. public_list() filters such lookups the other way round:
the predicate (with the cheap live/expiry test) first, then the restrictions of just its matches in one indexed
query over their ancestor paths, and only at the depths where some page is restricted (restricted_depths()).
"""

from __future__ import annotations

import operator
from functools import reduce

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.db.models.lookups import In
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction


def restricted_depths() -> list[int]:
    """The depths at which some page carries a view restriction, shallowest first (one query; [] when none)."""
    depths = PageViewRestriction.objects.values_list("page__depth", flat=True).distinct()
    return sorted(set(depths))


def restricted_q(depths: list[int], path_field: str = "path") -> Q:
    """Pages restricted on themselves or an ancestor at one of `depths`; `path_field` names the page path from the
    filtered model."""
    if not depths:
        return Q(pk__in=[])
    prefixes = [Substr(OuterRef(path_field), 1, Page.steplen * depth) for depth in depths]
    return Q(Exists(PageViewRestriction.objects.filter(page__path__in=prefixes)))


def public_q(prefix: str = "", restrictions: bool = True) -> Q:
    """Q of public pages; `prefix` ("page__") applies it across a relation to the page; `restrictions=False`
    leaves the view restrictions out (for a caller that tests them its own way)."""
    now = timezone.now()
    q = Q(**{f"{prefix}live": True, f"{prefix}expired": False}) & (
        Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": now})
    )
    depths = restricted_depths() if restrictions else []
    if depths:
        q &= ~restricted_q(depths, f"{prefix}path")
    return q


def public_pages(queryset: QuerySet) -> QuerySet:
    """The public pages of a Page (or Page subclass) queryset."""
    return queryset.filter(public_q())


def public_page_ids() -> QuerySet:
    """The ids of public pages as a subquery. For querysets that must stay searchable: Wagtail's search backends
    translate field lookups (`pk IN (...)`) into their own filters, but not an EXISTS clause.

    It decides every page of the site, so the restriction test is uncorrelated: per depth, "the path prefix is one
    of the restricted pages' paths", a list the database computes once per query (a hashed subplan in PostgreSQL,
    an ephemeral index in SQLite) and probes per page, where the EXISTS of public_q() re-runs its index lookups for
    every page (PostgreSQL, 2,200 pages and 2,000 restrictions: 25 ms against 140 ms)."""
    live = public_q(restrictions=False)
    depths = restricted_depths()
    if depths:
        restricted_paths = PageViewRestriction.objects.values("page__path")
        for depth in depths:
            live &= ~Q(In(Substr("path", 1, Page.steplen * depth), restricted_paths))
    return Page.objects.filter(live).values("pk")


def _ancestor_paths(path: str, depths: list[int]) -> list[str]:
    """The paths of a page's ancestors (and its own) at the given depths: treebeard's path prefixes."""
    return [path[: Page.steplen * depth] for depth in depths if Page.steplen * depth <= len(path)]


def restricted_among(pages: list, depths: list[int] | None = None) -> set[int]:
    """Primary keys of those `pages` restricted on themselves or an ancestor: one query over the ancestor paths of
    just these pages (an index lookup per path on the unique `path` column), none when nothing is restricted."""
    return _restricted_keys([(page.pk, page.path) for page in pages], depths)


def _restricted_keys(keys_and_paths: list[tuple[int, str]], depths: list[int] | None = None) -> set[int]:
    """restricted_among() for (primary key, path) pairs, so a caller can decide before it reads whole pages."""
    depths = restricted_depths() if depths is None else depths
    if not depths or not keys_and_paths:
        return set()
    prefixes = {pk: _ancestor_paths(path, depths) for pk, path in keys_and_paths}
    wanted = {prefix for paths in prefixes.values() for prefix in paths}
    restricted = set(PageViewRestriction.objects.filter(page__path__in=wanted).values_list("page__path", flat=True))
    if not restricted:
        return set()
    return {pk for pk, paths in prefixes.items() if restricted.intersection(paths)}


PUBLIC_LIST_BATCH = 200


def _stable(queryset: QuerySet) -> QuerySet:
    """The queryset's own order (or its model's default) with the primary key last, so batches never overlap."""
    order = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    return queryset.order_by(*order, "pk")


def public_list(queryset: QuerySet, limit: int | None = None) -> list:
    """The public pages of a Page (or Page subclass) queryset, in its order, at most `limit` of them.

    For lookups by a predicate no index serves: the database finds the live, unexpired matches first, then one
    indexed query decides the restrictions of just those (restricted_among()); public_pages() would instead test
    every page the predicate's scan visits. Only the matches' keys and paths are read to decide (a much-cited
    decision's matches are mostly restricted ones on a members-only site, and reading their whole rows only to drop
    them cost as much as the scan: bench_restrictions, "tracking"); then the public ones are read whole. With a
    limit, keys are read in batches until enough are public (a restricted match never takes a public one's place)."""
    depths = restricted_depths()
    candidates = _stable(queryset.filter(public_q(restrictions=False)))
    if not depths:
        return list(candidates if limit is None else candidates[:limit])
    keys = _public_keys(candidates, depths, limit)
    return list(candidates.filter(pk__in=keys)) if keys else []


def _public_keys(candidates: QuerySet, depths: list[int], limit: int | None) -> list[int]:
    """The primary keys of the unrestricted pages among `candidates`, in their order, at most `limit`."""
    keys_and_paths = candidates.values_list("pk", "path")
    if limit is None:
        rows = list(keys_and_paths)
        hidden = _restricted_keys(rows, depths)
        return [pk for pk, _ in rows if pk not in hidden]
    found: list[int] = []
    offset = 0
    while len(found) < limit:
        rows = list(keys_and_paths[offset : offset + PUBLIC_LIST_BATCH])
        hidden = _restricted_keys(rows, depths)
        found.extend(pk for pk, _ in rows if pk not in hidden)
        if len(rows) < PUBLIC_LIST_BATCH:
            break
        offset += PUBLIC_LIST_BATCH
    return found[:limit]


def first_public(queryset: QuerySet):
    """The first public page of a queryset (in its order), or None: public_list() with a limit of one."""
    found = public_list(queryset, limit=1)
    return found[0] if found else None


def is_public(page: Page) -> bool:
    """One page (by its database state, not the in-memory object): what the API and search may show."""
    if page.pk is None:
        return False
    return public_pages(Page.objects.filter(pk=page.pk)).exists()


def file_models() -> list[type]:
    """Concrete models of record file rows (each links a page and, optionally, a wagtaildocs document)."""
    from django.apps import apps

    from cms.records.models import RecordFileBase

    return [m for m in apps.get_models() if issubclass(m, RecordFileBase)]


def public_documents_q() -> Q:
    """Q of documents that at least one public record links through a file row (`pk IN` subqueries, so a
    documents queryset filtered by it can still be searched)."""
    public = public_q("page__")
    linked = [
        Q(pk__in=model.objects.filter(public, document__isnull=False).values("document_id")) for model in file_models()
    ]
    return reduce(operator.or_, linked) if linked else Q(pk__in=[])


def public_documents(queryset: QuerySet) -> QuerySet:
    return queryset.filter(public_documents_q())


def document_is_public(document) -> bool:
    return public_documents(type(document).objects.filter(pk=document.pk)).exists()
