from .pages import HomePage, SectionPage
from .preview import PreviewDraft
from .records import RecordPage

__all__ = ["HomePage", "PreviewDraft", "RecordPage", "SectionPage"]
