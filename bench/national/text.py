"""Norwegian-looking text for the synthetic archive, from the vocabulary of real minutes.

The words are those of regional cooperation minutes (the demo minutes shipped in
``motebok/core/demo_data`` and similar public minutes): compound nouns of infrastructure,
planning and services, with their definite and plural forms, so that searches for inflected
forms ("renseanlegget") and stems behave as on real text. Word frequencies follow a Zipf curve:
some words occur in almost every meeting, many compounds only a few hundred times in a million
items. Everything is drawn from one ``random.Random``, so a seed gives the same text.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from pathlib import Path

import motebok.core


def words(text: str) -> tuple[str, ...]:
    """A word list written as one string."""
    return tuple(text.split())


DEMO_MINUTES = Path(motebok.core.__file__).resolve().parent / "demo_data"

# First parts of compounds (with their linking -s- where Norwegian has one).
FIRST = words(
    "rense tømmer gods buss tog sykkel bolig skole havne flom klima energi nærings areal kultur "
    "helse beredskaps samferdsels kollektiv vann avløps kraft bredbånds digitaliserings "
    "kompetanse reiselivs innovasjons folkehelse landbruks sentrums drone bioenergi fjernvarme "
    "lade jernbane vei tunnel brann barnehage omsorgs idretts"
)
# Last parts: (indefinite, definite singular, plural).
LAST = (
    ("anlegg", "anlegget", "anlegg"),
    ("terminal", "terminalen", "terminaler"),
    ("plan", "planen", "planer"),
    ("strategi", "strategien", "strategier"),
    ("studie", "studien", "studier"),
    ("prosjekt", "prosjektet", "prosjekter"),
    ("utvalg", "utvalget", "utvalg"),
    ("nettverk", "nettverket", "nettverk"),
    ("rapport", "rapporten", "rapporter"),
    ("utredning", "utredningen", "utredninger"),
    ("avtale", "avtalen", "avtaler"),
    ("tiltak", "tiltaket", "tiltak"),
    ("satsing", "satsingen", "satsinger"),
    ("budsjett", "budsjettet", "budsjetter"),
    ("program", "programmet", "programmer"),
    ("samarbeid", "samarbeidet", "samarbeid"),
    ("konferanse", "konferansen", "konferanser"),
    ("løft", "løftet", "løft"),
    ("pakke", "pakken", "pakker"),
    ("forum", "forumet", "forum"),
)
COMMON_NOUNS = (
    ("kommune", "kommunen", "kommuner"),
    ("region", "regionen", "regioner"),
    ("møte", "møtet", "møter"),
    ("sak", "saken", "saker"),
    ("høring", "høringen", "høringer"),
    ("fylkeskommune", "fylkeskommunen", "fylkeskommuner"),
    ("handlingsprogram", "handlingsprogrammet", "handlingsprogrammer"),
    ("sekretariat", "sekretariatet", "sekretariater"),
    ("orientering", "orienteringen", "orienteringer"),
    ("innspill", "innspillet", "innspill"),
    ("arbeidsgruppe", "arbeidsgruppen", "arbeidsgrupper"),
    ("faggruppe", "faggruppen", "faggrupper"),
    ("styre", "styret", "styrer"),
    ("representantskap", "representantskapet", "representantskap"),
    ("årsmelding", "årsmeldingen", "årsmeldinger"),
    ("regnskap", "regnskapet", "regnskap"),
    ("mulighetsstudie", "mulighetsstudien", "mulighetsstudier"),
    ("utfordring", "utfordringen", "utfordringer"),
    ("statsforvalter", "statsforvalteren", "statsforvaltere"),
    ("departement", "departementet", "departementer"),
)
ADJECTIVES = words(
    "regional nasjonal felles ny viktig konkret strategisk interkommunal politisk administrativ "
    "grenseoverskridende langsiktig samordnet revidert foreløpig"
)
VERBS_PAST = (
    "orienterte om",
    "informerte om",
    "la fram",
    "drøftet",
    "presenterte",
    "ba om innspill til",
    "fulgte opp",
    "vedtok",
    "sendte på høring",
    "startet arbeidet med",
)
MONTHS = words("januar februar mars april mai juni august september oktober november desember")
PLACES = words(
    "Asker Bærum Drammen Lier Hole Ringerike Jevnaker Lunner Gran Gjøvik Hamar Elverum "
    "Kongsvinger Lillestrøm Lørenskog Nittedal Rælingen Ullensaker Eidsvoll Nannestad Gjerdrum "
    "Ås Frogn Vestby Enebakk Moss Sarpsborg Fredrikstad Halden Tønsberg Sandefjord Larvik Porsgrunn "
    "Skien Notodden Kongsberg Hønefoss Lillehammer Tynset Kristiansand Arendal Grimstad Stavanger "
    "Sandnes Haugesund Bergen Voss Førde Ålesund Molde Kristiansund Trondheim Steinkjer Levanger "
    "Namsos Bodø Mo Narvik Harstad Tromsø Alta Hammerfest Vadsø Kirkenes"
)

TEMPLATES = (
    "{Org} {verb} {topic_def} i {place}.",
    "Det ble diskutert hvordan {topic} kan styrkes i {place} og nabokommunene.",
    "{Body} ber sekretariatet utrede {topic} i samarbeid med {org}.",
    "Arbeidet med {topic_def} er i gang, og {adj} {common} legges fram i {month}.",
    "{Org} ønsker tettere samarbeid om {topic_pl} og {topic2_pl}.",
    "Status for {topic_def}: fremdriften er god, men finansieringen er ikke avklart.",
    "Det er behov for {adj} {common} om {topic} før saken går til {body}.",
    "{Topic_def} ble tatt til orientering.",
    "Sekretariatet følger opp {topic_def} og rapporterer til neste møte.",
    "Innspill til {common_def} om {topic} sendes innen {day}. {month}.",
    "{Org} har fått midler fra {common_def} til {topic}.",
    "Viktig at {topic_def} ses i sammenheng med {topic2} i {place}.",
)
CONCLUSIONS = (
    "Tatt til orientering.",
    "Godkjennes.",
    "{Body} slutter seg til forslaget om {topic}.",
    "Saken sendes videre til {body} med anbefaling om {topic}.",
    "Sekretariatet utarbeider {adj} {common} om {topic} til neste møte.",
    "Vedtatt med de endringer som fremkom i møtet.",
)

_BULLET = re.compile(r"^\s*- (.{40,})$", re.MULTILINE)


def demo_sentences() -> list[str]:
    """The round-the-table points of the shipped demo minutes: real sentences to mix in."""
    found: list[str] = []
    for path in sorted(DEMO_MINUTES.glob("*.txt")):
        found += [m.strip() for m in _BULLET.findall(path.read_text(encoding="utf-8"))]
    return found


def zipf_weights(n: int, exponent: float = 1.05) -> list[float]:
    return [1.0 / (rank**exponent) for rank in range(1, n + 1)]


class Text:
    """Sentences, titles and points drawn from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        compounds = [
            (f + i, f + d, f + p)
            for f in FIRST
            for i, d, p in LAST
            if not (f.endswith("e") and i.startswith("e"))
        ]
        rng.shuffle(compounds)
        self.topics = compounds
        self.cumulative = list(itertools.accumulate(zipf_weights(len(compounds))))
        self.demo = demo_sentences()

    def topic(self) -> tuple[str, str, str]:
        # random.choices with weights sums them on every call; a bisect of the sums does not.
        at = self.rng.random() * self.cumulative[-1]
        return self.topics[bisect.bisect(self.cumulative, at)]

    def sentence(self, org: str, body: str) -> str:
        rng = self.rng
        if self.demo and rng.random() < 0.04:
            return rng.choice(self.demo)
        topic, topic2 = self.topic(), self.topic()
        common = rng.choice(COMMON_NOUNS)
        words = {
            "org": org,
            "Org": org,
            "body": body.lower(),
            "Body": body,
            "verb": rng.choice(VERBS_PAST),
            "topic": topic[0],
            "topic_def": topic[1],
            "Topic_def": topic[1].capitalize(),
            "topic_pl": topic[2],
            "topic2": topic2[0],
            "topic2_pl": topic2[2],
            "adj": rng.choice(ADJECTIVES),
            "common": common[0],
            "common_def": common[1],
            "place": rng.choice(PLACES),
            "month": rng.choice(MONTHS),
            "day": rng.randint(1, 28),
        }
        return rng.choice(TEMPLATES).format(**words)

    def paragraph(self, org: str, body: str, sentences: int) -> str:
        return " ".join(self.sentence(org, body) for _ in range(sentences))

    def conclusion(self, body: str) -> str:
        topic = self.topic()
        return self.rng.choice(CONCLUSIONS).format(
            Body=body,
            body=body.lower(),
            topic=topic[0],
            adj=self.rng.choice(ADJECTIVES),
            common=self.rng.choice(COMMON_NOUNS)[0],
        )

    def item_title(self) -> str:
        rng = self.rng
        topic = self.topic()
        pattern = rng.randrange(6)
        if pattern == 0:
            return f"Orientering om {topic[1]}"
        if pattern == 1:
            return f"Høring: {rng.choice(ADJECTIVES)} {topic[0]}"
        if pattern == 2:
            return f"{topic[0].capitalize()} – status og videre arbeid"
        if pattern == 3:
            return f"{rng.choice(ADJECTIVES).capitalize()} {topic[0]} for {rng.choice(PLACES)}"
        if pattern == 4:
            return f"Innspill til {rng.choice(COMMON_NOUNS)[1]} om {topic[2]}"
        return f"{topic[1].capitalize()} {rng.randint(2007, 2026)}"

    def points(self, org: str, body: str) -> str:
        """Round-the-table points, one per line, some as sub-points."""
        lines = []
        for _ in range(self.rng.randint(2, 4)):
            lines.append(self.sentence(org, body))
            if self.rng.random() < 0.2:
                lines.append("- " + self.sentence(org, body))
        return "\n".join(lines)
