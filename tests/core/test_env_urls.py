"""MOTEBOK_STORAGE_URL and MOTEBOK_CACHE_URL: what each URL gives, and one clear line for a bad one."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from motebok.core.env_urls import (
    LOCAL_CACHE,
    LOCAL_STORAGE,
    cache_from_url,
    env_cache,
    env_storage,
    storage_from_url,
)
from serving import motebok_env, run_motebok


def _motebok(*args, **environ):
    return run_motebok(*args, env=motebok_env(**environ, MOTEBOK_SECRET_KEY="s"), timeout=120)


def test_s3_url_gives_a_private_bucket_on_the_named_endpoint():
    entry = storage_from_url(
        "MOTEBOK_STORAGE_URL",
        "s3://AKIA%2B1:se%2Fcr%3Aet@objects.example.no:9000/motebok/prod/files/"
        "?region=eu-north-1&secure=0",
    )
    options = dict(entry["OPTIONS"])
    config = options.pop("client_config")
    assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options == {
        "bucket_name": "motebok",
        "location": "prod/files",
        "endpoint_url": "http://objects.example.no:9000",
        "region_name": "eu-north-1",
        "access_key": "AKIA+1",
        "secret_key": "se/cr:et",
        "use_ssl": False,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "max_memory_size": 2_621_440,
    }
    assert config.s3 == {"addressing_style": "path"}
    assert config.signature_version == "s3v4"
    assert (config.connect_timeout, config.read_timeout) == (5, 30)
    assert config.retries == {"max_attempts": 3, "mode": "standard"}


def test_s3_url_without_credentials_port_or_options():
    entry = storage_from_url("V", "s3://s3.eu-north-1.amazonaws.com/bucket?addressing=virtual")
    options = entry["OPTIONS"]
    assert {
        k: options[k]
        for k in (
            "bucket_name",
            "location",
            "endpoint_url",
            "region_name",
            "access_key",
            "secret_key",
            "use_ssl",
        )
    } == {
        "bucket_name": "bucket",
        "location": "",
        "endpoint_url": "https://s3.eu-north-1.amazonaws.com",
        "region_name": None,
        "access_key": None,
        "secret_key": None,
        "use_ssl": True,
    }
    assert options["client_config"].s3 == {"addressing_style": "virtual"}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "https://host/bucket",
            "V: unknown scheme 'https'; use s3://KEY:SECRET@HOST:PORT/BUCKET?region=REGION",
        ),
        (
            "s3://host",
            "V: the URL names no bucket; use s3://KEY:SECRET@HOST:PORT/BUCKET?region=REGION",
        ),
        (
            "s3:///bucket",
            "V: the URL names no host; use s3://KEY:SECRET@HOST:PORT/BUCKET?region=REGION",
        ),
        ("s3://key@host/b", "V: give both the access key and the secret (KEY:SECRET@) or neither"),
        (
            "s3://host/b?acl=public-read",
            "V: unknown option 'acl'; known: addressing, region, secure",
        ),
        ("s3://host/b?secure=maybe", "V: secure='maybe' is not 1 or 0"),
        ("s3://host/b?addressing=dns", "V: addressing='dns' is not path or virtual"),
        ("s3://host/b?region=a&region=b", "V: region is given twice"),
        ("s3://host/b?region", "V: the query of the URL is not key=value&…"),
        ("s3://host/b#x", "V: the URL may not have a #fragment"),
        (
            "s3://k:s@host:70000/b",
            "V: not a valid URL (Port out of range 0-65535); "
            "use s3://KEY:SECRET@HOST:PORT/BUCKET?region=REGION",
        ),
    ],
)
def test_bad_storage_url_is_refused_with_its_reason(raw, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        storage_from_url("V", raw)
    assert str(refused.value) == message


def test_redis_url_gives_the_redis_cache():
    assert cache_from_url("V", "redis://:pa%40ss@127.0.0.1:6380/4?prefix=kommune-a") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://:pa%40ss@127.0.0.1:6380/4",
        "KEY_PREFIX": "kommune-a",
        "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
    }
    assert cache_from_url("V", "rediss://cache.example.no")["LOCATION"] == (
        "rediss://cache.example.no/0"
    )
    assert cache_from_url("V", "redis://h/2")["KEY_PREFIX"] == "motebok"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("memcached://h:11211", "V: unknown scheme 'memcached'; use redis://HOST:6379/0"),
        ("redis://h/zero", "V: the Redis database 'zero' is not a number"),
        ("redis://h/0?db=1", "V: unknown option 'db'; known: prefix"),
        ("redis:///0", "V: the URL names no host; use redis://HOST:6379/0"),
    ],
)
def test_bad_cache_url_is_refused_with_its_reason(raw, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        cache_from_url("V", raw)
    assert str(refused.value) == message


def test_without_urls_the_local_disk_and_this_process_memory(monkeypatch):
    monkeypatch.delenv("MOTEBOK_STORAGE_URL", raising=False)
    monkeypatch.delenv("MOTEBOK_STORAGE_URL_FILE", raising=False)
    monkeypatch.delenv("MOTEBOK_CACHE_URL", raising=False)
    monkeypatch.delenv("MOTEBOK_CACHE_URL_FILE", raising=False)
    assert env_storage("MOTEBOK_STORAGE_URL") == LOCAL_STORAGE
    assert env_cache("MOTEBOK_CACHE_URL") == LOCAL_CACHE


def test_storage_url_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "storage-url"
    secret.write_text("s3://k:s@host/bucket\n")
    monkeypatch.delenv("MOTEBOK_STORAGE_URL", raising=False)
    monkeypatch.setenv("MOTEBOK_STORAGE_URL_FILE", str(secret))
    assert env_storage("MOTEBOK_STORAGE_URL")["OPTIONS"]["secret_key"] == "s"


def test_bad_storage_url_stops_start_up_with_one_line_without_the_secret(tmp_path):
    result = _motebok(
        "check",
        MOTEBOK_DATA_DIR=str(tmp_path),
        MOTEBOK_STORAGE_URL="s3://key:very-secret@host/bucket?acl=public-read",
    )
    assert result.returncode == 2
    assert result.stderr == (
        "motebok: configuration error: MOTEBOK_STORAGE_URL: unknown option 'acl'; "
        "known: addressing, region, secure\n"
    )
    assert result.stdout == ""


def test_bad_cache_url_stops_start_up_with_one_line(tmp_path):
    result = _motebok("check", MOTEBOK_DATA_DIR=str(tmp_path), MOTEBOK_CACHE_URL="redis://h/x")
    assert result.returncode == 2
    assert result.stderr == (
        "motebok: configuration error: MOTEBOK_CACHE_URL: the Redis database 'x' is not a number\n"
    )


def _storage_cache_sessions(tmp_path, **environ) -> str:
    result = _motebok(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings as s;"
        "print(s.STORAGES['default']['BACKEND'], s.CACHES['default']['BACKEND'], "
        "s.SESSION_ENGINE)",
        MOTEBOK_DATA_DIR=str(tmp_path),
        **environ,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_settings_with_both_urls(tmp_path):
    assert _storage_cache_sessions(
        tmp_path,
        MOTEBOK_STORAGE_URL="s3://k:s@127.0.0.1:1/bucket?secure=0",
        MOTEBOK_CACHE_URL="redis://127.0.0.1:6379/0",
    ) == (
        "storages.backends.s3.S3Storage django.core.cache.backends.redis.RedisCache "
        "django.contrib.sessions.backends.cached_db\n"
    )


def test_settings_without_urls_keep_database_sessions(tmp_path):
    assert _storage_cache_sessions(tmp_path) == (
        "django.core.files.storage.FileSystemStorage "
        "django.core.cache.backends.locmem.LocMemCache django.contrib.sessions.backends.db\n"
    )
