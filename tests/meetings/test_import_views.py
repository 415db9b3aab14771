import hashlib
import importlib.util
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from factories import BodyFactory
from motebok.documents.parse import parse_bytes
from motebok.meetings.importing import apply_draft
from motebok.meetings.models import Meeting
from motebok.orgs.models import CooperationRole

SEED = (
    Path(__file__).resolve().parents[2]
    / "src/motebok/core/demo_data/osloregionen-kg-2025-01-21.txt"
)
SEED_NAME = "osloregionen-kg-2025-01-21.txt"
SEED_HASH = hashlib.sha256(SEED.read_bytes()).hexdigest()
UPLOAD_URL = "/import/"
WARNINGS = [
    "Item 3: a deadline without a day was not recorded: «Det er nå en høring med frist i mars "
    "før saken deretter går til departementet.»",
    "Text after the agenda for a coming meeting was not assigned to any item: «Innspill til "
    "fellesdelen på faggruppemøtene er at det bør settes av mer tid til dette enn…»",
]


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read the interface's English msgids: serve the pages in English."""
    settings.LANGUAGE_CODE = "en"


def _upload(client, cooperation, name=SEED_NAME, data=None, **fields):
    file = SimpleUploadedFile(name, SEED.read_bytes() if data is None else data)
    return client.post(UPLOAD_URL, {"file": file, "cooperation": cooperation.pk, **fields})


def _token(response) -> str:
    assert response.status_code == 302
    token = response["Location"].split("/")[2]
    assert response["Location"] == reverse("import_review", args=[token])
    return token


def _kept_files(settings) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _form_data(response, **changes) -> dict:
    """What the browser would post back from the review page, with some fields changed."""
    form, formset = response.context["form"], response.context["formset"]
    data = {}
    for one in (form, formset.management_form, *formset.forms):
        for field in one:
            value = field.value()
            data[field.html_name] = "" if value is None else value
    data.update(changes)
    return data


@pytest.fixture
def secretariat(client, world):
    client.force_login(world.secretariat)
    return client


def test_upload_review_correct_and_import_the_example(secretariat, world, settings):
    meetings_before = Meeting.objects.count()
    token = _token(_upload(secretariat, world.coop))
    kept = _kept_files(settings)
    assert kept == [f"{token}.txt"]
    assert (Path(settings.MEDIA_ROOT) / "imports" / kept[0]).read_bytes() == SEED.read_bytes()
    assert Meeting.objects.count() == meetings_before  # nothing before confirmation

    review = secretariat.get(reverse("import_review", args=[token]))
    assert review.status_code == 200
    assert len(review.context["item_rows"]) == 12
    assert review.context["warnings"] == [(WARNINGS[0], 1), (WARNINGS[1], 2)]
    assert review.context["counts"] == {
        "contributions": 10,
        "deadlines": 3,
        "planned_meetings": 4,
        "groups": 3,
    }
    html = review.content.decode()
    assert html.count('class="import-mark"') == 2
    assert (
        '<mark class="import-mark" id="warning-1">Det er nå en høring med frist i mars før saken '
        "deretter går til departementet.</mark>" in html
    )
    assert review.context["form"]["place"].value() == "Oslo rådhus, møtesenteret - møterom 2"
    assert review.context["earlier"] is None

    data = _form_data(review, place="Oslo rådhus, møterom 3", body=world.kg.pk)
    response = secretariat.post(reverse("import_review", args=[token]), data)
    meeting = Meeting.objects.get(source_hash=SEED_HASH)
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.place == "Oslo rådhus, møterom 3"
    assert meeting.body == world.kg
    assert meeting.title == "Referat fra møte i administrativ koordineringsgruppe"
    assert meeting.items.count() == 12
    assert Meeting.objects.filter(source_hash=SEED_HASH).count() == 1
    # The meeting and the four meetings its minutes plan.
    assert Meeting.objects.count() == meetings_before + 5
    assert _kept_files(settings) == []
    assert secretariat.session["motebok_imports"] == {}
    new_organizations = [
        "Asker og Bærum IPR",
        "Drammensregionen IPR",
        "Folloregionen IPR",
        "Gardermoreregionen IPR",
        "Gjøvikregionen Utvikling",
        "Hadelandsregionen IPR",
        "Kongsvingerregionen IPR",
        "Oslo kommune - Byrådsleders kontor",
        "Ringeriksregionen IPR",
        "Samarbeidsrådet for Nedre Romerike",
        "Gjøvikregionen IPR",
    ]
    new_people = [
        "Martin Hafsahl",
        "Dag Aanensen",
        "Ola Haave",
        "Trine Knobel",
        "Svein Håvar Korshavn",
        "Ingunn Granaasen",
        "Anne Huse",
        "Bjarne Haslund",
        "Inger Synnøve Kammerud",
        "Nina Mosseby",
        "Eva Næss Karlsen",
        "Karoline Holmstrøm Ulateig",
        "Målfrid Baik",
        "Svein Frydenlund",
    ]
    new_bodies = [
        "KG",
        "Arbeidsgruppe: Arendalsuken og BEST",
        "Programkomite for BEST-konferansen",
        "Arbeidsgruppe: Politiske temaer til diskusjon i politiske organer",
    ]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The meeting was imported with 12 items. "
        f"New organizations: {', '.join(new_organizations)}. "
        f"New people: {', '.join(new_people)}. "
        f"New bodies: {', '.join(new_bodies)}."
    ]


