"""Small synthetic minutes, one per phrasing the parser must understand (bokmål, nynorsk, English)."""

import datetime as dt

import pytest

from motebok.documents.errors import DocumentError
from motebok.documents.parse import parse_text

NYNORSK = """Møteprotokoll for kontrollutvalet i Aukra kommune

Møtedato: tysdag 4. mars 2025
Tid: kl. 09.00–11.30
Møtestad: Kommunestyresalen, Aukra rådhus

Til stades: Rita Rognskog (leiar), Per Olav Hansen og Kari Nes
Forfall: Ola Dahl
Sekretær: Åse Solveig Eriksen

Sak 1/25 Godkjenning av innkalling og sakliste

Vedtak: Innkalling og sakliste vert godkjend.

Sak 2/25 Godkjenning av protokoll frå førre møte

Samrøystes godkjend.

Sak 3/25 Årsmelding 2024

Forslag til vedtak:
Kontrollutvalet godkjenner årsmeldinga.

Vedtak:
Kontrollutvalet godkjenner årsmeldinga med dei endringane som kom fram i møtet.
Frist for innspel til sekretariatet er innan 20. mars.

Sak 4/25 Eventuelt

Ingen saker.
"""

ENGLISH = """Minutes of the Planning Committee

Date: Tuesday 5 November 2013
Time: 10.00am - 1.00pm
Venue: Council Chamber, Civic Offices

Present: Councillor V.J. Bailey (Chairman); Councillors P. Drake, S.T. Edwards and G. John
Apologies: Councillor M. Lloyd
Minutes: Jane Smith

Item 1 Apologies for absence

Noted as above.

Item 2 Minutes of the previous meeting

Agreed: The minutes of the meeting held on 8 October 2013 were approved as a correct record.

Item 3 Round table updates

Cardiff: New bus station opened.
Newport: Budget consultation closes by 3 February.

Item 4 Local plan review

A working group consisting of Paul Drake, Sian Edwards and Gareth John was set up.

Resolved: That the draft plan be published for consultation by 3 February.

Item 5 AOB

None.
"""


def test_nynorsk_minutes():
    d = parse_text(NYNORSK)
    assert d.kind == "minutes"
    assert d.body == "kontrollutvalet"
    assert d.organization == "Aukra kommune"
    assert (d.date, d.start, d.end) == (dt.date(2025, 3, 4), dt.time(9, 0), dt.time(11, 30))
    assert d.place == "Kommunestyresalen, Aukra rådhus"
    assert [(p.name, p.role) for p in d.participants] == [
        ("Rita Rognskog", "leiar"),
        ("Per Olav Hansen", None),
        ("Kari Nes", None),
        ("Åse Solveig Eriksen", "sekretær"),
    ]
    assert [p.name for p in d.absent] == ["Ola Dahl"]
    assert [(i.number, i.kind) for i in d.items] == [
        ("1/25", "approval_of_notice"),
        ("2/25", "approval_of_minutes"),
        ("3/25", "decision"),
        ("4/25", "any_other_business"),
    ]
    assert d.items[0].conclusion == "Innkalling og sakliste vert godkjend."
    assert d.items[1].conclusion == "Samrøystes godkjend."
    # The proposal ("Forslag til vedtak") stays in the text; the decision is the conclusion.
    assert d.items[2].text == "Forslag til vedtak:\nKontrollutvalet godkjenner årsmeldinga."
    assert d.items[2].conclusion.startswith(
        "Kontrollutvalet godkjenner årsmeldinga med dei endringane"
    )
    assert [(x.date, x.text) for x in d.deadlines] == [
        (dt.date(2025, 3, 20), "Frist for innspel til sekretariatet er innan 20. mars.")
    ]
    assert d.warnings == []


