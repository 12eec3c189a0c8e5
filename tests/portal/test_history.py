"""History tabs tell the truth: only the record's own changes and its own links, in words a person reads."""

import datetime as dt
import re

import pytest

from blmk_portal.history import history_for
from blmk_portal.publication import Status
from blmk_portal.rag import Rag
from blmk_portal.services import record_publish, record_update
from places import services as places_services
from priorities import services as priorities_services
from tests.factories import (
    OrganisationFactory,
    PlaceFactory,
    PriorityFactory,
    ProgrammeFactory,
    RiskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def lines(instance) -> list[str]:
    """Every line a History tab shows for the record, as text."""
    shown = []
    for entry in history_for(instance):
        shown.append(f"{entry.what} by {entry.who}")
        shown += entry.links
        shown += [f"{change.field}: {change.before} -> {change.after}" for change in entry.changes]
    return shown


class TestOnlyTheRecordsOwnHistory:
    def test_a_priority_does_not_show_the_programmes_and_risks_that_point_at_it(self, staff_user):
        priority = PriorityFactory(title="Prevention")
        ProgrammeFactory(priority=priority, title="Programme under it")
        RiskFactory(priority=priority, programme=None, title="Risk to it")
        shown = lines(priority)
        assert shown == ["Created by the system (data load or script)"]
        assert not any("(deleted)" in line or "programme" in line.lower() for line in shown)

    def test_events_of_other_tables_with_the_same_ids_never_mix(self, staff_user):
        """Event ids are counted per table: a programme's first event and a priority's share id 1."""
        priority = PriorityFactory()
        programme = ProgrammeFactory(priority=priority)
        record_update(item=programme, opened_at_version=1, values={"lead": "Dr Other"}, by=staff_user)
        assert "Lead" not in " ".join(lines(priority))
        assert "Lead: (empty) -> Dr Other" in lines(programme)

    def test_a_retired_organisations_change_stays_out_of_its_successors_history(self, staff_user):
        successor = OrganisationFactory(name="Bedfordshire Hospitals")
        retired = OrganisationFactory(name="Luton and Dunstable")
        places_services.organisation_retire(
            organisation=retired,
            opened_at_version=1,
            active_to=dt.date(2020, 3, 31),
            succeeded_by=successor,
            by=staff_user,
        )
        assert lines(successor) == ["Created by the system (data load or script)"]
        assert "Succeeded by: (empty) -> Bedfordshire Hospitals" in lines(retired)


class TestValuesReadAsPeopleWriteThem:
    def test_names_labels_and_dates_not_stored_values(self, staff_user):
        successor = OrganisationFactory(name="Bedfordshire Hospitals")
        organisation = OrganisationFactory(name="Luton and Dunstable", kind="acute_trust")
        record_update(
            item=organisation,
            opened_at_version=1,
            values={"kind": "community_mental_health_trust", "active_from": dt.date(2021, 6, 9)},
            by=staff_user,
        )
        places_services.organisation_retire(
            organisation=organisation,
            opened_at_version=2,
            active_to=dt.date(2022, 3, 31),
            succeeded_by=successor,
            by=staff_user,
        )
        shown = lines(organisation)
        assert "Kind of organisation: Acute (hospital) trust -> Community or mental health trust" in shown
        assert "Active from: (empty) -> 9 June 2021" in shown
        assert "Last day it existed: (empty) -> 31 March 2022" in shown
        assert "Succeeded by: (empty) -> Bedfordshire Hospitals" in shown
        for raw in ("acute_trust", "2021-06-09", "2022-03-31"):
            assert not any(raw in line for line in shown), raw
        assert not any(line.endswith(f"-> {successor.pk}") for line in shown)  # a name, never an id

    def test_publishing_reads_as_published_without_timestamps(self, staff_user):
        programme = ProgrammeFactory(status=Status.DRAFT)
        record_publish(item=programme, publish=True, opened_at_version=1, by=staff_user)
        record_publish(item=programme, publish=False, opened_at_version=2, by=staff_user)
        shown = lines(programme)
        assert shown[:2] == ["Unpublished by office@example.org", "Published by office@example.org"]
        assert not any("draft" in line or "published ->" in line or "Published at" in line for line in shown)

    def test_a_status_override_shows_its_word(self, staff_user):
        programme = ProgrammeFactory()
        priorities_services.programme_update(
            programme=programme,
            opened_at_version=1,
            values={"title": programme.title, "rag_override": Rag.AMBER, "rag_override_reason": "Estates delay"},
            by=staff_user,
        )
        shown = lines(programme)
        assert "Overall status override: (empty) -> Amber" in shown
        assert not any("-> amber" in line for line in shown)

    def test_a_person_is_named_by_their_name_where_they_have_one(self):
        named = UserFactory(email="ann@example.org", first_name="Ann", last_name="Other", programme_office=True)
        place = PlaceFactory()
        places_services.place_update(place=place, opened_at_version=1, values={"profile": "New"}, by=named)
        assert history_for(place)[0].who == "Ann Other"


class TestNothingChangedIsNotAChange:
    def test_a_textarea_sent_back_with_the_browsers_line_breaks_is_not_a_change(self, client_for, staff_user):
        PlaceFactory(slug="luton", name="Luton", profile="A town.\nOn the M1.")
        client = client_for(staff_user)
        client.post("/manage/places/luton/edit/", {"version": "1", "name": "Luton", "profile": "A town.\r\nOn the M1."})
        page = client.get("/manage/places/luton/history/").content.decode()
        assert "Profile" not in page
        assert "Created" in page


class TestPlacesCoveredAreRecorded:
    @pytest.mark.parametrize("factory", [PriorityFactory, ProgrammeFactory])
    def test_adding_and_removing_places_shows_in_the_same_entry_as_the_edit(self, staff_user, factory):
        item = factory()
        bedford, luton = PlaceFactory(name="Bedford Borough"), PlaceFactory(name="Luton")
        item.places.set([bedford])
        record_update(item=item, opened_at_version=1, values={"places": [luton], "title": "Renamed"}, by=staff_user)
        latest = history_for(item)[0]
        assert (latest.what, latest.who) == ("Changed", "office@example.org")
        assert sorted(latest.links) == ["Added place: Luton", "Removed place: Bedford Borough"]
        assert [change.field for change in latest.changes] == ["Title"]


class TestTheHistoryTab:
    def test_long_histories_are_paged(self, client_for, staff_user):
        place = PlaceFactory(slug="luton", name="Luton", profile="Edit 0")
        for number in range(1, 26):
            places_services.place_update(
                place=place, opened_at_version=number, values={"profile": f"Edit {number}"}, by=staff_user
            )
        client = client_for(staff_user)
        first = client.get("/manage/places/luton/history/").content.decode()
        assert first.count('class="app-history-entry"') == 20
        assert "Edit 25" in first
        assert "Edit 4<" not in first  # on the second page
        assert 'href="?page=2"' in first
        second = client.get("/manage/places/luton/history/?page=2").content.decode()
        assert second.count('class="app-history-entry"') == 6  # five edits and the creation
        assert re.search(r"Created\s+by the system", second)
        assert "Edit 25" not in second

    def test_it_has_a_title_of_its_own(self, client_for, staff_user):
        PlaceFactory(slug="luton", name="Luton")
        page = client_for(staff_user).get("/manage/places/luton/history/").content.decode()
        assert "<title>History of Luton - BLMK Health and Care Partnership</title>" in page
