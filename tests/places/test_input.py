"""Input that can never break a page: names with no Latin letters, names that slugify alike, 29 February,
organisations that have not started yet, and websites shown as links rather than as raw markup."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from blmk_portal.identity import reserved_words
from places.models import Organisation
from tests.factories import OrganisationFactory, PlaceFactory
from tests.forms import token_of

pytestmark = pytest.mark.django_db


def add_organisation(client: Client, **fields) -> object:
    token = token_of(client.get("/manage/organisations/new/").content.decode())
    form = {"short_name": fields.get("name", "X")[:10], "kind": "primary_care_network", "submission": token, **fields}
    return client.post("/manage/organisations/new/", form)


class TestEveryNameGetsAnAddress:
    @pytest.mark.parametrize("name", ["🏥", "中文医院", "Ωμέγα"])
    def test_a_name_with_no_latin_letters_gets_a_usable_address_and_its_place_page_still_works(
        self, client_for, staff_user, name
    ):
        staff = client_for(staff_user)
        staff.raise_request_exception = False
        luton = PlaceFactory(slug="luton", name="Luton")
        response = add_organisation(staff, name=name, short_name="X1", places=[luton.pk])
        assert response.status_code == 302
        organisation = Organisation.objects.get(name=name)
        assert organisation.slug == "organisation"
        assert Client().get(organisation.get_absolute_url()).status_code == 200
        place_page = Client().get("/places/luton/")
        assert place_page.status_code == 200
        assert name in place_page.content.decode()

    def test_two_such_names_get_two_addresses(self, client_for, staff_user):
        staff = client_for(staff_user)
        add_organisation(staff, name="🏥", short_name="A")
        add_organisation(staff, name="🚑", short_name="B")
        assert sorted(Organisation.objects.values_list("slug", flat=True)) == ["organisation", "organisation-2"]

    def test_names_that_slugify_alike_get_their_own_addresses(self, client_for, staff_user):
        staff = client_for(staff_user)
        staff.raise_request_exception = False
        assert add_organisation(staff, name="Bridge-PCN", short_name="BP1").status_code == 302
        assert add_organisation(staff, name="Bridge PCN", short_name="BP2").status_code == 302
        slugs = {name: slug for name, slug in Organisation.objects.values_list("name", "slug")}
        assert slugs == {"Bridge-PCN": "bridge-pcn", "Bridge PCN": "bridge-pcn-2"}
        for organisation in Organisation.objects.all():
            assert Client().get(organisation.get_absolute_url()).status_code == 200

    def test_a_name_that_is_a_staff_pages_word_never_becomes_its_address(self, client_for, staff_user):
        add_organisation(client_for(staff_user), name="New", short_name="N")
        assert Organisation.objects.get().slug == "new-2"

    def test_the_reserved_words_are_read_from_the_urls(self):
        words = reserved_words()
        assert {"new", "edit", "history", "retire", "manage", "reporting-round", "risks"} <= words
        assert not any("<" in word or "/" in word for word in words)


class TestRetiring:
    @time_machine.travel(dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC), tick=False)
    def test_on_29_february_retiring_works(self, client_for, staff_user):
        organisation = OrganisationFactory(slug="bedford-hospital")
        response = client_for(staff_user).post(
            "/manage/organisations/bedford-hospital/retire/",
            {"version": "1", "active_to-day": "28", "active_to-month": "2", "active_to-year": "2033"},
        )
        assert response.status_code == 302
        organisation.refresh_from_db()
        assert organisation.active_to == dt.date(2033, 2, 28)

    @time_machine.travel(dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC), tick=False)
    def test_a_last_day_more_than_five_years_ahead_is_refused_with_the_date_it_may_be(self, client_for, staff_user):
        OrganisationFactory(slug="bedford-hospital")
        page = (
            client_for(staff_user)
            .post(
                "/manage/organisations/bedford-hospital/retire/",
                {"version": "1", "active_to-day": "1", "active_to-month": "3", "active_to-year": "2033"},
            )
            .content.decode()
        )
        assert "The last day must be no later than 28 February 2033" in page
        assert Organisation.objects.get().active_to is None

    def test_retire_is_not_offered_for_an_organisation_already_retired(self, client_for, staff_user):
        OrganisationFactory(name="Still here")
        OrganisationFactory(name="Gone", active_to=dt.date(2020, 3, 31))
        page = client_for(staff_user).get("/manage/places/").content.decode()
        assert 'Retire<span class="nhsuk-u-visually-hidden"> Still here' in page
        assert 'Retire<span class="nhsuk-u-visually-hidden"> Gone' not in page


class TestWhatThePublicPageSays:
    def test_an_organisation_that_starts_in_2090_is_not_yet_active(self, client):
        organisation = OrganisationFactory(active_from=dt.date(2090, 4, 1))
        page = client.get(organisation.get_absolute_url()).content.decode()
        assert "Not yet active" in page
        assert "From 1 April 2090" in page
        assert ">Active<" not in page

    def test_a_website_is_a_link_not_markup_shown_as_text(self, client):
        organisation = OrganisationFactory(website="https://www.elft.nhs.uk/?a=1&b=2")
        page = client.get(organisation.get_absolute_url()).content.decode()
        assert '<a href="https://www.elft.nhs.uk/?a=1&amp;b=2">https://www.elft.nhs.uk/?a=1&amp;b=2</a>' in page
        assert "&lt;a href" not in page
