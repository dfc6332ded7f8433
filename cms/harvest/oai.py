"""OAI-PMH 2.0 through the `oaipmh` library (the maintained fork of pyoai): the library parses and validates
requests, writes the XML, the errors and Dublin Core; this module is the repository behind it.

Items are records in one language (`oai:<namespace>:<language>/<identifier>`), sets are `type:<record type>` and
`gbf-target:<GBF-TARGET-NN>`, datestamps have seconds granularity, deleted records are persistent tombstones.
Resumption tokens carry the key of the last item served (cms.harvest.items) instead of an offset, so a harvest
running while editors publish neither skips nor repeats a record."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from oaipmh import common, error
from oaipmh.metadata import MetadataRegistry
from oaipmh.server import ServerBase, decodeResumptionToken, encodeResumptionToken, oai_dc_writer

from cms.harvest.dublin_core import dublin_core
from cms.harvest.items import Item, ItemKey, Selection, earliest_datestamp, find, items
from cms.linked.uris import base_uri
from identifiers import RECORD_TYPES

DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NAMESPACE = "http://www.openarchives.org/OAI/2.0/oai_dc/"


def oai_identifier(identifier: str, language: str) -> str:
    return f"oai:{settings.OAI_NAMESPACE}:{language}/{identifier}"


def parse_oai_identifier(value: str) -> tuple[str, str]:
    prefix = f"oai:{settings.OAI_NAMESPACE}:"
    language, _, identifier = value.removeprefix(prefix).partition("/")
    if not value.startswith(prefix) or not identifier or language not in settings.UN_LANGUAGE_CODES:
        raise error.IdDoesNotExistError(f"{value[:200]} is not an identifier of this repository")
    return identifier, language


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment, dt.UTC).replace(tzinfo=None)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.replace(tzinfo=dt.UTC) if moment is not None else None


def set_specs(item: Item) -> list[str]:
    return [f"type:{item.record_type}", *(f"gbf-target:{t}" for t in item.gbf_targets if t.startswith("GBF-TARGET-"))]


def _selection(set_spec: str | None, from_: dt.datetime | None, until: dt.datetime | None) -> Selection:
    record_type = gbf_target = None
    if set_spec:
        kind, _, value = set_spec.partition(":")
        if kind == "type" and value in RECORD_TYPES:
            record_type = value
        elif kind == "gbf-target" and value.startswith("GBF-TARGET-"):
            gbf_target = value
        else:
            raise error.NoRecordsMatchError(f"No set {set_spec[:100]} in this repository (see ListSets)")
    # `until` is inclusive to the second: a record stamped 12:00:05.4 is in until=12:00:05.
    until_end = until + dt.timedelta(seconds=1) - dt.timedelta(microseconds=1) if until else None
    return Selection(record_type, gbf_target, _aware(from_), _aware(until_end))


class HubRepository:
    """The repository's answers to each verb (the IOAI interface of oaipmh, with keyset paging)."""

    def identify(self) -> common.Identify:
        return common.Identify(
            repositoryName=settings.OAI_REPOSITORY_NAME,
            baseURL=base_uri() + "/oai/",
            protocolVersion="2.0",
            adminEmails=[settings.OAI_ADMIN_EMAIL],
            earliestDatestamp=_naive_utc(earliest_datestamp()),
            deletedRecord="persistent",
            granularity="YYYY-MM-DDThh:mm:ssZ",
            compression=["identity"],
        )

    def listMetadataFormats(self, identifier: str | None = None):  # noqa: N802 (the library's interface)
        if identifier is not None:
            self.getRecord(metadataPrefix="oai_dc", identifier=identifier)
        return [("oai_dc", DC_SCHEMA, DC_NAMESPACE)]

    def listSets(self):  # noqa: N802
        from cms.taxonomy.models import TermPage

        sets = [(f"type:{name}", f"Records of type {name}", None) for name in RECORD_TYPES]
        targets = TermPage.objects.filter(scheme="gbf-target", locale__language_code="en", live=True)
        sets += [(f"gbf-target:{t.identifier}", f"GBF {t.code or t.identifier}: {t.short_title or t.title}"[:200],
                  None) for t in targets.order_by("identifier")]
        return sets

    def _header(self, item: Item) -> common.Header:
        return common.Header(None, oai_identifier(item.identifier, item.language), _naive_utc(item.key.datestamp),
                             set_specs(item), item.deleted)

    def _record(self, item: Item):
        return self._header(item), (None if item.deleted else dublin_core(item.page)), None

    def getRecord(self, metadataPrefix: str, identifier: str):  # noqa: N802, N803
        record_id, language = parse_oai_identifier(identifier)
        item = find(record_id, language)
        if item is None:
            raise error.IdDoesNotExistError(f"No record {identifier[:200]}")
        return self._record(item)

    def _items(self, metadataPrefix, set=None, from_=None, until=None, after=None, limit=100):  # noqa: A002, N803
        if metadataPrefix != "oai_dc":
            raise error.CannotDisseminateFormatError(f"Only oai_dc is offered, not {metadataPrefix[:50]}")
        return items(_selection(set, from_, until), after, limit)

    def listIdentifiers(self, **kw):  # noqa: N802
        return [(item.key, self._header(item)) for item in self._items(**kw)]

    def listRecords(self, **kw):  # noqa: N802
        return [(item.key, self._record(item)) for item in self._items(**kw)]


class KeysetResumption(common.ResumptionOAIPMH):
    """Resumption tokens in the library's own encoding (so its XML server reads them back), carrying `after`,
    the key of the last item served, besides the original arguments."""

    def __init__(self, repository: HubRepository, batch_size: int):
        self._repository = repository
        self._batch_size = batch_size

    def handleVerb(self, verb, kw):  # noqa: N802
        method = common.getMethodForVerb(self._repository, verb)
        if verb not in ("ListIdentifiers", "ListRecords"):
            return (method(**kw), None) if verb == "ListSets" else method(**kw)
        after, served = None, 0
        if "resumptionToken" in kw:
            kw, served, after = self._decode(kw["resumptionToken"])
        rows = method(after=after, limit=self._batch_size + 1, **kw)
        token = None
        if len(rows) > self._batch_size:
            rows = rows[: self._batch_size]
            token = encodeResumptionToken({**kw, "after": rows[-1][0].encode()}, served + self._batch_size)
        return [row for _, row in rows], token

    @staticmethod
    def _decode(token: str) -> tuple[dict, int, ItemKey]:
        try:
            kw, served = decodeResumptionToken(token)
            after = ItemKey.decode(kw.pop("after"))
        except (error.ErrorBase, error.DatestampError, KeyError, ValueError) as exc:
            raise error.BadResumptionTokenError("This resumption token was not issued by this repository") from exc
        if set(kw) - {"metadataPrefix", "set", "from_", "until"} or "metadataPrefix" not in kw:
            raise error.BadResumptionTokenError("This resumption token was not issued by this repository")
        return kw, served, after


def server() -> ServerBase:
    registry = MetadataRegistry()
    registry.registerWriter("oai_dc", oai_dc_writer)
    return ServerBase(KeysetResumption(HubRepository(), settings.OAI_BATCH_SIZE), registry,
                      nsmap={"oai_dc": DC_NAMESPACE, "dc": "http://purl.org/dc/elements/1.1/"})