def test_english_minutes():
    d = parse_text(ENGLISH)
    assert d.kind == "minutes"
    assert d.body == "Planning Committee"
    assert (d.date, d.start, d.end) == (dt.date(2013, 11, 5), dt.time(10, 0), dt.time(13, 0))
    assert d.place == "Council Chamber, Civic Offices"
    assert [(p.name, p.role) for p in d.participants] == [
        ("V.J. Bailey", "Chairman"),
        ("P. Drake", None),
        ("S.T. Edwards", None),
        ("G. John", None),
        ("Jane Smith", "minutes"),
    ]
    assert [p.name for p in d.absent] == ["M. Lloyd"]
    assert [i.title for i in d.items] == [
        "Apologies for absence",
        "Minutes of the previous meeting",
        "Round table updates",
        "Local plan review",
        "AOB",
    ]
    assert [i.kind for i in d.items] == [
        "other",
        "approval_of_minutes",
        "round_table",
        "decision",
        "any_other_business",
    ]
    assert d.items[0].conclusion == "Noted as above."
    assert d.items[1].conclusion.startswith("The minutes of the meeting held on 8 October 2013")
    assert [(c.organization, c.points) for c in d.items[2].contributions] == [
        ("Cardiff", ["New bus station opened."]),
        ("Newport", ["Budget consultation closes by 3 February."]),
    ]
    assert (
        d.items[3].conclusion == "That the draft plan be published for consultation by 3 February."
    )
    assert [(x.date, x.text) for x in d.deadlines] == [
        (dt.date(2014, 2, 3), "Budget consultation closes by 3 February."),
        (dt.date(2014, 2, 3), "That the draft plan be published for consultation by 3 February."),
    ]
    assert [(g.name, g.members) for g in d.groups] == [
        ("working group", ["Paul Drake", "Sian Edwards", "Gareth John"])
    ]


@pytest.mark.parametrize(
    ("line", "date", "start", "end"),
    [
        ("Tid: 21. januar 2025 kl. 10.00-13.00.", dt.date(2025, 1, 21), dt.time(10), dt.time(13)),
        ("Dato: 21.01.2025, kl 12:00–14:00", dt.date(2025, 1, 21), dt.time(12), dt.time(14)),
        ("Møtedato: tirsdag 5. november 2013", dt.date(2013, 11, 5), None, None),
        ("Date: 5 November 2013, 2pm", dt.date(2013, 11, 5), dt.time(14), None),
        ("Tid: 2025-03-04 kl. 1200 – 1500", dt.date(2025, 3, 4), dt.time(12), dt.time(15)),
    ],
)
def test_header_dates_and_times(line, date, start, end):
    d = parse_text(
        f"Referat fra styremøte\n\n{line}\nSted: Rådhuset\n\n1. Godkjenning av innkalling\n\nGodkjent.\n"
    )
    assert (d.date, d.start, d.end, d.place) == (date, start, end, "Rådhuset")


@pytest.mark.parametrize("label", ["Sted", "Møtested", "Venue", "Møtestad"])
def test_place_labels(label):
    d = parse_text(
        f"Referat\n\nDato: 3. mars 2025\n{label}: Oslo rådhus, møterom 1\n\n1. Sak\n\nTekst.\n"
    )
    assert d.place == "Oslo rådhus, møterom 1"


def test_participants_table_with_spaces_and_roles():
    text = (
        "Referat fra møte i styret 3. mars 2025\n\nMøtt:\n\n"
        "Navn  Organisasjon\nOla Nordmann  Asker kommune (leder)\nKari Hansen  Bærum kommune\n\n"
        "Ikke møtt: Per Olsen\nReferent: Eva Berg\n\n1. Orientering\n\nTatt til orientering.\n"
    )
    d = parse_text(text)
    assert [(p.name, p.organization, p.role) for p in d.participants] == [
        ("Ola Nordmann", "Asker kommune", "leder"),
        ("Kari Hansen", "Bærum kommune", None),
        ("Eva Berg", None, "referent"),
    ]
    assert [p.name for p in d.absent] == ["Per Olsen"]
    assert d.items[0].kind == "orientation"
    assert d.items[0].conclusion == "Tatt til orientering."


