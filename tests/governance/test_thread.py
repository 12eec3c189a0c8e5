"""The golden thread: a priority's pages (public and staff) and a place's page list the meetings and papers that
concern them, newest first, as far as the reader may see them."""

import datetime as dt
import re

import pytest

from blmk_portal import contributions
from blmk_portal.publication import Audience, Status
from governance.models import AgendaItem
from governance.records import ITEM
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
from tests.forms import token_of

pytestmark = pytest.mark.django_db

PRIORITY_PAGE = "/priorities/plan/p1/"
STAFF_PRIORITY_PAGE = "/manage/priorities/plan/p1/"
PLACE_PAGE = "/places/luton/"


@pytest.fixture
def board():
    return BoardFactory(slug="partnership", name="BLMK ICS Partnership Board")


@pytest.fixture
def member(board):
    """A member of the board whose meetings these are."""
    user = UserFactory(email="board-member@example.org")
    MembershipFactory(board=board, person=PersonFactory(user=user))
    return user


@pytest.fixture
def priority():
    return PriorityFactory(plan__slug="plan", slug="p1", code="P1", title="A strong, healthy start")


@pytest.fixture
def place():
    return PlaceFactory(slug="luton", name="Luton")


def a_paper(meeting, *, reference, title, part_two=False, **tags):
    """A paper for a new item of `meeting`, both in Part II if asked, tagged as `tags` say."""
    audience = Audience.BOARD if part_two else Audience.PUBLIC
    item = AgendaItemFactory(meeting=meeting, title=f"Item for {title}", audience=audience)
    paper = PaperFactory(meeting=meeting, items=[item], reference=reference, title=title, audience=audience)
    for name, records in tags.items():
        getattr(paper, name).set(records)
    return paper


def a_tagged_item(meeting, *, title, part_two=False, **tags):
    item = AgendaItemFactory(meeting=meeting, title=title, audience=Audience.BOARD if part_two else Audience.PUBLIC)
    for name, records in tags.items():
        getattr(item, name).set(records)
    return item


def thread_of(page: str) -> str:
    """The page's "Meetings and papers" section, with its whitespace squashed."""
    assert "<h2" in page
    section = page.split('<h2 id="meetings-and-papers">Meetings and papers</h2>', 1)[1]
    return re.sub(r"\s+", " ", section.split("</main>", 1)[0])


@pytest.fixture
def three_kinds(board, priority, place):
    """On 9 June 2021 a published meeting with a public paper and a Part II paper on the priority and the place;
    on 14 July 2021 a draft meeting with a paper on both."""
    june = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
    july = MeetingFactory(board=board, date=dt.date(2021, 7, 14), status=Status.DRAFT)
    tags = {"priorities": [priority], "places": [place]}
    return {
        "public": a_paper(june, reference="Paper 5", title="Strategic Priorities Development", **tags),
        "part_two": a_paper(june, reference="Paper 12", title="Award of the community contract", part_two=True, **tags),
        "draft": a_paper(july, reference="Paper 3", title="Estates strategy", **tags),
    }


