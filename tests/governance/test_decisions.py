"""The decision register: every resolution of confirmed minutes, per board and across boards, filtered by board,
priority, place and dates over GET, paged, at a fixed number of queries; each decision on its own page."""

import datetime as dt

import pytest

from blmk_portal.publication import Audience, Status
from governance import minutes as services
from governance.models import AgendaItemPlace, AgendaItemPriority, Meeting, Minute, Minutes, PaperPriority, Resolution
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
    PlaceFactory,
    PlanFactory,
    PriorityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def decided(board, day: dt.date, texts: list[str], *, confirmed=True, outcome="agreed", **item) -> list[Resolution]:
    """A meeting of the board with one minuted item and its resolutions; its minutes confirmed (published) or not."""
    meeting = Meeting.objects.filter(board=board, date=day).first() or MeetingFactory(board=board, date=day)
    minutes, _ = Minutes.objects.get_or_create(
        meeting=meeting, defaults={"status": Status.PUBLISHED if confirmed else Status.DRAFT}
    )
    agenda_item = AgendaItemFactory(meeting=meeting, **item)
    minute = Minute.objects.create(minutes=minutes, item=agenda_item, outcome=outcome)
    return [Resolution.objects.create(minute=minute, text=text, order=order) for order, text in enumerate(texts)]


@pytest.fixture
def boards():
    return BoardFactory(slug="partnership", name="BLMK ICS Partnership Board"), BoardFactory(slug="jhosc", name="JHOSC")


@pytest.fixture
def luton():
    return PlaceFactory(name="Luton", slug="luton")


def test_the_register_lists_decisions_of_confirmed_minutes_only_newest_first(boards, client_for):
    partnership, jhosc = boards
    decided(partnership, dt.date(2021, 5, 5), ["That option B be agreed."], number="10", title="Membership")
    decided(jhosc, dt.date(2018, 3, 26), ["That Councillor Agbley be elected Chair."], outcome="resolved")
    decided(partnership, dt.date(2021, 7, 28), ["That the draft decision stands."], confirmed=False)
    decided(partnership, dt.date(2021, 5, 5), ["That the plan be noted."], outcome="noted")
    text = client_for(None).get("/decisions/").content.decode()
    assert "Showing 1 to 2 of 2 decisions" in text
    assert text.index("That option B be agreed.") < text.index("That Councillor Agbley be elected Chair.")
    assert "Agreed: That option B be agreed." in text and "Resolved: That Councillor Agbley" in text
    assert "That the draft decision stands." not in text  # draft minutes
    assert "That the plan be noted." not in text  # Noted decides nothing
    board_page = client_for(None).get("/boards/partnership/decisions/").content.decode()
    assert "That option B be agreed." in board_page and "Agbley" not in board_page
    assert "Draft (not public)" not in text


def test_staff_read_the_decisions_of_draft_minutes_marked_as_drafts(boards, client_for, staff_user):
    partnership, _ = boards
    decided(partnership, dt.date(2021, 5, 5), ["That option B be agreed."])
    decided(partnership, dt.date(2021, 7, 28), ["That the draft decision stands."], confirmed=False)
    rows = client_for(staff_user).get("/decisions/").content.decode().split('<tr class="nhsuk-table__row"')
    draft = next(row for row in rows if "That the draft decision stands." in row)
    confirmed = next(row for row in rows if "That option B be agreed." in row)
    assert "Draft (not public)" in draft and "Draft (not public)" not in confirmed


def test_the_register_filters_by_board_priority_place_and_dates_without_javascript(boards, luton, client_for):
    partnership, jhosc = boards
    [membership] = decided(partnership, dt.date(2021, 5, 5), ["That option B be agreed."])
    [diagnostics] = decided(partnership, dt.date(2021, 6, 9), ["That there be regular updates."])
    [chair] = decided(jhosc, dt.date(2018, 3, 26), ["That Councillor Agbley be elected Chair."])
    AgendaItemPlace.objects.create(item=diagnostics.minute.item, place=luton)
    priority = PriorityFactory(plan=PlanFactory(status=Status.PUBLISHED), status=Status.PUBLISHED)
    paper = PaperFactory(meeting=membership.minute.minutes.meeting)
    Resolution.objects.filter(pk=membership.pk).update(paper=paper)
    PaperPriority.objects.create(paper=paper, priority=priority)
    AgendaItemPriority.objects.create(item=chair.minute.item, priority=priority)
    client = client_for(None)

    def shown(query: str) -> set[str]:
        text = client.get(f"/decisions/?{query}").content.decode()
        return {r.text for r in (membership, diagnostics, chair) if r.text in text}

    assert shown(f"board={jhosc.pk}") == {chair.text}
    assert shown(f"place={luton.pk}") == {diagnostics.text}
    assert shown(f"priority={priority.pk}") == {membership.text, chair.text}  # through its paper, and its item
    assert shown("start-day=1&start-month=6&start-year=2021") == {diagnostics.text}
    assert shown("end-day=31&end-month=12&end-year=2020") == {chair.text}
    assert shown(f"board={partnership.pk}&end-day=1&end-month=6&end-year=2021") == {membership.text}
    wrong = client.get("/decisions/?start-day=1&start-month=6&start-year=2021&end-day=1&end-month=1&end-year=2021")
    assert "The end of the date range must be the same as or after its start" in wrong.content.decode()


