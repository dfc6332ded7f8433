"""Celery tasks of the core app: Wagtail's scheduler, so scheduled pages go live and expired pages leave every
public surface (their unpublish reaches the indexes through the usual lifecycle signal) within a minute."""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task(name="cms.publish_scheduled")
def publish_scheduled() -> None:
    call_command("publish_scheduled", verbosity=0)
