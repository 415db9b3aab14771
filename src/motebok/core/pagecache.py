"""Whole public pages from the cache, for visitors who are not signed in.

What is cached: the response to a GET of one of :data:`PUBLIC_PAGES` by a visitor with no session
(no cookie but the CSRF and language ones, no ``Authorization`` header, not an htmx request),
when it is a 200 that sets no cookie and is not marked private. HEAD is served from the same
entry. The key is the scheme, host, path, query string and the language LocaleMiddleware chose
(from the language cookie or Accept-Language), so bokmål and English pages are kept apart.

Invalidation: a *generation* value, replaced by a new random one whenever a transaction that
wrote to the archive's tables (those of :data:`ARCHIVE_APPS`) commits, once per transaction.
The writes are seen where every write passes, the database connection (an execute wrapper),
so ``save``/``delete``, m2m changes, ``bulk_create``, ``QuerySet.update`` and raw SQL all count.
Each entry carries the generation it was rendered under and is served only while that is still
the current one. With a cache every process shares (Redis, memcached, database) the generation
lives in that cache (one round trip fetches it with the page); with this process's own memory
(LocMemCache) it is read from the database, one single-row query per cached request, so that no
process serves a page older than the last change made by another. A connection that holds
uncommitted archive writes (a request inside ``atomic``, a test) neither reads nor fills the
cache. Entries also expire after ``MOTEBOK_PAGE_CACHE_SECONDS`` (60 by default; 0 switches the
cache off), as pages list "upcoming" meetings relative to now.

CSRF: the pages carry the language form, and with it a CSRF token. The stored copy holds a
placeholder instead; each visitor served from the cache gets a token of their own, and
CsrfViewMiddleware (outside this one) sets their cookie as it would for a rendered page. Security
and CSP headers come from the middleware outside this one, on every response.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets

from django.conf import settings
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
# The apps whose tables the public pages are drawn from.
ARCHIVE_APPS = ("orgs", "meetings", "followup", "programme", "calls", "archive")
_ARCHIVE_PREFIXES = tuple(f"{label}_" for label in ARCHIVE_APPS)
_WRITE = re.compile(
    r"\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)"
    r"|\s*(TRUNCATE)\b",
    re.IGNORECASE,
)
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
_CSRF_PLACEHOLDER = b"\x00csrf\x00"
MAX_BYTES = 1_048_576  # larger responses are rendered each time, not kept in memory
GENERATION_KEY = "motebok:pagecache:generation"
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


def bump(*, create: bool = True) -> None:
    """Give the archive a new generation: every page cached so far is stale, in every process.

    With ``create=False`` a database without the generation's row is left without it (an empty
    database stays empty: ``motebok restore`` wants one)."""
    if _migrating:
        return
    value = secrets.token_hex(8)
    cache = _cache()
    try:
        if _shared(cache):
            cache.set(GENERATION_KEY, value, None)
            return
        _write_row(value, create=create)
    except DatabaseError as error:  # before the migration that makes the table, say
        logger.warning("page cache generation not replaced: %s", error)
    except Exception:  # the shared cache is down: its pages expire by themselves
        logger.exception("page cache generation not replaced")


def _write_row(value: str, *, create: bool) -> None:
    """Plain statements, no savepoint: outside a transaction this runs while the statement that
    wrote may still be open (SQLite's INSERT ... RETURNING until its row is fetched), where a
    savepoint cannot be opened and a rollback would undo that write."""
    from motebok.core.models import PageGeneration

    connection = connections[router.db_for_write(PageGeneration)]
    table = connection.ops.quote_name(PageGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET value = %s WHERE id = 1", [value])  # noqa: S608
        if cursor.rowcount or not create:
            return
        try:
            cursor.execute(f"INSERT INTO {table} (id, value) VALUES (1, %s)", [value])  # noqa: S608
        except IntegrityError:  # another process made the row meanwhile
            cursor.execute(f"UPDATE {table} SET value = %s WHERE id = 1", [value])  # noqa: S608


def _bump_on_commit() -> None:
    bump()


def writes_pending(alias: str = "default") -> bool:
    """Whether the connection holds archive writes not committed yet."""
    connection = connections[alias]
    return any(func is _bump_on_commit for _, func, _ in connection.run_on_commit)


def _archive_write(sql: str) -> bool:
    found = _WRITE.match(sql)
    if found is None:
        return False
    table = found.group(1)
    return table is None or table.lower().startswith(_ARCHIVE_PREFIXES)


def watch_writes(execute, sql, params, many, context):
    """A connection execute wrapper: schedules :func:`bump` for the commit of a transaction that
    writes to the archive's tables (once per transaction; at once outside a transaction)."""
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and _archive_write(sql):
        connection = context["connection"]
        if not writes_pending(connection.alias):
            transaction.on_commit(_bump_on_commit, using=connection.alias)
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


def _generation(cache, key: str):
    """The current generation and the entry stored under ``key`` (or None)."""
    if _shared(cache):
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, secrets.token_hex(8), None)
            return cache.get(GENERATION_KEY), None
        return generation, found.get(key)
    from motebok.core.models import PageGeneration

    connection = connections[router.db_for_read(PageGeneration)]
    table = connection.ops.quote_name(PageGeneration._meta.db_table)
    # Plain SQL: the ORM's compiling of this one query cost more than the rest of a cache hit.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE id = 1")  # noqa: S608 (no input)
        row = cursor.fetchone()
    return row[0] if row else _NO_GENERATION, cache.get(key)


# --- the middleware ---------------------------------------------------------------------------


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or max_age() <= 0:
        return False
    if isinstance(_cache(), DummyCache):
        return False
    if "HTTP_AUTHORIZATION" in request.META or "HTTP_HX_REQUEST" in request.META:
        return False
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    if not allowed.issuperset(request.COOKIES):
        return False
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return match.view_name in PUBLIC_PAGES and not writes_pending()


def _key(request) -> str:
    where = "\n".join(
        (
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            str(_salt),
        )
    )
    return "motebok:page:" + hashlib.sha256(where.encode()).hexdigest()


def _storable(request, response) -> bytes | None:
    """The content to keep (CSRF tokens replaced by the placeholder), or None."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return None
    if response.cookies or writes_pending():
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
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
    patch_vary_headers(response, ("Cookie",))  # as the rendered page: it is the anonymous one
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Serves and stores the anonymous public pages (see the module's docstring).

    It sits after CsrfViewMiddleware and LocaleMiddleware (it needs the CSRF cookie read and the
    language chosen) and before AuthenticationMiddleware (a hit needs no user).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        cache, key = _cache(), _key(request)
        try:
            generation, stored = _generation(cache, key)
        except Exception:
            logger.exception("page cache unavailable")
            return self.get_response(request)
        if stored is not None and stored[0] == generation:
            return _replay(request, stored[1:])
        response = self.get_response(request)
        content = _storable(request, response)
        if content is not None:
            headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
            try:
                cache.set(key, (generation, headers, content), max_age())
            except Exception:
                logger.exception("page not cached")
            response["X-Page-Cache"] = "miss"
        return response
