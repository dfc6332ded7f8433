"""One outbox drain at a time across every process, through a row in the database (see models.DrainLease).

Two drains sending the same page at once could finish in the wrong order and leave an older state indexed; with
the lease a second drain simply leaves the work to the one running, which keeps draining until nothing is
pending. A drain killed mid-way (kill -9, OOM) holds the lease only until it expires."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from indexing.models import DrainLease

NAME = "outbox"
TTL = timedelta(seconds=60)


class Lease:
    def __init__(self, token: str) -> None:
        self.token = token

    def renew(self) -> bool:
        """Extend the lease; False when it was lost (expired and taken by another drain)."""
        now = timezone.now()
        return bool(DrainLease.objects.filter(name=NAME, holder=self.token).update(expires_at=now + TTL))


def _take(token: str) -> bool:
    now = timezone.now()
    with transaction.atomic():
        if DrainLease.objects.filter(name=NAME, expires_at__lt=now).update(holder=token, expires_at=now + TTL):
            return True
    try:
        with transaction.atomic():
            DrainLease.objects.create(name=NAME, holder=token, expires_at=now + TTL)
        return True
    except IntegrityError:  # the row exists and its lease is live: someone else is draining
        return False


@contextmanager
def drain_lease() -> Iterator[Lease | None]:
    """The lease, or None when another drain holds it."""
    token = uuid.uuid4().hex
    if not _take(token):
        yield None
        return
    try:
        yield Lease(token)
    finally:
        DrainLease.objects.filter(name=NAME, holder=token).update(holder="", expires_at=timezone.now())
