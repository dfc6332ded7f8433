"""Writes the change log (cms.harvest.models) from the CMS's own lifecycle signals, inside the transaction of the
change: a record unpublished, deleted or put behind a view restriction becomes a tombstone; a publish supersedes
it, and so does lifting the restriction that hid it (a "privacy" publish: the record is announced again with the
lifting as its datestamp, see cms.harvest.items). (indexing/ listens to the same signals for the search indexes;
the two never depend on each other.)"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from cms.core.models import RecordPage
from cms.core.visibility import public_pages
from cms.harvest.models import RecordChange


def log_changes(pages: Iterable[RecordPage], action: str, reason: str) -> None:
    entries = []
    for page in pages:
        language = page.locale.language_code
        key = f"{language}:{page.identifier}"
        entries.append(
            RecordChange(
                identifier=page.identifier,
                language=language,
                identity_key=key,
                record_type=page.record_type,
                gbf_targets=json.dumps(list(page.gbf_targets or [])),
                page_id=page.pk,
                action=action,
                reason=reason,
            )
        )
    if not entries:
        return
    RecordChange.objects.filter(identity_key__in=[e.identity_key for e in entries], superseded=False).update(
        superseded=True
    )
    RecordChange.objects.bulk_create(entries)


def _live_records_below(page: Page) -> list[RecordPage]:
    return list(RecordPage.objects.descendant_of(page, inclusive=True).live().select_related("locale"))


@receiver(page_published, dispatch_uid="harvest-published")
def on_published(sender, instance, **kwargs):
    if isinstance(instance, RecordPage):
        log_changes([instance], RecordChange.PUBLISH, "publish")


@receiver(page_unpublished, dispatch_uid="harvest-unpublished")
def on_unpublished(sender, instance, **kwargs):
    if isinstance(instance, RecordPage):
        log_changes([instance], RecordChange.WITHDRAW, "unpublish")


@receiver(post_delete, dispatch_uid="harvest-deleted")
def on_deleted(sender, instance, **kwargs):
    # post_delete fires once per table of a multi-table page: the concrete model's is enough. A page that was not
    # live was either never harvested or is already a tombstone (its unpublish).
    if isinstance(instance, RecordPage) and type(instance) is not RecordPage and instance.live:
        log_changes([instance], RecordChange.WITHDRAW, "delete")


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="harvest-restricted")
def on_restricted(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        log_changes(_live_records_below(page), RecordChange.WITHDRAW, "privacy")


@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="harvest-restriction-lifted")
def on_restriction_lifted(sender, instance, **kwargs):
    # After the delete: the records below that no restriction hides any more (another one, on the page or an
    # ancestor, may still hide some). A page being deleted with its restriction is logged again by its own delete.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        log_changes(_public_records_below(page), RecordChange.PUBLISH, "privacy")


def _public_records_below(page: Page) -> list[RecordPage]:
    return list(public_pages(RecordPage.objects.descendant_of(page, inclusive=True)).select_related("locale"))
