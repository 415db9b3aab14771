"""The task pages: my tasks, the secretariat's filters, marking done and reopening."""

import datetime as dt

import factory
import pytest
from django.utils import timezone

from factories import CooperationFactory, ItemFactory, OrganizationFactory, PersonFactory
from motebok.followup.enums import TaskStatus
from motebok.followup.models import Task
from motebok.orgs.models import Seat

LIST = "/tasks/"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    cooperation = factory.SubFactory(CooperationFactory)
    text = factory.Sequence(lambda n: f"Oppgave {n}")


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def done(**kwargs) -> Task:
    return TaskFactory(status=TaskStatus.DONE, done_at=timezone.now(), **kwargs)


def groups(response) -> list[tuple[str, list[int]]]:
    return [(g["key"], [t.pk for t in g["tasks"]]) for g in response.context["groups"]]


@pytest.fixture
def tasks(world):
    """Tasks of medlem (as a person, through the region and through KG) and of others."""
    region = OrganizationFactory(name="Follo IPR")
    Seat.objects.filter(person__user=world.member).update(organization=region)
    medlem = world.member.person
    item = ItemFactory(meeting=world.approved, number="5", title="Kraft og energi")
    t = {
        "overdue": TaskFactory(
            cooperation=world.coop, due=in_days(-3), responsible_person=medlem, item=item
        ),
        "soon": TaskFactory(cooperation=world.coop, due=in_days(14), responsible_body=world.kg),
        "later": TaskFactory(
            cooperation=world.coop, due=in_days(15), responsible_organization=region
        ),
        "undated": TaskFactory(cooperation=world.coop, due=None, responsible_person=medlem),
        "done": done(cooperation=world.coop, due=in_days(-1), responsible_person=medlem),
        "old_done": TaskFactory(
            cooperation=world.coop,
            responsible_person=medlem,
            status=TaskStatus.DONE,
            done_at=timezone.now() - dt.timedelta(days=31),
        ),
        "cancelled": TaskFactory(
            cooperation=world.coop, responsible_person=medlem, status=TaskStatus.CANCELLED
        ),
        "board": TaskFactory(
            cooperation=world.coop, due=in_days(1), responsible_person=world.board_member.person
        ),
        "board_body": TaskFactory(
            cooperation=world.coop, due=in_days(2), responsible_body=world.board
        ),
        "other_coop": TaskFactory(
            cooperation=world.other_coop, due=in_days(1), responsible_organization=region
        ),
    }
    t["region"] = region
    t["item"] = item
    return t


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/tasks/"


def test_member_sees_own_tasks_grouped_by_due_date(client, world, tasks):
    client.force_login(world.member)
    response = client.get(LIST)
    assert response.status_code == 200
    assert groups(response) == [
        ("overdue", [tasks["overdue"].pk]),
        ("soon", [tasks["soon"].pk]),
        ("later", [tasks["later"].pk, tasks["undated"].pk]),
        ("done", [tasks["done"].pk]),
    ]
    assert response.context["filter_form"] is None
    html = response.content.decode()
    item = tasks["item"]
    assert f'href="/meetings/{world.approved.pk}/#item-{item.pk}"' in html
    assert f'action="/tasks/{tasks["overdue"].pk}/done/"' in html
    # a task for KG may be seen by its members, but not marked done by them
    assert f'action="/tasks/{tasks["soon"].pk}/done/"' not in html
    assert "/reopen/" not in html


def test_member_cannot_use_the_secretariat_filters(client, world, tasks):
    client.force_login(world.member)
    response = client.get(LIST, {"scope": "all", "body": world.board.pk, "status": "cancelled"})
    assert groups(response) == [
        ("overdue", [tasks["overdue"].pk]),
        ("soon", [tasks["soon"].pk]),
        ("later", [tasks["later"].pk, tasks["undated"].pk]),
        ("done", [tasks["done"].pk]),
    ]