def test_corrected_items_and_people_are_what_is_imported(secretariat, world):
    token = _token(_upload(secretariat, world.coop))
    url = reverse("import_review", args=[token])
    review = secretariat.get(url)
    data = _form_data(
        review,
        title="KG 21. januar",
        body="",
        participants="Kari Nordmann; Folloregionen IPR; leder\nOla Haave",
        absent="",
        **{
            "items-0-title": "Innkallingen",
            "items-11-kind": "decision",
            "items-11-conclusion": "Nye datoer vedtatt.",
        },
    )
    assert secretariat.post(url, data).status_code == 302
    meeting = Meeting.objects.get(source_hash=SEED_HASH)
    assert meeting.title == "KG 21. januar"
    assert meeting.body.name == "Administrativ koordineringsgruppe"  # a new body, as it was named
    items = list(meeting.items.order_by("position"))
    assert items[0].title == "Innkallingen"
    assert (items[11].kind, items[11].conclusion) == ("decision", "Nye datoer vedtatt.")
    attendance = [
        (a.person.name, a.organization and a.organization.name, a.role)
        for a in meeting.attendances.order_by("position")
    ]
    assert attendance == [
        ("Kari Nordmann", "Folloregionen IPR", "chair"),
        ("Ola Haave", None, "member"),
    ]


def test_upload_of_a_file_imported_before_says_so(secretariat, world):
    data = SEED.read_bytes()
    earlier = apply_draft(
        parse_bytes(data, SEED_NAME),
        cooperation=world.coop,
        source=data,
        source_name=SEED_NAME,
        body=world.kg,
    ).meeting
    count = Meeting.objects.count()
    token = _token(_upload(secretariat, world.coop))
    url = reverse("import_review", args=[token])
    review = secretariat.get(url)
    assert review.context["earlier"] == earlier
    html = review.content.decode()
    assert "This file was already imported: " in html
    assert f'<a class="ds-link" href="{earlier.get_absolute_url()}">' in html
    response = secretariat.post(url, _form_data(review, place="Et annet sted"))
    assert response["Location"] == earlier.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This file was already imported; nothing was changed."
    ]
    assert Meeting.objects.count() == count
    earlier.refresh_from_db()
    assert earlier.place == "Oslo rådhus, møtesenteret - møterom 2"


# --- who may import -----------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, world, settings):
    for response in (client.get(UPLOAD_URL), _upload(client, world.coop)):
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=/import/"
    assert client.get("/import/sometoken/")["Location"] == "/login/?next=/import/sometoken/"
    assert _kept_files(settings) == []


@pytest.mark.parametrize("role", ["member", "member_of_other_body"])
def test_members_are_refused(client, world, settings, role):
    client.force_login(world.users()[role])
    assert client.get(UPLOAD_URL).status_code == 403
    assert _upload(client, world.coop).status_code == 403
    assert _kept_files(settings) == []


def test_other_cooperation_cannot_import_into_osloregionen(client, world, settings):
    client.force_login(world.other)
    page = client.get(UPLOAD_URL)
    assert page.status_code == 200
    assert page.context["form"].fields["cooperation"].choices == [
        (world.other_coop.pk, "Annenregionen")
    ]
    response = _upload(client, world.coop)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["cooperation"]
    response = _upload(client, world.other_coop, body=world.kg.pk)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["body"]
    assert _kept_files(settings) == []
    assert "motebok_imports" not in client.session


