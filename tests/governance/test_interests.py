"""The register of interests: kept by staff through the record kit, public for decision-making members only (the
gate), and checked against what a meeting's agenda concerns. Everyone here is made up for the tests: the portal
never invents interests for real named people."""

import datetime as dt
import io
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from blmk_portal.editing import EditConflict
from governance import services
from governance.interests import meeting_cross_check
from governance.models import Attendance, Interest, Meeting, NilReturn
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PaperFactory,
    PersonFactory,
    PlaceFactory,
    PriorityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FINANCIAL = Interest.Category.FINANCIAL
TODAY = dt.date.today()
LONG_AGO = dt.date(2019, 4, 1)


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def an_interest(person, by=None, **values) -> Interest:
    values = {"category": FINANCIAL, "description": "Director", "declared_on": LONG_AGO, **values}
    return services.interest_create(person=person, values=values, by=by or UserFactory())


@pytest.fixture
def board():
    return BoardFactory(slug="steering", name="Steering Group")


@pytest.fixture
def chair(board):
    return MembershipFactory(board=board, person=PersonFactory(name="Alex Example"), role="Chair", decision_making=True)


@pytest.fixture
def attendee(board):
    return MembershipFactory(board=board, person=PersonFactory(name="Sam Sample"), role="Adviser")


class TestThePublicRegister:
    def test_it_lists_each_decision_making_member_with_what_they_hold_today(self, client, board, chair, attendee):
        hospital = OrganisationFactory(name="Example Hospitals NHS Trust")
        an_interest(chair.person, organisation=hospital, started=LONG_AGO, description="Non-executive director")
        an_interest(chair.person, organisation_as_printed="Old Company Ltd", ended=dt.date(2020, 3, 31))
        an_interest(attendee.person, organisation_as_printed="Attendee Consulting Ltd")
        NilReturn.objects.create(person=chair.person, year=2021, declared_on=dt.date(2021, 4, 6))
        second = MembershipFactory(board=board, person=PersonFactory(name="Jo Placeholder"), decision_making=True)
        gone = MembershipFactory(board=board, decision_making=True, ended=dt.date(2020, 1, 1))
        an_interest(gone.person, organisation_as_printed="Former Member Ltd")

        page = squash(client.get("/boards/steering/interests/").content.decode())

        assert "Alex Example" in page and "Financial interest" in page
        assert (
            "Example Hospitals NHS Trust" in page and "From 1 April 2019" in page and "Non-executive director" in page
        )
        assert "Nil return for 2021/22, declared 6 April 2021" in page
        assert f"{second.person.name}</h2>" in page and "No interests declared" in page
        assert "Old Company Ltd" not in page  # ended
        assert "Sam Sample" not in page and "Attendee Consulting Ltd" not in page  # not a decision-making seat
        assert "Former Member Ltd" not in page  # no longer on the board

    def test_a_board_with_no_decision_makers_says_its_register_is_empty(self, client, board, attendee):
        page = client.get("/boards/steering/interests/").content.decode()
        assert "No one holds a decision-making seat on the Steering Group today" in page

    def test_a_register_with_nothing_declared_says_so_and_names_the_seats(self, client, board, chair):
        chair.organisation_as_printed = "Example Council"
        chair.save()
        page = squash(client.get("/boards/steering/interests/").content.decode())
        assert "No member has declared an interest or made a nil return on the portal yet" in page
        assert "Chair, Example Council" in page and "No interests declared" in page
        NilReturn.objects.create(person=chair.person, year=2021, declared_on=LONG_AGO)
        page = squash(client.get("/boards/steering/interests/").content.decode())
        assert "No member has declared" not in page and "Nil return for 2021/22" in page

    def test_the_board_page_links_to_it(self, client, board):
        assert "/boards/steering/interests/" in client.get("/boards/steering/").content.decode()

    @pytest.mark.parametrize("members", [1, 20])
    def test_it_costs_the_same_however_many_members(self, client, board, django_assert_max_num_queries, members):
        for n in range(members):
            seat = MembershipFactory(board=board, decision_making=True, order=n)
            an_interest(
                seat.person, organisation=OrganisationFactory(), place=PlaceFactory(), priority=PriorityFactory()
            )
            NilReturn.objects.create(person=seat.person, year=2020, declared_on=LONG_AGO)
        # the board, the seats, the interests, the nil returns
        with django_assert_max_num_queries(4):
            assert client.get("/boards/steering/interests/").status_code == 200


