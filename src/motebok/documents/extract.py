"""Text extraction from uploaded files (.txt, .md, .docx, .pdf), with the checks bad input needs.

Every failure is a `DocumentError` with one clear line; nothing else escapes.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

from .errors import DocumentError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# A .docx is a zip: refuse archives that would unpack to more than this, or compress too well.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_MEMBERS = 2000

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
SUPPORTED = ".txt, .md, .docx, .pdf"


def extract_text(
    path_or_bytes: str | os.PathLike[str] | bytes,
    filename: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> str:
    """Return the text of a document given as a path or as bytes (then `filename` names it)."""
    data, name = _read(path_or_bytes, filename, max_bytes)
    suffix = Path(name).suffix.lower()
    if not data:
        raise DocumentError(f"{name}: the file is empty")
    kind = _sniff(data)
    if suffix in TEXT_SUFFIXES:
        if kind in {"pdf", "zip"}:
            raise DocumentError(
                f"{name}: the file is a {kind.upper()} file, not text; check the extension"
            )
        return decode_text(data, name)
    if suffix == ".docx":
        if kind != "zip":
            if kind == "ole":
                raise DocumentError(
                    f"{name}: the file is encrypted or in the old .doc format; save it as .docx"
                )
            raise DocumentError(f"{name}: not a valid .docx file (it is not a zip archive)")
        return _docx_text(data, name)
    if suffix == ".pdf":
        if kind != "pdf":
            raise DocumentError(f"{name}: not a valid PDF file (no %PDF header)")
        return _pdf_text(data, name)
    shown = suffix or "no extension"
    raise DocumentError(f"{name}: unsupported file type ({shown}); use {SUPPORTED}")


def _read(source, filename: str | None, max_bytes: int) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = filename or "document"
        if len(data) > max_bytes:
            raise DocumentError(f"{name}: the file is larger than the limit of {_mb(max_bytes)}")
        return data, name
    path = Path(source)
    name = filename or path.name
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(f"{name}: the file is larger than the limit of {_mb(max_bytes)}")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise DocumentError(f"{name}: the file is larger than the limit of {_mb(max_bytes)}")
    return data, name


def _mb(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    return f"{n} bytes"


def _sniff(data: bytes) -> str:
    head = data[:1024]
    if head.lstrip(b"\r\n\t \xef\xbb\xbf").startswith(b"%PDF-") or head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return "other"


def decode_text(data: bytes, name: str = "document") -> str:
    """Decode plain text: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252/latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"{name}: the text is not valid UTF-16") from exc
        return _check_text(text, name)
    if b"\x00" in data:
        raise DocumentError(f"{name}: the file contains binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    return _check_text(text, name)


# Control characters that do not occur in text: C0 except tab, newlines and form feed; DEL and C1.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _check_text(text: str, name: str) -> str:
    if "\x00" in text:
        raise DocumentError(f"{name}: the file contains binary data (NUL bytes), not text")
    sample = text[:20000]
    if sample:
        bad = len(_CONTROL.findall(sample))
        if bad > max(8, len(sample) // 50):
            raise DocumentError(f"{name}: the file looks like binary data, not text")
    return text


def check_zip(archive: zipfile.ZipFile, name: str, label: str = ".docx") -> None:
    """Refuse a zip-based document (``label``: .docx, .xlsx, .odt) that is encrypted, has too
    many parts or would unpack to far more than its size (a zip bomb), before unpacking it."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise DocumentError(f"{name}: the {label} has too many parts ({len(members)})")
    total = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise DocumentError(f"{name}: the {label} is encrypted; remove the password first")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
            raise DocumentError(
                f"{name}: the {label} looks like a zip bomb (part {info.filename} unpacks {ratio:.0f}x)"
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise DocumentError(
            f"{name}: the {label} would unpack to {_mb(total)}, over the limit of {_mb(MAX_UNCOMPRESSED_BYTES)}"
        )


def _docx_text(data: bytes, name: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise DocumentError(f"{name}: not a valid .docx file (broken zip archive)") from exc
    with archive:
        check_zip(archive, name)
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise DocumentError(f"{name}: not a Word document (no word/document.xml inside)")
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise DocumentError(f"{name}: the .docx could not be read ({type(exc).__name__})") from exc
    return _docx_body_text(document)


def _docx_body_text(document) -> str:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    counters: dict[tuple[str, int], int] = {}
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(_paragraph_text(block, counters))
            lines.append("")
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                previous = None
                for cell in row.cells:
                    # Merged cells repeat the same cell object; keep it once.
                    if previous is not None and cell._tc is previous:
                        continue
                    previous = cell._tc
                    cells.append(
                        " / ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                    )
                lines.append("\t".join(cells).rstrip())
            lines.append("")
    return "\n".join(lines)


def _paragraph_text(paragraph, counters: dict[tuple[str, int], int]) -> str:
    text = paragraph.text
    props = paragraph._p.pPr
    num_pr = props.numPr if props is not None else None
    if num_pr is None or num_pr.numId is None:
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        if style.startswith("list bullet"):
            return "- " + text.strip()
        if style.startswith("list number"):
            key = (style, 0)
            counters[key] = counters.get(key, 0) + 1
            return f"{counters[key]}. {text.strip()}"
        return text
    num_id = str(num_pr.numId.val)
    level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
    indent = "  " * level
    fmt = _numbering_format(paragraph, num_id, level)
    if fmt in {"bullet", "none", None}:
        return f"{indent}- {text.strip()}"
    key = (num_id, level)
    counters[key] = counters.get(key, 0) + 1
    # A new higher-level number restarts deeper levels.
    for other in list(counters):
        if other[0] == num_id and other[1] > level:
            del counters[other]
    return f"{indent}{counters[key]}. {text.strip()}"


def _numbering_format(paragraph, num_id: str, level: int) -> str | None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    # Looked up by relationship, not through ``numbering_part``: that property tries to create a
    # numbering part when the document has none (python-docx cannot, and raises).
    try:
        numbering = paragraph.part.part_related_by(RT.NUMBERING).element
    except (AttributeError, KeyError):
        return None
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    abstract_id = None
    for num in numbering.iter(f"{ns}num"):
        if num.get(f"{ns}numId") == num_id:
            ref = num.find(f"{ns}abstractNumId")
            abstract_id = ref.get(f"{ns}val") if ref is not None else None
            break
    if abstract_id is None:
        return None
    for abstract in numbering.iter(f"{ns}abstractNum"):
        if abstract.get(f"{ns}abstractNumId") != abstract_id:
            continue
        for lvl in abstract.iter(f"{ns}lvl"):
            if lvl.get(f"{ns}ilvl") == str(level):
                fmt = lvl.find(f"{ns}numFmt")
                return fmt.get(f"{ns}val") if fmt is not None else None
    return None


def _pdf_text(data: bytes, name: str) -> str:
    import pypdf
    from pypdf.errors import PdfReadError

    from motebok.documents.pdf_safety import active_content

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(f"{name}: the PDF is encrypted; remove the password first")
        pages = [page.extract_text() or "" for page in reader.pages]
        active = active_content(data)
        if active:
            found = ", ".join(name.lstrip("/") for name in active)
            raise DocumentError(
                f"{name}: the PDF contains scripts or other active content ({found}); "
                "save or print it again as a plain PDF"
            )
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise DocumentError(f"{name}: the PDF could not be read ({type(exc).__name__})") from exc
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        raise DocumentError(f"{name}: the PDF could not be read ({type(exc).__name__})") from exc
    text = "\n\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise DocumentError(f"{name}: the PDF has no text layer; OCR is not supported")
    return text
