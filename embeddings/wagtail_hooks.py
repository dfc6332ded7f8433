"""Editor features in the Wagtail admin: a "Similar & GBF targets" button on every record's header."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from embeddings import admin_views


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("records/<int:page_id>/suggestions/", admin_views.record_suggestions,
             name="embeddings_record_suggestions"),
        path("records/<int:page_id>/suggestions/decide/", admin_views.decide_suggestion,
             name="embeddings_decide_suggestion"),
    ]


class SuggestionsButton(PageMenuItem):
    label = "Similar records & GBF targets"
    icon_name = "link"
    url_name = "embeddings_record_suggestions"

    def is_shown(self, user):
        return hasattr(self.page.specific_deferred, "gbf_targets") and (
            self.page.permissions_for_user(user).can_edit())


@hooks.register("register_page_header_buttons")
def suggestions_button(page, user, view_name, next_url=None):
    if view_name == "edit":
        yield SuggestionsButton(page=page, priority=80)
