"""API tokens: the model keeps only a checksum; create, use, revoke; the command; the page."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from factories import UserFactory
from motebok.api import services
from motebok.api.models import ApiToken


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_only_the_checksum_is_stored(world):
    row, token = services.create_token(world.member, "  Rapportskript ")
    assert token.startswith("mb_") and len(token) == 46
    row.refresh_from_db()
    assert row.name == "Rapportskript"
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ApiToken.objects.filter(pk=row.pk).values().get())
    assert row.last_used_at is None and row.revoked_at is None


def test_each_token_is_new(world):
    first = services.create_token(world.member, "a")[1]
    second = services.create_token(world.member, "a")[1]
    assert first != second


@pytest.mark.parametrize(("name", "message"), [("   ", "Gi nøkkelen et navn."), ("x" * 101, None)])
def test_a_name_is_needed(world, name, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.create_token(world.member, name)
    assert error.value.messages == [message or "Navnet kan være på høyst 100 tegn."]
    assert ApiToken.objects.count() == 0


def test_lifecycle_create_use_revoke(client, world):
    row, token = services.create_token(world.member, "Skript")
    before = timezone.now()
    response = client.get("/api/v1/tasks/", headers=bearer(token))
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}
    row.refresh_from_db()
    assert row.last_used_at is not None and row.last_used_at >= before
    services.revoke_token(row)
    response = client.get("/api/v1/tasks/", headers=bearer(token))
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    revoked_at = row.revoked_at
    services.revoke_token(row)
    row.refresh_from_db()
    assert row.revoked_at == revoked_at


def test_token_of_an_inactive_user_is_refused(client, world):
    _row, token = services.create_token(world.member, "Skript")
    world.member.is_active = False
    world.member.save()
    assert client.get("/api/v1/tasks/", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize("header", ["Bearer mb_wrong", "Bearer ", "Bearer nonsense", "Bearer mb_"])
def test_bad_tokens_are_401_even_where_reading_is_public(client, world, header):
    response = client.get("/api/v1/items/", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_no_token_reads_as_the_public(client, world):
    assert client.get("/api/v1/items/").json()["count"] == 3


@pytest.mark.parametrize(("role", "count"), [("other_cooperation", 3), ("member", 4)])
def test_a_token_sees_what_its_user_may_see(client, world, role, count):
    _row, token = services.create_token(world.users()[role], "Skript")
    assert client.get("/api/v1/items/", headers=bearer(token)).json()["count"] == count
    planned = client.get(f"/api/v1/meetings/{world.planned.pk}/", headers=bearer(token)).json()
    assert planned["agenda_visible"] is (role == "member")


def test_token_query_count(client, world, django_assert_num_queries):
    _row, token = services.create_token(world.member, "Skript")
    # token (with its user), last used, the viewer's two, count, page
    with django_assert_num_queries(6):
        assert client.get("/api/v1/items/", headers=bearer(token)).status_code == 200


def test_a_token_wins_over_the_session(client, world):
    client.force_login(world.member)
    _row, token = services.create_token(world.other, "Skript")
    assert client.get("/api/v1/items/", headers=bearer(token)).json()["count"] == 3


# The command


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_create_list_revoke(client, world):
    out, err = run("create", "medlem", "--name", "Rapport")
    token = out.strip()
    row = ApiToken.objects.get()
    assert err == f"Token {row.pk} “Rapport” for medlem; shown only now:\n"
    assert row.token_hash == services.token_hash(token)
    assert client.get("/api/v1/tasks/", headers=bearer(token)).status_code == 200
    row.refresh_from_db()
    used = f"{row.last_used_at:%Y-%m-%d %H:%M}"
    created = f"{row.created_at:%Y-%m-%d %H:%M}"
    listing = run("list")[0]
    assert listing == f"{row.pk}\tmedlem\tRapport\tcreated {created}\tlast used {used}\tactive\n"
    assert token not in listing
    assert run("list", "annen")[0] == ""
    assert run("revoke", str(row.pk))[0] == f"Token {row.pk} “Rapport” of medlem is revoked.\n"
    row.refresh_from_db()
    assert run("list", "medlem")[0].endswith(f"revoked {row.revoked_at:%Y-%m-%d %H:%M}\n")
    assert client.get("/api/v1/tasks/", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("create", "ingen", "--name", "x"), "No user named 'ingen'."),
        (("create", "medlem", "--name", " "), "Gi nøkkelen et navn."),
        (("revoke", "999"), "No token with id 999."),
        (("list", "ingen"), "No user named 'ingen'."),
    ],
)
def test_command_errors(world, args, message):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert str(error.value) == message
    assert ApiToken.objects.count() == 0


# The page


def test_page_needs_a_signed_in_user(client, db):
    response = client.get("/api-tokens/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/api-tokens/"


def test_page_creates_a_token_and_shows_it_once(client, world):
    client.force_login(world.member)
    response = client.post("/api-tokens/", {"name": "Rapport"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    row = ApiToken.objects.get()
    assert row.user == world.member and row.name == "Rapport"
    token = response.context["new_token"]
    assert row.token_hash == services.token_hash(token)
    assert token in response.content.decode()
    again = client.get("/api-tokens/")
    assert token not in again.content.decode()
    assert [t.name for t in again.context["tokens"]] == ["Rapport"]


def test_page_refuses_an_empty_name(client, world):
    client.force_login(world.member)
    response = client.post("/api-tokens/", {"name": ""})
    assert response.status_code == 400
    assert response.context["form"].errors == {"name": ["Feltet er påkrevet."]}
    assert ApiToken.objects.count() == 0


def test_page_lists_only_own_tokens(client, world):
    services.create_token(world.member, "Mitt")
    services.create_token(world.other, "Andres")
    client.force_login(world.member)
    response = client.get("/api-tokens/")
    assert [t.name for t in response.context["tokens"]] == ["Mitt"]
    assert "Andres" not in response.content.decode()


def test_revoke_asks_first_then_revokes(client, world):
    row, token = services.create_token(world.member, "Rapport")
    client.force_login(world.member)
    confirm = client.get(f"/api-tokens/{row.pk}/revoke/")
    assert confirm.status_code == 200
    row.refresh_from_db()
    assert row.revoked_at is None
    assert f'action="/api-tokens/{row.pk}/revoke/"' in confirm.content.decode()
    response = client.post(f"/api-tokens/{row.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/api-tokens/"
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert client.get("/api/v1/items/", headers=bearer(token)).status_code == 401


def test_another_users_token_cannot_be_revoked(client, world):
    row, _token = services.create_token(world.other, "Andres")
    client.force_login(world.member)
    assert client.get(f"/api-tokens/{row.pk}/revoke/").status_code == 404
    assert client.post(f"/api-tokens/{row.pk}/revoke/").status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


def test_inactive_user_gets_no_token(world):
    from django.core.exceptions import ValidationError

    user = UserFactory(is_active=False)
    with pytest.raises(ValidationError):
        services.create_token(user, "x")