class TestTheGate:
    """Who is on the public register is decided once, by `.visible_to`."""

    def test_anyone_reads_a_decision_makers_entries_and_only_staff_the_others(
        self, readers, chair, attendee, staff_user
    ):
        public = an_interest(chair.person)
        private = an_interest(attendee.person)
        nil = NilReturn.objects.create(person=attendee.person, year=2021, declared_on=LONG_AGO)
        for role, user in readers.items():
            shown = set(Interest.objects.visible_to(user or _anonymous()))
            nils = set(NilReturn.objects.visible_to(user or _anonymous()))
            if role == "staff":
                assert shown == {public, private} and nils == {nil}
            else:
                assert shown == {public}, role
                assert nils == set(), role

    def test_a_seat_that_ends_takes_its_holder_off_the_public_register(self, chair):
        entry = an_interest(chair.person)
        chair.ended = TODAY - dt.timedelta(days=1)
        chair.save()
        assert entry not in Interest.objects.visible_to(_anonymous())


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


class TestKeepingTheRegister:
    def test_an_interest_must_end_on_or_after_it_began(self, chair, staff_user):
        with pytest.raises(ValidationError) as refused:
            an_interest(chair.person, started=dt.date(2021, 4, 1), ended=dt.date(2021, 3, 1), by=staff_user)
        assert refused.value.message_dict["ended"] == ["The interest must end on or after it began, on 1 April 2021"]

    def test_a_person_has_one_nil_return_a_year(self, chair, staff_user):
        services.nilreturn_create(person=chair.person, values={"year": 2021, "declared_on": LONG_AGO}, by=staff_user)
        with pytest.raises(ValidationError) as refused:
            services.nilreturn_create(
                person=chair.person, values={"year": 2021, "declared_on": LONG_AGO}, by=staff_user
            )
        assert refused.value.message_dict["year"] == ["Alex Example has a nil return for 2021/22 already"]

    def test_two_people_saving_the_same_entry_do_not_overwrite_each_other(self, chair, staff_user):
        entry = an_interest(chair.person, by=staff_user)
        opened = entry.version
        services.interest_update(
            interest=entry, opened_at_version=opened, values={"description": "Chair of a charity"}, by=staff_user
        )
        with pytest.raises(EditConflict):
            services.interest_update(
                interest=Interest.objects.get(pk=entry.pk),
                opened_at_version=opened,
                values={"description": "Trustee of a charity"},
                by=UserFactory(),
            )
        assert Interest.objects.get(pk=entry.pk).description == "Chair of a charity"

    def test_staff_add_edit_and_remove_an_interest_from_the_persons_register(self, client_for, chair, staff_user):
        staff = client_for(staff_user)
        person = chair.person
        register = f"/manage/people/{person.pk}/interests/"
        edit_page = squash(staff.get(f"/manage/people/{person.pk}/edit/").content.decode())
        assert f'href="{register}"' in edit_page and "Register of interests" in edit_page  # a tab of the person

        form = {
            "category": "non_financial_professional",
            "description": "Trustee 🌳 of a local charity",
            "organisation_as_printed": "Example Charity",
            "declared_on-day": "6",
            "declared_on-month": "4",
            "declared_on-year": "2021",
            "submission": str(uuid.uuid4()),
        }
        response = staff.post(f"/manage/people/{person.pk}/new-interest/", form)
        assert response.status_code == 302 and response["Location"] == register
        assert staff.post(f"/manage/people/{person.pk}/new-interest/", form).status_code == 302  # sent twice
        entry = Interest.objects.get(person=person)  # once
        assert entry.description == "Trustee 🌳 of a local charity"

        page = squash(staff.get(register).content.decode())
        assert "Non-financial professional interest" in page and "Example Charity" in page and "Current" in page
        assert "On the public register, as they hold a decision-making seat today (Chair, Steering Group)" in page
        assert entry.get_manage_url("history") in page

        removed = staff.post(entry.get_manage_url("remove"), {"remove": "1", "version": str(entry.version)})
        assert removed["Location"] == register
        assert not Interest.objects.filter(pk=entry.pk).exists()

    def test_bad_dates_are_refused_at_the_field_and_what_was_typed_is_kept(self, client_for, chair, staff_user):
        form = {
            "category": "financial",
            "description": "Shares in a supplier",
            "started-day": "1",
            "started-month": "5",
            "started-year": "2021",
            "ended-day": "1",
            "ended-month": "4",
            "ended-year": "2021",
            "declared_on-day": "1",
            "declared_on-month": "5",
            "declared_on-year": "2021",
            "submission": str(uuid.uuid4()),
        }
        response = client_for(staff_user).post(f"/manage/people/{chair.person.pk}/new-interest/", form)
        page = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in page and "The interest must end on or after it began, on 1 May 2021" in page
        assert "Shares in a supplier" in page
        assert not Interest.objects.exists()

    def test_someone_not_on_the_public_register_is_told_so(self, client_for, attendee, staff_user):
        page = client_for(staff_user).get(f"/manage/people/{attendee.person.pk}/interests/").content.decode()
        assert "Not on the public register" in page and "No interests declared" in page
        assert "No nil returns recorded" in page

    def test_staff_see_every_entry_with_whether_it_is_held_today(self, client_for, attendee, staff_user):
        an_interest(attendee.person, description="Ended one", ended=TODAY - dt.timedelta(days=1))
        an_interest(attendee.person, description="Future one", started=TODAY + dt.timedelta(days=1))
        an_interest(attendee.person, description="Held one", started=TODAY, ended=TODAY)
        page = squash(client_for(staff_user).get(f"/manage/people/{attendee.person.pk}/interests/").content.decode())
        for description, status in (("Ended one", "Ended"), ("Future one", "Not yet begun"), ("Held one", "Current")):
            row = page[page.index(description) :]
            row = row[: row.index("</tr>")]
            assert re.search(r'nhsuk-tag[^"]*" >\s*([^<]*?)\s*</strong>', row).group(1) == status


