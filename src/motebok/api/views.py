"""The signed-in user's own API tokens: create one (shown once), revoke one (after asking)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motebok.api import services
from motebok.api.forms import TokenForm
from motebok.api.models import ApiToken


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    """The user's tokens, newest first, and a form for a new one; the new token is shown once,
    on the page that answers the POST (it is not stored anywhere it could be shown again)."""
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _row, new_token = services.create_token(request.user, form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "new_token": new_token},
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request, pk: int):
    """Asks first; the POST of the confirmation revokes. Another user's token is a 404."""
    row = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if request.method == "POST":
        services.revoke_token(row)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": row.name})
        return redirect("api_tokens")
    return render(request, "api/revoke.html", {"token": row})
