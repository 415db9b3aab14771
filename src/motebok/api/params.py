"""Bounded parameters of the API: ids, limits and offsets past what a database column holds
would otherwise reach the database and fail there (a 500 instead of a 422)."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema
from ninja.conf import settings
from ninja.pagination import LimitOffsetPagination

MAX_OFFSET = 1_000_000_000
MAX_LIMIT = 1000
MAX_ID = 2**63 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(settings.PAGINATION_PER_PAGE, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
