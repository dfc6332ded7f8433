"""Admin-only views of the CMS: record suggestions for the reference inputs of the edit form."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from cms.core.references import suggestions
from identifiers import RECORD_TYPES


@require_safe
def record_autocomplete(request):
    """GET ?term=cop&kind=meeting -> [{label, value}] of published records (jQuery UI autocomplete's shape)."""
    kind = request.GET.get("kind") or None
    if kind is not None and kind not in RECORD_TYPES:
        return JsonResponse([], safe=False)
    return JsonResponse(suggestions(request.GET.get("term", "")[:100], kind), safe=False)
