from .pages import HomePage, SectionPage
from .records import RecordPage

__all__ = ["HomePage", "RecordPage", "SectionPage"]
