"""Language versions through wagtail-localize, so editors see them in the translation UI.

Only text that truly differs from the English is imported (the legacy exports copy the English title into
every language column); the rest falls back to the source, as wagtail-localize does for untranslated strings."""

from __future__ import annotations

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from cms.core.models import RecordPage

TOOL_NAME = "legacy migration"


def sync_translations(page: RecordPage, translations: dict[str, dict[str, str]], locales: dict[str, Locale]) -> None:
    if not translations:
        return
    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created:
        source.update_from_db()
    segments = list(source.stringsegment_set.select_related("context", "string"))
    for language, values in translations.items():
        locale = locales[language]
        translation, _ = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        for segment in segments:
            text = values.get(segment.context.path)
            if text:
                StringTranslation.objects.update_or_create(
                    translation_of=segment.string, locale=locale, context=segment.context,
                    defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                              "tool_name": TOOL_NAME},
                )
        translation.save_target(publish=True)
