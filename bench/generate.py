"""Load the synthetic national archive into the database of MOTEBOK_DATABASE_URL.

    MOTEBOK_DATABASE_URL=postgres://user@host:5432/bench_national \\
        .venv/bin/python -m bench.generate --scale 1

migrates the database first; it must not hold an archive made with the same seed. ``--scale``
is the fraction of the full archive (60 cooperations × 20 years, about a million items).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup() -> None:
    os.environ.setdefault("MOTEBOK_SECRET_KEY", "bench-only")
    os.environ.setdefault("MOTEBOK_HTTPS", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "motebok.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def report(result) -> str:
    lines = [
        f"scale {result.scale} (seed {result.seed}): {result.size.cooperations} cooperations × "
        f"{result.size.years} years, loaded in {result.seconds:.0f} s "
        f"(of which building the indexes after it {result.index_seconds:.0f} s)"
    ]
    lines += [f"  {label}: {count:,}" for label, count in sorted(result.counts.items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full archive")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--keep-index",
        action="store_true",
        help="keep PostgreSQL's full-text index during the load instead of building it after",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    setup()
    from bench.national.generate import generate

    def progress(done: int, total: int, seconds: float) -> None:
        print(f"  {done}/{total} cooperations, {seconds:.0f} s", file=sys.stderr, flush=True)

    try:
        result = generate(
            args.scale, seed=args.seed, progress=progress, index_after=not args.keep_index
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