class TestThePublicPriorityPage:
    def test_it_lists_a_published_meetings_paper_under_its_meeting_with_links_to_both(self, client, three_kinds):
        thread = thread_of(client.get(PRIORITY_PAGE).content.decode())
        paper = three_kinds["public"]
        meeting = paper.meeting
        assert (
            f'<a href="{meeting.get_absolute_url()}">BLMK ICS Partnership Board, 9 June 2021</a>'
            f'</h3> <ul class="nhsuk-list nhsuk-list--bullet"> '
            f'<li><a href="{paper.get_absolute_url()}">Paper 5: Strategic Priorities Development</a></li>'
        ) in thread

    def test_the_public_see_neither_a_part_two_paper_nor_a_draft_meetings_paper(self, client, three_kinds):
        thread = thread_of(client.get(PRIORITY_PAGE).content.decode())
        assert "Paper 5: Strategic Priorities Development" in thread
        assert "Award of the community contract" not in thread
        assert "Estates strategy" not in thread
        assert "14 July 2021" not in thread

    def test_a_member_of_the_board_sees_its_part_two_paper_marked_as_not_public(self, client_for, member, three_kinds):
        thread = thread_of(client_for(member).get(PRIORITY_PAGE).content.decode())
        assert "Paper 12: Award of the community contract</a> " in thread
        assert "Members of the board only (not public)" in thread
        assert "Estates strategy" not in thread

    def test_a_member_of_another_board_does_not_see_the_part_two_paper(
        self, client_for, other_board_member_user, three_kinds
    ):
        thread = thread_of(client_for(other_board_member_user).get(PRIORITY_PAGE).content.decode())
        assert "Paper 5: Strategic Priorities Development" in thread
        assert "Award of the community contract" not in thread

    def test_staff_see_the_draft_meetings_paper_marked_as_a_draft(self, client_for, staff_user, three_kinds):
        thread = thread_of(client_for(staff_user).get(PRIORITY_PAGE).content.decode())
        assert "BLMK ICS Partnership Board, 14 July 2021</a></h3> <p>" in thread
        assert "Draft (not public)" in thread
        assert "Paper 3: Estates strategy" in thread
        assert "Paper 12: Award of the community contract" in thread

    def test_the_newest_meeting_comes_first(self, client, board, priority):
        for day in (dt.date(2021, 6, 9), dt.date(2022, 1, 12), dt.date(2021, 9, 1)):
            a_paper(
                MeetingFactory(board=board, date=day), reference="", title=f"Report of {day}", priorities=[priority]
            )
        thread = thread_of(client.get(PRIORITY_PAGE).content.decode())
        shown = re.findall(r"BLMK ICS Partnership Board, (\d+ \w+ \d{4})", thread)
        assert shown == ["12 January 2022", "1 September 2021", "9 June 2021"]

    def test_an_agenda_item_tagged_with_it_brings_its_meeting_with_the_items_title(self, client, board, priority):
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        item = a_tagged_item(meeting, title="Strategic priorities", priorities=[priority])
        thread = thread_of(client.get(PRIORITY_PAGE).content.decode())
        assert "BLMK ICS Partnership Board, 9 June 2021</a>" in thread
        assert f'Agenda item: <a href="{meeting.get_absolute_url()}#{item.row_id}">Strategic priorities</a>' in thread

    def test_the_public_do_not_see_a_part_two_agenda_item(self, client, client_for, member, board, priority):
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        a_tagged_item(meeting, title="Contract award", part_two=True, priorities=[priority])
        assert "Contract award" not in thread_of(client.get(PRIORITY_PAGE).content.decode())
        assert "Contract award" in thread_of(client_for(member).get(PRIORITY_PAGE).content.decode())

    def test_a_public_paper_only_of_a_part_two_item_is_not_listed_as_its_page_would_be_refused(
        self, client, board, priority
    ):
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        private_item = AgendaItemFactory(meeting=meeting, audience=Audience.BOARD)
        paper = PaperFactory(meeting=meeting, items=[private_item], title="Award of the contract")
        paper.priorities.set([priority])
        assert "Award of the contract" not in thread_of(client.get(PRIORITY_PAGE).content.decode())
        assert client.get(paper.get_absolute_url()).status_code == 404

    def test_a_paper_on_another_priority_is_not_listed(self, client, board, priority):
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        a_paper(meeting, reference="Paper 8", title="Estates strategy", priorities=[PriorityFactory()])
        thread = thread_of(client.get(PRIORITY_PAGE).content.decode())
        assert "No meetings or papers concern this priority yet." in thread
        assert "Estates strategy" not in thread

    def test_a_paper_and_an_item_of_one_meeting_are_listed_under_it_once(self, client, board, priority):
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        a_paper(meeting, reference="Paper 5", title="Strategic Priorities Development", priorities=[priority])
        a_tagged_item(meeting, title="ICS Establishment", priorities=[priority])
        thread = thread_of(client.get(PRIORITY_PAGE).content.decode())
        assert thread.count("BLMK ICS Partnership Board, 9 June 2021") == 1
        assert "Paper 5: Strategic Priorities Development</a></li> <li>Agenda item: " in thread


