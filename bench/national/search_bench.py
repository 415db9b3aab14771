"""Search latency over the synthetic national archive: p50 and p95 of realistic queries.

Each query is timed through the real search function (``motebok.archive.search.search``, the
two queries a page of hits costs) and, in-process through the whole middleware stack, through
``GET /api/v1/search/`` and the search page ``/search/``; as the public and as two signed-in
viewers (a cooperation's secretariat, and a member who sits in two bodies). The words are chosen
from the generator's own vocabulary: its most and least frequent compounds, an inflected form,
two-word queries and the commonest words of minutes.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from dataclasses import dataclass

from bench.national.text import Text

GOAL_P95_MS = 150.0


@dataclass(frozen=True)
class Query:
    kind: str
    q: str
    filters: dict


def queries(seed: int, cooperation: int, body: int) -> list[Query]:
    """The query mix: what people type into an archive's search box."""
    text = Text(random.Random(seed + 1))  # the generator's vocabulary and its frequencies
    common, second = text.topics[0], text.topics[1]
    rare = text.topics[-1]
    year = dt.date(2019, 1, 1)
    return [
        Query("very common word", "kommune", {}),
        Query("very common word", "regional", {}),
        Query("common compound", common[0], {}),
        Query("inflected form", "renseanlegget", {}),
        Query("inflected form", common[1], {}),
        Query("rare compound", rare[0], {}),
        Query("rare compound", text.topics[-2][2], {}),
        Query("two words", f"{common[0]} {second[0]}", {}),
        Query("two words", "regional renseanlegg", {}),
        Query("two words, common", "kommune møte", {}),
        Query("word + cooperation", "kommune", {"cooperation": cooperation}),
        Query("word + body", common[0], {"body": body}),
        Query("word + kind", "renseanlegget", {"kind": "contribution"}),
        Query(
            "word + one year",
            "kommune",
            {"date_from": year, "date_to": dt.date(year.year, 12, 31)},
        ),
        Query("no hit", "xylofonorkester", {}),
    ]


def _percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summarize(times: list[float]) -> dict:
    """p50 and p95 in ms, with the noise: half the spread between the quartiles."""
    ms = [t * 1000 for t in times]
    quartiles = statistics.quantiles(ms, n=4) if len(ms) >= 4 else [ms[0], ms[0], ms[0]]
    return {
        "n": len(ms),
        "p50": _percentile(ms, 0.5),
        "p95": _percentile(ms, 0.95),
        "noise": (quartiles[2] - quartiles[0]) / 2,
    }


def run(*, seed: int, cooperation, body, users: dict, rounds: int = 10) -> dict:
    """Time every query for every viewer and way in; returns the rows per (way, query kind)."""
    from django.test import Client

    from motebok.archive.search import search
    from motebok.orgs.rules import ANONYMOUS, viewer_for

    viewers = {"public": ANONYMOUS} | {name: viewer_for(user) for name, user in users.items()}
    clients = {"public": Client()}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    mix = queries(seed, cooperation.pk, body.pk)
    objects = {"cooperation": cooperation, "body": body}
    results: dict[tuple[str, str], list[float]] = {}
    totals: dict[str, int] = {}

    def timed(key, call, *args, **kwargs):
        start = time.perf_counter()
        value = call(*args, **kwargs)
        results.setdefault(key, []).append(time.perf_counter() - start)
        return value

    for query in mix:  # warm the caches once
        search(ANONYMOUS, query.q, **_objects(query.filters, objects))
    for _ in range(rounds):
        for query in mix:
            chosen = _objects(query.filters, objects)
            params = {"q": query.q} | {k: _param(v) for k, v in query.filters.items()}
            for name, viewer in viewers.items():
                page = timed(("search()", query.kind), search, viewer, query.q, **chosen)
                totals[f"{query.q} {query.filters} ({name})"] = page.total
                api = {**params}
                for key in ("cooperation", "body"):
                    if key in api:
                        api[key] = chosen[key].slug
                response = timed(
                    ("GET /api/v1/search/", query.kind), clients[name].get, "/api/v1/search/", api
                )
                assert response.status_code == 200, response.status_code
                response = timed(
                    ("GET /search/", query.kind), clients[name].get, "/search/", params
                )
                assert response.status_code == 200, response.status_code
    rows = {key: summarize(times) for key, times in results.items()}
    everything = {}
    for (way, _), times in results.items():
        everything.setdefault(way, []).extend(times)
    for way, times in everything.items():
        rows[(way, "all queries")] = summarize(times)
    return {"rows": rows, "totals": totals, "queries": mix, "rounds": rounds}


def _objects(filters: dict, objects: dict) -> dict:
    return {k: objects.get(k) if k in objects else v for k, v in filters.items()}


def _param(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def missed(rows: dict) -> list[str]:
    """The rows whose p95 is over the goal by more than their measured noise."""
    return [
        f"{way} / {kind}: p95 {row['p95']:.0f} ms (goal ≤ {GOAL_P95_MS:.0f} ms)"
        for (way, kind), row in rows.items()
        if row["p95"] > GOAL_P95_MS + row["noise"]
    ]