@pytest.fixture
def meeting(board):
    return MeetingFactory(board=board, date=dt.date(2021, 6, 9))


class TestTheCrossCheck:
    def test_it_lists_each_interest_held_on_the_day_that_touches_an_item(self, board, chair, attendee, meeting):
        hospital = OrganisationFactory(name="Example Hospitals NHS Trust")
        luton = PlaceFactory(name="Luton")
        priority = PriorityFactory(code="P3", title="Maternity")
        elective = AgendaItemFactory(meeting=meeting, title="Elective recovery", order=1)
        elective.organisations.set([hospital])
        maternity = AgendaItemFactory(meeting=meeting, title="Maternity services", order=2)
        PaperFactory(meeting=meeting, items=[maternity]).priorities.set([priority])  # the paper's tag counts
        AgendaItemFactory(meeting=meeting, title="Any other business", order=3).places.set([luton])

        an_interest(chair.person, organisation=hospital, started=dt.date(2020, 1, 1), description="Governor")
        an_interest(attendee.person, organisation=hospital, description="Consultant")
        an_interest(chair.person, priority=priority, description="Chairs a maternity charity")
        an_interest(chair.person, place=luton, ended=dt.date(2021, 6, 8), description="Ended the day before")
        an_interest(chair.person, organisation=hospital, started=dt.date(2021, 6, 10), description="Not yet begun")
        elsewhere = MembershipFactory(decision_making=True)  # another board's member
        an_interest(elsewhere.person, organisation=hospital, description="Another board")
        deputy = PersonFactory(name="Dee Deputy")
        apologies = Attendance.objects.create(meeting=meeting, person=chair.person, kind="apologies", order=0)
        Attendance.objects.create(meeting=meeting, person=deputy, deputy_for=apologies, order=1)
        an_interest(deputy, organisation=hospital, description="Deputy's interest")

        check = meeting_cross_check(meeting, UserFactory(programme_office=True))

        assert [item.summary for item in check.checks] == [
            "Item 1 concerns Example Hospitals NHS Trust; three people have interests there",
            "Item 2 concerns P3 Maternity; one member has an interest there",
        ]
        words = [match.words for match in check.checks[0].matches]
        assert words == [
            "Alex Example, Chair: Financial interest, concerning Example Hospitals NHS Trust. Governor. "
            "From 1 January 2020; declared 1 April 2019.",
            "Sam Sample, Adviser: Financial interest, concerning Example Hospitals NHS Trust. Consultant. "
            "No dates recorded; declared 1 April 2019.",
            "Dee Deputy, Deputy for Alex Example: Financial interest, concerning Example Hospitals NHS Trust. "
            "Deputy's interest. No dates recorded; declared 1 April 2019.",
        ]
        everything = " ".join(match.words for item in check.checks for match in item.matches)
        assert "Ended the day before" not in everything and "Not yet begun" not in everything
        assert "Another board" not in everything
        assert check.summary == "Registered interests touch two items on the agenda."
        assert check.people_words == "three people"  # the two seats and the deputy; not the other board's member

    def test_an_agenda_with_no_tags_says_there_is_nothing_to_check(self, board, chair, meeting, client_for, staff_user):
        AgendaItemFactory(meeting=meeting)
        an_interest(chair.person, organisation=OrganisationFactory())
        page = client_for(staff_user).get("/boards/steering/2021-06-09/interests/").content.decode()
        assert "No agenda item is tagged with an organisation, place or priority yet" in page

    def test_the_boards_members_and_staff_find_it_from_the_meeting_page(self, client_for, readers, meeting, board):
        readers["board_member"].person.memberships.update(board=board)
        for role, user in readers.items():
            page = client_for(user).get("/boards/steering/2021-06-09/").content.decode()
            assert ("/boards/steering/2021-06-09/interests/" in page) is (role in {"board_member", "staff"}), role

    @pytest.mark.parametrize("size", [1, 15])
    def test_it_costs_the_same_however_long_the_agenda_and_the_register(
        self, client_for, staff_user, board, meeting, django_assert_max_num_queries, size
    ):
        hospital = OrganisationFactory()
        for n in range(size):
            item = AgendaItemFactory(meeting=meeting, order=n)
            item.organisations.set([hospital])
            item.places.set([PlaceFactory()])
            PaperFactory(meeting=meeting, items=[item]).organisations.set([OrganisationFactory()])
            seat = MembershipFactory(board=board, decision_making=True)
            an_interest(seat.person, organisation=hospital)
            officer = PersonFactory()
            Attendance.objects.create(meeting=meeting, person=officer, kind="in_attendance", order=n)
            an_interest(officer, organisation=hospital)
        staff = client_for(staff_user)
        # the session, the user and their groups; the meeting; items and their three kinds of tag; papers, their
        # items and three kinds of tag; seats; attendance; interests
        with django_assert_max_num_queries(16):
            page = staff.get("/boards/steering/2021-06-09/interests/").content.decode()
        assert "have interests there" in page or "has an interest there" in page


class TestTheDemonstration:
    def test_make_run_shows_the_cross_check_naming_the_made_up_member_and_no_real_person(self, blmk_data):
        call_command("create_demo_users", stdout=io.StringIO())
        assert {interest.person.name for interest in Interest.objects.all()} == {"Demo board member"}
        meeting = Meeting.objects.get(board__slug="partnership-board", date=dt.date(2021, 6, 9))
        check = meeting_cross_check(meeting, UserFactory(programme_office=True))
        assert [item.summary for item in check.checks] == [
            "Item 6b concerns E1 Data and digital; one member has an interest there"
        ]
        assert check.checks[0].matches[0].interest.name == "Demo board member"
