"""Does a PDF carry active content: scripts, launch actions, embedded files, forms that post?

Such a PDF is refused on upload: Møtebok serves papers to the public, and a paper that runs
code in a reader is a harm, whatever the reader's settings. Every object of the file is
looked at, also those inside compressed object streams, so hiding a script in a stream does
not help. Pure: bytes in, a list of findings out.
"""

from __future__ import annotations

import io

# Names whose presence as a dictionary key, or as an action type (/S), makes a PDF active.
ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA"}
)
ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMediaExecute", "/Rendition"}
)
MAX_OBJECTS = 200_000


def active_content(data: bytes) -> list[str]:
    """The kinds of active content found (``[]`` for a passive PDF). An unreadable PDF raises
    the reader's error: the caller decides what a damaged file means."""
    import pypdf
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    reader = pypdf.PdfReader(io.BytesIO(data))
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]

    def visit(value) -> None:
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key in seen:
                return
            if len(seen) >= MAX_OBJECTS:
                raise ValueError("too many objects in the PDF")
            seen.add(key)
            stack.append(value.get_object())
        elif isinstance(value, (DictionaryObject, ArrayObject)):
            stack.append(value)

    while stack:
        value = stack.pop()
        if isinstance(value, DictionaryObject):
            found.update(k for k in value if k in ACTIVE_KEYS)
            action = value.get("/S")
            if isinstance(action, NameObject) and action in ACTIVE_ACTIONS:
                found.add(str(action))
            for child in value.values():
                visit(child)
        elif isinstance(value, ArrayObject):
            for child in value:
                visit(child)
    return sorted(found)
