"""Call pages: who sees and does what, forms, and a fixed number of queries."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from calls.conftest import make_call
from factories import MembershipFactory, OrganizationFactory, PersonFactory, SeatFactory
from motebok.calls import queries
from motebok.calls.models import Call, Score, Submission, SubmissionAttachment
from motebok.orgs.rules import viewer_for

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ROLES = ["anonymous", "other_cooperation", "member_of_other_body", "member", "secretariat", "admin"]


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _submit(call, org, text, **attachment):
    submission = Submission.objects.create(call=call, organization=org, text=text)
    if attachment:
        SubmissionAttachment.objects.create(
            submission=submission,
            file=SimpleUploadedFile("plan.txt", b"plan"),
            filename="plan.txt",
            content_type="text/plain",
            size=4,
        )
    return submission


@pytest.mark.parametrize("role", ROLES)
def test_call_page_by_role(client, world, open_call, role):
    response = _client(client, world.users()[role]).get(open_call.get_absolute_url())
    expected = {"anonymous": 302, "other_cooperation": 403}.get(role, 200)
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"] == f"/login/?next={open_call.get_absolute_url()}"


def test_unknown_call_is_404_and_a_call_not_yet_open_is_hidden_from_members(client, world, regions):
    later = make_call(
        world,
        opens=timezone.now() + dt.timedelta(days=2),
        deadline=timezone.now() + dt.timedelta(days=9),
    )
    client.force_login(world.member)
    assert client.get("/calls/999999/").status_code == 404
    assert client.get(later.get_absolute_url()).status_code == 404
    client.force_login(world.secretariat)
    assert client.get(later.get_absolute_url()).status_code == 200


def test_member_cannot_see_another_organization_s_answer_before_the_deadline(
    client, world, regions, open_call
):
    own = _submit(open_call, regions.follo, "Folles svar")
    other = _submit(open_call, regions.ringerike, "Ringerikes hemmelige svar", attachment=True)
    client.force_login(world.member)
    html = client.get(open_call.get_absolute_url()).content.decode()
    assert "Folles svar" in html
    assert "Ringerikes hemmelige svar" not in html
    attachment = other.attachments.get()
    assert client.get(attachment.get_absolute_url()).status_code == 403
    # After the deadline every member sees every answer.
    Call.objects.filter(pk=open_call.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    html = client.get(open_call.get_absolute_url()).content.decode()
    assert "Ringerikes hemmelige svar" in html
    download = client.get(attachment.get_absolute_url())
    assert (download.status_code, b"".join(download.streaming_content)) == (200, b"plan")
    assert own.organization == regions.follo
    client.force_login(world.other)
    assert client.get(attachment.get_absolute_url()).status_code == 403


def test_secretariat_sees_every_answer_and_who_has_not_answered(client, world, regions, open_call):
    _submit(open_call, regions.ringerike, "Ringerikes svar")
    client.force_login(world.secretariat)
    response = client.get(open_call.get_absolute_url(), **EN)
    html = response.content.decode()
    assert "Ringerikes svar" in html
    rows = [org.name for org, sub in response.context["audience"]]
    assert rows == ["Folloregionen IPR", "Ringeriksregionen IPR"]
    assert [sub is not None for org, sub in response.context["audience"]] == [False, True]


def test_member_answers_and_changes_the_answer(client, world, regions, open_call):
    url = reverse("call_answer", args=[open_call.pk, regions.follo.pk])
    client.force_login(world.member)
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Vi tilbyr Ski."})
    assert (response.status_code, response["Location"]) == (302, open_call.get_absolute_url())
    response = client.post(
        url, {"text": "Vi tilbyr Ås.", "file": SimpleUploadedFile("program.txt", b"Dag 1")}
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (submission.organization, submission.text, submission.submitted_by) == (
        regions.follo,
        "Vi tilbyr Ås.",
        world.member,
    )
    assert [a.filename for a in submission.attachments.all()] == ["program.txt"]


def test_empty_answer_shows_the_error_next_to_the_field(client, world, regions, open_call):
    client.force_login(world.member)
    response = client.post(
        reverse("call_answer", args=[open_call.pk, regions.follo.pk]), {"text": ""}, **EN
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="ds-error-summary"' in html
    assert 'id="id_text_error">This field is required.</p>' in html


@pytest.mark.parametrize(
    ("role", "org", "status"),
    [
        ("member", "ringerike", 403),  # not an organization they sit for
        ("member_of_other_body", "follo", 403),
        ("other_cooperation", "follo", 403),
        ("anonymous", "follo", 302),
    ],
)
def test_answering_for_someone_else_is_refused(
    client, world, regions, open_call, role, org, status
):
    url = reverse("call_answer", args=[open_call.pk, getattr(regions, org).pk])
    response = _client(client, world.users()[role]).post(url, {"text": "Nei."})
    assert response.status_code == status
    assert Submission.objects.count() == 0


def test_late_answer_is_refused_on_the_page_and_accepted_after_an_extension(
    client, world, regions, closed_call
):
    url = reverse("call_answer", args=[closed_call.pk, regions.follo.pk])
    client.force_login(world.member)
    response = client.post(url, {"text": "For sent?"}, **EN)
    assert response.status_code == 400
    assert (
        "Answers can no longer be given or changed unless the secretariat extends the deadline."
        in response.content.decode()
    )
    assert Submission.objects.count() == 0
    client.force_login(world.member)
    assert (
        client.post(
            reverse("call_extend", args=[closed_call.pk]), {"date": "2099-01-01", "time": "12:00"}
        ).status_code
        == 403
    )
    client.force_login(world.secretariat)
    response = client.post(
        reverse("call_extend", args=[closed_call.pk]), {"date": "2099-01-01", "time": "12:00"}
    )
    assert response.status_code == 302
    closed_call.refresh_from_db()
    assert timezone.localtime(closed_call.extended_until).isoformat() == "2099-01-01T12:00:00+01:00"
    client.force_login(world.member)
    assert client.post(url, {"text": "Innenfor forlenget frist."}).status_code == 302
    assert Submission.objects.get().text == "Innenfor forlenget frist."


def test_secretariat_opens_a_call_with_criteria(client, world, regions):
    url = reverse("call_create", args=["osloregionen"])
    data = {
        "title": "Vertskap for felles fagsamling 28.–29. august",
        "text": "Hvem ønsker å være vertskap i 2025?",
        "audience": "",
        "opens_date": "2025-01-21",
        "opens_time": "14:00",
        "deadline_date": "2025-03-01",
        "deadline_time": "23:59",
        "reminder_days": "5",
        "criteria": "Hva dere ønsker å vise frem\n2 | Egnede møtelokaler\n1,5 | Overnatting",
        "scale_min": "1",
        "scale_max": "5",
        "item": "",
    }
    for user in (world.member, world.other):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
    client.force_login(world.secretariat)
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    call = Call.objects.get()
    assert (response.status_code, response["Location"]) == (302, call.get_absolute_url())
    assert [(c.title, str(c.weight)) for c in call.criteria.all()] == [
        ("Hva dere ønsker å vise frem", "1.00"),
        ("Egnede møtelokaler", "2.00"),
        ("Overnatting", "1.50"),
    ]
    assert (
        call.reminder_days,
        call.audience_body,
        timezone.localtime(call.deadline).isoformat(),
    ) == (
        5,
        None,
        "2025-03-01T23:59:00+01:00",
    )


def test_bad_criteria_and_times_are_shown_next_to_the_fields(client, world, regions):
    client.force_login(world.secretariat)
    response = client.post(
        reverse("call_create", args=["osloregionen"]),
        {
            "title": "X",
            "opens_date": "2025-03-01",
            "opens_time": "10:00",
            "deadline_date": "2025-02-01",
            "deadline_time": "10:00",
            "reminder_days": "3",
            "criteria": "tung | Vekt",
            "scale_min": "3",
            "scale_max": "2",
        },
        **EN,
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"criteria", "deadline_date", "scale_max"}
    assert response.context["form"].errors["criteria"] == [
        "Line 1: the weight must be a number above 0, e.g. 2 | Title."
    ]
    assert Call.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_evaluation_only_for_the_secretariat(client, world, closed_call, role):
    submission = _submit(closed_call, world.coop, "Svar")
    expected = {"anonymous": 302, "secretariat": 200, "admin": 200}.get(role, 403)
    c = _client(client, world.users()[role])
    assert c.get(reverse("call_evaluation", args=[closed_call.pk])).status_code == expected
    assert c.get(reverse("call_score", args=[submission.pk])).status_code == expected


def test_secretariat_scores_and_the_matrix_shows_missing_scores(
    client, world, regions, closed_call
):
    follo = _submit(closed_call, regions.follo, "Ski")
    rooms, beds = closed_call.criteria.all()
    client.force_login(world.member)
    score_url = reverse("call_score", args=[follo.pk])
    assert client.post(score_url, {f"score_{rooms.pk}": "5"}).status_code == 403
    client.force_login(world.secretariat)
    response = client.post(
        score_url,
        {f"score_{rooms.pk}": "4", f"comment_{rooms.pk}": "Gode lokaler", f"score_{beds.pk}": ""},
    )
    assert response.status_code == 302
    assert list(Score.objects.values_list("criterion__title", "value", "comment")) == [
        ("Møtelokaler", 4, "Gode lokaler")
    ]
    response = client.get(reverse("call_evaluation", args=[closed_call.pk]), **EN)
    (row,) = response.context["matrix"].rows
    assert (str(row.total), row.row.complete) == ("4.00", False)
    html = response.content.decode()
    assert (
        f'<td class="number" data-criterion="{beds.pk}"><span class="missing">missing</span></td>'
        in html
    )


def test_score_off_the_scale_is_refused(client, world, regions, closed_call):
    follo = _submit(closed_call, regions.follo, "Ski")
    rooms = closed_call.criteria.first()
    client.force_login(world.secretariat)
    response = client.post(reverse("call_score", args=[follo.pk]), {f"score_{rooms.pk}": "9"})
    assert response.status_code == 400
    assert Score.objects.count() == 0


def _grow(world, call, n):
    for _ in range(n):
        org = OrganizationFactory()
        MembershipFactory(organization=org, cooperation=world.coop)
        SeatFactory(person=PersonFactory(), body=world.kg, organization=org)
        submission = _submit(call, org, "Svar", attachment=True)
        for criterion in call.criteria.all():
            for user in (world.secretariat, world.admin):
                Score.objects.create(
                    submission=submission, criterion=criterion, evaluator=user, value=3
                )


def test_pages_do_a_fixed_number_of_queries(
    client, world, regions, closed_call, django_assert_num_queries
):
    client.force_login(world.secretariat)
    pages = {
        reverse("call_list"): 6,
        closed_call.get_absolute_url(): 10,
        reverse("call_evaluation", args=[closed_call.pk]): 9,
    }
    _grow(world, closed_call, 1)
    for url, count in pages.items():
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
    _grow(world, closed_call, 12)
    for n in range(5):
        make_call(world, opens=closed_call.opens, deadline=closed_call.deadline, title=f"Runde {n}")
    for url, count in pages.items():
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200


def test_member_pages_do_a_fixed_number_of_queries(
    client, world, regions, open_call, django_assert_num_queries
):
    client.force_login(world.member)
    _submit(open_call, regions.follo, "Svar", attachment=True)
    for size in (1, 10):
        _grow(world, open_call, size)
        with django_assert_num_queries(9):
            assert client.get(open_call.get_absolute_url()).status_code == 200


def test_front_page_fragment_lists_open_calls_with_answered_state(
    world, regions, open_call, closed_call
):
    later = make_call(
        world,
        opens=open_call.opens,
        deadline=open_call.deadline + dt.timedelta(days=1),
        title="Tema til magasinet",
    )
    _submit(later, regions.follo, "Forslag")
    calls = queries.open_calls_for(viewer_for(world.member))
    assert [(c.title, c.answered) for c in calls] == [
        ("Vertskap for felles fagsamling", False),
        ("Tema til magasinet", True),
    ]
    assert queries.open_calls_for(viewer_for(world.other)) == []
    assert queries.open_calls_for(viewer_for(None)) == []
    html = render_to_string("calls/_open_calls.html", {"open_calls": calls})
    assert html.count('<li class="ds-card" data-call=') == 2
    assert render_to_string("calls/_open_calls.html", {"open_calls": []}).strip() == ""


def test_secretariat_edits_a_call_but_extends_rather_than_moves_its_deadline(
    client, world, regions, open_call
):
    url = reverse("call_edit", args=[open_call.pk])
    client.force_login(world.member)
    assert client.get(url).status_code == 403
    client.force_login(world.secretariat)
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(title="Vertskap 2025", criteria="3 | Møtelokaler\nOvernatting")
    for name in ("opens_date", "deadline_date"):
        data[name] = data[name].isoformat()
    for name in ("opens_time", "deadline_time"):
        data[name] = data[name].strftime("%H:%M")
    assert client.post(url, data).status_code == 302
    open_call.refresh_from_db()
    assert open_call.title == "Vertskap 2025"
    assert [(c.title, str(c.weight)) for c in open_call.criteria.all()] == [
        ("Møtelokaler", "3.00"),
        ("Overnatting", "1.00"),
    ]
    data["deadline_date"] = "2099-12-31"
    response = client.post(url, data, **EN)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "deadline_date": ["The call has opened: extend the deadline instead of changing it."]
    }
