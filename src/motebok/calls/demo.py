"""The demo's calls for input: the four the minutes of 21 January 2025 ask for.

The host call of item 9 comes with its five criteria, answers from three regions, the scores of
two evaluators (one score missing, to show how the matrix treats it) and a recommendation that
the secretariat can put on the board's next agenda. :func:`load` may be called again without
changing anything.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from motebok.calls.models import Call, Criterion, Score, Submission
from motebok.meetings.models import Meeting
from motebok.orgs.enums import AccessRole
from motebok.orgs.models import CooperationRole, Organization, Person

OPENS = dt.datetime(2025, 1, 21, 14, 0)

HOST_TEXT = (
    "Ulike regioner har hatt ansvar for årlig felles fagsamlinger i Osloregionen. Hvem ønsker å "
    "være vertskap i 2025? Samlingen er 28.–29. august.\n\n"
    "Når det gjelder økonomi, dekker hver enkelt utgiftene til opphold, overnatting og reise til "
    "og fra. Eventuelle ekstra kostnader som intertransport mm. vil sekretariatet vurdere å dekke."
)
HOST_CRITERIA = (
    ("Hva dere ønsker å vise frem", "1"),
    (
        "Egnede møtelokaler (plenum 60–70 personer, rom for parallelle møter med ca. 25 i hver)",
        "1",
    ),
    ("Muligheter for overnatting", "1"),
    ("Middag om kvelden (opptil 60–70 personer)", "1"),
    (
        "Faglig innhold (temaer, befaringer, byvandring; bør dekke alle innsatsområder i "
        "Osloregionen)",
        "2",
    ),
)
HOST_ANSWERS = (
    (
        "Gjøvikregionen IPR",
        "Gjøvikregionen ønsker å være vertskap. Vi viser fram Fjellhallen og industriklyngen på "
        "Raufoss. Plenum i Fjellhallen (80 plasser), tre grupperom, hotell med 70 rom, middag på "
        "Strandhotellet. Befaring på Raufoss industripark.",
        ((4, 5), (5, 4), (4, 4), (5, 5), (5, 4)),
    ),
    (
        "Hadelandsregionen IPR",
        "Hadeland byr på glassverket og bioenergiprosjektet. Plenum for 60 på Hadeland "
        "Glassverk, to grupperom, overnatting på Thorbjørnrud hotell.",
        ((4, 4), (3, 3), (3, None), (4, 4), (4, 3)),
    ),
    (
        "Drammensregionen IPR",
        "Drammen kan tilby elvebyen og det nye sykehuset som tema. Plenum i Union Scene, hoteller "
        "i gangavstand.",
        ((3, 4), (4, 4), (5, 5), (3, 4), (3, 3)),
    ),
)
OTHER_CALLS = (
    (
        "10",
        "Magasin i DN: temaer og intervjupersoner",
        "Hvilke saker og temaer bør inkluderes i magasinet? Hvilke ordførere eller lokale aktører "
        "bør fremheves? Andre innspill som kan styrke magasinet som et strategisk verktøy i "
        "valgåret.",
        dt.datetime(2025, 1, 27, 23, 59),
        None,
    ),
    (
        "8",
        "Medarrangører på Osloregionens dag i Arendalsuken 12. august",
        "Sekretariatet har booket møtelokaler på Thon Hotel Arendal hele dagen 12. august. Meld "
        "interesse for å være med som medarrangør, og på hvilken måte.",
        dt.datetime(2025, 2, 3, 23, 59),
        None,
    ),
    (
        "11",
        "Politiske temaer til styremøter og representantskapet i 2025",
        "Send forslag til tema som grunnlag for dialog og debatt i politiske organer, med "
        "utgangspunkt i de strategiske føringene og Handlingsprogram 2025.",
        # The minutes give no date; the board discusses the themes on 6 February.
        dt.datetime(2025, 2, 3, 23, 59),
        "koordineringsgruppen",
    ),
)
RECOMMENDATION = (
    "Sekretariatet og KG anbefaler at Gjøvikregionen IPR blir vertskap for felles "
    "faggruppesamling 28.–29. august 2025."
)


def _aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value)


def _second_evaluator(cooperation: Organization):
    """Eva Næss Karlsen of the secretariat, as a user without a password (she only scores)."""
    User = get_user_model()
    user = User.objects.filter(username="eva").first()
    if user is None:
        user = User(username="eva", first_name="Eva", last_name="Næss Karlsen")
        user.set_unusable_password()
        user.save()
        CooperationRole.objects.create(
            user=user, cooperation=cooperation, role=AccessRole.SECRETARIAT
        )
        Person.objects.filter(name="Eva Næss Karlsen", user__isnull=True).update(user=user)
    return user


@transaction.atomic
def load(cooperation: Organization, seed: Meeting) -> list[Call]:
    """The four calls of the seed minutes, linked to their items.

    Side effects: the calls (announced when they opened, long closed); the host call's
    criteria, three answers and two evaluators' scores; the user ``eva`` (secretariat, no
    password) as the second evaluator. Nothing when the calls exist already.
    """
    existing = list(Call.objects.filter(cooperation=cooperation, item__meeting=seed))
    if existing:
        return existing
    items = {item.number: item for item in seed.items.all()}
    host = Call.objects.create(
        cooperation=cooperation,
        title="Vertskap for felles faggruppesamling 28.–29. august",
        text=HOST_TEXT,
        opens=_aware(OPENS),
        deadline=_aware(dt.datetime(2025, 3, 1, 23, 59)),
        item=items.get("9"),
        announced_at=_aware(OPENS),
    )
    criteria = [
        Criterion.objects.create(call=host, title=title, weight=Decimal(weight), position=n)
        for n, (title, weight) in enumerate(HOST_CRITERIA)
    ]
    evaluators = [
        get_user_model().objects.filter(username="sekretariat").first(),
        _second_evaluator(cooperation),
    ]
    organizations = {o.name: o for o in Organization.objects.all()}
    submissions = {}
    for name, text, scores in HOST_ANSWERS:
        organization = organizations.get(name)
        if organization is None:
            continue
        submission = Submission.objects.create(call=host, organization=organization, text=text)
        Submission.objects.filter(pk=submission.pk).update(
            submitted_at=_aware(dt.datetime(2025, 2, 20 + len(submissions), 15, 30)),
            updated_at=_aware(dt.datetime(2025, 2, 26 + len(submissions), 9, 0)),
        )
        submissions[name] = submission
        for criterion, values in zip(criteria, scores, strict=True):
            for evaluator, value in zip(evaluators, values, strict=True):
                if evaluator is not None and value is not None:
                    Score.objects.create(
                        submission=submission, criterion=criterion, evaluator=evaluator, value=value
                    )
    host.recommendation = RECOMMENDATION
    host.recommended = submissions.get("Gjøvikregionen IPR")
    host.save(update_fields=["recommendation", "recommended"])
    calls = [host]
    bodies = {b.slug: b for b in cooperation.bodies.all()}
    for number, title, text, deadline, body in OTHER_CALLS:
        calls.append(
            Call.objects.create(
                cooperation=cooperation,
                title=title,
                text=text,
                opens=_aware(OPENS),
                deadline=_aware(deadline),
                item=items.get(number),
                audience_body=bodies.get(body) if body else None,
                announced_at=_aware(OPENS),
            )
        )
    return calls
