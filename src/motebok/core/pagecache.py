"""Whole pages from the cache: public pages for visitors not signed in, and a few pages per
signed-in user.

What is cached for visitors: the response to a GET of one of :data:`PUBLIC_PAGES` by a visitor
with no session (no cookie but the CSRF and language ones, no ``Authorization`` header, not an
htmx request), when it is a 200 that sets no cookie and is not marked private. HEAD is served
from the same entry. The key is the scheme, host, path, query string and the language
LocaleMiddleware chose (from the language cookie or Accept-Language), so bokmål and English pages
are kept apart.

What is cached for a signed-in user (:class:`SignedInPageCacheMiddleware`, innermost): the same
kind of response to one of :data:`SIGNED_IN_PAGES`, under a key that also holds the user, so one
user's page is only ever served to that user; never while a message waits to be shown (the page
would show it and the next would not), nor when the response sets a cookie or says ``no-store``.
The user has been read from the session (and its password hash checked) before the cache is
asked, so a signed-out or changed account never gets an old page.

Invalidation: two *generations*, each replaced by a new random value when a transaction that
wrote to certain tables commits, once per transaction. The public one changes with the archive's
tables (those of :data:`ARCHIVE_APPS`); the signed-in one with those and with every other table
but :data:`UNSEEN_TABLES` (sessions, login attempts, the audit trail, the task queue, API
tokens, the outbox), as signed-in
pages also show accounts, roles and the like, and a login (``last_login``) must not empty the
public cache. The writes are seen where every write passes, the database connection (an execute
wrapper), so ``save``/``delete``, m2m changes, ``bulk_create``, ``QuerySet.update`` and raw SQL
all count. Each entry carries the generation it was rendered under and is served only while that
is still the current one. With a cache every process shares (Redis, memcached, database) the
generations live in that cache (one round trip fetches one with the page); with this process's
own memory (LocMemCache) they are read from the database, one single-row query per cached
request, so that no process serves a page older than the last change made by another. A
connection that holds uncommitted writes of either kind (a request inside ``atomic``, a test)
neither reads nor fills the cache. Entries also expire after ``MOTEBOK_PAGE_CACHE_SECONDS`` (60
by default; 0 switches the cache off), as pages list "upcoming" meetings and overdue tasks
relative to now.

CSRF: the pages carry forms (the language form at least), and with them CSRF tokens. The stored
copy holds a placeholder instead; each request served from the cache gets a token of its own,
and CsrfViewMiddleware (outside this one) sets the cookie as it would for a rendered page.
Security and CSP headers come from the middleware outside, on every response.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.db import DatabaseError, IntegrityError, connections, router, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

from motebok.core.public import PUBLIC_READ_VIEWS

logger = logging.getLogger(__name__)

# Pages anyone may read and that change only with the archive (or with time: the maximum age).
PUBLIC_PAGES = PUBLIC_READ_VIEWS
# Pages a signed-in user sees often and that change only with the database (or with time).
SIGNED_IN_PAGES = frozenset(
    {"home", "cooperation_detail", "body_detail", "meeting_detail", "search", "task_list"}
)
# The apps whose tables the public pages are drawn from.
ARCHIVE_APPS = ("orgs", "meetings", "followup", "programme", "calls", "archive")
_ARCHIVE_PREFIXES = tuple(f"{label}_" for label in ARCHIVE_APPS)
# Tables (by prefix) that no cached page shows: writing them changes neither generation.
UNSEEN_TABLES = (
    "django_session",
    "django_migrations",
    "django_tasks",
    "axes_",
    "audit_",
    "api_apitoken",  # its last use, at every API call with a token
    "core_outbox",
    "core_pagegeneration",
    "core_workerheartbeat",
)
_WRITE = re.compile(
    r"\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)"
    r"|\s*(TRUNCATE)\b",
    re.IGNORECASE,
)
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
_CSRF_PLACEHOLDER = b"\x00csrf\x00"
MAX_BYTES = 1_048_576  # larger responses are rendered each time, not kept in memory
# The generations: a row of core.PageGeneration each, or a key each in a shared cache.
PUBLIC, SIGNED_IN = 1, 2
GENERATION_KEYS = {
    PUBLIC: "motebok:pagecache:generation",
    SIGNED_IN: "motebok:pagecache:generation:signed-in",
}
_NO_GENERATION = "0"
_salt = 0  # this process's; changed when a test changes a setting
_migrating = False


def max_age() -> int:
    return settings.MOTEBOK_PAGE_CACHE_SECONDS


def _cache():
    return caches["default"]


def _shared(cache) -> bool:
    """True when every process sees the same cache (not this process's memory)."""
    return not isinstance(cache, LocMemCache)


# --- invalidation -----------------------------------------------------------------------------


def bump(*, create: bool = True, which: tuple[int, ...] = (PUBLIC, SIGNED_IN)) -> None:
    """Give the generations ``which`` new values: every page cached under them is stale, in
    every process.

    With ``create=False`` a database without the generations' rows is left without them (an
    empty database stays empty: ``motebok restore`` wants one)."""
    if _migrating:
        return
    value = secrets.token_hex(8)  # one value will do: each kind of entry checks its own
    cache = _cache()
    try:
        if _shared(cache):
            cache.set_many({GENERATION_KEYS[generation]: value for generation in which}, None)
            return
        _write_rows(which, value, create=create)
    except DatabaseError as error:  # before the migration that makes the table, say
        logger.warning("page cache generation not replaced: %s", error)
    except Exception:  # the shared cache is down: its pages expire by themselves
        logger.exception("page cache generation not replaced")


def _write_rows(rows: tuple[int, ...], value: str, *, create: bool) -> None:
    """Plain statements, no savepoint: outside a transaction this runs while the statement that
    wrote may still be open (SQLite's INSERT ... RETURNING until its row is fetched), where a
    savepoint cannot be opened and a rollback would undo that write."""
    from motebok.core.models import PageGeneration

    connection = connections[router.db_for_write(PageGeneration)]
    table = connection.ops.quote_name(PageGeneration._meta.db_table)
    ids = ", ".join(str(int(row)) for row in rows)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET value = %s WHERE id IN ({ids})", [value])  # noqa: S608
        if cursor.rowcount == len(rows) or not create:
            return
        for row in rows:  # a fresh database: make the rows that are missing
            cursor.execute(f"UPDATE {table} SET value = %s WHERE id = %s", [value, row])  # noqa: S608
            if cursor.rowcount:
                continue
            try:
                cursor.execute(f"INSERT INTO {table} (id, value) VALUES (%s, %s)", [row, value])  # noqa: S608
            except IntegrityError:  # another process made the row meanwhile
                cursor.execute(f"UPDATE {table} SET value = %s WHERE id = %s", [value, row])  # noqa: S608


def _bump_on_commit() -> None:
    bump()


def _bump_signed_in_on_commit() -> None:
    bump(which=(SIGNED_IN,))


_BUMPS = (_bump_on_commit, _bump_signed_in_on_commit)


def _pending(alias: str) -> set:
    return {func for _, func, _ in connections[alias].run_on_commit if func in _BUMPS}


def writes_pending(alias: str = "default") -> bool:
    """Whether the connection holds writes not committed yet that a cached page could show."""
    return bool(_pending(alias))


def _written(sql: str):
    """The bump a statement calls for (None for a read or a write no cached page shows)."""
    found = _WRITE.match(sql)
    if found is None:
        return None
    table = found.group(1)
    if table is None or table.lower().startswith(_ARCHIVE_PREFIXES):  # TRUNCATE: any table
        return _bump_on_commit
    if table.lower().startswith(UNSEEN_TABLES):
        return None
    return _bump_signed_in_on_commit


def watch_writes(execute, sql, params, many, context):
    """A connection execute wrapper: schedules a bump for the commit of a transaction that
    writes to tables cached pages show (once per transaction and kind; at once outside a
    transaction)."""
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and (needed := _written(sql)) is not None:
        alias = context["connection"].alias
        pending = _pending(alias)
        if _bump_on_commit not in pending and needed not in pending:
            transaction.on_commit(needed, using=alias)
    return result


def install(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: watch the connection's writes (once per connection)."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def before_migrate(sender, **kwargs) -> None:
    """While migrating, the generation's table may not exist yet: no bump until it is done."""
    global _migrating
    _migrating = True


def after_migrate(sender, **kwargs) -> None:
    """A migration can change what pages show: start a new generation (once, for core)."""
    global _migrating
    _migrating = False
    bump(create=False)


def settings_changed(setting, **kwargs) -> None:
    """Tests change settings in this process: pages rendered before are not reused after (a
    change of CACHES is a change of store, which needs no new keys)."""
    global _salt
    if setting != "CACHES":
        _salt += 1


setting_changed.connect(settings_changed)


def _generation(cache, which: int, key: str):
    """The current value of generation ``which`` and the entry stored under ``key`` (or None)."""
    if _shared(cache):
        name = GENERATION_KEYS[which]
        found = cache.get_many([name, key])
        generation = found.get(name)
        if generation is None:
            cache.add(name, secrets.token_hex(8), None)
            return cache.get(name), None
        return generation, found.get(key)
    from motebok.core.models import PageGeneration

    connection = connections[router.db_for_read(PageGeneration)]
    table = connection.ops.quote_name(PageGeneration._meta.db_table)
    # Plain SQL: the ORM's compiling of this one query cost more than the rest of a cache hit.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE id = %s", [which])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else _NO_GENERATION, cache.get(key)


# --- the middleware ---------------------------------------------------------------------------


def _cacheable_request(request, *, signed_in: bool) -> bool:
    if request.method not in ("GET", "HEAD") or max_age() <= 0:
        return False
    if isinstance(_cache(), DummyCache):
        return False
    if "HTTP_AUTHORIZATION" in request.META or "HTTP_HX_REQUEST" in request.META:
        return False
    if signed_in:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
    elif not {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}.issuperset(request.COOKIES):
        return False
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    if signed_in:  # the session is read only for the pages kept
        if match.view_name not in SIGNED_IN_PAGES or not request.user.is_authenticated:
            return False
        if len(get_messages(request)):
            return False
    elif match.view_name not in PUBLIC_PAGES:
        return False
    return not writes_pending()


def _key(request, *, signed_in: bool) -> str:
    where = "\n".join(
        (
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            str(_salt),
            f"user {request.user.pk}" if signed_in else "anonymous",
        )
    )
    return "motebok:page:" + hashlib.sha256(where.encode()).hexdigest()


def _storable(request, response, *, signed_in: bool) -> bytes | None:
    """The content to keep (CSRF tokens replaced by the placeholder), or None."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return None
    if response.cookies or writes_pending():
        return None
    user = getattr(request, "user", None)
    if not signed_in and user is not None and user.is_authenticated:
        return None
    control = response.get("Cache-Control", "").lower()
    refused = ("no-store", "no-cache") if signed_in else ("private", "no-store", "no-cache")
    if any(word in control for word in refused):
        return None
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if not vary <= {"cookie", "accept-language"}:
        return None
    content = response.content
    if len(content) > MAX_BYTES:
        return None
    content, tokens = _CSRF_INPUT.subn(rb"\1" + _CSRF_PLACEHOLDER + rb"\2", content)
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not tokens:
        return None  # a token was taken for something this cache does not know how to replace
    return content


def _replay(request, entry) -> HttpResponse:
    headers, content = entry
    if _CSRF_PLACEHOLDER in content:
        content = content.replace(_CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content, headers=headers)
    patch_vary_headers(response, ("Cookie",))  # as the rendered page
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Serves and stores the anonymous public pages (see the module's docstring).

    It sits after CsrfViewMiddleware and LocaleMiddleware (it needs the CSRF cookie read and the
    language chosen) and before AuthenticationMiddleware (a hit needs no user).
    """

    signed_in = False

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        signed_in = self.signed_in
        if not _cacheable_request(request, signed_in=signed_in):
            return self.get_response(request)
        cache, key = _cache(), _key(request, signed_in=signed_in)
        try:
            generation, stored = _generation(cache, SIGNED_IN if signed_in else PUBLIC, key)
        except Exception:
            logger.exception("page cache unavailable")
            return self.get_response(request)
        if stored is not None and stored[0] == generation:
            return _replay(request, stored[1:])
        response = self.get_response(request)
        content = _storable(request, response, signed_in=signed_in)
        if content is not None:
            headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
            try:
                cache.set(key, (generation, headers, content), max_age())
            except Exception:
                logger.exception("page not cached")
            response["X-Page-Cache"] = "miss"
        return response


class SignedInPageCacheMiddleware(PageCacheMiddleware):
    """Serves and stores :data:`SIGNED_IN_PAGES` per signed-in user (see the module's docstring).

    It sits last, after AuthenticationMiddleware and MessageMiddleware (it needs the user and the
    waiting messages); every other middleware has run on the request and runs on a hit's
    response as on a rendered one.
    """

    signed_in = True
