import uuid

import pytest
from django.urls import reverse

from places.models import Organisation, Place
from tests.factories import OrganisationFactory, PlaceFactory

pytestmark = pytest.mark.django_db


class TestPublicPages:
    def test_the_places_list_shows_the_four_places_with_their_mid_2015_populations(self, client, blmk_data):
        page = client.get("/places/").content.decode()
        for name, population in [
            ("Bedford Borough", "166,000"),
            ("Central Bedfordshire", "274,000"),
            ("Luton", "214,000"),
            ("Milton Keynes", "262,000"),
        ]:
            assert name in page
            assert f"{population} (mid-2015 estimate)" in page
        assert "916,000" in page  # the total, "almost one million people"

    def test_a_place_page_groups_its_organisations_by_kind(self, client, blmk_data):
        page = client.get("/places/luton/").content.decode()
        assert "<h1>Luton</h1>" in page
        assert "Luton Borough Council" in page
        assert "Acute (hospital) trust" in page

    def test_a_merged_organisation_names_its_successor(self, client, blmk_data):
        organisation = Organisation.objects.get(short_name="L&D")
        page = client.get(reverse("places:organisation_detail", args=[organisation.slug])).content.decode()
        assert "Retired" in page
        assert "Bedfordshire Hospitals NHS Foundation Trust" in page

    def test_an_unknown_place_is_not_found(self, client, blmk_data):
        response = client.get("/places/atlantis/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()

    def test_page_titles_name_the_page_and_the_partnership(self, client, blmk_data):
        page = client.get("/places/luton/").content.decode()
        assert "<title>Luton - BLMK Health and Care Partnership</title>" in page


class TestQueryCounts:
    """List pages cost the same number of queries however much data there is."""

    @pytest.mark.parametrize("extra", [0, 30])
    def test_the_places_list(self, client, django_assert_max_num_queries, extra):
        for _ in range(4 + extra // 10):
            place = PlaceFactory()
            for organisation in OrganisationFactory.create_batch(extra // 3 + 1):
                organisation.places.add(place)
        with django_assert_max_num_queries(2):
            assert client.get("/places/").status_code == 200

    @pytest.mark.parametrize("organisations", [1, 40])
    def test_a_place_page(self, client, django_assert_max_num_queries, organisations):
        place = PlaceFactory(slug="luton")
        successor = OrganisationFactory()
        for organisation in OrganisationFactory.create_batch(organisations, succeeded_by=successor):
            organisation.places.add(place)
        # 3, + 2 for its meetings and papers (tests/governance/test_thread.py): the papers, and the agenda items,
        # + 1 for its part of each plan (tests/priorities/test_place_parts.py)
        with django_assert_max_num_queries(6):
            assert client.get("/places/luton/").status_code == 200

    @pytest.mark.parametrize("organisations", [1, 40])
    @pytest.mark.parametrize("query", ["", "?kind=acute_trust&status=active&sort=-kind&page=2"])
    def test_the_staff_list(self, client_for, staff_user, django_assert_max_num_queries, organisations, query):
        OrganisationFactory.create_batch(organisations)
        client = client_for(staff_user)
        with django_assert_max_num_queries(7):
            assert client.get(f"/manage/places/{query}").status_code == 200


class TestStaffEditing:
    def test_staff_edit_a_place_profile_and_the_public_page_shows_it(self, client_for, staff_user):
        place = PlaceFactory(slug="luton", name="Luton", profile="")
        response = client_for(staff_user).post(
            "/manage/places/luton/edit/",
            {"version": 1, "name": "Luton", "population": "214000", "population_year": "2015", "profile": "A town."},
        )
        assert response.status_code == 302
        place.refresh_from_db()
        assert place.profile == "A town."

    def test_a_population_that_is_not_a_number_is_refused_and_nothing_saved(self, client_for, staff_user):
        place = PlaceFactory(slug="luton", name="Luton", population=214_000, profile="Kept")
        response = client_for(staff_user).post(
            "/manage/places/luton/edit/",
            {"version": 1, "name": "Luton", "population": "lots", "population_year": "2015", "profile": "Changed"},
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in page
        assert "The population must be a whole number, like 166,000" in page
        assert 'href="#id_population"' in page
        assert 'value="lots"' in page  # what they typed is kept for them to correct
        place.refresh_from_db()
        assert (place.population, place.profile) == (214_000, "Kept")

    def test_an_over_long_profile_is_refused(self, client_for, staff_user):
        PlaceFactory(slug="luton", name="Luton")
        response = client_for(staff_user).post(
            "/manage/places/luton/edit/", {"version": 1, "name": "Luton", "profile": "x" * 2001}
        )
        page = response.content.decode()
        assert "The profile must be 2,000 characters or fewer" in page
        assert "Ensure this value" not in page
        assert "x" * 2001 in page  # what was pasted is kept, for the person to shorten
        assert Place.objects.get(slug="luton").profile == ""

    def test_a_duplicate_short_name_is_refused_and_nothing_saved(self, client_for, staff_user):
        OrganisationFactory(name="East London NHS Foundation Trust", short_name="ELFT")
        response = client_for(staff_user).post(
            "/manage/organisations/new/",
            {"name": "Another trust", "short_name": "elft", "kind": "acute_trust", "submission": str(uuid.uuid4())},
        )
        page = response.content.decode()
        assert "East London NHS Foundation Trust already has the short name elft: choose another" in page
        assert not Organisation.objects.filter(name="Another trust").exists()

    def test_a_stale_form_is_refused_with_the_other_persons_change(self, client_for, staff_user):
        place = PlaceFactory(slug="luton", name="Luton", profile="Original")
        Place.objects.filter(pk=place.pk).update(profile="Someone else's", version=2)
        response = client_for(staff_user).post(
            "/manage/places/luton/edit/", {"version": 1, "name": "Luton", "profile": "Mine"}
        )
        page = response.content.decode()
        assert "Someone else saved this first" in page
        assert "Someone else&#39;s" in page
        assert 'name="version" value="2"' in page
        assert Place.objects.get(pk=place.pk).profile == "Someone else's"

    def test_retiring_an_organisation_records_its_end_and_successor(self, client_for, staff_user):
        old = OrganisationFactory(slug="bedford-hospital")
        new = OrganisationFactory()
        response = client_for(staff_user).post(
            "/manage/organisations/bedford-hospital/retire/",
            {
                "version": 1,
                "active_to-day": "31",
                "active_to-month": "3",
                "active_to-year": "2020",
                "succeeded_by": new.pk,
            },
        )
        assert response.status_code == 302
        old.refresh_from_db()
        assert old.succeeded_by == new
        assert Organisation.objects.filter(pk=old.pk).exists()

    def test_the_history_tab_shows_who_changed_what(self, client_for, staff_user):
        PlaceFactory(slug="luton", name="Luton", profile="Before")
        client = client_for(staff_user)
        client.post("/manage/places/luton/edit/", {"version": 1, "name": "Luton", "profile": "After"})
        page = client.get("/manage/places/luton/history/").content.decode()
        assert "Changed by office@example.org" in page
        assert "Before" in page
        assert "After" in page