def test_nobody_else_can_open_a_review(client, world, settings):
    client.force_login(world.secretariat)
    token = _token(_upload(client, world.coop))
    urls = [reverse("import_review", args=[token]), reverse("import_discard", args=[token])]
    for user in (world.other, world.member, world.admin):
        other = Client()
        other.force_login(user)
        for url in urls:
            assert other.get(url).status_code == 404
            assert other.post(url, {"import": "1"}).status_code == 404
    # Another user signing in on the same browser gets a fresh session.
    client.force_login(world.other)
    assert client.get(urls[0]).status_code == 404
    assert _kept_files(settings) == [f"{token}.txt"]
    assert Meeting.objects.filter(source_hash=SEED_HASH).count() == 0


def test_a_secretariat_that_lost_its_role_cannot_import(secretariat, world):
    token = _token(_upload(secretariat, world.coop))
    CooperationRole.objects.filter(user=world.secretariat).delete()
    assert secretariat.get(reverse("import_review", args=[token])).status_code == 403
    assert secretariat.post(reverse("import_review", args=[token]), {}).status_code == 403
    assert Meeting.objects.filter(source_hash=SEED_HASH).count() == 0


def test_admin_chooses_the_cooperation_and_the_body(client, world):
    client.force_login(world.admin)
    form = client.get(UPLOAD_URL).context["form"]
    assert form.fields["cooperation"].widget.is_hidden is False
    assert form.fields["cooperation"].choices == [
        (world.other_coop.pk, "Annenregionen"),
        (world.coop.pk, "Osloregionen"),
    ]
    assert form.fields["body"].choices[1:] == [
        ("Annenregionen", [(world.other_body.pk, "Annet styre")]),
        ("Osloregionen", [(world.kg.pk, "Koordineringsgruppen"), (world.board.pk, "Styret")]),
    ]
    token = _token(_upload(client, world.coop, body=world.board.pk))
    review = client.get(reverse("import_review", args=[token]))
    assert review.context["form"]["body"].value() == world.board.pk


# --- bad files and bad edits --------------------------------------------------------------

BAD_FILES = [
    ("tom.txt", b"", "tom.txt: the file is empty"),
    (
        "junk.docx",
        b"this is not a zip file",
        "junk.docx: not a valid .docx file (it is not a zip archive)",
    ),
    (
        "referat.exe",
        b"Referat",
        "referat.exe: unsupported file type (.exe); use .txt, .md, .docx, .pdf",
    ),
    ("pdf.txt", b"%PDF-1.4 x", "pdf.txt: the file is a PDF file, not text; check the extension"),
    ("referat.txt", b"x" * 101, "referat.txt: the file is larger than the limit of 100 bytes"),
]


@pytest.mark.parametrize(("name", "data", "error"), BAD_FILES)
def test_a_bad_file_is_one_form_error_and_writes_nothing(
    secretariat, world, settings, name, data, error
):
    settings.MOTEBOK_MAX_UPLOAD_BYTES = 100
    count = Meeting.objects.count()
    response = _upload(secretariat, world.coop, name=name, data=data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [error]}
    html = response.content.decode()
    assert (
        f'<p class="ds-validation-message" data-field="validation" id="id_file_error">{error}</p>'
        in html
    )
    assert f'<li><a class="ds-link" href="#id_file">Minutes file: {error}</a></li>' in html
    assert Meeting.objects.count() == count
    assert _kept_files(settings) == []
    assert "motebok_imports" not in secretariat.session


def test_no_file_is_a_form_error(secretariat, world, settings):
    response = secretariat.post(UPLOAD_URL, {"cooperation": world.coop.pk})
    assert response.context["form"].errors == {"file": ["This field is required."]}
    assert _kept_files(settings) == []


