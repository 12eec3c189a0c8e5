import datetime as dt

import pytest

from blmk_portal.editing import EditConflict
from blmk_portal.history import history_for
from places import services
from places.models import Organisation
from tests.factories import OrganisationFactory, PlaceFactory

pytestmark = pytest.mark.django_db


class TestPlaceUpdate:
    def test_it_saves_and_moves_the_version_on(self, staff_user):
        place = PlaceFactory(profile="Old")
        services.place_update(place=place, opened_at_version=1, values={"profile": "New"}, by=staff_user)
        place.refresh_from_db()
        assert (place.profile, place.version) == ("New", 2)

    def test_it_refuses_a_save_from_a_form_opened_before_someone_elses_save(self, staff_user, non_member_user):
        place = PlaceFactory(profile="Old")
        services.place_update(place=place, opened_at_version=1, values={"profile": "Theirs"}, by=staff_user)
        with pytest.raises(EditConflict) as conflict:
            services.place_update(place=place, opened_at_version=1, values={"profile": "Mine"}, by=non_member_user)
        place.refresh_from_db()
        assert place.profile == "Theirs"
        assert conflict.value.changed_by == ["office@example.org"]
        assert conflict.value.changes == [("profile", "Theirs")]
        assert "office@example.org saved changes to profile" in str(conflict.value)

    def test_history_records_who_changed_what_from_what(self, staff_user):
        place = PlaceFactory(population=166_000)
        services.place_update(place=place, opened_at_version=1, values={"population": 170_000}, by=staff_user)
        latest = history_for(place)[0]
        assert latest.who == "office@example.org"
        assert latest.what == "Changed"
        assert [(c.field, c.before, c.after) for c in latest.changes] == [("Population", "166,000", "170,000")]
        assert history_for(place)[-1].what == "Created"


class TestOrganisations:
    def test_creating_one_gives_it_a_slug_and_its_places(self, staff_user):
        luton = PlaceFactory(name="Luton")
        organisation = services.organisation_create(
            values={
                "name": "Luton Borough Council",
                "short_name": "LBC",
                "kind": Organisation.Kind.COUNCIL,
                "places": [luton],
            },
            by=staff_user,
        )
        assert organisation.slug == "luton-borough-council"
        assert list(organisation.places.all()) == [luton]

    def test_changing_the_places_served_shows_in_its_history(self, staff_user):
        bedford, luton = PlaceFactory(name="Bedford"), PlaceFactory(name="Luton")
        organisation = OrganisationFactory()
        organisation.places.set([bedford])
        services.organisation_update(
            organisation=organisation, opened_at_version=1, values={"places": [luton]}, by=staff_user
        )
        latest = history_for(organisation)[0]
        assert (latest.what, latest.who) == ("Changed", "office@example.org")
        assert sorted(latest.links) == ["Added place: Luton", "Removed place: Bedford"]

    def test_retiring_keeps_the_organisation_with_an_end_date_and_successor(self, staff_user):
        old, new = OrganisationFactory(), OrganisationFactory()
        services.organisation_retire(
            organisation=old, opened_at_version=1, active_to=dt.date(2020, 3, 31), succeeded_by=new, by=staff_user
        )
        old.refresh_from_db()
        assert (old.active_to, old.succeeded_by, old.is_retired) == (dt.date(2020, 3, 31), new, True)
        assert list(new.predecessors.all()) == [old]
