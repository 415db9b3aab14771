"""Property: any text gives a MinutesDraft or a DocumentError, never another exception."""

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motebok.documents.errors import DocumentError
from motebok.documents.parse import parse_text
from motebok.documents.schema import MinutesDraft

FRAGMENTS = st.sampled_from(
    [
        "Referat fra styremøte", "Tid: 21. januar 2025 kl. 10.00-13.00.", "Sted: Oslo rådhus", "Til stede: Ola Nordmann og Kari Hansen",
        "Forfall: Per Olsen", "1. Godkjenning av innkalling", "Sak 03/25 Budsjett", "PS 12/25 Plan", "Konklusjon", "Vedtak:",
        "Godkjennes", "- punkt", "  - underpunkt", "Frist er mandag 27. januar", "29 april (istedenfor 6. mai)",
        "Saker til styremøtet 6. februar 2025, kl 12:00-14:00, Oslo rådhus", "arbeidsgruppe som består av A B, C D og E F",
        "Fornavn\tEtternavn\tOrganisasjon", "Ola\tNordmann\tAsker (leder)", "Item 3", "RESOLVED - THAT", "", "Navn", "Tilstede", "X", " ",
        "/13 TITTEL", "19/13 ÅRSMØTE", "Neste møte: 3. mars", "Transkript", "31.02.2025", "kl. 25:99", "32. januar",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=80)), max_size=25))
def test_parse_text_returns_draft_or_document_error(parts):
    try:
        draft = parse_text("\n".join(parts))
    except DocumentError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(draft, MinutesDraft)
        draft.model_dump(mode="json")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text(text):
    with contextlib.suppress(DocumentError):
        assert isinstance(parse_text(text), MinutesDraft)