class TestTheStaffPriorityPage:
    def test_its_overview_lists_the_meetings_and_papers_drafts_included(self, client_for, staff_user, three_kinds):
        thread = thread_of(client_for(staff_user).get(STAFF_PRIORITY_PAGE).content.decode())
        assert thread.index("14 July 2021") < thread.index("9 June 2021")
        for text in ("Paper 3: Estates strategy", "Paper 5: Strategic Priorities", "Paper 12: Award of the"):
            assert text in thread

    def test_with_nothing_tagged_it_says_so(self, client_for, staff_user, priority):
        thread = thread_of(client_for(staff_user).get(STAFF_PRIORITY_PAGE).content.decode())
        assert "No meetings or papers concern this priority yet." in thread


class TestThePlacePage:
    def test_the_public_see_the_published_paper_only(self, client, three_kinds):
        thread = thread_of(client.get(PLACE_PAGE).content.decode())
        href = three_kinds["public"].get_absolute_url()
        assert f'<a href="{href}">Paper 5: Strategic Priorities Development</a>' in thread
        assert "Award of the community contract" not in thread
        assert "Estates strategy" not in thread

    def test_a_member_of_the_board_sees_the_part_two_paper(self, client_for, member, three_kinds):
        thread = thread_of(client_for(member).get(PLACE_PAGE).content.decode())
        assert "Paper 12: Award of the community contract" in thread
        assert "Estates strategy" not in thread

    def test_staff_see_the_draft_meeting_first(self, client_for, staff_user, three_kinds):
        thread = thread_of(client_for(staff_user).get(PLACE_PAGE).content.decode())
        assert thread.index("Paper 3: Estates strategy") < thread.index("Paper 5: Strategic Priorities Development")

    def test_an_agenda_item_tagged_with_the_place_brings_its_meeting(self, client, board, place):
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        a_tagged_item(meeting, title="Milton Keynes Health and Care Alliance update", places=[place])
        thread = thread_of(client.get(PLACE_PAGE).content.decode())
        assert "BLMK ICS Partnership Board, 9 June 2021</a>" in thread
        assert "Milton Keynes Health and Care Alliance update</a>" in thread

    def test_a_place_nothing_concerns_says_so(self, client, place):
        thread = thread_of(client.get(PLACE_PAGE).content.decode())
        assert "No meetings or papers concern this place yet." in thread


class TestTheRegistration:
    def test_governance_gives_the_thread_of_a_priority_and_of_a_place(self, three_kinds, priority, place):
        for record in (priority, place):
            staff_thread = contributions.thread_for(record, UserFactory(programme_office=True))
            assert [entry.heading for entry in staff_thread] == [
                "BLMK ICS Partnership Board, 14 July 2021",
                "BLMK ICS Partnership Board, 9 June 2021",
            ]
            assert staff_thread[0].not_public == "Draft (not public)"
            assert [paper.text for paper in staff_thread[1].papers] == [
                "Paper 5: Strategic Priorities Development",
                "Paper 12: Award of the community contract",
            ]

    def test_a_record_papers_are_not_tagged_with_has_no_thread(self, staff_user, board):
        assert contributions.thread_for(board, staff_user) == []


class TestStaffTagAnAgendaItem:
    def test_the_agenda_item_form_tags_priorities_places_and_organisations(self, client_for, staff_user, board):
        priority = PriorityFactory(plan__slug="plan", slug="p1", code="P1", title="A strong, healthy start")
        place = PlaceFactory(slug="luton", name="Luton")
        organisation = OrganisationFactory(name="Luton Borough Council")
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        staff = client_for(staff_user)
        new_item = ITEM.new_url(meeting)
        page = staff.get(new_item).content.decode()
        for name in ("priorities", "places", "organisations"):
            assert f'name="{name}"' in page
        assert "P1 A strong, healthy start" in page
        response = staff.post(
            new_item,
            {
                "title": "Strategic priorities",
                "numbered": "yes",
                "audience": Audience.PUBLIC,
                "standing": "no",
                "priorities": [priority.pk],
                "places": [place.pk],
                "organisations": [organisation.pk],
                "submission": token_of(page),
            },
        )
        assert response.status_code == 302
        item = AgendaItem.objects.get(title="Strategic priorities")
        assert list(item.priorities.all()) == [priority]
        assert list(item.places.all()) == [place]
        assert list(item.organisations.all()) == [organisation]
        assert "Strategic priorities</a>" in thread_of(client_for(None).get(PRIORITY_PAGE).content.decode())