def test_other_cooperation_sees_only_its_own_tasks(client, world, tasks):
    client.force_login(world.other)
    response = client.get(LIST, {"scope": "all"})
    assert groups(response) == [
        ("overdue", []),
        ("soon", [tasks["other_coop"].pk]),
        ("later", []),
        ("done", []),
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"scope": "all", "status": "open", "body": "board"}, {"soon": ["board_body"]}),
        ({"scope": "all", "status": "open", "person": "board"}, {"soon": ["board"]}),
        (
            {"scope": "all", "organization": "region"},
            {"later": ["later"], "done": []},
        ),
        ({"scope": "all", "status": "cancelled"}, {"cancelled": ["cancelled"]}),
        ({"scope": "all", "status": "done"}, {"done": ["done", "old_done"]}),
    ],
)
def test_secretariat_filters(client, world, tasks, params, expected):
    ids = {
        "board": world.board.pk if params.get("body") else world.board_member.person.pk,
        "region": tasks["region"].pk,
    }
    params = {k: ids.get(v, v) for k, v in params.items()}
    client.force_login(world.secretariat)
    response = client.get(LIST, params)
    assert response.status_code == 200
    found = {key: pks for key, pks in groups(response) if pks or key in expected}
    assert found == {key: [tasks[name].pk for name in names] for key, names in expected.items()}


def test_secretariat_sees_all_open_tasks_of_its_cooperation(client, world, tasks):
    client.force_login(world.secretariat)
    response = client.get(LIST, {"scope": "all", "status": "open"})
    assert groups(response) == [
        ("overdue", [tasks["overdue"].pk]),
        ("soon", [tasks["board"].pk, tasks["board_body"].pk, tasks["soon"].pk]),
        ("later", [tasks["later"].pk, tasks["undated"].pk]),
    ]
    html = response.content.decode()
    assert html.count('/done/"') == 6
    assert 'name="scope"' in html


