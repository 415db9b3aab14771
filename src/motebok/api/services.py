"""Creating, checking and revoking API tokens.

A token is ``mb_`` followed by 43 random URL-safe characters (256 bits). Only its SHA-256 is
kept: a token so random needs no slow hash, and the checksum lets a request find its token with
one indexed query.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motebok.api.models import ApiToken

PREFIX = "mb_"
NAME_MAX_LENGTH = 100


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_token(user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token itself, which is shown only once.

    Side effects: the new row (with the checksum only).
    """
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the token a name."))
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("The name can be at most %(max)d characters.") % {"max": NAME_MAX_LENGTH}
        )
    if not user.is_active:
        raise ValidationError(_("An inactive user cannot have tokens."))
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name, token_hash=token_hash(token))
    return row, token


def authenticate(token: str) -> ApiToken | None:
    """The active token of an active user, or ``None``.

    Two queries: the look-up (with the user) and the update of ``last_used_at``.
    """
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    row.last_used_at = timezone.now()
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=row.last_used_at)
    return row


@transaction.atomic
def revoke_token(row: ApiToken) -> ApiToken:
    """Revoke a token: it stops working at once. Revoking it again changes nothing.

    Side effects: ``revoked_at`` set.
    """
    if row.revoked_at is None:
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
    return row
