"""Parse throughput of the minutes parser on the main example (parse only, one core).

Run: python bench/bench_parse.py   (goal: at least 200 documents per second)
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from motebok.documents.parse import parse_text

EXAMPLE = (
    Path(__file__).resolve().parents[1]
    / "tests"
    / "documents"
    / "fixtures"
    / "osloregionen-kg-2025-01-21.txt"
)
GOAL = 200.0


def run(rounds: int = 9, per_round: int = 50) -> dict:
    """Median documents per second over `rounds` rounds of `per_round` parses each; the goal
    counts as missed only when the median is below it by more than the rounds' spread."""
    text = EXAMPLE.read_text(encoding="utf-8")
    parse_text(text)  # warm up: regex compilation, imports
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(per_round):
            parse_text(text)
        rates.append(per_round / (time.perf_counter() - start))
    median = statistics.median(rates)
    low, _, high = statistics.quantiles(rates, n=4)
    noise = (high - low) / 2  # half the distance between the quartiles of the rounds
    return {
        "document": EXAMPLE.name,
        "bytes": len(text.encode("utf-8")),
        "rounds": rounds,
        "per_round": per_round,
        "docs_per_second": round(median, 1),
        "ms_per_doc": round(1000 / median, 2),
        "goal_docs_per_second": GOAL,
        "noise (±)": round(noise, 1),
        "meets_goal": median >= GOAL,
        "missed_beyond_noise": median < GOAL - noise,
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
