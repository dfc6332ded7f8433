"""The publishing lifecycle, in one place: every change that affects what is public becomes an outbox event,
recorded in the same transaction as the change (indexing.outbox).

What changes a page's search documents: its own publish, unpublish, deletion, move (URLs) and view restrictions
(privacy, inherited by descendants); the English source of its language versions (a "translation" whose text
equals the English counts as missing, so editing the English changes the other versions' documents too); a
parent record whose title its children carry (a treaty's articles); and the text extracted from its files.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.core.models import RecordPage
from cms.records.models import RecordFileBase
from indexing.outbox import record_changes

#: Fields an extraction writes: a save of any of them changes what the page's passages say.
EXTRACTION_FIELDS = {"extracted_text", "extracted_paragraphs", "extraction_status", "detected_language"}


def affected_pages(page: Page) -> list[int]:
    """The record, its other language versions and the records below any of them (which carry its title)."""
    ids = {page.pk}
    for version in Page.objects.filter(translation_key=page.translation_key):
        ids.update(RecordPage.objects.descendant_of(version, inclusive=True).values_list("pk", flat=True))
    return sorted(ids)


@receiver(page_published)
def on_published(sender, instance, **kwargs):
    if isinstance(instance, RecordPage):
        record_changes(affected_pages(instance), "publish")


@receiver(page_unpublished)
def on_unpublished(sender, instance, **kwargs):
    if isinstance(instance, RecordPage):
        record_changes(affected_pages(instance), "unpublish")


@receiver(post_delete)
def on_deleted(sender, instance, **kwargs):
    # post_delete fires once per table of a multi-table page; the concrete model's is enough.
    if isinstance(instance, RecordPage) and type(instance) is not RecordPage:
        record_changes([instance.pk], "delete")


@receiver(post_page_move)
def on_moved(sender, instance, **kwargs):
    # A move changes the URLs (and maybe the privacy) of the page and everything below it.
    record_changes(list(RecordPage.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True)),
                   "move")


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_privacy_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        ids = RecordPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
        record_changes(list(ids), "privacy")


def on_file_extracted(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and EXTRACTION_FIELDS.intersection(update_fields):
        record_changes([instance.page_id], "file")


for _model in apps.get_models():
    if issubclass(_model, RecordFileBase):
        post_save.connect(on_file_extracted, sender=_model, dispatch_uid=f"indexing-file-{_model._meta.label}")
