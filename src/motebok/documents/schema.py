"""The `motebok.minutes/1` draft: what a parsed set of minutes (or a notice) contains.

These are plain pydantic models, shared by the parser, the import step and the HTTP API.
`draft.model_dump(mode="json")` gives exactly the JSON described in DESIGN.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

SCHEMA_ID = "motebok.minutes/1"

# Times serialize as "HH:MM" (pydantic's default would be "HH:MM:SS").
Time = Annotated[
    dt.time,
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str, when_used="json"),
]

ItemKind = Literal[
    "approval_of_notice",
    "approval_of_minutes",
    "round_table",
    "orientation",
    "decision",
    "any_other_business",
    "other",
]


class Person(BaseModel):
    name: str
    organization: str | None = None
    role: str | None = None


class Contribution(BaseModel):
    """One organization's report in a round-the-table item."""

    organization: str
    points: list[str] = Field(default_factory=list)


class Deadline(BaseModel):
    date: dt.date
    text: str


class Item(BaseModel):
    number: str
    title: str
    kind: ItemKind = "other"
    text: str = ""
    contributions: list[Contribution] = Field(default_factory=list)
    conclusion: str | None = None
    deadlines: list[Deadline] = Field(default_factory=list)


class PlannedItem(BaseModel):
    number: str
    title: str


class PlannedMeeting(BaseModel):
    body: str | None = None
    date: dt.date
    start: Time | None = None
    end: Time | None = None
    place: str | None = None
    replaces: dt.date | None = None
    items: list[PlannedItem] = Field(default_factory=list)


class Group(BaseModel):
    """A committee or working group named in the minutes together with its members."""

    name: str
    members: list[str] = Field(default_factory=list)


class MinutesDraft(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    # Named schema_id because `schema` would shadow a BaseModel attribute.
    schema_id: Literal["motebok.minutes/1"] = Field(default=SCHEMA_ID, alias="schema")
    kind: Literal["minutes", "notice"] = "minutes"
    title: str | None = None
    organization: str | None = None
    body: str | None = None
    date: dt.date | None = None
    start: Time | None = None
    end: Time | None = None
    place: str | None = None
    participants: list[Person] = Field(default_factory=list)
    absent: list[Person] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    planned_meetings: list[PlannedMeeting] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
