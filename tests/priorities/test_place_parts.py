"""A place's page shows its part of each plan: the priorities that name the place or have a programme that does,
each linked to its page filtered to the place; drafts only to staff, tagged; at a cost that does not grow."""

from __future__ import annotations

import re

import pytest

from blmk_portal.publication import Status
from priorities.models import Plan
from tests.factories import PlaceFactory, PlanFactory, PriorityFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def luton():
    return PlaceFactory(slug="luton", name="Luton")


def test_a_places_page_lists_the_priorities_covering_it_and_not_blmk_wide_or_other_places_work(client, luton):
    elsewhere = PlaceFactory(slug="milton-keynes", name="Milton Keynes")
    plan = PlanFactory(title="Operating plan", slug="operating-plan")
    named = PriorityFactory(plan=plan, code="P1", title="Named", slug="p1")
    named.places.set([luton])
    through_programme = PriorityFactory(plan=plan, code="P2", title="Through a programme", slug="p2")
    ProgrammeFactory(priority=through_programme).places.set([luton])
    PriorityFactory(plan=plan, code="P3", title="Across all of BLMK", slug="p3")
    PriorityFactory(plan=plan, code="P4", title="Elsewhere only", slug="p4").places.set([elsewhere])

    page = client.get("/places/luton/").content.decode()

    assert '<a href="/priorities/operating-plan/">Operating plan</a>' in page
    assert '<a href="/priorities/operating-plan/p1/?place=luton">P1 Named</a>' in page
    assert '<a href="/priorities/operating-plan/p2/?place=luton">P2 Through a programme</a>' in page
    assert "Across all of BLMK" not in page
    assert "Elsewhere only" not in page
    theirs = client.get("/places/milton-keynes/").content.decode()
    assert "P4 Elsewhere only" in theirs
    assert "P1 Named" not in theirs


def test_a_place_no_plan_names_says_so(client, luton):
    PriorityFactory(title="Across all of BLMK")
    page = client.get("/places/luton/").content.decode()
    assert "No plan names Luton yet." in page
    assert "Across all of BLMK" not in page


def test_current_plans_come_first(client, luton):
    earlier = PlanFactory(title="Earlier plan", state=Plan.State.CLOSED, order=1)
    current = PlanFactory(title="Current plan", order=2)
    for plan in (earlier, current):
        PriorityFactory(plan=plan).places.set([luton])
    page = client.get("/places/luton/").content.decode()
    assert page.index("Current plan") < page.index("Earlier plan")


@pytest.mark.parametrize(
    ("reader", "sees_drafts"),
    [("anonymous", False), ("board_member", False), ("other_board_member", False), ("no_role", False), ("staff", True)],
)
def test_draft_plans_and_priorities_are_listed_to_staff_only_and_tagged(
    client_for, readers, luton, reader, sees_drafts
):
    draft_plan = PlanFactory(title="Plan in draft", status=Status.DRAFT)
    PriorityFactory(plan=draft_plan, title="Priority of a draft plan").places.set([luton])
    published = PlanFactory(title="Published plan")
    PriorityFactory(plan=published, title="Published priority").places.set([luton])
    PriorityFactory(plan=published, title="Priority in draft", status=Status.DRAFT).places.set([luton])
    hidden = PriorityFactory(plan=published, title="Priority with a draft programme", slug="hidden")
    ProgrammeFactory(priority=hidden, status=Status.DRAFT).places.set([luton])

    page = client_for(readers[reader]).get("/places/luton/").content.decode()

    assert "Published priority" in page
    for draft in ("Plan in draft", "Priority of a draft plan", "Priority in draft", "Priority with a draft programme"):
        assert (draft in page) is sees_drafts, draft
    assert ("Draft (not public)" in page) is sees_drafts


@pytest.mark.parametrize("size", [1, 12])
def test_a_places_page_costs_the_same_however_many_plans_cover_it(client, django_assert_max_num_queries, luton, size):
    for _ in range(size):
        plan = PlanFactory()
        PriorityFactory(plan=plan).places.set([luton])
        ProgrammeFactory(priority=PriorityFactory(plan=plan)).places.set([luton])
    # tests/places/test_views.py's 5, + 1 for its plans' parts.
    with django_assert_max_num_queries(6):
        page = client.get("/places/luton/").content.decode()
    assert len(re.findall(r'href="/priorities/[^"]+\?place=luton"', page)) == 2 * size
