from .activities import ActivityPage
from .decisions import DecisionPage
from .documents import MeetingDocumentPage
from .files import DecisionFile, MeetingDocumentFile, NotificationFile, RecordFileBase
from .library import LibraryResourcePage
from .meetings import MeetingPage
from .notifications import NotificationPage
from .treaties import TreatyArticlePage, TreatyPage

__all__ = [
    "ActivityPage",
    "DecisionFile",
    "DecisionPage",
    "LibraryResourcePage",
    "MeetingDocumentFile",
    "MeetingDocumentPage",
    "MeetingPage",
    "NotificationFile",
    "NotificationPage",
    "RecordFileBase",
    "TreatyArticlePage",
    "TreatyPage",
]
