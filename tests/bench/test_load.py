"""The load benchmark in small form: motebok serve under wrk, no errors, workers under 150 MB.
(``make bench`` runs it at full length: 64 connections for 60 s.)"""

import pytest
from django.db import connection

from bench import bench_serve

SAMPLE = """Running 2s test @ http://127.0.0.1:18999/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    11.32ms   10.22ms  86.65ms   88.33%
    Req/Sec   296.90    157.03   686.00     70.00%
  Latency Distribution
     50%  808.00us
     75%   13.68ms
     90%   22.45ms
     99%    1.05s
  1203 requests in 2.04s, 3.72MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    590.40
Transfer/sec:      1.82MB
"""


def test_wrk_output_is_read_exactly():
    assert bench_serve.parse_wrk(SAMPLE) == {
        "p50_ms": 0.808,
        "p90_ms": 22.45,
        "p99_ms": 1050.0,
        "requests_per_s": 590.4,
        "requests": 1203,
        "errors": 7,
    }


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="serves the embedded SQLite demo; once per CI run (the SQLite one) is enough",
)
def test_public_pages_under_load_give_no_errors():
    figures = bench_serve.run(seconds=1, soak_seconds=5, clients=8)
    assert bench_serve.failures(figures) == []
    assert [row["page"] for row in figures["pages"]] == [
        "front page",
        "body page",
        "meeting page (20 items)",
        "task list (signed in)",
        "search (bioenergi)",
        "API meeting list",
        "task list (signed in), rendered every time",
    ]
    assert [row.get("goal", True) for row in figures["pages"]] == [True] * 6 + [False]
    assert all(row["figures"]["requests"] > 0 for row in figures["pages"])
    assert figures["soak"]["requests"] > 0
