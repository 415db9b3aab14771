"""The minutes parser: a pure function from text (or a file) to a `MinutesDraft`.

from motebok.documents.parse import parse_text, parse_file
draft = parse_file("referat.docx")          # raises DocumentError on bad input
draft.model_dump(mode="json")               # the motebok.minutes/1 JSON
"""

from __future__ import annotations

import os

from ..errors import DocumentError
from ..extract import DEFAULT_MAX_BYTES, extract_text
from ..schema import MinutesDraft
from .assemble import parse_text

__all__ = ["DocumentError", "parse_bytes", "parse_file", "parse_text"]


def parse_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> MinutesDraft:
    """Extract the text of a .txt, .md, .docx or .pdf file and parse it."""
    return parse_text(extract_text(path, max_bytes=max_bytes))


def parse_bytes(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> MinutesDraft:
    """Parse an uploaded file given as bytes; `filename` decides the format (checked against the content)."""
    return parse_text(extract_text(data, filename, max_bytes=max_bytes))
