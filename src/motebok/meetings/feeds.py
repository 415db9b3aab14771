"""Atom feeds of newly approved minutes, per body and per cooperation."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from motebok.meetings.enums import MeetingStatus
from motebok.meetings.models import Meeting
from motebok.orgs.enums import OrganizationKind
from motebok.orgs.models import Body, Organization

FEED_SIZE = 30


class _MinutesFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, meeting: Meeting) -> str:
        return _("Minutes of %(body)s, %(date)s") % {
            "body": meeting.body.name,
            "date": meeting.start.date().isoformat(),
        }

    def item_description(self, meeting: Meeting) -> str:
        return meeting.title or meeting.body.name

    def item_pubdate(self, meeting: Meeting):
        return meeting.minutes_approved_at or meeting.updated_at

    def item_updateddate(self, meeting: Meeting):
        return meeting.updated_at

    def _approved(self):
        return (
            Meeting.objects.filter(status=MeetingStatus.MINUTES_APPROVED)
            .select_related("body")
            .order_by("-minutes_approved_at", "-start")
        )


class BodyMinutesFeed(_MinutesFeed):
    def get_object(self, request, slug: str) -> Body:
        return get_object_or_404(Body, slug=slug)

    def title(self, body: Body) -> str:
        return _("Approved minutes: %(body)s") % {"body": body.name}

    def link(self, body: Body) -> str:
        return body.get_absolute_url()

    def items(self, body: Body):
        return self._approved().filter(body=body)[:FEED_SIZE]


class CooperationMinutesFeed(_MinutesFeed):
    def get_object(self, request, slug: str) -> Organization:
        return get_object_or_404(Organization, slug=slug, kind=OrganizationKind.COOPERATION)

    def title(self, cooperation: Organization) -> str:
        return _("Approved minutes: %(body)s") % {"body": cooperation.name}

    def link(self, cooperation: Organization) -> str:
        return cooperation.get_absolute_url()

    def items(self, cooperation: Organization):
        return self._approved().filter(body__cooperation=cooperation)[:FEED_SIZE]
