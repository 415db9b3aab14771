"""Text extraction from .txt, .md, .docx and .pdf files, and refusal of bad input."""

import io
import zipfile

import docx
import pypdf
import pytest

from motebok.documents.errors import DocumentError
from motebok.documents.extract import extract_text
from motebok.documents.parse import parse_bytes, parse_file

MINUTES = "Referat fra styremøte\n\nDato: 3. mars 2025\nSted: Rådhuset\n\n1. Budsjett\n\nVedtak: Vedtatt.\n"


def make_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF with a real text layer (Helvetica, WinAnsi), written by hand."""
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Referat fra møte i styret")
    document.add_paragraph("Tid: 3. mars 2025 kl. 10.00-12.00")
    document.add_paragraph("Sted: Oslo rådhus")
    document.add_paragraph("Deltakere:")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(
        table.rows,
        [
            ("Navn", "Organisasjon"),
            ("Ola Nordmann", "Asker kommune"),
            ("Kari Hansen", "Sekretariatet (leder)"),
        ],
        strict=True,
    ):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.add_paragraph("Godkjenning av innkalling", style="List Number")
    document.add_paragraph("Godkjennes.")
    document.add_paragraph("Budsjett", style="List Number")
    document.add_paragraph("Rammen", style="List Bullet")
    document.add_paragraph("Konklusjon")
    document.add_paragraph("Budsjettet vedtas. Frist for innspill er 10. mars.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_txt_utf8_and_cp1252(tmp_path):
    path = tmp_path / "referat.txt"
    path.write_text(MINUTES, encoding="utf-8")
    assert parse_file(path).place == "Rådhuset"
    assert extract_text(MINUTES.encode("cp1252"), "referat.txt") == MINUTES
    assert extract_text(b"\xef\xbb\xbf" + MINUTES.encode(), "referat.md") == MINUTES


def test_docx_paragraphs_tables_and_numbering():
    draft = parse_bytes(make_docx(), "referat.docx")
    assert (str(draft.date), str(draft.start), str(draft.end), draft.place) == (
        "2025-03-03",
        "10:00:00",
        "12:00:00",
        "Oslo rådhus",
    )
    assert [(p.name, p.organization, p.role) for p in draft.participants] == [
        ("Ola Nordmann", "Asker kommune", None),
        ("Kari Hansen", "Sekretariatet", "leder"),
    ]
    assert [(i.number, i.title, i.conclusion) for i in draft.items] == [
        ("1", "Godkjenning av innkalling", "Godkjennes."),
        ("2", "Budsjett", "Budsjettet vedtas. Frist for innspill er 10. mars."),
    ]
    assert draft.items[1].text == "- Rammen"
    assert [str(d.date) for d in draft.deadlines] == ["2025-03-10"]


def test_pdf_text_layer():
    pdf = make_pdf(
        [
            "Referat fra styremøte",
            "Dato: 3. mars 2025",
            "Sted: Rådhuset",
            "",
            "1. Budsjett",
            "Vedtak: Vedtatt.",
        ]
    )
    text = extract_text(pdf, "referat.pdf")
    assert "Rådhuset" in text
    draft = parse_bytes(pdf, "referat.pdf")
    assert (str(draft.date), draft.place) == ("2025-03-03", "Rådhuset")
    assert [(i.title, i.conclusion) for i in draft.items] == [("Budsjett", "Vedtatt.")]


def _error(data: bytes, name: str, **kwargs) -> str:
    with pytest.raises(DocumentError) as info:
        extract_text(data, name, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_empty_file():
    assert "empty" in _error(b"", "referat.txt")


def test_binary_junk():
    assert "binary" in _error(bytes(range(256)) * 10, "referat.txt")


def test_docx_that_is_not_a_zip():
    assert "not a zip" in _error(b"This is plain text, not a Word file.", "referat.docx")


def test_zip_bomb_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (30 * 1024 * 1024))
    assert "zip bomb" in _error(buffer.getvalue(), "referat.docx")


def test_encrypted_pdf():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt("hemmelig")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "encrypted" in _error(buffer.getvalue(), "referat.pdf")


def test_pdf_without_text_layer():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "no text layer; OCR is not supported" in _error(buffer.getvalue(), "skannet.pdf")


def test_too_large(tmp_path):
    assert "larger than the limit" in _error(MINUTES.encode() * 10, "referat.txt", max_bytes=100)
    path = tmp_path / "stor.txt"
    path.write_bytes(MINUTES.encode() * 10)
    with pytest.raises(DocumentError, match="larger than the limit"):
        parse_file(path, max_bytes=100)


def test_wrong_extension():
    assert "PDF file, not text" in _error(make_pdf(["Hei"]), "referat.txt")
    assert "no %PDF header" in _error(MINUTES.encode(), "referat.pdf")
    assert "unsupported file type (.exe)" in _error(b"MZ\x90\x00", "referat.exe")


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="cannot read"):
        parse_file(tmp_path / "finnes-ikke.txt")


def test_no_meeting_structure(tmp_path):
    path = tmp_path / "handleliste.txt"
    path.write_text("melk\nbrød\nost\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="no meeting structure found"):
        parse_file(path)
