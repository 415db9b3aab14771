import pytest
from django.core.exceptions import ImproperlyConfigured

from motebok.core import env
from serving import motebok_env, run_motebok


def _motebok(*args, **environ):
    return run_motebok(*args, env=motebok_env(**environ), timeout=120)


def test_unknown_database_scheme_stops_with_one_line(tmp_path):
    result = _motebok(
        "check",
        MOTEBOK_SECRET_KEY="s",
        MOTEBOK_DATABASE_URL="mysql://root@localhost/x",
        MOTEBOK_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 2
    assert result.stderr == (
        "motebok: configuration error: MOTEBOK_DATABASE_URL: unknown database scheme 'mysql'; "
        "use sqlite:///PATH or postgres://USER@HOST:PORT/NAME\n"
    )
    assert result.stdout == ""


def test_missing_secret_in_production_stops_with_one_line(tmp_path):
    result = _motebok("check", MOTEBOK_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == (
        "motebok: configuration error: MOTEBOK_SECRET_KEY must be set when MOTEBOK_DEBUG is off "
        "(or MOTEBOK_SECRET_KEY_FILE naming a file with it)\n"
    )


def test_bad_boolean_stops_with_one_line(tmp_path):
    result = _motebok("check", MOTEBOK_DEBUG="maybe", MOTEBOK_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == (
        "motebok: configuration error: MOTEBOK_DEBUG='maybe' is not a boolean; "
        "use 1/0, true/false, yes/no or on/off\n"
    )


def test_secret_from_file_and_a_passing_check(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a-long-secret\n")
    result = _motebok("check", MOTEBOK_SECRET_KEY_FILE=str(secret), MOTEBOK_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"


def test_a_data_folder_that_does_not_exist_yet_is_made(tmp_path):
    data = tmp_path / "ny" / "mappe"
    result = _motebok("migrate", "-v", "0", MOTEBOK_SECRET_KEY="s", MOTEBOK_DATA_DIR=str(data))
    assert (result.returncode, result.stderr) == (0, "")
    assert (data / "motebok.sqlite3").is_file()


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("Off", False), ("0", False), ("", False)]
)
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("MOTEBOK_X", raw)
    assert env.env_bool("MOTEBOK_X", not expected) is expected


def test_env_int_rejects_words_and_small_values(monkeypatch):
    monkeypatch.setenv("MOTEBOK_X", "ten")
    with pytest.raises(ImproperlyConfigured, match="MOTEBOK_X='ten' is not a whole number"):
        env.env_int("MOTEBOK_X", 1)
    monkeypatch.setenv("MOTEBOK_X", "0")
    with pytest.raises(ImproperlyConfigured, match="MOTEBOK_X=0 is below the minimum 1"):
        env.env_int("MOTEBOK_X", 1, minimum=1)


def test_env_database_postgres(monkeypatch, tmp_path):
    monkeypatch.setenv("MOTEBOK_DB", "postgres://postgres@127.0.0.1:5432/test")
    config = env.env_database("MOTEBOK_DB", tmp_path / "x.sqlite3")
    assert (config["ENGINE"], config["NAME"], config["HOST"], config["PORT"], config["USER"]) == (
        "django.db.backends.postgresql",
        "test",
        "127.0.0.1",
        5432,
        "postgres",
    )


def test_env_database_default_is_sqlite(monkeypatch, tmp_path):
    monkeypatch.delenv("MOTEBOK_DB", raising=False)
    assert env.env_database("MOTEBOK_DB", tmp_path / "x.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "x.sqlite3"),
        "OPTIONS": {"timeout": 20},
        "CONN_MAX_AGE": 60,  # kept between requests: reopening costs more than a cached page
        "CONN_HEALTH_CHECKS": True,
    }


def test_a_sqlite_url_keeps_its_connection_too(monkeypatch, tmp_path):
    monkeypatch.setenv("MOTEBOK_DB", f"sqlite:///{tmp_path}/y.sqlite3")
    config = env.env_database("MOTEBOK_DB", tmp_path / "x.sqlite3")
    assert (config["NAME"], config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (
        f"{tmp_path}/y.sqlite3",
        60,
        True,
    )
