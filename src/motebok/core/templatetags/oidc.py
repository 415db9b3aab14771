"""``{% oidc_provider_name %}``: the provider's name when single sign-on is set up, else ""."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def oidc_provider_name() -> str:
    if not getattr(settings, "MOTEBOK_OIDC_ENABLED", False):
        return ""
    return settings.MOTEBOK_OIDC_PROVIDER_NAME
