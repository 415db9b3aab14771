"""A cooperation's people, organizations and memberships as Popolo (https://www.popoloproject.com/).

One JSON document ``{"persons": […], "organizations": […], "memberships": […]}``:

- organizations: the cooperation (``organization/<slug>``), every organization that is or was a
  member or that a seat holder sits for (``organization/<slug>``), and the cooperation's bodies
  (``body/<slug>``, ``parent_id`` = the body that set it up, else the cooperation);
- memberships: each membership of the cooperation (``membership/<id>``, ``member`` = the
  organization, ``end_date`` = the last day for a member that withdrew) and each seat
  (``seat/<id>``, ``person_id``, ``organization_id`` = the body, ``on_behalf_of_id``);
- persons: the seat holders (``person/<id>``) with their name only.

Classifications and roles are Møtebok's codes (``region``, ``board``, ``chair`` …), which do not
change with the language. Public data only; the builder runs a fixed number of queries (five).
"""

from __future__ import annotations

from motebok.api import opendata_queries as q


def organization_id(org) -> str:
    return f"organization/{org.slug}"


def body_id(body) -> str:
    return f"body/{body.slug}"


def person_id(pk: int) -> str:
    return f"person/{pk}"


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _clean(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if v not in (None, "")}


def export(cooperation) -> dict:
    orgs = list(q.organizations(cooperation))
    bodies = list(q.bodies(cooperation).prefetch_related(None))
    seats = list(q.seats(cooperation))

    organizations = [
        _clean(
            {
                "id": organization_id(o),
                "name": o.name,
                "other_names": [{"name": o.short_name}] if o.short_name else None,
                "classification": o.kind,
                "links": [{"url": o.website}] if o.website else None,
            }
        )
        for o in sorted(orgs, key=lambda o: (o.pk != cooperation.pk, o.name, o.pk))
    ]
    organizations += [
        _clean(
            {
                "id": body_id(b),
                "name": b.name,
                "other_names": [{"name": b.short_name}] if b.short_name else None,
                "classification": b.kind,
                "parent_id": body_id(b.parent) if b.parent else organization_id(cooperation),
            }
        )
        for b in bodies
    ]

    memberships = [
        _clean(
            {
                "id": f"membership/{m.pk}",
                "member": {"@type": "Organization", "id": organization_id(o)},
                "organization_id": organization_id(cooperation),
                "role": "member",
                "start_date": _date(m.start),
                "end_date": _date(m.end),
            }
        )
        for o in orgs
        for m in o.periods
    ]
    memberships += [
        _clean(
            {
                "id": f"seat/{s.pk}",
                "person_id": person_id(s.person_id),
                "organization_id": body_id(s.body),
                "on_behalf_of_id": organization_id(s.organization) if s.organization else None,
                "role": s.role,
                "label": str(s.get_role_display()),
                "start_date": _date(s.start),
                "end_date": _date(s.end),
            }
        )
        for s in seats
    ]

    people = {s.person_id: s.person for s in seats}
    persons = [
        {"id": person_id(p.pk), "name": p.name}
        for p in sorted(people.values(), key=lambda p: (p.name, p.pk))
    ]
    return {"persons": persons, "organizations": organizations, "memberships": memberships}
