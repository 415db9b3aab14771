"""Who may see and do what with calls for input; every predicate takes a viewer, no queries."""

from __future__ import annotations

from motebok.orgs.rules import Viewer


def runs(viewer: Viewer, call) -> bool:
    """The secretariat (or an administrator) opens, extends and evaluates the call."""
    return viewer.runs(call.cooperation_id)


def can_see_call(viewer: Viewer, call, now) -> bool:
    """The secretariat always; the cooperation's members once the call has opened."""
    return runs(viewer, call) or (call.cooperation_id in viewer.member_of and call.opens <= now)


def can_see_submission(viewer: Viewer, submission, call, now) -> bool:
    """Before the deadline only the secretariat and those who sit for the organization see an
    answer; after it every member of the cooperation does."""
    if runs(viewer, call):
        return True
    if call.cooperation_id not in viewer.member_of:
        return False
    return submission.organization_id in viewer.organization_ids or now > call.closes_at


def can_score(viewer: Viewer, call) -> bool:
    """Evaluators are the secretariat."""
    return runs(viewer, call)
