"""``arkivstruktur.xml``: one arkiv per cooperation, one arkivdel for the period, and a
``moetemappe`` per meeting with its ``moeteregistrering`` records and participants.

The element order follows arkivstruktur.xsd exactly: in an extended type (moetemappe,
moeteregistrering) the base type's elements come first, then the extension's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from motebok.archive.noark5.collect import MeetingEntry, system_id
from motebok.archive.noark5.files import FileRef
from motebok.meetings.enums import AttendanceRole
from motebok.orgs.models import Organization

N5 = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SYSTEM = "Møtebok"

# Values of the Noark 5 metadata catalogue (written as the catalogue's names, not codes).
NOTICE_TYPE = "Møteinnkalling"  # M085
PAPER_TYPE = "Saksframlegg"
ATTACHMENT_TYPE = "Vedlegg til møtesak"
MINUTES_TYPE = "Møteprotokoll"
NOTICE_STATUS, PAPER_STATUS, MINUTES_STATUS = "Sendt", "Ferdig", "Godkjent"  # M055 (free)
MAIN_DOCUMENT, ATTACHMENT = "Hoveddokument", "Vedlegg"  # M217
FINISHED = "Dokumentet er ferdigstilt"  # M054
MEDIUM = "Elektronisk arkiv"  # M300
CHECKSUM_ALGORITHM = "SHA256"  # M706
EXEMPT = "Unntatt offentlighet"  # M500
EXEMPT_METADATA = "tittel"  # M502: the title of an exempt paper is not public either
EXEMPT_DOCUMENT = "Hele dokumentet"  # M503


@dataclass
class Doc:
    """A dokumentbeskrivelse with its one dokumentobjekt."""

    system_id: str
    kind: str  # dokumenttype
    title: str
    role: str  # tilknyttetRegistreringSom
    file: FileRef
    legal_basis: str = ""  # set when the document is exempt
    description: str = ""


@dataclass
class Record:
    """A moeteregistrering."""

    system_id: str
    kind: str  # moeteregistreringstype
    status: str  # moeteregistreringsstatus
    title: str
    created: dt.datetime
    docs: list[Doc] = field(default_factory=list)
    description: str = ""
    legal_basis: str = ""

    @property
    def exempt(self) -> bool:
        return bool(self.legal_basis)


def _iso(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


# Characters XML 1.0 cannot carry (control characters other than tab and line breaks).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _add(parent, tag: str, text: str | int | None = None):
    element = etree.SubElement(parent, f"{{{N5}}}{tag}")
    if text is not None:
        element.text = NOT_XML.sub("", str(text))
    return element


def _created_closed(parent, created: dt.datetime, closed: dt.datetime | None) -> None:
    _add(parent, "opprettetDato", _iso(created))
    _add(parent, "opprettetAv", SYSTEM)
    if closed is not None:
        _add(parent, "avsluttetDato", _iso(closed))
        _add(parent, "avsluttetAv", SYSTEM)


def _skjerming(parent, legal_basis: str) -> None:
    skjerming = _add(parent, "skjerming")
    _add(skjerming, "tilgangsrestriksjon", EXEMPT)
    _add(skjerming, "skjermingshjemmel", legal_basis)
    _add(skjerming, "skjermingMetadata", EXEMPT_METADATA)
    _add(skjerming, "skjermingDokument", EXEMPT_DOCUMENT)


def _document(parent, doc: Doc, number: int, now: dt.datetime) -> None:
    element = _add(parent, "dokumentbeskrivelse")
    _add(element, "systemID", doc.system_id)
    _add(element, "dokumenttype", doc.kind)
    _add(element, "dokumentstatus", FINISHED)
    _add(element, "tittel", doc.title)
    if doc.description:
        _add(element, "beskrivelse", doc.description)
    _add(element, "opprettetDato", _iso(doc.file.created))
    _add(element, "opprettetAv", SYSTEM)
    _add(element, "dokumentmedium", MEDIUM)
    _add(element, "tilknyttetRegistreringSom", doc.role)
    _add(element, "dokumentnummer", number)
    _add(element, "tilknyttetDato", _iso(now))
    _add(element, "tilknyttetAv", SYSTEM)
    if doc.legal_basis:
        _skjerming(element, doc.legal_basis)
    obj = _add(element, "dokumentobjekt")
    _add(obj, "systemID", system_id("file", doc.file.path))
    _add(obj, "versjonsnummer", 1)
    _add(obj, "variantformat", doc.file.variant)
    _add(obj, "format", doc.file.format)
    _add(obj, "formatDetaljer", doc.file.details)
    _add(obj, "opprettetDato", _iso(doc.file.created))
    _add(obj, "opprettetAv", SYSTEM)
    _add(obj, "referanseDokumentfil", doc.file.path)
    _add(obj, "sjekksum", doc.file.sha256)
    _add(obj, "sjekksumAlgoritme", CHECKSUM_ALGORITHM)
    _add(obj, "filstoerrelse", doc.file.size)


def _record(parent, record: Record, entry: MeetingEntry, unit: str, now: dt.datetime) -> None:
    element = _add(parent, "registrering")
    element.set(f"{{{XSI}}}type", "moeteregistrering")
    _add(element, "systemID", record.system_id)
    _add(element, "opprettetDato", _iso(record.created))
    _add(element, "opprettetAv", SYSTEM)
    _add(element, "arkivertDato", _iso(now))
    _add(element, "arkivertAv", SYSTEM)
    if record.exempt:
        _skjerming(element, record.legal_basis)
    for number, doc in enumerate(record.docs, start=1):
        _document(element, doc, number, now)
    _add(element, "tittel", record.title)
    if record.exempt:
        _add(element, "offentligTittel", EXEMPT)
    if record.description:
        _add(element, "beskrivelse", record.description)
    _add(element, "dokumentmedium", MEDIUM)
    _add(element, "moeteregistreringstype", record.kind)
    _add(element, "moeteregistreringsstatus", record.status)
    _add(element, "administrativEnhet", unit)
    _add(element, "saksbehandler", _clerk(entry, unit))


def _clerk(entry: MeetingEntry, unit: str) -> str:
    """The minute-taker, else someone of the secretariat at the meeting, else the unit."""
    attendances = list(entry.meeting.attendances.all())
    for role in (AttendanceRole.MINUTE_TAKER, AttendanceRole.SECRETARIAT):
        for attendance in attendances:
            if attendance.role == role:
                return attendance.person.name
    return unit


def _meeting(parent, entry: MeetingEntry, records: list[Record], unit: str, now) -> None:
    meeting = entry.meeting
    element = _add(parent, "mappe")
    element.set(f"{{{XSI}}}type", "moetemappe")
    _add(element, "systemID", entry.system_id)
    _add(element, "mappeID", f"{meeting.body.slug}-{entry.number}")
    _add(element, "tittel", f"{meeting.body.name} {entry.date.isoformat()}")
    if meeting.title:
        _add(element, "beskrivelse", meeting.title)
    _add(element, "dokumentmedium", MEDIUM)
    _created_closed(element, meeting.created_at, meeting.minutes_approved_at or meeting.updated_at)
    for record in records:
        _record(element, record, entry, unit, now)
    _add(element, "moetenummer", entry.number)
    _add(element, "utvalg", meeting.body.name)
    _add(element, "moetedato", entry.date.isoformat())
    if meeting.place:
        _add(element, "moetested", meeting.place)
    if entry.previous_id:
        _add(element, "referanseForrigeMoete", entry.previous_id)
    if entry.next_id:
        _add(element, "referanseNesteMoete", entry.next_id)
    for participant in entry.participants:
        person = _add(element, "moetedeltaker")
        _add(person, "moetedeltakerNavn", participant.name)
        _add(person, "moetedeltakerFunksjon", participant.function)


def period_title(cooperation: Organization, start: dt.date, end: dt.date) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Meetings of %(cooperation)s from %(start)s to %(end)s") % {
            "cooperation": cooperation.name,
            "start": start.isoformat(),
            "end": end.isoformat(),
        }


def administrative_unit(cooperation: Organization) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return f"{cooperation.name}, {AttendanceRole.SECRETARIAT.label}"


def arkivstruktur(
    cooperation: Organization,
    start: dt.date,
    end: dt.date,
    meetings: list[tuple[MeetingEntry, list[Record]]],
    now: dt.datetime,
) -> bytes:
    """The whole ``arkivstruktur.xml`` as UTF-8 bytes."""
    arkiv = etree.Element(f"{{{N5}}}arkiv", nsmap={None: N5, "xsi": XSI})
    arkiv.set(f"{{{XSI}}}schemaLocation", f"{N5} arkivstruktur.xsd")
    _add(arkiv, "systemID", system_id("cooperation", cooperation.pk))
    _add(arkiv, "tittel", cooperation.name)
    _add(arkiv, "beskrivelse", period_title(cooperation, start, end))
    _add(arkiv, "arkivstatus", "Avsluttet")
    _add(arkiv, "dokumentmedium", MEDIUM)
    _created_closed(arkiv, now, now)
    creator = _add(arkiv, "arkivskaper")
    _add(creator, "arkivskaperID", cooperation.slug)
    _add(creator, "arkivskaperNavn", cooperation.name)
    part = _add(arkiv, "arkivdel")
    _add(part, "systemID", system_id("period", f"{cooperation.pk}/{start}/{end}"))
    _add(part, "tittel", period_title(cooperation, start, end))
    _add(part, "arkivdelstatus", "Avsluttet periode")
    _add(part, "dokumentmedium", MEDIUM)
    _created_closed(part, now, now)
    _add(part, "arkivperiodeStartDato", start.isoformat())
    _add(part, "arkivperiodeSluttDato", end.isoformat())
    unit = administrative_unit(cooperation)
    for entry, records in meetings:
        _meeting(part, entry, records, unit, now)
    return etree.tostring(arkiv, xml_declaration=True, encoding="utf-8", pretty_print=True)
