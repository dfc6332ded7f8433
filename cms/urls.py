from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.core.health import healthz

# Each capability mounts its own URLs; they are included by name, so the CMS imports none of them.
# embeddings before cms.api: its /api/records/<identifier>/similar/ is more specific than the record lookup.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("search.api.urls")),
    path("", include("embeddings.urls")),
    path("", include("cms.linked.urls")),  # before cms.api: /api/records/<identifier>/cite/ is more specific
    path("", include("cms.harvest.urls")),
    path("", include("cms.vocab.urls")),
    path("", include("cms.feeds.urls")),
    path("", include("cms.api.urls")),
    path("", include("frontend.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=True)
