import datetime as dt
import xml.etree.ElementTree as ET

from django.utils import timezone

from factories import MembershipFactory, OrganizationFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def test_cooperation_page_marks_former_members(client, world, django_assert_num_queries):
    MembershipFactory(
        cooperation=world.coop, organization=OrganizationFactory(name="Asker og Bærum IPR")
    )
    MembershipFactory(
        cooperation=world.coop,
        organization=OrganizationFactory(name="Bærum kommune"),
        start=dt.date(2004, 1, 1),
        end=dt.date(2025, 12, 31),
    )
    with django_assert_num_queries(3):
        response = client.get("/cooperations/osloregionen/")
    html = response.content.decode()
    current, former = html.split("Tidligere medlemmer", 1)
    assert "Asker og Bærum IPR" in current and "Bærum kommune" not in current
    assert "Bærum kommune" in former
    assert 'href="/bodies/kg/"' in html


def test_cooperation_page_of_a_region_is_404(client, world):
    OrganizationFactory(slug="asker")
    assert client.get("/cooperations/asker/").status_code == 404


def test_minutes_feeds_list_only_approved_minutes(client, world):
    world.approved.minutes_approved_at = timezone.now()
    world.approved.save()
    for url in ("/bodies/kg/minutes.atom", "/cooperations/osloregionen/minutes.atom"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(response.content)
        links = [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")]
        assert links == [f"http://testserver/meetings/{world.approved.pk}/"]
    assert client.get("/bodies/styret/minutes.atom").status_code == 200
    assert (
        ET.fromstring(client.get("/bodies/styret/minutes.atom").content).findall(f"{ATOM}entry")
        == []
    )
