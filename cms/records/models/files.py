"""Files attached to records, one row per language and format, with the state of their text extraction.

Extraction runs in a Celery task (cms.records.tasks); the row keeps the last good text when a new version fails, so a
bad upload never loses what readers and the indexes already have."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

LANGUAGE_CHOICES = [
    ("en", "English"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("ar", "Arabic"),
    ("ru", "Russian"),
    ("zh", "Chinese"),
]


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped (no file to read)"


def extracted_files_text(page) -> str:
    """The extracted text of a record's files in the page's own language (used when the record has no body)."""
    language = page.locale.language_code
    return "\n\n".join(f.extracted_text for f in page.files.all() if f.language == language and f.extracted_text)


class RecordFileBase(Orderable):
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES, default="en")
    file_format = models.CharField(max_length=100, blank=True, help_text="MIME type, e.g. application/pdf")
    name = models.CharField(max_length=255, blank=True)
    url = models.CharField(max_length=500, blank=True, help_text="Original (legacy) URL of the file.")
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    local_path = models.CharField(max_length=500, blank=True, help_text="Migrated file on local storage.")
    checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the last extracted file.")
    extraction_status = models.CharField(
        max_length=16, choices=ExtractionStatus.choices, default=ExtractionStatus.SKIPPED
    )
    extraction_error = models.TextField(blank=True)
    extracted_text = models.TextField(blank=True)
    extracted_paragraphs = models.JSONField(default=list, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    detected_language = models.CharField(max_length=8, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)

    panels = [
        FieldPanel("language"),
        FieldPanel("document"),
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("file_format"),
        FieldPanel("extraction_status", read_only=True),
        FieldPanel("extraction_error", read_only=True),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.name or self.url or f"file {self.pk}"

    def source_url(self) -> str:
        """The file's canonical address at its source: a legacy path ("/doc/notifications/…") is served by the
        legacy site, not by this one (here the same path redirects to the record, so linking it loops)."""
        from django.conf import settings

        if self.url.startswith("/"):
            return settings.LEGACY_SITE_URL.rstrip("/") + self.url
        return self.url

    def api_representation(self) -> dict:
        # Readers get the ingested copy when there is one, else the file where it is published.
        href = self.document.url if self.document_id else self.source_url()
        return {
            "language": self.language,
            "format": self.file_format,
            "name": self.name,
            "url": href,
            "source_url": self.source_url(),
            "legacy_url": self.url,
            "extraction_status": self.extraction_status,
            "extraction_error": self.extraction_error,
            "pages": self.page_count,
        }


class NotificationFile(RecordFileBase):
    page = ParentalKey("records.NotificationPage", related_name="files", on_delete=models.CASCADE)


class MeetingDocumentFile(RecordFileBase):
    page = ParentalKey("records.MeetingDocumentPage", related_name="files", on_delete=models.CASCADE)


class DecisionFile(RecordFileBase):
    page = ParentalKey("records.DecisionPage", related_name="files", on_delete=models.CASCADE)