def test_a_docx_is_kept_with_its_extension(secretariat, world, settings, tmp_path):
    import docx

    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(tmp_path / "referat.docx")
    token = _token(
        _upload(secretariat, world.coop, "referat.docx", (tmp_path / "referat.docx").read_bytes())
    )
    assert _kept_files(settings) == [f"{token}.docx"]
    review = secretariat.get(reverse("import_review", args=[token]))
    assert len(review.context["item_rows"]) == 12


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"date": "32.01.2025"}, {"date": ["Enter a valid date."]}),
        ({"date": ""}, {"date": ["This field is required."]}),
        ({"start": "14:00", "end": "13:00"}, {"end": ["The meeting cannot end before it starts."]}),
        (
            {"participants": "Ola; Folloregionen IPR; leder; ekstra\n; Oslo kommune"},
            {
                "participants": [
                    "Line 1: write at most “Name; Organization; role”.",
                    "Line 2: the name is missing.",
                ]
            },
        ),
    ],
)
def test_bad_edits_are_form_errors_and_change_nothing(
    secretariat, world, settings, changes, errors
):
    token = _token(_upload(secretariat, world.coop))
    url = reverse("import_review", args=[token])
    count = Meeting.objects.count()
    response = secretariat.post(url, _form_data(secretariat.get(url), **changes))
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert Meeting.objects.count() == count
    assert _kept_files(settings) == [f"{token}.txt"]


def test_items_need_their_own_numbers_and_stay_as_many(secretariat, world):
    token = _token(_upload(secretariat, world.coop))
    url = reverse("import_review", args=[token])
    review = secretariat.get(url)
    response = secretariat.post(url, _form_data(review, **{"items-1-number": "1"}))
    assert response.context["formset"].errors[1] == {
        "number": ["Another item has the same number."]
    }
    response = secretariat.post(url, _form_data(review, **{"items-TOTAL_FORMS": "11"}))
    assert response.context["formset"].non_form_errors() == [
        "The list of items was changed; reload the page."
    ]
    assert Meeting.objects.filter(source_hash=SEED_HASH).count() == 0


def test_discard_asks_then_deletes_the_kept_file(secretariat, world, settings):
    token = _token(_upload(secretariat, world.coop))
    url = reverse("import_discard", args=[token])
    page = secretariat.get(url)
    assert page.status_code == 200
    assert f'<form method="post" action="{url}"' in page.content.decode()
    assert _kept_files(settings) == [f"{token}.txt"]
    response = secretariat.post(url)
    assert response["Location"] == UPLOAD_URL
    assert _kept_files(settings) == []
    assert secretariat.session["motebok_imports"] == {}
    assert secretariat.get(reverse("import_review", args=[token])).status_code == 404
    assert Meeting.objects.filter(source_hash=SEED_HASH).count() == 0


def test_a_lost_file_sends_back_to_the_upload(secretariat, world, settings):
    token = _token(_upload(secretariat, world.coop))
    (Path(settings.MEDIA_ROOT) / "imports" / f"{token}.txt").unlink()
    response = secretariat.get(reverse("import_review", args=[token]))
    assert response["Location"] == UPLOAD_URL
    assert secretariat.session["motebok_imports"] == {}


# --- query counts -------------------------------------------------------------------------


def test_upload_page_query_count_is_fixed(secretariat, world, django_assert_num_queries):
    with django_assert_num_queries(6):
        assert secretariat.get(UPLOAD_URL).status_code == 200
    for _ in range(10):
        BodyFactory(cooperation=world.coop)
    with django_assert_num_queries(6):
        assert secretariat.get(UPLOAD_URL).status_code == 200


def test_review_page_query_count_is_fixed(secretariat, world, django_assert_num_queries):
    token = _token(_upload(secretariat, world.coop))
    url = reverse("import_review", args=[token])
    with django_assert_num_queries(7):
        assert secretariat.get(url).status_code == 200
    for _ in range(10):
        BodyFactory(cooperation=world.coop)
    data = SEED.read_bytes()
    apply_draft(
        parse_bytes(data, SEED_NAME), cooperation=world.coop, source=data, source_name=SEED_NAME
    )
    with django_assert_num_queries(7):
        response = secretariat.get(url)
    assert len(response.context["form"].fields["body"].choices) == 1 + 2 + 10 + 5
    assert response.context["earlier"] is not None


def test_the_import_benchmark_runs_on_a_few_documents(db):
    path = Path(__file__).resolve().parents[2] / "bench" / "bench_import.py"
    spec = importlib.util.spec_from_file_location("bench_import", path)
    bench_import = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_import)
    figures = bench_import.run(n=3)
    # Three meetings, and the four the first one plans (the others find them already there).
    assert (figures["documents"], figures["meetings_created"]) == (3, 7)
