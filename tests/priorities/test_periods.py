"""A quarter as the programme office runs it: one status per milestone per period, sign-off before the public
see it, corrections and withdrawals, plans that end, and a reporting round that filters and keeps count."""

import datetime as dt
import re
import uuid

import pytest
from django.utils import timezone

from blmk_portal.publication import Status
from blmk_portal.rag import Rag
from priorities.models import Plan, SignOff, StatusUpdate
from priorities.period_rules import Period, reporting_period
from tests.factories import (
    MilestoneFactory,
    PlaceFactory,
    PlanFactory,
    PriorityFactory,
    ProgrammeFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db

ROUND = "/manage/priorities/reporting-round/"
TAG = re.compile(r'<strong class="nhsuk-tag nhsuk-tag--([a-z]+)"\s*>\s*(.*?)\s*</strong>', re.S)


def squash(page: str) -> str:
    return re.sub(r"\s+", " ", page)


def words(page: str) -> list[str]:
    return [word for _, word in TAG.findall(page)]


def this_period() -> str:
    return reporting_period(timezone.localdate())


def last_period() -> str:
    return str(Period.parse(this_period()).previous)


@pytest.fixture
def programme():
    plan = PlanFactory(slug="plan", title="Operating Plan 2026/27", summary="Our plan for the year.")
    priority = PriorityFactory(
        plan=plan, code="P1", slug="p1", title="Prevention", senior_responsible_officer="Jo Bloggs"
    )
    return ProgrammeFactory(priority=priority, slug="stroke", title="Stroke Pathway", lead="Dr Lead")


def report(client, milestone, rag, commentary="", period=None, reason="", next_url=None, htmx=False):
    data = {
        f"m{milestone.pk}-rag": rag,
        f"m{milestone.pk}-commentary": commentary,
        f"m{milestone.pk}-reporting_period": period or this_period(),
        f"m{milestone.pk}-reason": reason,
        f"m{milestone.pk}-submission": str(uuid.uuid4()),
    }
    if next_url:
        data["next"] = next_url
    return client.post(
        f"/manage/priorities/milestones/{milestone.pk}/status/", data, headers={"HX-Request": "true"} if htmx else {}
    )


class TestOneStatusPerPeriod:
    def test_a_back_dated_status_leaves_the_latest_period_current_on_the_public_page(
        self, client_for, staff_user, programme
    ):
        milestone = MilestoneFactory(programme=programme, title="Open the unit")
        staff = client_for(staff_user)
        report(staff, milestone, Rag.GREEN, period=this_period())
        report(staff, milestone, Rag.AMBER, "Was behind", period=last_period())
        staff.post(
            "/manage/priorities/plan/p1/stroke/sign-off/",
            {"reporting_period": this_period(), "signed_off_as": "programme_office"},
        )
        staff.post(
            "/manage/priorities/plan/p1/stroke/sign-off/",
            {"reporting_period": last_period(), "signed_off_as": "programme_office"},
        )
        page = squash(client_for(None).get("/priorities/plan/p1/").content.decode())
        assert re.search(r'Overall status: <strong class="nhsuk-tag nhsuk-tag--green"\s*>\s*Green', page)
        assert re.search(r'Status: <strong class="nhsuk-tag nhsuk-tag--green"\s*>\s*Green', page)
        # Both periods are in the history, latest period first.
        assert page.index(this_period()) < page.index(last_period())
        report_page = squash(staff.get("/manage/priorities/plan/p1/stroke/highlight/").content.decode())
        assert "1 Green" in report_page and "1 Amber" not in report_page

    def test_saving_the_same_status_twice_without_javascript_stores_it_once(self, client_for, staff_user, programme):
        milestone = MilestoneFactory(programme=programme)
        staff = client_for(staff_user)
        first = report(staff, milestone, Rag.RED, "Supplier late")
        again = report(staff, milestone, Rag.RED, "Supplier late")  # Back, and save again (a fresh form)
        assert first.status_code == again.status_code == 302
        assert StatusUpdate.objects.filter(milestone=milestone).count() == 1

    def test_a_changed_status_in_an_open_period_is_an_edit_shown_in_the_history(
        self, client_for, staff_user, programme
    ):
        milestone = MilestoneFactory(programme=programme)
        staff = client_for(staff_user)
        report(staff, milestone, Rag.RED, "Supplier late")
        report(staff, milestone, Rag.AMBER, "Supplier found")
        assert list(StatusUpdate.objects.values_list("rag", flat=True)) == [Rag.AMBER]
        history = squash(staff.get(f"/manage/priorities/milestones/{milestone.pk}/history/").content.decode())
        assert "Earlier versions while" in history
        assert "Supplier late" in history and "Supplier found" in history
        assert "Awaiting sign-off (not public)" in history


class TestSignOff:
    @pytest.fixture
    def reported(self, programme):
        milestone = MilestoneFactory(programme=programme, title="Open the unit")
        StatusUpdateFactory(milestone=milestone, rag=Rag.GREEN, reporting_period=last_period())
        StatusUpdateFactory(
            milestone=milestone,
            rag=Rag.RED,
            commentary="Builder gone bust",
            reporting_period=this_period(),
            signed_off=False,
        )
        MilestoneFactory(programme=programme, title="Hire staff")
        return milestone

    def test_until_signed_off_the_public_see_the_last_signed_off_status_and_staff_see_it_marked(
        self, client_for, staff_user, reported
    ):
        public = client_for(None).get("/priorities/plan/p1/").content.decode()
        assert "Builder gone bust" not in public
        assert "Red" not in words(public)
        assert "Green" in words(public)
        staff = client_for(staff_user).get("/priorities/plan/p1/").content.decode()
        assert "Builder gone bust" in staff
        assert "Awaiting sign-off (not public)" in words(staff)

    def test_the_round_shows_what_awaits_sign_off_and_signing_off_publishes_it(self, client_for, staff_user, reported):
        staff = client_for(staff_user)
        page = squash(staff.get(ROUND).content.decode())
        assert f"P1 › Stroke Pathway: {this_period()}" in page
        assert f"1 of 2 milestones have a status for {this_period()}. Signing off now leaves 1 showing" in page
        assert 'action="/manage/priorities/plan/p1/stroke/sign-off/"' in page
        sign_off_form = page[page.index('action="/manage/priorities/plan/p1/stroke/sign-off/"') :]
        assert 'name="csrfmiddlewaretoken"' in sign_off_form[: sign_off_form.index("</form>")]
        assert "The SRO, Jo Bloggs" in page
        form = {"reporting_period": this_period(), "signed_off_as": "sro", "next": ROUND}
        first = staff.post("/manage/priorities/plan/p1/stroke/sign-off/", form)
        again = staff.post("/manage/priorities/plan/p1/stroke/sign-off/", form)  # a double submit
        assert first.status_code == again.status_code == 302 and first["Location"] == ROUND
        sign_off = SignOff.objects.get(reporting_period=this_period())
        assert (sign_off.signed_off_as, sign_off.sro_name, sign_off.by) == ("sro", "Jo Bloggs", staff_user)
        public = client_for(None).get("/priorities/plan/p1/").content.decode()
        assert "Builder gone bust" in public and "Red" in words(public)
        after = squash(staff.get(ROUND).content.decode())
        assert "Nothing awaits sign-off" in after
        assert f"{this_period()} signed off by the senior responsible officer, Jo Bloggs" in squash(
            staff.get("/manage/priorities/plan/p1/stroke/").content.decode()
        )

    def test_a_sign_off_with_nothing_to_sign_says_why_and_saves_nothing(self, client_for, staff_user, programme):
        response = client_for(staff_user).post(
            "/manage/priorities/plan/p1/stroke/sign-off/",
            {"reporting_period": this_period(), "signed_off_as": "programme_office", "next": ROUND},
            follow=True,
        )
        assert "Nothing to sign off: no milestone of Stroke Pathway has a status for" in response.content.decode()
        assert not SignOff.objects.exists()


class TestCorrectionsAndWithdrawals:
    @pytest.fixture
    def wrong_red(self, programme):
        milestone = MilestoneFactory(programme=programme, title="Open the unit")
        StatusUpdateFactory(milestone=milestone, rag=Rag.GREEN, reporting_period=last_period())
        return StatusUpdateFactory(
            milestone=milestone, rag=Rag.RED, commentary="Wrong Red", reporting_period=this_period()
        )

    def test_a_signed_off_status_is_corrected_with_a_reason_and_the_old_one_stays_for_staff(
        self, client_for, staff_user, wrong_red
    ):
        staff = client_for(staff_user)
        refused = report(staff, wrong_red.milestone, Rag.GREEN)
        assert refused.status_code == 200
        assert "Enter the reason for the correction" in refused.content.decode()
        assert StatusUpdate.objects.standing().get(reporting_period=this_period()) == wrong_red
        report(staff, wrong_red.milestone, Rag.GREEN, reason="Red was typed by mistake")
        public = client_for(None).get("/priorities/plan/p1/").content.decode()
        assert "Wrong Red" not in public and "Red" not in words(public)
        assert "corrected" in public
        history = squash(staff.get(f"/manage/priorities/milestones/{wrong_red.milestone_id}/history/").content.decode())
        assert "Replaced by a correction on" in history and "Red was typed by mistake" in history
        assert "Wrong Red" in history

    def test_staff_withdraw_an_update_with_a_reason_and_the_public_see_the_record_without_it(
        self, client_for, staff_user, wrong_red
    ):
        staff = client_for(staff_user)
        url = f"/manage/priorities/milestones/{wrong_red.milestone_id}/status/{wrong_red.pk}/withdraw/"
        form = staff.get(url).content.decode()
        assert "Why is it being withdrawn?" in form and 'name="csrfmiddlewaretoken"' in form
        refused = staff.post(url, {"reason": "", "submission": str(uuid.uuid4())})
        assert refused.status_code == 200 and "Enter the reason for withdrawing it" in refused.content.decode()
        done = staff.post(url, {"reason": "Reported against the wrong milestone", "submission": str(uuid.uuid4())})
        assert done.status_code == 302
        public = client_for(None).get("/priorities/plan/p1/").content.decode()
        assert "Wrong Red" not in public
        assert words(public).count("Green") >= 1 and "Red" not in words(public)
        history = squash(staff.get(f"/manage/priorities/milestones/{wrong_red.milestone_id}/history/").content.decode())
        assert "Withdrawn on" in history and "Reported against the wrong milestone" in history


class TestPlansHaveALife:
    @pytest.fixture
    def plans(self):
        old = PlanFactory(slug="old", title="Old plan", order=1, state=Plan.State.CLOSED)
        current = PlanFactory(slug="new", title="New plan", order=2)
        replaced = PlanFactory(
            slug="replaced", title="Replaced plan", order=3, state="superseded", superseded_by=current
        )
        for plan in (old, current, replaced):
            PriorityFactory(plan=plan, code="P1", slug="p1", title=f"{plan.title} priority")
        return old, current, replaced

    def test_the_current_plan_comes_first_and_the_rest_under_earlier_plans(self, client, plans):
        page = client.get("/priorities/").content.decode()
        assert page.index("New plan") < page.index("Earlier plans") < page.index("Old plan")
        assert page.index("Earlier plans") < page.index("Replaced plan")
        assert "Superseded by New plan" in page
        assert 'href="/priorities/new/"' in page

    def test_a_plan_has_its_own_page_with_its_summary_priorities_places_and_source(self, client):
        luton = PlaceFactory(slug="luton", name="Luton")
        plan = PlanFactory(slug="plan", title="Operating Plan", summary="What we will do.", period="2026/27")
        priority = PriorityFactory(plan=plan, code="P1", slug="p1", title="Prevention")
        priority.places.set([luton])
        PriorityFactory(plan=plan, code="P2", slug="p2", title="Secret draft", status=Status.DRAFT)
        page = squash(client.get("/priorities/plan/").content.decode())
        assert "<h1>Operating Plan</h1>" in page
        assert "What we will do." in page and "2026/27" in page and "Current" in page
        assert 'href="/priorities/plan/p1/"' in page and "Luton" in page
        assert "Secret draft" not in page

    def test_a_superseded_plans_page_links_to_its_successor(self, client, plans):
        page = client.get("/priorities/replaced/").content.decode()
        assert 'Superseded by <a href="/priorities/new/">New plan</a>' in page

    def test_a_priority_of_an_earlier_plan_says_so(self, client, plans):
        assert "Part of an earlier plan (closed)" in client.get("/priorities/old/p1/").content.decode()
        assert "Part of an earlier plan" not in client.get("/priorities/new/p1/").content.decode()

    def test_a_draft_plans_page_is_not_found_for_the_public(self, client):
        PlanFactory(slug="draft", status=Status.DRAFT)
        assert client.get("/priorities/draft/").status_code == 404

    def test_the_seeded_plans_that_have_ended_are_closed(self, blmk_data):
        assert dict(Plan.objects.values_list("slug", "state")) == {
            "stp-2016": "closed",
            "operating-plan-2018-19": "closed",
            "strategic-priorities-2021-22": "current",
        }

    def test_staff_mark_a_plan_superseded_and_its_milestones_leave_the_round(self, client_for, staff_user, plans):
        old, current, replaced = plans
        MilestoneFactory(programme=ProgrammeFactory(priority=current.priorities.get()), title="Current work")
        staff = client_for(staff_user)
        response = staff.post(
            "/manage/priorities/new/edit/",
            {"version": "1", "title": "New plan", "period": "2026/27", "state": "superseded", "superseded_by": ""},
        )
        assert "Select the plan that superseded this one" in response.content.decode()
        assert "Current work" in staff.get(f"{ROUND}?show=all").content.decode()
        staff.post(
            "/manage/priorities/new/edit/",
            {"version": "1", "title": "New plan", "period": "2026/27", "state": "superseded", "superseded_by": old.pk},
        )
        assert "Current work" not in staff.get(f"{ROUND}?show=all").content.decode()


class TestTheRound:
    @pytest.fixture
    def round_(self, programme):
        other_programme = ProgrammeFactory(priority=programme.priority, title="Diabetes", lead="Dr Other")
        other_priority = PriorityFactory(plan=programme.priority.plan, code="P2", title="Care")
        late = MilestoneFactory(programme=programme, title="Late milestone", owner="Ann", due_date=dt.date(2019, 3, 31))
        StatusUpdateFactory(milestone=late, rag=Rag.AMBER, commentary="Slow", reporting_period="2025/26 Q1")
        MilestoneFactory(programme=other_programme, title="Diabetes milestone", owner="Bob")
        MilestoneFactory(programme=ProgrammeFactory(priority=other_priority), title="Care milestone", owner="Ann")
        closed = PlanFactory(state=Plan.State.CLOSED, title="Closed plan")
        MilestoneFactory(programme=ProgrammeFactory(priority=PriorityFactory(plan=closed)), title="Closed milestone")
        return programme

    @pytest.mark.parametrize(
        ("query", "shown"),
        [
            ("", {"Late milestone", "Diabetes milestone", "Care milestone"}),
            ("?owner=Ann", {"Late milestone", "Care milestone"}),
            ("?lead=Dr+Other", {"Diabetes milestone"}),
            ("?status=amber", {"Late milestone"}),
            ("?status=not_reported", {"Diabetes milestone", "Care milestone"}),
        ],
    )
    def test_it_filters_by_owner_lead_and_status(self, client_for, staff_user, round_, query, shown):
        page = client_for(staff_user).get(ROUND + query).content.decode()
        every = {"Late milestone", "Diabetes milestone", "Care milestone", "Closed milestone"}
        assert {title for title in every if title in page} == shown

    def test_it_filters_by_priority_and_plan(self, client_for, staff_user, round_):
        staff = client_for(staff_user)
        page = staff.get(f"{ROUND}?priority={round_.priority_id}").content.decode()
        assert "Late milestone" in page and "Diabetes milestone" in page and "Care milestone" not in page
        page = staff.get(f"{ROUND}?plan={round_.priority.plan_id}").content.decode()
        assert "Care milestone" in page and "Closed milestone" not in page

    def test_overdue_milestones_and_late_updates_are_flagged_in_words(self, client_for, staff_user, round_):
        page = client_for(staff_user).get(ROUND).content.decode()
        assert "Overdue: due 31 March 2019, not reported complete" in page
        assert "Late: last updated for 2025/26 Q1" in page
        assert "Late: never updated" in page

    def test_the_counts_follow_the_filters(self, client_for, staff_user, round_):
        page = squash(client_for(staff_user).get(f"{ROUND}?owner=Ann").content.decode())
        assert f"0 of 2 milestones still in progress have a status update for {this_period()}" in page
        assert "Not yet updated (2)" in page

    def test_after_an_inline_save_the_counts_and_what_awaits_sign_off_come_back_out_of_band(
        self, client_for, staff_user, round_
    ):
        """The defect: after an inline save the round's counts stayed stale until a reload."""
        milestone = round_.milestones.get(title="Late milestone")
        response = report(client_for(staff_user), milestone, Rag.GREEN, next_url=f"{ROUND}?owner=Ann", htmx=True)
        fragment = squash(response.content.decode())
        assert "<html" not in fragment
        counts = fragment[fragment.index('<div id="round-counts"') :]
        assert counts.startswith('<div id="round-counts" class="app-round-counts" data-hx-swap-oob="true">')
        assert f"1 of 2 milestones still in progress have a status update for {this_period()}" in counts
        assert "Not yet updated (1)" in counts
        assert '<section id="sign-off" aria-labelledby="sign-off-heading" data-hx-swap-oob="true">' in fragment
        assert f"P1 › Stroke Pathway: {this_period()}" in fragment

    def test_after_an_inline_save_on_the_programme_page_its_overall_status_comes_back_out_of_band(
        self, client_for, staff_user, programme
    ):
        milestone = MilestoneFactory(programme=programme)
        response = report(
            client_for(staff_user), milestone, Rag.RED, "Late", next_url="/manage/priorities/plan/p1/stroke/", htmx=True
        )
        fragment = squash(response.content.decode())
        status = fragment[fragment.index('<div id="programme-status" data-hx-swap-oob="true">') :]
        assert status.index("Overall status:") < status.index("Red")

    def test_without_javascript_a_save_reloads_the_round_with_fresh_counts(self, client_for, staff_user, round_):
        staff = client_for(staff_user)
        milestone = round_.milestones.get(title="Late milestone")
        response = report(staff, milestone, Rag.GREEN, next_url=ROUND)
        assert response["Location"] == ROUND
        assert "Updated for " + this_period() + " (1)" in squash(staff.get(ROUND).content.decode())


class TestQueryCaps:
    @pytest.mark.parametrize("size", [1, 4])
    @pytest.mark.parametrize(
        "query", ["", "?show=all&owner=Ann&status=amber", "?show=updated&lead=Dr+Lead&priority=1&plan=1"]
    )
    def test_the_round_costs_the_same_however_many_milestones_with_any_filters(
        self, client_for, staff_user, django_assert_max_num_queries, programme, size, query
    ):
        for number in range(size):
            milestone = MilestoneFactory(programme=programme, owner="Ann", title=f"Milestone {number}")
            StatusUpdateFactory(
                milestone=milestone, rag=Rag.AMBER, commentary="x", reporting_period=this_period(), signed_off=False
            )
            other = ProgrammeFactory(priority=programme.priority, lead=f"Lead {number}")
            StatusUpdateFactory(
                milestone=MilestoneFactory(programme=other), reporting_period=this_period(), signed_off=False
            )
        client = client_for(staff_user)
        # 16, + 1 for each chosen plan or priority the filters look up
        with django_assert_max_num_queries(18):
            assert client.get(ROUND + query).status_code == 200

    @pytest.mark.parametrize("size", [1, 4])
    @pytest.mark.parametrize("who", ["anonymous", "staff"])
    def test_a_plans_page_costs_the_same_however_many_priorities_and_programmes(
        self, client_for, staff_user, django_assert_max_num_queries, programme, size, who
    ):
        for number in range(size):
            priority = PriorityFactory(plan=programme.priority.plan, code=f"X{number}", slug=f"x{number}")
            priority.places.set([PlaceFactory()])
            StatusUpdateFactory(milestone=MilestoneFactory(programme=ProgrammeFactory(priority=priority)))
        client = client_for(staff_user if who == "staff" else None)
        with django_assert_max_num_queries(8 if who == "staff" else 5):
            assert client.get("/priorities/plan/").status_code == 200
