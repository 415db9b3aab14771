"""Every URL pattern of Møtebok, classified, with the status each role gets (tests/test_visibility.py).

A pattern that is not in ``ROUTES`` (by its URL name) and an API operation that is not in
``API_ROUTES`` (by method and OpenAPI path) make the visibility test fail: add a row here.

Statuses are given in the order of ``ROLES``; 302 means "sent to the sign-in page". For an
object that does not exist the row's ``missing`` statuses apply (by default: the sign-in
redirect stays for anonymous users where the view asks for it first, everyone else gets 404).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("anonymous", "other_cooperation", "member_of_other_body", "member", "secretariat", "admin")
OUTSIDERS = ("anonymous", "other_cooperation", "member_of_other_body")
INSIDERS = ("member", "secretariat", "admin")  # of the coordination group, whose meetings they are

# Kinds of pattern
PUBLIC = "public page, feed or export"
TOKEN = "feed behind a secret token (no sign-in)"
SIGNED_IN = "any signed-in user"
COOPERATION = "users of the object's cooperation"
INSIDER = "the body's seat holders and the cooperation's secretariat"
SECRETARIAT = "secretariat of the object's cooperation"
WRITE_ONLY = "changes data: POST only, GET is refused"
AUTH = "sign-in machinery"
OPERATIONS = "health check for load balancers and monitoring"
OWNER = "only the user the object belongs to"
ADMIN = "Django admin (its namespace, generated per registered model)"
API = "API: classified by method and OpenAPI path in API_ROUTES"

EVERYONE = (200,) * 6
LOGIN_THEN_ALL = (302, 200, 200, 200, 200, 200)
RUN_BY_SECRETARIAT = (302, 403, 403, 403, 200, 200)
# The other cooperation's secretariat runs its own cooperation's objects.
RUN_BY_OTHER = (302, 200, 403, 403, 403, 200)
COOPERATION_USERS = (302, 403, 200, 200, 200, 200)
BODY_INSIDERS = (302, 403, 403, 200, 200, 200)
NOT_FOUND = (404,) * 6
GET_REFUSED = (405,) * 6
LOGIN_THEN_GET_REFUSED = (302, 405, 405, 405, 405, 405)


@dataclass(frozen=True)
class Row:
    kind: str
    objects: str = "none"  # a family of visibility_world.families()
    statuses: tuple[int, ...] = EVERYONE
    per_object: dict[str, tuple[int, ...]] = field(default_factory=dict)
    missing: tuple[int, ...] | None = None

    def expected(self, obj) -> tuple[int, ...]:
        if obj.label in self.per_object:
            return self.per_object[obj.label]
        if obj.missing:
            if self.missing is not None:
                return self.missing
            if self.kind == WRITE_ONLY:
                return self.statuses
            return (302 if self.statuses[0] == 302 else 404,) + (404,) * 5
        return self.statuses


def secretariat(objects: str, **kw) -> Row:
    return Row(SECRETARIAT, objects, RUN_BY_SECRETARIAT, **kw)


def post_only(objects: str, statuses=GET_REFUSED) -> Row:
    return Row(WRITE_ONLY, objects, statuses)


BY_COOPERATION = {"osloregionen": RUN_BY_SECRETARIAT, "annenregionen": RUN_BY_OTHER}
BY_BODY = {"kg": RUN_BY_SECRETARIAT, "styret": RUN_BY_SECRETARIAT, "annet-styre": RUN_BY_OTHER}
OUTBOX = (302, 404, 403, 403, 200, 200)

ROUTES: dict[str, Row] = {
    # Public pages, feeds and exports: everyone gets the page; what it shows is checked for leaks.
    "home": Row(PUBLIC),
    "search": Row(PUBLIC, "search"),
    "body_detail": Row(PUBLIC, "body"),
    "body_calendar": Row(PUBLIC, "body"),
    "body_minutes_feed": Row(PUBLIC, "body"),
    "cooperation_detail": Row(PUBLIC, "cooperation"),
    "cooperation_minutes_feed": Row(PUBLIC, "cooperation"),
    "cooperation_popolo": Row(PUBLIC, "cooperation"),
    "meeting_detail": Row(PUBLIC, "meeting"),
    "meeting_export": Row(PUBLIC, "export"),
    "document_download": Row(
        PUBLIC, "document", per_object={"exempt": (404, 404, 404, 200, 200, 200)}
    ),
    "personal_calendar_feed": Row(TOKEN, "calendar_token"),
    # Open data (OParl 1.1; Popolo above): public objects only, whoever asks
    "oparl:system": Row(PUBLIC),
    "oparl:bodies": Row(PUBLIC),
    "oparl:body": Row(PUBLIC, "oparl_body"),
    "oparl:list": Row(PUBLIC, "oparl_list"),
    "oparl:committee": Row(PUBLIC, "oparl_committee"),  # another cooperation's body: 404
    "oparl:organization": Row(PUBLIC, "oparl_organization"),
    "oparl:person": Row(PUBLIC, "oparl_person", per_object={"other": NOT_FOUND}),
    "oparl:membership": Row(PUBLIC, "oparl_membership", per_object={"other": NOT_FOUND}),
    "oparl:meeting": Row(PUBLIC, "oparl_meeting"),
    "oparl:agenda_item": Row(PUBLIC, "oparl_item", per_object={"planned": NOT_FOUND}),
    "oparl:paper": Row(PUBLIC, "oparl_document", per_object={"exempt": NOT_FOUND}),
    "oparl:file": Row(PUBLIC, "oparl_document", per_object={"exempt": NOT_FOUND}),
    "healthz": Row(OPERATIONS),
    # Sign-in machinery
    "login": Row(AUTH),
    "logout": Row(AUTH, statuses=GET_REFUSED),
    "set_language": Row(AUTH, statuses=(302,) * 6),  # a GET goes back without changing anything
    # Single sign-on answers 404 until MOTEBOK_OIDC_* set it up (tests/core/test_oidc.py then).
    "oidc_authentication_init": Row(AUTH, statuses=NOT_FOUND),
    "oidc_authentication_callback": Row(AUTH, statuses=NOT_FOUND),
    # Any signed-in user: lists filtered to what the user may see
    "task_list": Row(SIGNED_IN, statuses=LOGIN_THEN_ALL),
    "call_list": Row(SIGNED_IN, statuses=LOGIN_THEN_ALL),
    "programme_list": Row(SIGNED_IN, statuses=LOGIN_THEN_ALL),
    "personal_calendar": Row(SIGNED_IN, statuses=LOGIN_THEN_ALL),
    "personal_calendar_renew": Row(SIGNED_IN, statuses=LOGIN_THEN_ALL),
    "api_tokens": Row(SIGNED_IN, statuses=LOGIN_THEN_ALL),
    # The owner only (another user's object is a 404)
    "api_token_revoke": Row(OWNER, "api_token", (302, 404, 404, 200, 404, 404)),
    # Users of the cooperation
    "call_detail": Row(COOPERATION, "call", COOPERATION_USERS),
    "programme_detail": Row(COOPERATION, "programme", COOPERATION_USERS),
    "activity_detail": Row(COOPERATION, "activity", COOPERATION_USERS),
    "theme_detail": Row(COOPERATION, "theme", COOPERATION_USERS),
    "theme_index": Row(
        COOPERATION,
        "cooperation",
        COOPERATION_USERS,
        per_object={
            "osloregionen": COOPERATION_USERS,
            "annenregionen": (302, 200, 403, 403, 403, 200),
        },
    ),
    # Seat holders of the body (and the secretariat)
    "round_table_write": Row(INSIDER, "meeting", BODY_INSIDERS),
    "call_answer": Row(INSIDER, "call_answer", BODY_INSIDERS),  # the member answers for Follo
    "call_attachment": Row(INSIDER, "call_attachment", BODY_INSIDERS),
    "call_attachment_delete": Row(INSIDER, "call_attachment", BODY_INSIDERS),
    # The secretariat
    "import_upload": Row(SECRETARIAT, statuses=(302, 200, 403, 403, 200, 200)),
    "import_review": secretariat("import_token"),  # a token of another session: 404
    "import_discard": secretariat("import_token"),
    "plan_year": Row(SECRETARIAT, "body", RUN_BY_SECRETARIAT, per_object=BY_BODY),
    "plan_move": secretariat("meeting"),
    "plan_cancel": secretariat("meeting"),
    "outbox": Row(SECRETARIAT, statuses=(302, 200, 403, 403, 200, 200)),
    "outbox_message": Row(
        SECRETARIAT, "outbox_message", OUTBOX, missing=(302, 404, 403, 403, 404, 404)
    ),
    "outbox_attachment": Row(
        SECRETARIAT, "outbox_attachment", OUTBOX, missing=(302, 404, 403, 403, 404, 404)
    ),
    "audit_list": Row(SECRETARIAT, statuses=(302, 200, 403, 403, 200, 200)),
    "meeting_history": secretariat("meeting"),
    "agenda_edit": secretariat("meeting"),
    "agenda_item_edit": secretariat("meeting_item"),
    "agenda_item_delete": secretariat("meeting_item"),  # GET asks for confirmation
    "agenda_paper_delete": secretariat("meeting_document"),
    "agenda_send": secretariat("meeting"),
    "minutes_edit": secretariat("meeting"),
    "minutes_item": secretariat("meeting_item"),
    "task_done": Row(SECRETARIAT, "task", (302, 404, 403, 403, 200, 200)),
    "call_create": Row(SECRETARIAT, "cooperation", RUN_BY_SECRETARIAT, per_object=BY_COOPERATION),
    "call_edit": secretariat("call"),
    "call_extend": secretariat("call"),
    "call_score": secretariat("submission"),
    "call_evaluation": secretariat("call"),
    "programme_create": Row(
        SECRETARIAT, "cooperation", RUN_BY_SECRETARIAT, per_object=BY_COOPERATION
    ),
    "theme_suggestions": secretariat("meeting"),
    # POST only
    "agenda_standing": post_only("meeting"),
    "agenda_item_add": post_only("meeting"),
    "agenda_item_move": post_only("meeting_item"),
    "agenda_item_place": post_only("meeting_item"),
    "agenda_paper_add": post_only("meeting"),
    "minutes_attendance": post_only("meeting", LOGIN_THEN_GET_REFUSED),
    "minutes_task": post_only("meeting_item", LOGIN_THEN_GET_REFUSED),
    "minutes_approve": post_only("meeting_item", LOGIN_THEN_GET_REFUSED),
    "minutes_group": post_only("meeting", LOGIN_THEN_GET_REFUSED),
    "minutes_publish": post_only("meeting", LOGIN_THEN_GET_REFUSED),
    "minutes_correct": post_only("meeting", LOGIN_THEN_GET_REFUSED),
    "task_reopen": post_only("task", LOGIN_THEN_GET_REFUSED),
    "call_recommend": post_only("call", LOGIN_THEN_GET_REFUSED),
    "call_to_agenda": post_only("call", LOGIN_THEN_GET_REFUSED),
    "activity_create": post_only("programme", LOGIN_THEN_GET_REFUSED),
    "activity_status": post_only("activity", LOGIN_THEN_GET_REFUSED),
    "activity_link": post_only("activity", LOGIN_THEN_GET_REFUSED),
    "activity_unlink": post_only("activity_link", LOGIN_THEN_GET_REFUSED),
    "activity_themes": post_only("activity", LOGIN_THEN_GET_REFUSED),
    "theme_suggestion_decide": post_only("suggestion", LOGIN_THEN_GET_REFUSED),
}

# Namespaces whose patterns are classified as a whole.
NAMESPACES = {"admin": ADMIN, "api": API}

# The API, by (method, OpenAPI path). Objects fill the path parameters. The API answers 401,
# not a redirect, to anonymous callers of what needs a user; write operations are POST only and
# take a user's token (tests/api/ test them; here: anonymous callers are refused).
INSIDER_ONLY = (404, 404, 404, 200, 200, 200)
V1 = "/api/v1"
API_ROUTES: dict[tuple[str, str], Row] = {
    ("GET", f"{V1}/cooperations/"): Row(PUBLIC),
    ("GET", f"{V1}/organizations/"): Row(PUBLIC),
    ("GET", f"{V1}/organizations/{{slug}}/"): Row(PUBLIC, "api_organization"),
    ("GET", f"{V1}/memberships/"): Row(PUBLIC),
    ("GET", f"{V1}/bodies/"): Row(PUBLIC),
    ("GET", f"{V1}/bodies/{{slug}}/"): Row(PUBLIC, "api_body"),
    ("GET", f"{V1}/seats/"): Row(PUBLIC),
    ("GET", f"{V1}/people/"): Row(PUBLIC),
    ("GET", f"{V1}/people/{{person_id}}/"): Row(PUBLIC, "api_person"),
    ("GET", f"{V1}/meetings/"): Row(PUBLIC),
    ("GET", f"{V1}/meetings/{{meeting_id}}/"): Row(PUBLIC, "api_meeting"),
    ("GET", f"{V1}/items/"): Row(PUBLIC),
    ("GET", f"{V1}/items/{{item_id}}/"): Row(
        PUBLIC, "api_item", per_object={"planned": INSIDER_ONLY}
    ),
    ("GET", f"{V1}/documents/"): Row(PUBLIC),
    ("GET", f"{V1}/documents/{{document_id}}/"): Row(
        PUBLIC, "api_document", per_object={"exempt": INSIDER_ONLY}
    ),
    ("GET", f"{V1}/search/"): Row(PUBLIC, "search"),
    ("GET", f"{V1}/tasks/"): Row(SIGNED_IN, statuses=(401, 200, 200, 200, 200, 200)),
    ("POST", f"{V1}/bodies/{{slug}}/meetings/"): Row(WRITE_ONLY, "api_body"),
    ("POST", f"{V1}/meetings/{{meeting_id}}/move"): Row(WRITE_ONLY, "api_meeting"),
    ("POST", f"{V1}/meetings/{{meeting_id}}/cancel"): Row(WRITE_ONLY, "api_meeting"),
    ("POST", f"{V1}/tasks/{{task_id}}/done"): Row(WRITE_ONLY, "api_task"),
}
