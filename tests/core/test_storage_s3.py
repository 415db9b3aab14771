"""Files on S3-compatible object storage (moto's server on loopback): stored in the private bucket,
downloaded only through the permission-checked view, which streams them from the storage."""

import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from factories import DocumentFactory
from motebok.core import health
from motebok.core.demo import DEMO_DATA, SEED_MINUTES
from motebok.core.env_urls import storage_from_url
from s3server import S3Server

CONTENT = "Unntatt offentlighet: æøå\n".encode() * 2000  # ~56 KB, more than one read


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    server = S3Server(log_dir=tmp_path_factory.mktemp("moto"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def bucket(s3, settings):
    name = f"motebok-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(name)
    settings.STORAGES = settings.STORAGES | {
        "default": storage_from_url("MOTEBOK_STORAGE_URL", s3.storage_url(name, "files"))
    }
    return name


def _exempt_paper(world):
    """An exempt paper of the approved meeting, stored with CONTENT."""
    return DocumentFactory(
        meeting=world.approved,
        public=False,
        legal_basis="Offl. § 14",
        file__filename="saksframlegg.txt",
        file__data=CONTENT,
    )


def _download(client, document):
    response = client.get(document.get_absolute_url())
    try:
        body = b"".join(response.streaming_content) if response.streaming else response.content
    finally:
        response.close()
    return response, body


def test_a_paper_is_stored_in_the_bucket_and_nowhere_else(s3, bucket, world, settings):
    document = _exempt_paper(world)
    stored = s3.objects(bucket)
    assert stored[f"files/{document.file.name}"] == CONTENT
    # The world's own two papers are there too, and nothing outside the URL's prefix.
    assert sorted(stored) == sorted(
        f"files/{d.file.name}" for d in (document, world.public_doc, world.exempt_doc)
    )
    assert not (settings.MEDIA_ROOT / document.file.name).exists()


def test_the_secretariat_downloads_an_exempt_paper_streamed_from_the_bucket(
    s3, bucket, world, client
):
    document = _exempt_paper(world)
    client.force_login(world.secretariat)
    response, body = _download(client, document)
    assert response.status_code == 200
    assert response.streaming is True
    assert body == CONTENT
    assert response["Content-Length"] == str(len(CONTENT))
    assert response["Content-Disposition"] == 'attachment; filename="saksframlegg.txt"'
    assert response["Cache-Control"] == "private, no-store"
    assert "Location" not in response


@pytest.mark.parametrize("who", ["anonymous", "other_cooperation", "member_of_other_body"])
def test_an_exempt_paper_is_refused_to_outsiders(s3, bucket, world, client, who):
    document = _exempt_paper(world)
    user = world.users()[who]
    if user is not None:
        client.force_login(user)
    response, body = _download(client, document)
    assert response.status_code == 404
    assert CONTENT not in body


def test_a_public_paper_goes_to_anyone_through_the_view_not_a_bucket_address(
    s3, bucket, world, client
):
    document = DocumentFactory(meeting=world.approved, public=True, file__data=b"offentlig")
    response, body = _download(client, document)
    assert (response.status_code, body) == (200, b"offentlig")
    assert response["Cache-Control"] == "private"
    assert document.get_absolute_url() == f"/documents/{document.pk}/download/"


def test_a_file_gone_from_the_bucket_is_a_404(s3, bucket, world, client):
    document = DocumentFactory(meeting=world.approved, file__data=b"borte")
    s3.client().delete_object(Bucket=bucket, Key=f"files/{document.file.name}")
    client.force_login(world.secretariat)
    response, _body = _download(client, document)
    assert response.status_code == 404


def test_the_same_name_twice_gives_two_files(s3, bucket):
    first = default_storage.save("imports/utkast.txt", ContentFile(b"en"))
    second = default_storage.save("imports/utkast.txt", ContentFile(b"to"))
    assert first == "imports/utkast.txt"
    assert second != first
    assert s3.objects(bucket) == {f"files/{first}": b"en", f"files/{second}": b"to"}


def test_health_check_writes_reads_and_removes_its_probe_in_the_bucket(s3, bucket):
    assert health.check_storage() is True
    assert s3.objects(bucket) == {}


def test_health_check_is_false_for_a_missing_bucket(s3, settings):
    settings.STORAGES = settings.STORAGES | {
        "default": storage_from_url("V", s3.storage_url("no-such-bucket"))
    }
    assert health.check_storage() is False


def test_an_import_upload_waits_for_review_in_the_bucket(s3, bucket, world, client, settings):
    seed = DEMO_DATA / SEED_MINUTES
    client.force_login(world.secretariat)
    response = client.post(
        "/import/",
        {
            "file": SimpleUploadedFile("referat.txt", seed.read_bytes()),
            "cooperation": world.coop.pk,
        },
    )
    assert response.status_code == 302
    token = response["Location"].split("/")[2]
    stored = s3.objects(bucket)
    assert stored[f"files/imports/{token}.txt"] == seed.read_bytes()
    assert not (settings.MEDIA_ROOT / "imports" / f"{token}.txt").exists()
    assert client.get(f"/import/{token}/").status_code == 200  # read back from the bucket
    assert client.post(f"/import/{token}/discard/")["Location"] == "/import/"
    assert f"files/imports/{token}.txt" not in s3.objects(bucket)