def test_participants_one_per_line_with_organization():
    text = "Protokoll styremøte 3. mars 2025\n\nTil stede:\nOla Nordmann, Asker kommune\nKari Hansen - Bærum kommune\n\nSak 1. Budsjett\n\nVedtak: Vedtatt.\n"
    d = parse_text(text)
    assert [(p.name, p.organization) for p in d.participants] == [
        ("Ola Nordmann", "Asker kommune"),
        ("Kari Hansen", "Bærum kommune"),
    ]
    assert d.items[0].kind == "decision"


@pytest.mark.parametrize(
    ("heading", "number", "title"),
    [
        ("1. Godkjenning av innkalling", "1", "Godkjenning av innkalling"),
        ("Sak 4. Felles samling", "4", "Felles samling"),
        ("Sak 03/25 Budsjett 2025", "03/25", "Budsjett 2025"),
        ("PS 12/25 Reguleringsplan for sentrum", "PS 12/25", "Reguleringsplan for sentrum"),
        ("Item 3: Finance report", "3", "Finance report"),
    ],
)
def test_item_headings(heading, number, title):
    d = parse_text(f"Referat\n\nDato: 3. mars 2025\n\n{heading}\n\nTekst om saken.\n")
    assert [(i.number, i.title, i.text) for i in d.items] == [(number, title, "Tekst om saken.")]


def test_numbered_list_inside_item_is_not_an_item():
    text = (
        "Referat 3. mars 2025\n\n1. Innledning\n\nTekst.\n\n2. Kriterier\n\nDisse gjelder:\n\n"
        "1. Hva dere vil vise\n2. Møtelokaler\n3. Overnatting\n\n3. Eventuelt\n\nIngenting.\n"
    )
    d = parse_text(text)
    assert [i.number for i in d.items] == ["1", "2", "3"]
    assert (
        d.items[1].text == "Disse gjelder:\n\n1. Hva dere vil vise\n2. Møtelokaler\n3. Overnatting"
    )
    assert d.items[2].kind == "any_other_business"


def test_bullets_are_kept_as_dash_lines():
    text = "Referat 3. mars 2025\n\n1. Orientering\n\nSekretariatet orienterte om:\n• Budsjett\n• Ansettelser\n    o Ny rådgiver\n"
    d = parse_text(text)
    assert (
        d.items[0].text
        == "Sekretariatet orienterte om:\n- Budsjett\n- Ansettelser\n  - Ny rådgiver"
    )
    assert d.items[0].kind == "orientation"


def test_round_table_headings_make_one_contribution_each():
    text = (
        "Referat 3. mars 2025\n\n1. Runde rundt bordet\n\nAsker kommune\n\n- Nytt rådhus\n  - Åpner i mai\n- Ny plan\n\n"
        "Bærum kommune\n\n- Budsjett vedtatt\n"
    )
    d = parse_text(text)
    item = d.items[0]
    assert item.kind == "round_table"
    assert [(c.organization, c.points) for c in item.contributions] == [
        ("Asker kommune", ["Nytt rådhus\n- Åpner i mai", "Ny plan"]),
        ("Bærum kommune", ["Budsjett vedtatt"]),
    ]
    assert item.text == ""


@pytest.mark.parametrize(
    ("body", "conclusion"),
    [
        ("Konklusjon\n\nSaken utsettes.", "Saken utsettes."),
        ("Vedtak:\nSaken utsettes.", "Saken utsettes."),
        ("Vedtak: Saken utsettes.", "Saken utsettes."),
        ("Agreed: To defer the item.", "To defer the item."),
        ("RESOLVED - T H A T the item be deferred.", "THAT the item be deferred."),
        ("Godkjennes", "Godkjennes"),
    ],
)
def test_conclusion_forms(body, conclusion):
    d = parse_text(f"Referat 3. mars 2025\n\n1. Sak\n\n{body}\n")
    assert d.items[0].conclusion == conclusion


