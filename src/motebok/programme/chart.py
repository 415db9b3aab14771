"""Geometry of the region × theme map, drawn as SVG by the template. Pure; no database.

A row per organization, a column per theme. A dot's area grows with how often the organization
reported on the theme, and its class says how recently: within three months, within a year, or
longer ago. Coordinates are plain strings with a decimal point, whatever the interface language.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from motebok.programme.queries import RegionMap

LABEL_WIDTH = 270
COLUMN_WIDTH = 130
ROW_HEIGHT = 36
HEADER_HEIGHT = 48
PADDING = 8
MIN_RADIUS, MAX_RADIUS = 4.0, 15.0
RECENT_DAYS, YEAR_DAYS = 92, 366


def recency(last: dt.date | None, today: dt.date) -> str:
    if last is None:
        return "none"
    age = (today - last).days
    if age <= RECENT_DAYS:
        return "recent"
    return "year" if age <= YEAR_DAYS else "older"


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class Dot:
    cx: str
    cy: str
    r: str
    recency: str
    count: int
    last: dt.date | None
    organization: str
    theme: str


@dataclass(frozen=True)
class Label:
    x: str
    y: str
    text: str
    priority: bool = False


@dataclass(frozen=True)
class Line:
    x1: str
    y1: str
    x2: str
    y2: str


@dataclass(frozen=True)
class Chart:
    width: str
    height: str
    rows: list[Label]
    columns: list[Label]
    lines: list[Line]
    dots: list[Dot]


def radius(count: int, max_count: int) -> float:
    """Area proportional to the count: the most frequent cell gets ``MAX_RADIUS``."""
    if count <= 0 or max_count <= 0:
        return 0.0
    return MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(count / max_count)


def build(region_map: RegionMap) -> Chart:
    themes, organizations = region_map.themes, region_map.organizations
    width = LABEL_WIDTH + COLUMN_WIDTH * len(themes) + PADDING
    height = HEADER_HEIGHT + ROW_HEIGHT * len(organizations) + PADDING
    columns = [
        Label(
            _n(LABEL_WIDTH + COLUMN_WIDTH * (n + 0.5)),
            _n(HEADER_HEIGHT - 16),
            theme.name,
            theme.priority_year is not None,
        )
        for n, theme in enumerate(themes)
    ]
    rows, lines, dots = [], [], []
    max_count = region_map.max_count
    for row, organization in enumerate(organizations):
        middle = HEADER_HEIGHT + ROW_HEIGHT * (row + 0.5)
        rows.append(Label(_n(LABEL_WIDTH - 12), _n(middle + 4), organization.name))
        top = HEADER_HEIGHT + ROW_HEIGHT * row
        lines.append(Line("0", _n(top), _n(width - PADDING), _n(top)))
        for column, theme in enumerate(themes):
            cell = region_map.cell(organization.pk, theme.pk)
            if not cell.count:
                continue
            dots.append(
                Dot(
                    _n(LABEL_WIDTH + COLUMN_WIDTH * (column + 0.5)),
                    _n(middle),
                    _n(radius(cell.count, max_count)),
                    recency(cell.last, region_map.today),
                    cell.count,
                    cell.last,
                    organization.name,
                    theme.name,
                )
            )
    return Chart(_n(width), _n(height), rows, columns, lines, dots)


@dataclass(frozen=True)
class TableRow:
    organization: object  # the Organization
    cells: list[tuple[int, dt.date | None, str]]


def table(region_map: RegionMap) -> list[TableRow]:
    """The same figures as text: per organization, per theme (count, last date, recency)."""
    return [
        TableRow(
            organization,
            [
                (
                    cell.count,
                    cell.last,
                    recency(cell.last, region_map.today),
                )
                for cell in (region_map.cell(organization.pk, t.pk) for t in region_map.themes)
            ],
        )
        for organization in region_map.organizations
    ]