def test_the_register_is_paged_and_costs_the_same_however_many_decisions(
    boards, client_for, django_assert_max_num_queries
):
    partnership, _ = boards
    decided(partnership, dt.date(2021, 5, 5), ["That one."])
    client = client_for(None)
    client.get("/decisions/")
    with django_assert_max_num_queries(20) as few:
        client.get("/decisions/")
    for n in range(30):
        decided(partnership, dt.date(2021, 1, 1) + dt.timedelta(days=n), [f"Decision {n}a.", f"Decision {n}b."])
    with django_assert_max_num_queries(len(few.captured_queries)):
        text = client.get("/decisions/").content.decode()
    assert "Showing 1 to 25 of 61 decisions" in text
    assert "Showing 26 to 50 of 61 decisions" in client.get("/decisions/?page=2").content.decode()


def test_a_decision_has_its_own_page_with_its_meeting_item_paper_and_confirmation(boards, client_for, staff_user):
    partnership, _ = boards
    meeting = MeetingFactory(board=partnership, date=dt.date(2021, 5, 5))
    paper = PaperFactory(meeting=meeting, reference="Paper 6", title="Membership options")
    first, second = decided(
        partnership, meeting.date, ["That option B be agreed.", "That the ToR follow."], number="10"
    )
    Resolution.objects.filter(pk=second.pk).update(paper=paper)
    confirming = MeetingFactory(board=partnership, date=dt.date(2021, 6, 9))
    Minutes.objects.filter(meeting=meeting).update(approved_at=confirming, approved_on=confirming.date)
    text = client_for(None).get(f"/boards/partnership/2021-05-05/decisions/{second.pk}/").content.decode()
    assert "Agreed ii): That the ToR follow." in text
    assert "Paper 6: Membership options" in text
    assert "Confirmed as a true record at the meeting of 9 June 2021" in text
    assert f"10 {first.minute.item.title}" in text
    assert client_for(None).get(f"/boards/jhosc/2021-05-05/decisions/{second.pk}/").status_code == 404
    assert client_for(None).get(f"/boards/partnership/2021-05-06/decisions/{second.pk}/").status_code == 404


def test_a_draft_or_part_two_decision_is_not_found_by_those_who_may_not_read_it(boards, client_for, staff_user):
    partnership, _ = boards
    [draft] = decided(partnership, dt.date(2021, 7, 28), ["That the draft stands."], confirmed=False)
    [private] = decided(partnership, dt.date(2021, 5, 5), ["That the site be sold."], audience=Audience.BOARD)
    member = UserFactory()
    MembershipFactory(board=partnership, person=PersonFactory(user=member))
    for path in (
        f"/boards/partnership/2021-07-28/decisions/{draft.pk}/",
        f"/boards/partnership/2021-05-05/decisions/{private.pk}/",
    ):
        assert client_for(None).get(path).status_code == 404
        assert client_for(staff_user).get(path).status_code == 200
    assert client_for(member).get(f"/boards/partnership/2021-05-05/decisions/{private.pk}/").status_code == 200
    assert client_for(member).get(f"/boards/partnership/2021-07-28/decisions/{draft.pk}/").status_code == 404
    assert "That the site be sold." not in client_for(None).get("/decisions/").content.decode()
    assert "That the site be sold." in client_for(member).get("/decisions/").content.decode()


def test_the_decisions_of_the_loaded_minutes_wait_for_their_confirmation(blmk_data, client_for):
    """The seeds do not record the 5 May 2021 minutes being confirmed, so the public register holds none of them."""
    assert "That option B" not in client_for(None).get("/decisions/").content.decode()
    staff = client_for(UserFactory(programme_office=True)).get("/boards/partnership-board/decisions/")
    text = staff.content.decode()
    assert "That option B, as detailed in the report, be agreed as the membership" in text
    assert services.decisions(UserFactory(programme_office=True)).count() == 12