def test_innstilling_alone_is_not_a_conclusion():
    d = parse_text(
        "Innkalling til styremøte 3. mars 2025\n\n1. Budsjett\n\nInnstilling:\nBudsjettet vedtas.\n"
    )
    assert d.kind == "notice"
    assert d.items[0].conclusion is None
    assert d.items[0].kind == "decision"


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("Frist for innsending er 1 mars.", dt.date(2025, 3, 1)),
        ("Frist er mandag 27. januar", dt.date(2025, 1, 27)),
        ("Innspill sendes innen 3. februar.", dt.date(2025, 2, 3)),
        ("Comments by 3 February please.", dt.date(2025, 2, 3)),
        ("Svar sendes senest 10.01.2026.", dt.date(2026, 1, 10)),
        ("Frist 5. januar.", dt.date(2026, 1, 5)),
    ],
)
def test_deadlines(sentence, date):
    d = parse_text(f"Referat\n\nDato: 21. januar 2025\n\n1. Sak\n\nTekst. {sentence}\n")
    assert [(x.date, x.text) for x in d.items[0].deadlines] == [(date, sentence)]
    assert d.deadlines == d.items[0].deadlines


def test_deadline_with_wrong_weekday_is_warned():
    d = parse_text("Referat\n\nDato: 21. januar 2025\n\n1. Sak\n\nFrist er fredag 27. januar.\n")
    assert d.deadlines[0].date == dt.date(2025, 1, 27)
    assert d.warnings == [
        "Item 1: the weekday does not match the date 2025-01-27: «Frist er fredag 27. januar.»"
    ]


def test_moved_meetings_and_agenda_for_next_board_meeting():
    text = (
        "Referat fra møte i KG\n\nDato: 21. januar 2025\n\n1. Møteplan\n\nNye datoer for møter i KG:\n"
        "- 29 april (istedenfor 6. mai)\n- 9. sept (i stedet for 23. sept)\n\n"
        "Saker til styremøtet 6. februar 2025, kl 12:00-14:00, Oslo rådhus\n\n2. Budsjett\n\n3. Eventuelt\n"
    )
    d = parse_text(text)
    assert [i.number for i in d.items] == ["1"]
    assert [
        (m.body, m.date, m.replaces, m.place, [x.title for x in m.items])
        for m in d.planned_meetings
    ] == [
        ("KG", dt.date(2025, 4, 29), dt.date(2025, 5, 6), None, []),
        ("KG", dt.date(2025, 9, 9), dt.date(2025, 9, 23), None, []),
        ("styret", dt.date(2025, 2, 6), None, "Oslo rådhus", ["Budsjett", "Eventuelt"]),
    ]


def test_next_meeting_line():
    d = parse_text(
        "Referat fra styremøte\n\nDato: 21. januar 2025\n\n1. Sak\n\nTekst.\n\nNeste møte: 4. mars kl. 10.00, Rådhuset\n"
    )
    assert [(m.body, m.date, m.start, m.place) for m in d.planned_meetings] == [
        ("styret", dt.date(2025, 3, 4), dt.time(10), "Rådhuset")
    ]


def test_group_with_members():
    text = "Referat 3. mars 2025\n\n1. Arbeidsgruppe\n\nDet ble nedsatt en styringsgruppe bestående av Ola Nordmann, Kari Hansen og sekretariatet.\n"
    d = parse_text(text)
    assert [(g.name, g.members) for g in d.groups] == [
        ("styringsgruppe", ["Ola Nordmann", "Kari Hansen"])
    ]


