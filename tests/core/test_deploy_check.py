"""``manage.py check --deploy`` finds nothing to warn about with the production settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys


def _check(tmp_path, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a server has not)
        if not key.startswith("MOTEBOK_")
        and key not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(
        {
            "MOTEBOK_SECRET_KEY": secrets.token_urlsafe(50),
            "MOTEBOK_HTTPS": "1",
            "MOTEBOK_DATA_DIR": str(tmp_path),
            "MOTEBOK_ALLOWED_HOSTS": "motebok.example.no",
            "MOTEBOK_EMAIL_HOST": "smtp.example.no",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "motebok", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = _check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in result.stderr


def test_deploy_check_warns_when_mail_would_reach_nobody(tmp_path):
    result = _check(tmp_path, MOTEBOK_EMAIL_HOST="")
    assert result.returncode == 1
    assert (
        "?: (motebok.W001) MOTEBOK_EMAIL_HOST is not set: e-mail (notices, reminders, calls) is "
        "only kept in the outbox and reaches nobody." in result.stderr
    )


def test_deploy_check_fails_on_a_weak_secret_key(tmp_path):
    result = _check(tmp_path, MOTEBOK_SECRET_KEY="kort")
    assert result.returncode == 1
    assert "security.W009" in result.stderr


def test_deploy_check_fails_without_https(tmp_path):
    result = _check(tmp_path, MOTEBOK_HTTPS="0")
    assert result.returncode == 1
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr
