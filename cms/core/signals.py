"""The publishing lifecycle, in one place: every change that affects what is public becomes one event.

Events are recorded in the index outbox (search.models.IndexOutbox) before anything is sent to an index, then a
Celery task drains the outbox (in-process in the default setup). See search/sync.py."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.core.models import RecordPage


def _record_event(page_ids: list[int], reason: str) -> None:
    from search.sync import record_lifecycle_event

    if page_ids:
        record_lifecycle_event(page_ids, reason)


@receiver(page_published)
def on_published(sender, instance, **kwargs):
    if isinstance(instance, RecordPage):
        _record_event([instance.pk], "publish")


@receiver(page_unpublished)
def on_unpublished(sender, instance, **kwargs):
    if isinstance(instance, RecordPage):
        _record_event([instance.pk], "unpublish")


@receiver(post_delete)
def on_deleted(sender, instance, **kwargs):
    if isinstance(instance, RecordPage) and type(instance) is not RecordPage:
        _record_event([instance.pk], "delete")


@receiver(post_page_move)
def on_moved(sender, instance, **kwargs):
    # A move changes URLs (and may change privacy) of the page and everything below it.
    ids = list(RecordPage.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True))
    _record_event(ids, "move")


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_privacy_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        ids = list(RecordPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
        _record_event(ids, "privacy")
