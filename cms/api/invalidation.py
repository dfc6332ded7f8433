"""Cached public answers forget what a visibility change touched: the labels (cms.api.labels, cached for 5 minutes)
name terms and meetings by their public records, so a record that is unpublished, restricted or moved must not
keep lending its title to them until the cache expires."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move


def label_keys() -> list[str]:
    return [f"labels:{lang}" for lang in settings.UN_LANGUAGE_CODES] + ["labels:meeting-codes"]


def forget_labels(**kwargs) -> None:
    cache.delete_many(label_keys())


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_labels, dispatch_uid=f"labels-{id(signal)}")
    for signal in (post_save, post_delete):
        signal.connect(forget_labels, sender=PageViewRestriction, dispatch_uid=f"labels-restriction-{id(signal)}")
