"""Readers for the URLs that name the services several Møtebok nodes share: the file storage
(``MOTEBOK_STORAGE_URL``) and the cache (``MOTEBOK_CACHE_URL``).

Like the helpers in :mod:`motebok.core.env`, each fails with :class:`ImproperlyConfigured` and one
line naming the variable, so that a bad value stops start-up instead of the first request.
Secrets in the URLs never appear in those lines.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

from motebok.core.env import env_secret

LOCAL_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"
# Files of a download bigger than this are spooled to a temporary file, not kept in memory.
S3_MAX_MEMORY_SIZE = 2_621_440
_S3_OPTIONS = {"region", "secure", "addressing"}
_ADDRESSING = {"path", "virtual"}

LOCAL_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"
_CACHE_SCHEMES = {"redis", "rediss"}
_CACHE_OPTIONS = {"prefix"}


def _flag(name: str, key: str, value: str) -> bool:
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}: {key}={value!r} is not 1 or 0")


def _split(name: str, raw: str, schemes: set[str], example: str):
    try:
        url = urlsplit(raw)
        port = url.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: not a valid URL ({exc}); use {example}") from None
    if url.scheme.lower() not in schemes:
        raise ImproperlyConfigured(
            f"{name}: unknown scheme {url.scheme or 'none'!r}; use {example}"
        )
    if not url.hostname:
        raise ImproperlyConfigured(f"{name}: the URL names no host; use {example}")
    if url.fragment:
        raise ImproperlyConfigured(f"{name}: the URL may not have a #fragment")
    try:
        query = parse_qsl(url.query, keep_blank_values=True, strict_parsing=bool(url.query))
    except ValueError:
        raise ImproperlyConfigured(f"{name}: the query of the URL is not key=value&…") from None
    options: dict[str, str] = {}
    for key, value in query:
        if key in options:
            raise ImproperlyConfigured(f"{name}: {key} is given twice")
        options[key] = value.strip()
    return url, port, options


def _unknown(name: str, options: dict, known: set[str]) -> None:
    unknown = sorted(set(options) - known)
    if unknown:
        raise ImproperlyConfigured(
            f"{name}: unknown option {unknown[0]!r}; known: {', '.join(sorted(known))}"
        )


def storage_from_url(name: str, raw: str) -> dict:
    """A ``STORAGES['default']`` entry: S3-compatible object storage from ``s3://…``.

    ``s3://ACCESS_KEY:SECRET_KEY@HOST[:PORT]/BUCKET[/PREFIX][?region=…&secure=1|0&addressing=
    path|virtual]``; key and secret percent-encoded, and both left out to use boto3's own chain
    (``AWS_ACCESS_KEY_ID``…, an instance role). The bucket stays private: files are never given
    a public address, every download goes through a permission-checked view.
    """
    example = "s3://KEY:SECRET@HOST:PORT/BUCKET?region=REGION"
    url, port, options = _split(name, raw, {"s3"}, example)
    _unknown(name, options, _S3_OPTIONS)
    bucket, _, prefix = url.path.lstrip("/").partition("/")
    if not bucket:
        raise ImproperlyConfigured(f"{name}: the URL names no bucket; use {example}")
    if (url.username is None) != (url.password is None):
        raise ImproperlyConfigured(
            f"{name}: give both the access key and the secret (KEY:SECRET@) or neither"
        )
    secure = _flag(name, "secure", options.get("secure", "1").lower())
    addressing = options.get("addressing", "path").lower()
    if addressing not in _ADDRESSING:
        raise ImproperlyConfigured(f"{name}: addressing={addressing!r} is not path or virtual")
    host = url.hostname if ":" not in url.hostname else f"[{url.hostname}]"
    endpoint = urlunsplit(
        ("https" if secure else "http", f"{host}:{port}" if port else host, "", "", "")
    )
    from botocore.config import Config

    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": bucket,
            "location": prefix.strip("/"),
            "endpoint_url": endpoint,
            "region_name": options.get("region") or None,
            "access_key": unquote(url.username) if url.username is not None else None,
            "secret_key": unquote(url.password) if url.password is not None else None,
            "use_ssl": secure,
            # Private objects; a name already taken gets a new one, as on the local disk.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "max_memory_size": S3_MAX_MEMORY_SIZE,
            # An unreachable storage is reported within seconds (by /healthz too), not minutes.
            "client_config": Config(
                s3={"addressing_style": addressing},
                signature_version="s3v4",
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }


def env_storage(name: str) -> dict:
    """The default file storage: the local disk (``MEDIA_ROOT``) unless ``name`` (or
    ``name_FILE``, a file holding it) gives an ``s3://`` URL."""
    raw = env_secret(name, required=False, fallback="")
    return storage_from_url(name, raw) if raw else LOCAL_STORAGE


def cache_from_url(name: str, raw: str) -> dict:
    """A ``CACHES['default']`` entry: Django's Redis cache from ``redis://`` or ``rediss://``.

    ``redis://[[USER]:PASSWORD@]HOST[:PORT][/DB][?prefix=KEY_PREFIX]``; the database a number
    (default 0); ``prefix`` keeps installations that share one Redis apart.
    """
    example = "redis://HOST:6379/0"
    url, _port, options = _split(name, raw, _CACHE_SCHEMES, example)
    _unknown(name, options, _CACHE_OPTIONS)
    database = url.path.strip("/") or "0"
    if not database.isdigit():
        raise ImproperlyConfigured(f"{name}: the Redis database {database!r} is not a number")
    location = urlunsplit((url.scheme.lower(), url.netloc, f"/{int(database)}", "", ""))
    return {
        "BACKEND": REDIS_BACKEND,
        "LOCATION": location,
        "KEY_PREFIX": options.get("prefix", "motebok"),
        # A Redis that does not answer fails the request within seconds rather than hanging it.
        "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
    }


def env_cache(name: str) -> dict:
    """The default cache: this process's memory unless ``name`` (or ``name_FILE``) gives a Redis
    URL, which every node of an installation shares."""
    raw = env_secret(name, required=False, fallback="")
    return cache_from_url(name, raw) if raw else LOCAL_CACHE
