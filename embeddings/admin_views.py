"""Wagtail admin view for editors: similar records and suggested GBF targets of one record, accept/reject."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from embeddings import suggestions
from embeddings.models import TargetSuggestionDecision
from embeddings.modes import UNAVAILABLE
from embeddings.retrieval import similar_records


def _record(request, page_id: int, action: str):
    page = get_object_or_404(Page, pk=page_id).specific
    perms = page.permissions_for_user(request.user)
    allowed = perms.can_edit() if action == "edit" else perms.can_view_revisions() or perms.can_edit()
    if not allowed or not hasattr(page, "gbf_targets"):
        raise PermissionDenied
    return page


def _source(page):
    """gbf_targets is synchronised from the English source to translations: decisions are made there."""
    english = page.get_translations(inclusive=True).filter(locale__language_code="en").first()
    return english.specific if english else page


@require_http_methods(["GET"])
def record_suggestions(request, page_id: int):
    page = _record(request, page_id, "view")
    source = _source(page)
    error = None
    try:
        similar = similar_records(page, limit=10)
        suggested = suggestions.suggest_targets(source)
    except UNAVAILABLE as exc:  # the vector store is busy (a reindex in another process) or not built
        similar, suggested, error = [], [], str(exc)
    rejected = TargetSuggestionDecision.objects.filter(
        translation_key=source.translation_key, decision=TargetSuggestionDecision.REJECTED
    ).values_list("target", flat=True)
    return TemplateResponse(request, "embeddings/record_suggestions.html", {
        "page": page, "source": source, "similar": similar, "suggestions": suggested, "rejected": list(rejected),
        "error": error, "can_edit": source.permissions_for_user(request.user).can_edit(),
        "header_title": f"Similar records and GBF targets: {page.title}",
    })


@require_POST
def decide_suggestion(request, page_id: int):
    page = _source(_record(request, page_id, "edit"))
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    target, decision = request.POST.get("target", ""), request.POST.get("decision", "")
    known = {identifier for identifier, _, _ in suggestions.gbf_targets()}
    if target not in known or decision not in (TargetSuggestionDecision.ACCEPTED, TargetSuggestionDecision.REJECTED):
        messages.error(request, "Unknown target or decision.")
    else:
        suggestions.decide(page, target, decision, request.user)
        verb = "added to a new draft (publish it to make it public)" if decision == "accepted" else "rejected"
        messages.success(request, f"{target} {verb}.")
    return redirect("embeddings_record_suggestions", page_id=page_id)
