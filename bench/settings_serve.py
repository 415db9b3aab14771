"""Møtebok's settings with the benchmark's URLs: the product plus the baselines (bench.urls_serve)."""

from motebok.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls_serve"
