"""Checks of the Wagtail API v2 query string, before Wagtail or the database reads it.

Wagtail validates some parameters itself (limit, fields, order, type) but hands others straight to the database or
the search backend, where a malformed value became a server error: `?search=` with an unmatched `"` (SQLite's FTS5
syntax), a NUL byte (PostgreSQL refuses it in any string), `search_operator=xor`, an integer beyond 64 bits, a
date field filter that is not a date. Each is a 400 here, with a message that says what to send instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.http import QueryDict
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from cms.api.params import is_whole_number

logger = logging.getLogger(__name__)

SEARCH_OPERATORS = ("and", "or")
MAX_SEARCH_CHARS = 500
MAX_DB_INT = 2**63 - 1  # SQLite's INTEGER and PostgreSQL's bigint
MAX_UTC_OFFSET = dt.timedelta(hours=15, minutes=59)
#: Wagtail parameters whose value is a page id.
PAGE_ID_PARAMS = ("child_of", "ancestor_of", "descendant_of", "translation_of", "id")
_CONTROL = {"Cc", "Cs"}  # control characters (NUL included) and lone surrogates


def has_control_characters(value: str) -> bool:
    # Tab, newline and carriage return are ordinary whitespace in a pasted value.
    return any(unicodedata.category(ch) in _CONTROL and ch not in "\t\n\r" for ch in value)


def check_common_parameters(params: QueryDict, max_offset: int) -> None:
    """Raise BadRequestError for a value no endpoint can use, whatever the parameter."""
    for name, values in params.lists():
        if has_control_characters(name) or any(has_control_characters(v) for v in values):
            raise BadRequestError(f"{name[:50]!r} must not contain control characters (such as NUL)")
    offset = params.get("offset", "")
    if is_whole_number(offset) and int(offset) > max_offset:
        raise BadRequestError(f"offset must be at most {max_offset}")
    for name in PAGE_ID_PARAMS:
        value = params.get(name, "")
        if is_whole_number(value.lstrip("-")) and abs(int(value)) > MAX_DB_INT:
            raise BadRequestError(f"{name} is not a page id")
    _check_search(params)


def _check_search(params: QueryDict) -> None:
    if "search_operator" in params and params["search_operator"] not in SEARCH_OPERATORS:
        raise BadRequestError(f"search_operator must be one of: {', '.join(SEARCH_OPERATORS)}")
    search = params.get("search")
    if search is None:
        return
    if len(search) > MAX_SEARCH_CHARS:
        raise BadRequestError(f"search must be at most {MAX_SEARCH_CHARS} characters")
    if search.count('"') % 2:
        raise BadRequestError('search has an unmatched double quote ("): close the phrase or remove the quote')


class ValidatedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (?date=2024-06-03, ?id=7), with values checked against the field first: Wagtail
    converts only booleans and integers, so ?date=soon reached the database and failed there."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True)) - {"locale"}
        for name, value in request.GET.items():
            if name in fields:
                check_field_value(queryset.model, name, value)
        return super().filter_queryset(request, queryset, view)


def check_field_value(model: type[models.Model], name: str, value: str) -> None:
    try:
        field = model._meta.get_field(name)
    except LookupError:
        return
    if field.is_relation and not field.concrete:  # a reverse relation (?files=3) compares the related ids
        target = field.related_model._meta.pk
    else:
        target = field.target_field if isinstance(field, models.ForeignKey) else field
    try:
        python_value = target.to_python(value)
    except (ValidationError, TypeError, ValueError) as exc:
        raise BadRequestError(f"{name} must be a valid {type(target).__name__.removesuffix('Field').lower()}: "
                              f"{value[:100]!r} is not") from exc
    if isinstance(python_value, int) and not isinstance(python_value, bool) and abs(python_value) > MAX_DB_INT:
        raise BadRequestError(f"{name} is out of range")
    offset = python_value.utcoffset() if isinstance(python_value, dt.datetime) else None
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:  # PostgreSQL refuses offsets beyond 15:59
        raise BadRequestError(f"{name} has a time zone offset out of range: {value[:100]!r}")


class ValidatedSearchFilter(SearchFilter):
    """Wagtail's ?search= after the checks above. Wagtail searches plain text (no phrase syntax), but SQLite's
    full-text engine read the quotes as its own: `"peer review"` found nothing and an unmatched quote failed. The
    quotes are dropped, so a phrase is searched as its words on both databases."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        _check_search(request.GET)
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        text = " ".join(request.GET["search"].replace('"', " ").split())
        try:
            return get_search_backend().search(text, queryset, operator=request.GET.get("search_operator"),
                                               order_by_relevance="order" not in request.GET)
        except (FilterFieldError, OrderByFieldError) as exc:
            raise BadRequestError(f"cannot search with {exc.field_name!r} (the field is not indexed)") from exc


def with_validated_search(request, listing: Callable):
    """Run a listing; when it searches, a query the database's full-text syntax still rejects (a backend's own
    operators) is the client's to fix: a 400, not a server error. The savepoint keeps a PostgreSQL transaction
    usable after the failed statement."""
    if "search" not in request.GET:
        return listing()
    try:
        with transaction.atomic():
            return listing()
    except DatabaseError as exc:
        if not _is_query_syntax_error(exc):
            raise
        logger.info("v2 search rejected by the database: %s", exc)
        raise BadRequestError("search could not be understood; remove special characters such as \" * : ^") from exc


def _is_query_syntax_error(exc: DatabaseError) -> bool:
    message = str(exc).lower()
    return any(marker in message for marker in ("fts5", "syntax error", "tsquery", "no such column"))