def test_markdown_input():
    text = "# Referat fra styremøte\n\n**Dato:** 3. mars 2025\n\n## 1. Budsjett\n\n* Punkt en\n* Punkt to\n\n**Vedtak:** Vedtatt.\n"
    d = parse_text(text)
    assert d.title == "Referat fra styremøte"
    assert d.date == dt.date(2025, 3, 4 - 1)
    assert [(i.number, i.title, i.text, i.conclusion) for i in d.items] == [
        ("1", "Budsjett", "- Punkt en\n- Punkt to", "Vedtatt.")
    ]


def test_notice_kind():
    d = parse_text(
        "Møteinnkalling\n\nStyret innkalles til møte 3. mars 2025 kl. 10.00.\n\nSaksliste\n\n1. Budsjett\n2. Eventuelt\n"
    )
    assert d.kind == "notice"
    assert (d.date, d.start) == (dt.date(2025, 3, 3), dt.time(10))
    assert [i.title for i in d.items] == ["Budsjett", "Eventuelt"]


@pytest.mark.parametrize(
    "text", ["Hei hei, dette er bare en hilsen.", "lorem ipsum dolor sit amet\n" * 20, "   \n\n  "]
)
def test_no_structure_is_an_error(text):
    with pytest.raises(DocumentError):
        parse_text(text)


MUNICIPAL = """MØTEPROTOKOLL

Formannskapet

Dato: 12.03.2024
Tid: 18:00 - 20:15
Sted: Kommunestyresalen

Møteleder: Ola Ordfører (H)
Til stede: Ola Ordfører (H), Kari Nordmann (Ap), Per Hansen (Sp)
Forfall: Lise Berg (FrP)
Møtende varamedlemmer: Anne Lie (FrP)

Saksliste
PS 12/24 Budsjettjustering
PS 13/24 Eventuelt

PS 12/24 Budsjettjustering

Kommunedirektørens innstilling:
Budsjettet justeres.

Behandling:
Enstemmig vedtatt.

Formannskapets vedtak:
Budsjettet justeres.

PS 13/24 Eventuelt

Ingen saker.
"""


def test_agenda_list_then_sections_and_party_abbreviations():
    d = parse_text(MUNICIPAL)
    assert (d.title, d.body, d.date, d.start, d.end) == (
        "MØTEPROTOKOLL",
        "formannskapet",
        dt.date(2024, 3, 12),
        dt.time(18),
        dt.time(20, 15),
    )
    assert [(p.name, p.organization, p.role) for p in d.participants] == [
        ("Ola Ordfører", "H", "møteleder"),
        ("Kari Nordmann", "Ap", None),
        ("Per Hansen", "Sp", None),
        ("Anne Lie", "FrP", "varamedlem"),
    ]
    assert [(i.number, i.title, i.kind, i.conclusion) for i in d.items] == [
        ("PS 12/24", "Budsjettjustering", "decision", "Budsjettet justeres."),
        ("PS 13/24", "Eventuelt", "any_other_business", None),
    ]
    assert (
        d.items[0].text
        == "Kommunedirektørens innstilling:\nBudsjettet justeres.\n\nBehandling:\nEnstemmig vedtatt."
    )


def test_next_meeting_sentence_and_trailing_secretary():
    d = parse_text("""Referat styremøte 4. februar 2025

Tilstede: Kari Nordmann (leder), Ola Hansen, Per Berg
Fravær: Lise Olsen

Sak 1/2025: Godkjenning av innkalling og referat
Godkjent.

Sak 2/2025: Økonomi
Kasserer orienterte om regnskapet.
Vedtak: Regnskapet godkjennes.

Sak 3/2025: Eventuelt
Neste møte blir 4. mars.

Referent: Per Berg
""")
    assert [(p.name, p.role) for p in d.participants] == [
        ("Kari Nordmann", "leder"),
        ("Ola Hansen", None),
        ("Per Berg", "referent"),
    ]
    assert d.items[2].text == "Neste møte blir 4. mars."
    assert [(m.body, m.date) for m in d.planned_meetings] == [("styret", dt.date(2025, 3, 4))]
