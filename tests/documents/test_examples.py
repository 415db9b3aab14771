"""The example minutes parse to the JSON written down by hand in fixtures/."""

import json
from pathlib import Path

import pytest

from motebok.documents.parse import parse_file

# The inputs are copies of shared/examples/minutes/*.txt; the .expected.json files were written by hand.
FIXTURES = Path(__file__).parent / "fixtures"
NAMES = sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*.expected.json"))


def _example(name: str) -> Path:
    return FIXTURES / f"{name}.txt"


@pytest.mark.parametrize("name", NAMES)
def test_example_parses_to_expected_json(name):
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert parse_file(_example(name)).model_dump(mode="json") == expected


def test_main_example_key_facts():
    draft = parse_file(_example("osloregionen-kg-2025-01-21"))
    data = draft.model_dump(mode="json")
    assert (data["kind"], data["date"], data["start"], data["end"]) == (
        "minutes",
        "2025-01-21",
        "10:00",
        "13:00",
    )
    assert data["place"] == "Oslo rådhus, møtesenteret - møterom 2"
    assert data["body"] == "administrativ koordineringsgruppe"
    assert len(data["participants"]) == 13
    assert data["participants"][-1] == {
        "name": "Målfrid Baik",
        "organization": "Sekretariatet",
        "role": "leder",
    }
    assert [i["number"] for i in data["items"]] == [str(n) for n in range(1, 13)]
    round_table = data["items"][2]
    assert round_table["kind"] == "round_table"
    assert [c["organization"] for c in round_table["contributions"]] == [
        "Asker og Bærum IPR",
        "Drammensregionen IPR",
        "Oslo kommune",
        "Ringeriksregionen IPR",
        "Hadelandsregionen IPR",
        "Folloregionen IPR",
        "Samarbeidsrådet for Nedre Romerike (SNR)",
        "Gardermoreregionen IPR",
        "Gjøvikregionen IPR",
        "Kongsvingerregionen IPR",
    ]
    with_conclusion = [i["number"] for i in data["items"] if i["conclusion"]]
    assert with_conclusion == ["1", "2", "6", "8", "9", "10", "11", "12"]
    assert data["items"][1]["conclusion"] == "Godkjennes"
    assert [(d["date"], d["text"]) for d in data["deadlines"]] == [
        (
            "2025-02-03",
            "Frist for å melde interesse for å være med som medarrangør på Osloregionens dag på Thon Hotel Arendal er den 3. februar.",
        ),
        ("2025-03-01", "Frist for innsending er 1 mars."),
        ("2025-01-27", "Frist er mandag 27. januar"),
    ]
    plans = [(m["body"], m["date"], m["replaces"]) for m in data["planned_meetings"]]
    assert plans == [
        ("KG", "2025-04-29", "2025-05-06"),
        ("KG", "2025-09-09", "2025-09-23"),
        ("KG", "2025-11-04", "2025-11-18"),
        ("styret", "2025-02-06", None),
    ]
    board = data["planned_meetings"][3]
    assert (board["start"], board["end"], board["place"]) == (
        "12:00",
        "14:00",
        "Oslo rådhus, møterom 1",
    )
    assert [i["number"] for i in board["items"]] == [str(n) for n in range(13, 22)]
    assert data["groups"] == [
        {"name": "arbeidsgruppe", "members": ["Ola Haave", "Dag Aanensen", "Svein Håvar Korshavn"]},
        {
            "name": "programkomite for BEST-konferansen",
            "members": ["Ola Haave", "Nina Mosseby", "Svein Frydenlund", "Bjarne Haslund"],
        },
        {"name": "arbeidsgruppe", "members": ["Nina Mosseby", "Anne Huse", "Ola Haave"]},
    ]
