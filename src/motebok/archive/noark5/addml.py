"""``arkivuttrekk.xml``: the ADDML 8.3 description of the extract, shaped after the template
in appendix 5 of Noark 5 v5.0 (only the arkivstruktur data object: Møtebok keeps no journal
and no change log, see docs/archive.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import metadata

from lxml import etree

ADDML = "http://www.arkivverket.no/standarder/addml"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass(frozen=True)
class Counts:
    folders: int  # //mappe
    records: int  # //registrering
    files: int  # document files
    exempt: bool  # the extract holds exempt (skjermet) information


def _el(parent, tag: str, **attributes):
    element = etree.SubElement(parent, f"{{{ADDML}}}{tag}")
    for key, value in attributes.items():
        element.set("dataType" if key == "data_type" else key, value)
    return element


def _value(parent, text: str) -> None:
    _el(parent, "value").text = text


def _property(parent, name: str, value: str | None = None, data_type: str | None = None):
    """A ``property`` with an optional value; returns its ``properties`` for children."""
    attributes = {"name": name} | ({"data_type": data_type} if data_type else {})
    prop = _el(parent, "property", **attributes)
    if value is not None:
        _value(prop, value)
    return prop


def _children(prop):
    return _el(prop, "properties")


def _additional(parent, name: str, value: str | None = None):
    element = _el(parent, "additionalElement", name=name)
    if value is not None:
        _value(element, value)
    return element


def _file(parent, name: str, sha256: str | None) -> None:
    file_props = _children(_property(parent, "file"))
    _property(file_props, "name", name)
    fmt = _property(file_props, "format", "XML")
    _property(_children(fmt), "version", "1.0")
    if sha256 is not None:
        checksum = _children(_property(file_props, "checksum"))
        _property(checksum, "algorithm", "SHA-256")
        _property(checksum, "value", sha256)


def _schema(parent, name: str, sha256: str, *, main: bool) -> None:
    schema = _property(parent, "schema", "main" if main else None)
    props = _children(schema)
    _file(props, name, sha256)
    kind = _property(props, "type", "XML Schema")
    _property(_children(kind), "version", "1.0")


def _count(parent, element: str, number: int) -> None:
    prop = _property(parent, "numberOfOccurrences", element)
    props = _children(prop)
    _property(props, "elementPath", f"//{element}")
    _property(props, "value", str(number), data_type="integer")


def _boolean(parent, name: str, value: bool) -> None:
    _property(parent, name, "true" if value else "false", data_type="boolean")


def arkivuttrekk(
    *,
    creator: str,
    archive: str,
    start: dt.date,
    end: dt.date,
    counts: Counts,
    checksums: dict[str, str],
) -> bytes:
    """``checksums`` holds the SHA-256 of arkivstruktur.xml, arkivstruktur.xsd and
    metadatakatalog.xsd by file name."""
    root = etree.Element(f"{{{ADDML}}}addml", nsmap={None: ADDML, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{ADDML} addml.xsd")
    root.set("name", "Noark 5-arkivuttrekk")
    dataset = _el(root, "dataset")
    _el(dataset, "description").text = "Noark 5-arkivuttrekk"
    reference = _el(dataset, "reference")
    context = _el(_el(reference, "context"), "additionalElements")
    creators = _el(_additional(context, "recordCreators"), "additionalElements")
    _additional(creators, "recordCreator", creator)
    _additional(context, "systemType", "Møtebehandling (Noark-5)")
    _additional(context, "systemName", f"Møtebok {metadata.version('motebok')}")
    _additional(context, "archive", archive)
    content = _el(_el(reference, "content"), "additionalElements")
    period = _el(_additional(content, "archivalPeriod"), "properties")
    _property(period, "startDate", start.isoformat())
    _property(period, "endDate", end.isoformat())

    outer = _el(_el(dataset, "dataObjects"), "dataObject", name="Noark 5-arkivuttrekk")
    info = _children(_property(_el(outer, "properties"), "info"))
    kind = _property(info, "type", "Noark 5")
    _property(_children(kind), "version", "5.0")
    extra = _children(_property(info, "additionalInfo"))
    cut = _children(_property(extra, "periode"))
    # Only meetings held inside the period are in the extract: a hard cut at both ends.
    _property(cut, "inngaaendeSkille", "skarpt")
    _property(cut, "utgaaendeSkille", "skarpt")
    _boolean(extra, "inneholderSkjermetInformasjon", counts.exempt)
    _boolean(extra, "omfatterDokumenterSomErKassert", False)
    _boolean(extra, "inneholderDokumenterSomSkalKasseres", False)
    _boolean(extra, "inneholderVirksomhetsspesifikkeMetadata", False)
    _property(extra, "antallDokumentfiler", str(counts.files), data_type="integer")

    structure = _el(_el(outer, "dataObjects"), "dataObject", name="arkivstruktur")
    props = _el(structure, "properties")
    _file(props, "arkivstruktur.xml", checksums["arkivstruktur.xml"])
    _schema(props, "arkivstruktur.xsd", checksums["arkivstruktur.xsd"], main=True)
    _schema(props, "metadatakatalog.xsd", checksums["metadatakatalog.xsd"], main=False)
    occurrences = _children(_property(props, "info"))
    _count(occurrences, "mappe", counts.folders)
    _count(occurrences, "registrering", counts.records)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
