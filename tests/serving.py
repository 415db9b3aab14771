"""`motebok serve` as a real subprocess on a free loopback port, for the tests that need one.

The server gets its own data folder and the given environment (never the test process's
MOTEBOK_* variables), and is always stopped: SIGTERM first, then SIGKILL to its whole process
group if it has not gone within the bounded wait.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

START_TIMEOUT = 120  # seconds: collectstatic and two workers, on a busy two-core machine
STOP_TIMEOUT = 40  # gunicorn's graceful timeout is 30 s


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def motebok_env(**environ: str) -> dict[str, str]:
    """The test process's environment without its MOTEBOK_* variables, plus ``environ``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTEBOK_")}
    env.update(environ)
    return env


def run_motebok(*args: str, env: dict[str, str], cwd: Path | None = None, timeout: float = 300):
    return subprocess.run(
        [sys.executable, "-m", "motebok", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def database_url(settings_dict: dict) -> str:
    """A MOTEBOK_DATABASE_URL naming the same PostgreSQL database as Django's settings."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}@" if password else f"{user}@"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Server:
    data_dir: Path
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    returncode: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def stdout_path(self) -> Path:
        return self.data_dir / "serve.stdout"

    @property
    def stderr_path(self) -> Path:
        return self.data_dir / "serve.stderr"

    def logs(self) -> str:
        return "\n".join(p.read_text() for p in (self.stdout_path, self.stderr_path) if p.exists())

    def start(self, *args: str) -> None:
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "motebok",
                    "serve",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    *args,
                ],
                env=self.env,
                cwd=self.data_dir,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,  # its own process group, so that it can be ended whole
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.returncode = self.process.returncode
                raise RuntimeError(
                    f"motebok serve ended with {self.returncode} before answering:\n{self.logs()}"
                )
            try:
                self.get("/healthz", timeout=5)
                return
            except OSError:
                time.sleep(0.25)
        raise RuntimeError(f"motebok serve did not answer in {START_TIMEOUT} s:\n{self.logs()}")

    def get(self, path: str, headers: dict[str, str] | None = None, timeout: float = 30):
        request = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 (loopback)
                return Response(answer.status, dict(answer.headers.items()), answer.read())
        except urllib.error.HTTPError as error:
            with error:
                return Response(error.code, dict(error.headers.items()), error.read())

    def stop(self) -> int | None:
        """Stop the server (SIGTERM, bounded wait, then SIGKILL); returns its exit code."""
        if self.process is None or self.returncode is not None:
            return self.returncode
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.returncode = self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            # The master (still alive, so the group is still ours) and its workers, at once.
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.returncode = -signal.SIGKILL
        return self.returncode