class TestTheBLMKData:
    def test_the_strategic_priorities_paper_of_9_june_2021_is_on_the_priorities_it_reports_on(self, client, blmk_data):
        for code in ("p1", "p5", "e1", "e7"):
            thread = thread_of(client.get(f"/priorities/strategic-priorities-2021-22/{code}/").content.decode())
            assert "BLMK ICS Partnership Board, 9 June 2021</a>" in thread, code
            assert "Paper 5: Strategic Priorities Development</a>" in thread, code

    def test_ways_of_working_which_the_paper_has_no_section_on_is_not_tagged(self, client, blmk_data):
        page = client.get("/priorities/strategic-priorities-2021-22/e8/").content.decode()
        assert "No meetings or papers concern this priority yet." in thread_of(page)


def build_meetings(board, priority, place, count: int) -> None:
    """`count` published meetings, each with a public and a Part II paper and a tagged item on the priority and
    the place, and as many draft meetings with the same."""
    tags = {"priorities": [priority], "places": [place]}
    for number in range(count):
        for status, year in ((Status.PUBLISHED, 2021), (Status.DRAFT, 2022)):
            meeting = MeetingFactory(board=board, status=status, date=dt.date(year, 1, 1) + dt.timedelta(days=number))
            a_paper(meeting, reference=f"Paper {number}", title="Public report", **tags)
            a_paper(meeting, reference=f"Paper {number}b", title="Private report", part_two=True, **tags)
            a_tagged_item(meeting, title="Tagged item", **tags)
            a_tagged_item(meeting, title="Private tagged item", part_two=True, **tags)
        # Boards of other meetings, so a query per board would show.
        board = BoardFactory()


MEETINGS = [1, 10]
# The thread costs two queries: the papers (with their meetings and boards) and the tagged agenda items (the same).
THREAD = 2


class TestQueryCounts:
    """The pages cost the same however many meetings concern the record. The caps are the pages' own, from
    tests/priorities/test_views.py and tests/places/test_views.py (measured here without the thread where those
    set none: a board member's pages, a signed-in place page), plus the thread's two queries."""

    @pytest.mark.parametrize("meetings", MEETINGS)
    @pytest.mark.parametrize(
        ("who", "cap"), [("anonymous", 10 + THREAD), ("member", 9 + THREAD), ("staff", 13 + THREAD)]
    )
    def test_the_public_priority_page(
        self, client_for, staff_user, member, board, priority, place, django_assert_max_num_queries, meetings, who, cap
    ):
        build_meetings(board, priority, place, meetings)
        client = client_for({"anonymous": None, "member": member, "staff": staff_user}[who])
        with django_assert_max_num_queries(cap):
            page = client.get(PRIORITY_PAGE)
        assert thread_of(page.content.decode()).count("Public report") == meetings * (2 if who == "staff" else 1)

    @pytest.mark.parametrize("meetings", MEETINGS)
    def test_the_staff_priority_page(
        self, client_for, staff_user, board, priority, place, django_assert_max_num_queries, meetings
    ):
        build_meetings(board, priority, place, meetings)
        client = client_for(staff_user)
        with django_assert_max_num_queries(7 + THREAD):
            page = client.get(STAFF_PRIORITY_PAGE)
        assert thread_of(page.content.decode()).count("Private report") == meetings * 2

    @pytest.mark.parametrize("meetings", MEETINGS)
    # + 1 on the place page for its part of each plan (tests/priorities/test_place_parts.py)
    @pytest.mark.parametrize(("who", "cap"), [("anonymous", 4 + THREAD), ("member", 7 + THREAD), ("staff", 6 + THREAD)])
    def test_the_place_page(
        self, client_for, staff_user, member, board, priority, place, django_assert_max_num_queries, meetings, who, cap
    ):
        build_meetings(board, priority, place, meetings)
        client = client_for({"anonymous": None, "member": member, "staff": staff_user}[who])
        with django_assert_max_num_queries(cap):
            page = client.get(PLACE_PAGE)
        thread = thread_of(page.content.decode())
        assert thread.count("Public report") == meetings * (2 if who == "staff" else 1)
        assert thread.count("Private report") == {"anonymous": 0, "member": 1, "staff": meetings * 2}[who]