def _grow(world, n):
    medlem = world.member.person
    for i in range(n):
        item = ItemFactory(meeting=world.approved)
        TaskFactory(
            cooperation=world.coop, due=in_days(i - n // 2), item=item, responsible_person=medlem
        )
        TaskFactory(cooperation=world.coop, due=in_days(i), responsible_body=world.kg)
        done(cooperation=world.coop, responsible_person=medlem, done_by=world.member)


@pytest.mark.parametrize(
    ("user", "params", "queries"),
    [
        ("member", {}, 6),
        ("secretariat", {"scope": "all"}, 9),
    ],
)
def test_task_list_query_count_is_fixed(
    client, world, django_assert_num_queries, user, params, queries
):
    client.force_login(getattr(world, user))
    _grow(world, 2)
    with django_assert_num_queries(queries):
        assert client.get(LIST, params).status_code == 200
    _grow(world, 20)
    with django_assert_num_queries(queries):
        response = client.get(LIST, params)
    assert sum(len(pks) for _, pks in groups(response)) == 66


def test_member_marks_own_task_done_with_a_comment(client, world, tasks):
    task = tasks["overdue"]
    client.force_login(world.member)
    client.cookies["django_language"] = "en"
    before = timezone.now()
    response = client.post(
        f"/tasks/{task.pk}/done/", {"comment": " Sendt 3. mars. ", "next": "/tasks/?x=1"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/tasks/?x=1"
    task.refresh_from_db()
    assert (task.status, task.done_by, task.done_comment) == (
        TaskStatus.DONE,
        world.member,
        "Sendt 3. mars.",
    )
    assert before <= task.done_at <= timezone.now()
    page = client.get(LIST)
    assert [str(m) for m in page.context["messages"]] == [f"Marked as done: {task.text}"]
    assert ("done", [task.pk, tasks["done"].pk]) in groups(page)


def test_member_marks_region_task_done_as_its_seat_holder(client, world, tasks):
    client.force_login(world.member)
    assert client.post(f"/tasks/{tasks['later'].pk}/done/").status_code == 302
    tasks["later"].refresh_from_db()
    assert (tasks["later"].status, tasks["later"].done_comment) == (TaskStatus.DONE, "")


@pytest.mark.parametrize(
    ("user", "task", "status"),
    [
        ("member", "board", 403),  # someone else's task
        ("member", "soon", 403),  # a task of a body the member sits in
        ("board_member", "overdue", 403),
        ("other", "overdue", 404),  # another cooperation: not even there
    ],
)
def test_others_cannot_mark_a_task_done(client, world, tasks, user, task, status):
    client.force_login(getattr(world, user))
    target = tasks[task]
    assert client.post(f"/tasks/{target.pk}/done/", {"comment": "Nei"}).status_code == status
    assert client.get(f"/tasks/{target.pk}/done/").status_code == status
    target.refresh_from_db()
    assert (target.status, target.done_at, target.done_comment) == (TaskStatus.OPEN, None, "")


def test_anonymous_cannot_mark_a_task_done(client, world, tasks):
    task = tasks["overdue"]
    response = client.post(f"/tasks/{task.pk}/done/", {"comment": "Nei"})
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next=/tasks/{task.pk}/done/"
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_secretariat_marks_anyones_task_done_and_reopens_it(client, world, tasks):
    task = tasks["board"]
    client.force_login(world.secretariat)
    assert client.post(f"/tasks/{task.pk}/done/", {"comment": "Purret"}).status_code == 302
    task.refresh_from_db()
    assert (task.status, task.done_by, task.done_comment) == (
        TaskStatus.DONE,
        world.secretariat,
        "Purret",
    )
    response = client.post(f"/tasks/{task.pk}/reopen/")
    assert (response.status_code, response["Location"]) == (302, "/tasks/")
    task.refresh_from_db()
    assert (task.status, task.done_at, task.done_by, task.done_comment) == (
        TaskStatus.OPEN,
        None,
        None,
        "",
    )


@pytest.mark.parametrize(("user", "status"), [("member", 403), ("other", 404)])
def test_only_the_secretariat_reopens(client, world, tasks, user, status):
    client.force_login(getattr(world, user))
    task = tasks["done"]
    assert client.post(f"/tasks/{task.pk}/reopen/").status_code == status
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_reopen_is_post_only_and_unknown_tasks_are_404(client, world, tasks):
    client.force_login(world.secretariat)
    assert client.get(f"/tasks/{tasks['done'].pk}/reopen/").status_code == 405
    assert client.post("/tasks/999999/done/").status_code == 404
    assert client.post("/tasks/999999/reopen/").status_code == 404


def test_a_done_task_is_not_done_again(client, world, tasks):
    task = tasks["done"]
    done_at = task.done_at
    client.force_login(world.member)
    client.cookies["django_language"] = "en"
    response = client.post(f"/tasks/{task.pk}/done/", {"comment": "Igjen"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Only an open task can be marked done."
    ]
    task.refresh_from_db()
    assert (task.done_at, task.done_comment) == (done_at, "")


def test_done_page_shows_the_form_and_its_errors(client, world, tasks):
    task = tasks["overdue"]
    client.force_login(world.member)
    client.cookies["django_language"] = "en"
    page = client.get(f"/tasks/{task.pk}/done/")
    assert page.status_code == 200
    assert '<label class="ds-label" for="id_comment">Comment (optional)</label>' in (
        page.content.decode()
    )
    response = client.post(f"/tasks/{task.pk}/done/", {"comment": "x" * 2001})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "comment": ["Ensure this value has at most 2000 characters (it has 2001)."]
    }
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_next_must_stay_on_this_site(client, world, tasks):
    client.force_login(world.member)
    response = client.post(
        f"/tasks/{tasks['overdue'].pk}/done/", {"next": "https://evil.example/tasks/"}
    )
    assert response["Location"] == "/tasks/"


def test_person_without_seat_still_sees_own_task(client, world, tasks):
    """Responsibility follows the user's person, whether or not they hold a seat now."""
    person = PersonFactory(name="Sekretær", user=world.secretariat)
    task = TaskFactory(cooperation=world.coop, due=in_days(3), responsible_person=person)
    client.force_login(world.secretariat)
    assert ("soon", [task.pk]) in groups(client.get(LIST))
