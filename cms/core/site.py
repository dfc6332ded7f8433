"""Creates the site skeleton idempotently: six locales, the home page and section pages in each locale, the
default Site, editorial roles and the moderation workflow."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.core.models import HomePage, SectionPage


def ensure_locales() -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in settings.UN_LANGUAGE_CODES}


def _create_tree_root(locale: Locale) -> Page:
    """Wagtail's migrations create the tree root; a database flushed since (transactional tests, a wiped
    database restored without data migrations) has none, and nothing can be added without it."""
    return Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))


def ensure_home(locale: Locale) -> HomePage:
    home = HomePage.objects.filter(locale=locale).first()
    if home is not None:
        return home
    root = Page.get_first_root_node() or _create_tree_root(locale)
    # Wagtail's starter "Welcome" page occupies the slug; a fresh install has nothing else to keep.
    for stale in root.get_children().filter(slug="home").exclude(content_type__model="homepage"):
        stale.delete()
    home = HomePage(
        title=settings.WAGTAIL_SITE_NAME,
        slug="home",
        locale=locale,
        intro="The CBD's decisions, documents, notifications and targets in one place.",
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    return home


def ensure_sections(home: HomePage) -> dict[str, SectionPage]:
    sections: dict[str, SectionPage] = {}
    existing = {s.section: s for s in SectionPage.objects.child_of(home)}
    for key, title in SectionPage.SECTIONS:
        page = existing.get(key)
        if page is None:
            page = SectionPage(title=title, slug=key, section=key, locale=home.locale)
            home.add_child(instance=page)
            page.save_revision().publish()
        sections[key] = page
    return sections


def ensure_translated_tree(source_home: HomePage, locales: dict[str, Locale]) -> None:
    """Copies the structural pages into every locale so translated records have a parent to live under."""
    for code, locale in locales.items():
        if code == source_home.locale.language_code:
            continue
        home = HomePage.objects.filter(locale=locale).first()
        if home is None:
            home = source_home.copy_for_translation(locale)
            home.save_revision().publish()
        for section in SectionPage.objects.child_of(source_home):
            if not section.get_translations().filter(locale=locale).exists():
                copy = section.copy_for_translation(locale)
                copy.save_revision().publish()


def ensure_site(home: HomePage) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=settings.WAGTAIL_SITE_NAME
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
    return site


@transaction.atomic
def bootstrap_site() -> dict[str, SectionPage]:
    locales = ensure_locales()
    home = ensure_home(locales[settings.LANGUAGE_CODE])
    ensure_site(home)
    sections = ensure_sections(home)
    ensure_translated_tree(home, locales)
    from cms.core.roles import ensure_roles_and_workflow

    ensure_roles_and_workflow(home)
    return sections


def section(key: str, language: str | None = None) -> SectionPage:
    language = language or settings.LANGUAGE_CODE
    return SectionPage.objects.get(section=key, locale__language_code=language)
