"""The places and organisations as loaded from fixtures/ are cited to the document that states each fact, quote
each place alike from the 2016 summary, and place no cluster where no seed does."""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client

from places.loading import load_places
from places.models import Organisation, Place

pytestmark = pytest.mark.django_db

LIFE_EXPECTANCY = (
    "Life expectancy is better than the national average in Bedford Borough and Central Bedfordshire, and worse or "
    "similar in Luton and Milton Keynes, but there are large inequalities in life expectancy across BLMK, depending "
    "where people live."
)
GAPS = (
    "For example, there is a 10 year life expectancy gap between women from the most and least deprived areas of "
    "Bedford Borough, and a 12 year gap for men from the most and least deprived areas in Luton."
)


@pytest.fixture
def loaded(db) -> None:
    load_places(Counter())


def cited(slug: str) -> tuple[str, str]:
    organisation = Organisation.objects.select_related("source").get(slug=slug)
    return organisation.source.key, organisation.source_quote


def test_the_ambulance_trusts_areas_are_cited_to_the_2021_pack_that_states_them(loaded):
    for slug, places in (
        ("east-of-england-ambulance-service-nhs-trust", {"bedford-borough", "central-bedfordshire", "luton"}),
        ("south-central-ambulance-service-nhs-trust", {"milton-keynes"}),
    ):
        source, quote = cited(slug)
        assert source == "partnership-board-pack-2021-06-09"
        assert "(EEAST) for Bedfordshire and Luton" in quote
        assert "(SCAS) for Milton Keynes" in quote
        assert {place.slug for place in Organisation.objects.get(slug=slug).places.all()} == places


def test_the_hospitals_websites_are_cited_to_the_january_2018_brief_and_their_merger_to_the_may_2018_newsletter(
    loaded,
):
    for slug, website in (
        ("bedford-hospital-nhs-trust", "www.bedfordhospital.nhs.uk"),
        ("luton-and-dunstable-university-hospital-nhs-foundation-trust", "www.ldh.nhs.uk"),
    ):
        organisation = Organisation.objects.get(slug=slug)
        source, quote = cited(slug)
        assert (source, organisation.website) == ("central-brief-2018-01", website)
        assert website in quote
        assert organisation.succeeded_by.slug == "bedfordshire-hospitals-nhs-foundation-trust"
    source, quote = cited("bedfordshire-hospitals-nhs-foundation-trust")
    assert source == "newsletter-2018-05"
    assert "the merged organisation, which will be known as the Bedfordshire Hospitals NHS Foundation Trust" in quote
    page = Client().get("/organisations/bedfordshire-hospitals-nhs-foundation-trust/").content.decode()
    assert "BLMK STP newsletter" in page
    assert "STP Wave 4b" not in page


def test_no_fact_is_cited_to_the_2016_summary_that_does_not_state_it(loaded):
    # The summary lists the partners by name only: it gives no website, area or successor.
    for organisation in Organisation.objects.filter(source__key="stp-summary-2016"):
        assert organisation.website == "", organisation.slug
    assert not Organisation.objects.filter(source__key="stp-summary-2016", kind=Organisation.Kind.AMBULANCE_TRUST)


def test_clusters_no_seed_places_are_not_placed(loaded):
    # The 2018 plan lists "SE Luton, Medics, Stony & Watling, Newport Pagnell" and says nowhere where Medics or
    # Newport Pagnell are; placing them was a guess.
    for slug in ("medics", "newport-pagnell"):
        assert not Organisation.objects.get(slug=slug).places.exists(), slug
    assert "Medics" not in Client().get("/places/luton/").content.decode()
    assert "Newport Pagnell" not in Client().get("/places/milton-keynes/").content.decode()
    # A cluster whose place a seed names keeps it.
    assert [place.slug for place in Organisation.objects.get(slug="se-luton").places.all()] == ["luton"]


def test_each_place_is_quoted_alike_from_the_2016_summary(loaded):
    profiles = {place.slug: place.profile for place in Place.objects.all()}
    for slug, profile in profiles.items():
        assert LIFE_EXPECTANCY in profile, slug
        assert "services must meet the needs of" in profile, slug
    assert GAPS in profiles["luton"]
    assert GAPS in profiles["bedford-borough"]
    assert "12 year gap for men" not in profiles["milton-keynes"]
    page = Client().get("/places/luton/").content.decode()
    assert "worse or similar in Luton and Milton Keynes" in page
    assert "a 12 year gap for men from the most and least deprived areas in Luton" in page
