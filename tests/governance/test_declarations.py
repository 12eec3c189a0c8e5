"""Declarations of interest at a meeting: recorded by staff against an agenda item with the chair's decision, shown
on the meeting page against the item, a Part II item's for the board's members only. Everyone here is made up."""

import datetime as dt
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blmk_portal.publication import Audience
from governance import services
from governance.models import Declaration, Interest
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

TAKE_PART, NO_VOTE, LEFT = Declaration.Decision.TAKE_PART, Declaration.Decision.NO_VOTE, Declaration.Decision.LEFT


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def board(board_member_user):
    board = BoardFactory(slug="steering", name="Steering Group")
    board_member_user.person.memberships.update(board=board)
    return board


@pytest.fixture
def meeting(board):
    return MeetingFactory(board=board, date=dt.date(2021, 6, 9))


@pytest.fixture
def member(board):
    return MembershipFactory(board=board, person=PersonFactory(name="Alex Example"), decision_making=True).person


def registered(person, **values) -> Interest:
    values = {"category": "financial", "description": "Director of a supplier", "declared_on": dt.date(2021, 4, 1)}
    return Interest.objects.create(person=person, **values)


class TestRecording:
    def test_what_was_declared_is_the_registers_description_where_nothing_else_was_said(
        self, meeting, member, staff_user
    ):
        item = AgendaItemFactory(meeting=meeting)
        interest = registered(member)
        made = services.declaration_create(
            item=item, values={"person": member, "interest": interest, "decision": NO_VOTE}, by=staff_user
        )
        assert made.description == "Director of a supplier"
        said = services.declaration_create(
            item=item,
            values={"person": member, "interest": interest, "description": "As said 😀", "decision": TAKE_PART},
            by=staff_user,
        )
        assert said.description == "As said 😀"

    def test_a_declaration_needs_what_was_declared(self, meeting, member, staff_user):
        with pytest.raises(ValidationError) as refused:
            services.declaration_create(
                item=AgendaItemFactory(meeting=meeting), values={"person": member, "decision": LEFT}, by=staff_user
            )
        assert "description" in refused.value.message_dict

    def test_the_interest_must_be_on_the_declarers_own_register(self, meeting, member, staff_user):
        someone_else = registered(PersonFactory(name="Sam Sample"))
        with pytest.raises(ValidationError) as refused:
            services.declaration_create(
                item=AgendaItemFactory(meeting=meeting),
                values={"person": member, "interest": someone_else, "decision": LEFT},
                by=staff_user,
            )
        assert refused.value.message_dict["interest"] == ["Choose one of Alex Example's registered interests, or none"]

    def test_staff_choose_the_item_then_record_the_declaration_from_the_meeting_page(
        self, client_for, staff_user, meeting, member
    ):
        AgendaItemFactory(meeting=meeting, title="Welcome", order=0)
        item = AgendaItemFactory(meeting=meeting, title="Community contract", order=1)
        staff = client_for(staff_user)
        manage = squash(staff.get(meeting.get_manage_url()).content.decode())
        assert "No declarations recorded" in manage
        choose = "/manage/meetings/steering/2021-06-09/new-declaration/"
        assert choose in manage

        page = squash(staff.get(choose).content.decode())
        assert "Which item was the interest declared for?" in page and "2 Community contract" in page
        assert "There is a problem" not in page
        assert "There is a problem" in squash(staff.get(f"{choose}?chosen=1").content.decode())
        new = staff.get(f"{choose}?item={item.pk}")
        assert new.status_code == 302 and new["Location"].endswith(f"/{item.pk}/new-declaration/")

        form = {
            "person": str(member.pk),
            "description": "Trustee of a provider bidding for the contract",
            "decision": "left",
            "submission": str(uuid.uuid4()),
        }
        saved = staff.post(new["Location"], form)
        assert saved["Location"] == f"{meeting.get_manage_url()}#declarations"
        declaration = Declaration.objects.get()
        manage = squash(staff.get(meeting.get_manage_url()).content.decode())
        assert "Item 2: Community contract" in manage
        assert "Alex Example</strong> declared: Trustee of a provider bidding for the contract" in manage
        assert "The chair's decision: Left the meeting for the item." in manage
        assert declaration.get_manage_url("history") in manage

        removed = staff.post(declaration.get_manage_url("remove"), {"remove": "1", "version": str(declaration.version)})
        assert removed["Location"] == meeting.get_manage_url()
        assert not Declaration.objects.exists()


class TestShown:
    @pytest.fixture
    def declarations(self, meeting, member):
        public = AgendaItemFactory(meeting=meeting, title="Elective recovery", order=0)
        private = AgendaItemFactory(meeting=meeting, title="Award of contract", order=1, audience=Audience.BOARD)
        Declaration.objects.create(
            item=public, person=member, description="Governor of the hospital", decision=TAKE_PART, order=0
        )
        Declaration.objects.create(
            item=private, person=member, description="Shares in a bidder", decision=LEFT, order=0
        )

    @pytest.mark.parametrize("role", ["anonymous", "board_member", "other_board_member", "no_role", "staff"])
    def test_against_the_item_and_a_part_two_items_only_for_the_boards_members(
        self, client_for, readers, declarations, role
    ):
        page = squash(client_for(readers[role]).get("/boards/steering/2021-06-09/").content.decode())
        assert "Declarations of interest" in page
        assert "Item 1: Elective recovery" in page
        assert "Alex Example</strong> declared: Governor of the hospital" in page
        assert "The chair's decision: May take part." in page
        members = role in {"board_member", "staff"}
        assert ("Shares in a bidder" in page) is members
        assert ("Left the meeting for the item" in page) is members

    def test_a_meeting_with_none_shows_no_section(self, client, meeting):
        AgendaItemFactory(meeting=meeting)
        assert "Declarations of interest" not in client.get("/boards/steering/2021-06-09/").content.decode()

    @pytest.mark.parametrize("count", [1, 20])
    def test_the_meeting_page_costs_the_same_however_many_were_declared(
        self, client, meeting, django_assert_max_num_queries, count
    ):
        items = [AgendaItemFactory(meeting=meeting, order=n) for n in range(3)]
        for n in range(count):
            person = PersonFactory()
            Declaration.objects.create(item=items[n % 3], person=person, description="An interest", decision=LEFT)
        # meeting, items, the items this reader sees, terms, papers, editions, attendance, declarations
        with django_assert_max_num_queries(8):
            assert client.get("/boards/steering/2021-06-09/").status_code == 200

    def test_the_meeting_pages_ask_for_declarations_only_where_some_were_made(
        self, client_for, staff_user, meeting, member
    ):
        item = AgendaItemFactory(meeting=meeting)
        asked = 'SELECT "governance_declaration"."id"'
        for page in ("/boards/steering/2021-06-09/", meeting.get_manage_url()):
            with CaptureQueriesContext(connection) as none_made:
                client_for(staff_user).get(page)
            assert not any(query["sql"].startswith(asked) for query in none_made.captured_queries), page
        Declaration.objects.create(item=item, person=member, description="Governor", decision=TAKE_PART)
        for page in ("/boards/steering/2021-06-09/", meeting.get_manage_url()):
            with CaptureQueriesContext(connection) as some_made:
                client_for(staff_user).get(page)
            assert any(query["sql"].startswith(asked) for query in some_made.captured_queries), page
