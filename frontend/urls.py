"""URLs of the reference website, included by the project at the site root ("/").

"/" is the search page, "/record.html?id=&lang=" a record, "/ask.html?q=&lang=" the ask panel,
"/tracking.html?symbol=" a decision's tracking; "/assets/..." their
scripts, styles and interface dictionaries. Flat paths keep every relative link valid on a static host too.
"""

from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "frontend"

urlpatterns = [
    path("", views.page, name="search"),
    path("index.html", views.page, {"name": "index.html"}),
    path("record.html", views.page, {"name": "record.html"}, name="record"),
    path("ask.html", views.page, {"name": "ask.html"}, name="ask"),
    path("tracking.html", views.page, {"name": "tracking.html"}, name="tracking"),
    path("assets/<path:path>", views.asset, name="asset"),
    # Friendly aliases; they redirect so relative asset links keep resolving against the site root.
    path("record/", RedirectView.as_view(url="/record.html", query_string=True)),
    path("ask/", RedirectView.as_view(url="/ask.html", query_string=True)),
    path("search/", RedirectView.as_view(url="/", query_string=True)),
    path("tracking/", RedirectView.as_view(url="/tracking.html", query_string=True)),
]
