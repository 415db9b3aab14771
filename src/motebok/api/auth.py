"""Who calls the API: a bearer token, else the session (or nobody, where reading is public)."""

from __future__ import annotations

from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from motebok.api import services


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: the request then acts as the token's user.

    A token that is wrong or revoked is a 401 at once, even where reading is public, so a script
    never silently reads as the public.
    """

    def authenticate(self, request, token: str):
        row = services.authenticate(token)
        if row is None:
            raise AuthenticationError
        request.user = row.user
        request.api_token = row
        return row


def public(request):
    """Anyone may read what the public may see (the session's user, if any, sees more)."""
    return True


token_auth = TokenAuth()

# Reading: a token, else the session or the public. Writing: a token only (so no CSRF question).
READ_AUTH = [token_auth, public]
SIGNED_IN_AUTH = [token_auth, django_auth]
WRITE_AUTH = [token_auth]

# In OpenAPI, a public read operation takes a token optionally: django-ninja lists the token,
# and ``openapi_extra`` lists are appended to, so this adds the empty (anonymous) alternative.
OPTIONAL_TOKEN = {"security": [{}]}
