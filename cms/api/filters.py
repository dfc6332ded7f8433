"""Record filters for the Wagtail API v2 endpoints: symbol, meeting, GBF target, subject, status, date range.

List-valued fields (tags, meetings) are JSON lists of identifiers; matching the quoted identifier inside the
JSON text is exact (identifiers never contain quotes) and works the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

from django.db.models import Q, QuerySet
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError

LIST_FILTERS = {"meeting": "meetings", "gbf_target": "gbf_targets", "subject": "subjects"}
DEADLINE_FILTERS = {"deadline_from": "gte", "deadline_to": "lte"}
RECORD_FILTER_PARAMS = frozenset({"symbol", "identifier", "status", "date_from", "date_to", *LIST_FILTERS,
                                  *DEADLINE_FILTERS})


def _parse_date(name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise BadRequestError(f"{name} must be a date in the form YYYY-MM-DD, not {value!r}") from exc


def _json_token(value: str) -> str:
    return json.dumps(value.strip())


class RecordFilterBackend(BaseFilterBackend):
    def filter_queryset(self, request, queryset: QuerySet, view) -> QuerySet:
        if not RECORD_FILTER_PARAMS.intersection(request.GET):
            return queryset
        from cms.core.models import RecordPage

        if not issubclass(queryset.model, RecordPage):
            # The generic pages endpoint: filter on the record table, keep the caller's queryset type.
            records = self._filter(request.GET, RecordPage.objects.all())
            return queryset.filter(pk__in=records.values("pk"))
        return self._filter(request.GET, queryset)

    def _filter(self, params, queryset: QuerySet) -> QuerySet:
        if "symbol" in params or "identifier" in params:
            value = (params.get("symbol") or params.get("identifier") or "").strip()
            queryset = queryset.filter(identifier__iexact=value)
        if "status" in params:
            queryset = queryset.filter(status=params["status"])
        for param, field in LIST_FILTERS.items():
            values = [v for v in params.getlist(param) if v.strip()]
            if values:
                match = Q()
                for value in values:
                    match |= Q(**{f"{field}__icontains": _json_token(value)})
                queryset = queryset.filter(match)
        if params.get("date_from"):
            queryset = queryset.filter(date__gte=_parse_date("date_from", params["date_from"]))
        if params.get("date_to"):
            queryset = queryset.filter(date__lte=_parse_date("date_to", params["date_to"]))
        return self._filter_deadline(params, queryset)

    @staticmethod
    def _filter_deadline(params, queryset: QuerySet) -> QuerySet:
        """Open calls ("deadline_from=<today>"): only types that have a deadline (notifications) accept it."""
        for param, lookup in DEADLINE_FILTERS.items():
            if not params.get(param):
                continue
            if not any(f.name == "deadline" for f in queryset.model._meta.get_fields()):
                raise BadRequestError(f"{param} applies only to records with a deadline (/api/v2/notifications/)")
            queryset = queryset.filter(**{f"deadline__{lookup}": _parse_date(param, params[param])})
        return queryset
