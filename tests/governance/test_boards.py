"""Boards: the structures as trees, a board's page with its terms and members, and the rules staff meet."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance import services
from governance.models import Board
from governance.presenters import structures
from tests.factories import BoardFactory, MeetingFactory, MembershipFactory, PersonFactory, TermsOfReferenceFactory

pytestmark = pytest.mark.django_db


def squash(page: str) -> str:
    return re.sub(r"\s+", " ", page)


class TestTheStructures:
    def test_each_structure_is_a_tree_newest_first(self):
        partnership = BoardFactory(name="Partnership Board", period="2021")
        ceo = BoardFactory(name="CEO Group", period="2021", reports_to=partnership)
        estates = BoardFactory(name="Strategic Estates Group", period="2021", reports_to=ceo)
        old_ceo = BoardFactory(name="CEO Group 2018", period="2018")
        crossing = BoardFactory(name="A 2018 body reporting to 2021", period="2018", reports_to=partnership)
        trees = structures(list(Board.objects.order_by("name")))
        assert [tree.period for tree in trees] == ["2021", "2018"]
        (top,) = trees[0].branches
        assert top.board == partnership
        assert [branch.board for branch in top.below] == [ceo]
        assert [branch.board for branch in top.below[0].below] == [estates]
        assert {branch.board for branch in trees[1].branches} == {old_ceo, crossing}

    def test_a_loop_written_into_the_database_does_not_hang_the_page(self):
        first = BoardFactory(period="2021")
        second = BoardFactory(period="2021", reports_to=first)
        Board.objects.filter(pk=first.pk).update(reports_to=second)
        assert structures(list(Board.objects.all())) == []  # no body stands at the top of a loop

    def test_the_public_page_draws_the_tree_as_nested_lists(self, client):
        partnership = BoardFactory(name="Partnership Board", period="2021")
        BoardFactory(name="Diagnostics body", period="2021", reports_to=partnership, state=Board.State.PROPOSED)
        page = squash(client.get("/boards/").content.decode())
        assert "<h2>The 2021 structure</h2>" in page
        assert re.search(r'Partnership Board</a>.*?<ul class="app-tree">.*?Diagnostics body</a>.*?Proposed', page)


class TestTheBoardPage:
    @pytest.fixture
    def board(self):
        board = BoardFactory(
            slug="partnership",
            name="BLMK ICS Partnership Board",
            purpose="Sets the strategy and priorities",
            frequency="The Partnership Board will meet monthly with the exception of August.",
            usual_start=dt.time(14),
            usual_end=dt.time(17),
            usual_venue="Via Microsoft Teams",
        )
        TermsOfReferenceFactory(
            board=board, version_number="0.4", comments="Version amended following comments", order=0
        )
        TermsOfReferenceFactory(
            board=board, version_number="0.5", approved="June 2021", principles="1. co-operate", quorum="", order=1
        )
        MembershipFactory(
            board=board,
            role="Chair",
            decision_making=True,
            organisation_as_printed="BLMK ICS",
            person=PersonFactory(name="Dr Rima Makarem", initials="RM"),
        )
        MembershipFactory(
            board=board,
            role="Nominated representative",
            organisation_as_printed="Healthwatch BLMK",
            person=None,
            rotation="rotating every 6 months",
        )
        MembershipFactory(
            board=board,
            role="Gone",
            organisation_as_printed="BLMK ICS",
            ended=timezone.localdate() - dt.timedelta(days=1),
        )
        return board

    def test_it_shows_the_purpose_the_current_terms_and_earlier_versions(self, client, board):
        page = squash(client.get("/boards/partnership/").content.decode())
        assert "Sets the strategy and priorities" in page
        assert "Version 0.5, approved June 2021." in page
        assert "co-operate" in page
        assert "The terms of reference set no quorum." in page
        assert "Version amended following comments" in page
        assert "2pm to 5pm" in page
        assert "Via Microsoft Teams" in page

    def test_members_are_listed_by_organisation_with_their_decision_making(self, client, board):
        page = squash(client.get("/boards/partnership/").content.decode())
        assert "<h3>BLMK ICS</h3>" in page
        assert "Dr Rima Makarem (RM)" in page
        assert "Decision making (D)" in page
        assert "Attendee (A)" in page
        assert "Vacant or not named" in page
        assert "Rotating every 6 months." in page
        assert ">Gone<" not in page  # a seat that has ended is not a member

    @pytest.mark.parametrize("seats", [1, 20])
    def test_it_costs_the_same_however_many_members(self, client, django_assert_max_num_queries, seats):
        board = BoardFactory(slug="partnership")
        TermsOfReferenceFactory.create_batch(3, board=board)
        for _ in range(seats):
            seat = MembershipFactory(board=board)
            seat.deputies.set([PersonFactory()])
        BoardFactory.create_batch(seats, reports_to=board)
        MeetingFactory.create_batch(seats, board=board)
        # board with its reporting bodies (2), terms, seats, deputies, upcoming and past meetings; and for attendance
        # by year, what was recorded at its meetings and (where anything was) the seats held
        with django_assert_max_num_queries(9):
            assert client.get("/boards/partnership/").status_code == 200

    @pytest.mark.parametrize("boards", [1, 30])
    def test_the_tree_costs_the_same_however_many_boards(self, client, django_assert_max_num_queries, boards):
        top = BoardFactory(period="2021")
        for _ in range(boards):
            BoardFactory(period="2021", reports_to=top)
        with django_assert_max_num_queries(2):
            assert client.get("/boards/").status_code == 200


class TestTheRules:
    def test_a_board_cannot_report_to_one_that_reports_to_it(self, staff_user):
        top = BoardFactory(name="Partnership Board")
        middle = BoardFactory(reports_to=top)
        bottom = BoardFactory(reports_to=middle)
        with pytest.raises(ValidationError) as error:
            services.board_update(board=top, opened_at_version=1, values={"reports_to": bottom}, by=staff_user)
        assert error.value.message_dict == {
            "reports_to": ["Partnership Board cannot report to a body that reports to it"]
        }
        with pytest.raises(ValidationError):
            services.board_update(board=top, opened_at_version=1, values={"reports_to": top}, by=staff_user)

    def test_a_seat_ends_after_it_starts_and_its_holder_is_not_its_deputy(self, staff_user):
        board, person = BoardFactory(), PersonFactory(name="Felicity Cox")
        with pytest.raises(ValidationError) as error:
            services.membership_create(
                board=board,
                values={"role": "Chair", "started": dt.date(2021, 6, 9), "ended": dt.date(2021, 6, 1)},
                by=staff_user,
            )
        assert list(error.value.message_dict) == ["ended"]
        with pytest.raises(ValidationError) as error:
            services.membership_create(
                board=board, values={"role": "Chair", "person": person, "deputies": [person]}, by=staff_user
            )
        assert error.value.message_dict == {"deputies": ["Felicity Cox holds this seat, so cannot also be its deputy"]}

    def test_a_quorum_number_needs_its_rule(self, staff_user):
        with pytest.raises(ValidationError) as error:
            services.termsofreference_create(
                board=BoardFactory(), values={"version_number": "1", "quorum_members": 5, "quorum": " "}, by=staff_user
            )
        assert list(error.value.message_dict) == ["quorum"]

    def test_staff_add_a_seat_and_the_public_see_it(self, client_for, staff_user):
        board = BoardFactory(slug="partnership")
        person = PersonFactory(name="Felicity Cox")
        staff = client_for(staff_user)
        page = staff.get("/manage/boards/partnership/new-seat/").content.decode()
        token = re.search(r'name="submission" value="([0-9a-f-]+)"', page).group(1)
        response = staff.post(
            "/manage/boards/partnership/new-seat/",
            {"role": "Executive Lead", "decision_making": "yes", "person": person.pk, "submission": token},
        )
        assert response["Location"] == "/manage/boards/partnership/"
        public = squash(client_for(None).get("/boards/partnership/").content.decode())
        assert "Executive Lead" in public
        assert "Felicity Cox" in public
        history = staff.get(board.memberships.get().get_manage_url("history")).content.decode()
        assert "Created by office@example.org" in squash(history)
