"""A real S3 endpoint on loopback for the tests: moto's server in a subprocess on a free port.

It is always stopped: SIGTERM first, then SIGKILL to its process group after a bounded wait.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from serving import free_port

START_TIMEOUT = 60
STOP_TIMEOUT = 15
ACCESS_KEY = "motebok-test"
SECRET_KEY = "motebok/test+secret"  # a slash and a plus: the URL must percent-encode them
REGION = "eu-north-1"


@dataclass
class S3Server:
    log_dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def storage_url(self, bucket: str, prefix: str = "") -> str:
        secret = urllib.parse.quote(SECRET_KEY, safe="")
        path = f"{bucket}/{prefix}" if prefix else bucket
        return f"s3://{ACCESS_KEY}:{secret}@127.0.0.1:{self.port}/{path}?region={REGION}&secure=0"

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def create_bucket(self, name: str) -> None:
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )

    def objects(self, bucket: str) -> dict[str, bytes]:
        """Every object in the bucket, by key."""
        client = self.client()
        listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
        return {
            o["Key"]: client.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed
        }

    def start(self) -> None:
        log = (self.log_dir / "moto.log").open("wb")
        with log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"moto server ended with {self.process.returncode}:\n"
                    + (self.log_dir / "moto.log").read_text()
                )
            try:
                with urllib.request.urlopen(self.endpoint + "/", timeout=2):  # noqa: S310
                    return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"moto server did not answer in {START_TIMEOUT} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
