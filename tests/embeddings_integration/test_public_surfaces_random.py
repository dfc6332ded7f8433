"""A randomized walk of editorial operations — publish, unpublish, draft edits, view restrictions added and removed
(on records, a treaty and whole sections), moves, scheduled publishing and expiry — and after every batch a check
of every public surface against an oracle kept by the test itself (not cms.core.visibility): records, resolver
(identifiers and legacy URLs), search in every mode, ask, the Wagtail API v2 (pages and documents), the records'
CMS pages, legacy redirects and document downloads. 0 leaks (something not public shown, or an old or hidden
title) and 0 misses (something public absent). Fixed seed; on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction, Revision

from tests.embeddings_integration.surfaces_oracle import Oracle, surface_problems

pytestmark = pytest.mark.django_db

SEED = 15
OPERATIONS = 520
BATCH = 26
WORDS = ["quokka", "axolotl", "pangolin", "okapi", "tarsier", "narwhal", "saola", "kakapo", "dugong", "numbat",
         "fossa", "gharial", "markhor", "takin", "vaquita", "aye-aye", "bilby", "dhole", "gerenuk", "jerboa"]


def _title(rng: random.Random, n: int) -> str:
    return f"Zebrafish {rng.choice(WORDS)} {rng.choice(WORDS)} {n}"


@pytest.fixture
def world(site, settings, tmp_path):
    """Eight notifications (two with files, one document shared), a treaty with four articles, legacy URLs."""
    from cms.records.models import NotificationFile, NotificationPage, TreatyArticlePage, TreatyPage

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SEARCH_RESPONSE_CACHE = False
    rng = random.Random(SEED)
    oracle = Oracle(sections={name: site[name] for name in ("notifications", "library", "treaties")})
    own = Document.objects.create(title="annex one", file=ContentFile(b"annex one", name="annex-one.txt"))
    shared = Document.objects.create(title="shared annex", file=ContentFile(b"shared", name="shared.txt"))
    files = {1: [own], 2: [shared], 3: [shared]}
    for n in range(1, 9):
        identifier = f"2031-{n:03d}"
        page = NotificationPage(title=_title(rng, n), slug=identifier, identifier=identifier,
                                date=dt.date(2031, 1, n))
        page.files = [NotificationFile(document=d, language="en", name=d.filename) for d in files.get(n, [])]
        site["notifications"].add_child(instance=page)
        page.save_revision().publish()
        Redirect.objects.create(old_path=f"/notifications/{identifier}", redirect_page=page)
        oracle.add(page, parent="notifications", legacy=f"/notifications/{identifier}")
    treaty = TreatyPage(title="Zebrafish Convention", slug="cbd", identifier="cbd")
    site["treaties"].add_child(instance=treaty)
    treaty.save_revision().publish()
    oracle.add(treaty, parent="treaties")
    for n in range(1, 5):
        article = TreatyArticlePage(title=_title(rng, 100 + n), slug=f"cbd-0{n}", identifier=f"cbd-0{n}",
                                    number=str(n))
        treaty.add_child(instance=article)
        article.save_revision().publish()
        oracle.add(article, parent="cbd")
    oracle.documents = {own.pk: {"2031-001"}, shared.pk: {"2031-002", "2031-003"}}
    return oracle


# -- operations: each does what an editor (or the scheduler) does, and tells the oracle ------------------------------
def op_publish(oracle: Oracle, rng: random.Random, n: int) -> None:
    """Publish now, with a new title: the latest revision (a draft or a schedule) becomes the live version."""
    state = rng.choice(list(oracle.pages.values()))
    page = state.page().get_latest_revision_as_object()
    page.title = _title(rng, n)
    page.go_live_at = None
    page.expire_at = None
    page.save_revision().publish()
    oracle.published(state.identifier, page.title)


def op_unpublish(oracle: Oracle, rng: random.Random, n: int) -> None:
    live = [s for s in oracle.pages.values() if s.live]
    if live:
        state = rng.choice(live)
        state.page().unpublish()
        oracle.unpublished(state.identifier)


def op_draft_edit(oracle: Oracle, rng: random.Random, n: int) -> None:
    """An edit saved but not published: the public keeps seeing the live version."""
    state = rng.choice(list(oracle.pages.values()))
    page = state.page().get_latest_revision_as_object()
    page.title = _title(rng, n)
    page.save_revision()
    state.draft_title = page.title


def op_restrict(oracle: Oracle, rng: random.Random, n: int) -> None:
    targets = [*oracle.pages, *oracle.sections]
    target = rng.choice(targets)
    kind = rng.choice(["password", "login", "groups"])
    restriction = PageViewRestriction.objects.create(page=oracle.node(target), restriction_type=kind,
                                                     password="s3cret")
    oracle.restrictions[restriction.pk] = target


def op_lift(oracle: Oracle, rng: random.Random, n: int) -> None:
    if oracle.restrictions:
        pk = rng.choice(sorted(oracle.restrictions))
        PageViewRestriction.objects.get(pk=pk).delete()
        del oracle.restrictions[pk]


def op_move(oracle: Oracle, rng: random.Random, n: int) -> None:
    state = rng.choice([s for s in oracle.pages.values() if s.parent in ("notifications", "library")])
    target = "library" if state.parent == "notifications" else "notifications"
    state.page().move(oracle.node(target), pos="last-child")
    state.parent = target


def op_schedule(oracle: Oracle, rng: random.Random, n: int) -> None:
    """Publish a new title for tomorrow: nothing changes for the public until it goes live."""
    state = rng.choice(list(oracle.pages.values()))
    page = state.page().get_latest_revision_as_object()
    page.title = _title(rng, n)
    page.go_live_at = timezone.now() + dt.timedelta(days=1)
    page.save_revision().publish()
    state.draft_title = state.scheduled_title = page.title


def op_time_passes(oracle: Oracle, rng: random.Random, n: int) -> None:
    """Tomorrow comes: the scheduler publishes what was scheduled (and unpublishes what expired)."""
    past = timezone.now() - dt.timedelta(minutes=1)
    for revision in Revision.objects.filter(approved_go_live_at__isnull=False):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", verbosity=0)
    for state in oracle.pages.values():
        if state.scheduled_title is not None:
            oracle.published(state.identifier, state.scheduled_title, keep_draft=True)


def op_expire(oracle: Oracle, rng: random.Random, n: int) -> None:
    live = [s for s in oracle.pages.values() if s.live]
    if live:
        state = rng.choice(live)
        type(state.page()).objects.filter(pk=state.pk).update(expire_at=timezone.now() - dt.timedelta(seconds=1))
        op_time_passes(oracle, rng, n)  # the scheduler's run that unpublishes it
        oracle.unpublished(state.identifier)


OPERATION_WEIGHTS = [(op_publish, 20), (op_unpublish, 12), (op_draft_edit, 10), (op_restrict, 14), (op_lift, 14),
                     (op_move, 10), (op_schedule, 10), (op_time_passes, 4), (op_expire, 6)]


def test_every_public_surface_shows_exactly_what_is_public(client, world):
    rng = random.Random(SEED)
    functions, weights = zip(*OPERATION_WEIGHTS, strict=True)
    problems: list[str] = []
    checks = done = 0
    counts: dict[str, int] = {}
    while done < OPERATIONS:
        for _ in range(BATCH):
            operation = rng.choices(functions, weights)[0]
            operation(world, rng, done)
            counts[operation.__name__] = counts.get(operation.__name__, 0) + 1
            done += 1
        found, made = surface_problems(client, world)
        problems += [f"after {done} operations: {p}" for p in found]
        checks += made
    print(f"{done} operations {counts}; {checks} checks; {len(problems)} leaks or misses")
    assert problems == []
    assert all(counts.get(f.__name__) for f in functions)  # every kind of operation happened
