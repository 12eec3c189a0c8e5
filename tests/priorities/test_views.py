"""The priorities pages: what the public reads, what staff do, and what each page costs in queries."""

import datetime as dt
import io
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from blmk_portal.formatting import date
from blmk_portal.publication import Audience, Status
from blmk_portal.rag import Rag
from priorities.models import Milestone, Plan, Priority, Programme, Risk, StatusUpdate
from priorities.period_rules import recent_periods, reporting_period
from priorities.status_rules import overall_rule_text
from tests.factories import (
    MilestoneFactory,
    PlaceFactory,
    PlanFactory,
    PriorityFactory,
    ProgrammeFactory,
    RiskFactory,
    StatusUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TAG = re.compile(r'<strong class="nhsuk-tag nhsuk-tag--([a-z]+)"\s*>\s*(.*?)\s*</strong>', re.S)


def tags(page: str) -> list[tuple[str, str]]:
    """Every NHS tag on the page as (colour, word)."""
    return TAG.findall(page)


def squash(page: str) -> str:
    """The page with runs of whitespace made single spaces, to read text that templates wrap."""
    return re.sub(r"\s+", " ", page)


def once() -> dict[str, str]:
    """The one-time token an Add form carries (a fresh one: a form opened for this post)."""
    return {"submission": str(uuid.uuid4())}


def due(day: int, month: int, year: int, name: str = "due_date") -> dict[str, str]:
    """A date as the NHS date input sends it."""
    return {f"{name}-day": str(day), f"{name}-month": str(month), f"{name}-year": str(year)}


def this_period() -> str:
    return reporting_period(timezone.localdate())


@pytest.fixture
def programme():
    """A published programme at /priorities/plan/p1/ (plan slug "plan", priority slug "p1", programme "stroke")."""
    plan = PlanFactory(slug="plan", title="Operating Plan 2026/27")
    priority = PriorityFactory(plan=plan, code="P1", slug="p1", title="Prevention")
    return ProgrammeFactory(priority=priority, slug="stroke", title="Stroke Pathway")


def status(milestone, rag, commentary="", period="2026/27 Q2"):
    return StatusUpdateFactory(milestone=milestone, rag=rag, commentary=commentary, reporting_period=period)


class TestThePublicList:
    def test_it_lists_the_three_published_blmk_plans_with_their_priorities(self, client, blmk_data):
        page = client.get("/priorities/").content.decode()
        assert set(Plan.objects.values_list("slug", flat=True)) == {
            "stp-2016",
            "operating-plan-2018-19",
            "strategic-priorities-2021-22",
        }
        for plan in Plan.objects.all():
            assert plan.title in page
            assert f'id="{plan.slug}"' in page
        assert 'href="/priorities/operating-plan-2018-19/p1/"' in page
        assert 'href="/priorities/strategic-priorities-2021-22/e8/"' in page
        # Nothing is reported yet, so every priority is Grey, said in words.
        assert {word for _, word in tags(page)} == {"Grey (not reported)"}

    def test_each_priority_shows_its_overall_status_word_from_its_programmes(self, client):
        plan = PlanFactory()
        red = PriorityFactory(plan=plan, title="Red priority")
        status(MilestoneFactory(programme=ProgrammeFactory(priority=red)), Rag.RED, "Late")
        status(MilestoneFactory(programme=ProgrammeFactory(priority=red)), Rag.GREEN)
        complete = PriorityFactory(plan=plan, title="Complete priority")
        status(MilestoneFactory(programme=ProgrammeFactory(priority=complete)), Rag.BLUE)
        PriorityFactory(plan=plan, title="Priority without programmes")
        page = client.get("/priorities/").content.decode()
        assert tags(page) == [("red", "Red"), ("blue", "Blue (complete)"), ("grey", "Grey (not reported)")]
        assert "worked out from the latest signed-off status of each programme" in page

    def test_a_programmes_override_feeds_its_priority(self, client):
        programme = ProgrammeFactory(rag_override=Rag.AMBER, rag_override_reason="Funding at risk")
        status(MilestoneFactory(programme=programme), Rag.GREEN)
        assert tags(client.get("/priorities/").content.decode()) == [("orange", "Amber")]

    def test_the_latest_periods_status_counts_not_the_last_typed(self, client):
        """The defect: a back-dated Q1 Amber entered after a Q3 Green showed as Amber everywhere."""
        milestone = MilestoneFactory()
        status(milestone, Rag.GREEN, period="2026/27 Q3")
        status(milestone, Rag.AMBER, "Late in Q1", period="2026/27 Q1")
        assert tags(client.get("/priorities/").content.decode()) == [("green", "Green")]

    def test_draft_plans_and_draft_priorities_are_not_listed_for_the_public(self, client_for, non_member_user):
        published = PlanFactory(title="Published plan")
        PriorityFactory(plan=published, title="Published priority")
        PriorityFactory(plan=published, title="Draft priority", status=Status.DRAFT)
        draft = PlanFactory(title="Draft plan", status=Status.DRAFT)
        PriorityFactory(plan=draft, title="Priority in a draft plan")
        for user in (None, non_member_user):
            page = client_for(user).get("/priorities/").content.decode()
            assert "Published priority" in page
            for hidden in ("Draft priority", "Draft plan", "Priority in a draft plan"):
                assert hidden not in page

    def test_draft_programmes_do_not_count_towards_the_public_status(self, client):
        priority = PriorityFactory()
        status(MilestoneFactory(programme=ProgrammeFactory(priority=priority)), Rag.GREEN)
        status(MilestoneFactory(programme=ProgrammeFactory(priority=priority, status=Status.DRAFT)), Rag.RED, "x")
        assert tags(client.get("/priorities/").content.decode()) == [("green", "Green")]

    def test_staff_see_drafts_marked_as_drafts(self, client_for, staff_user):
        draft = PlanFactory(title="Draft plan", status=Status.DRAFT)
        PriorityFactory(plan=draft, title="Priority in a draft plan")
        page = client_for(staff_user).get("/priorities/").content.decode()
        assert "Draft plan" in page
        assert "Priority in a draft plan" in page
        assert ("white", "Draft (not public)") in tags(page)

    def test_with_nothing_published_it_says_so(self, client):
        PlanFactory(status=Status.DRAFT)
        assert "No plans have been published yet." in client.get("/priorities/").content.decode()


class TestThePublicPriorityPage:
    def test_it_shows_the_priority_its_leads_and_its_markdown_description(self, client):
        PriorityFactory(
            plan__slug="plan",
            slug="p3",
            code="P3",
            title="Healthy weight",
            kind=Priority.Kind.ENABLER,
            aim="Halve childhood obesity",
            description="Our **first** step",
            senior_responsible_officer="Dr A Smith",
            lead="B Jones",
            clinical_lead="Dr C Patel",
            lived_experience_lead="D Brown",
        )
        page = client.get("/priorities/plan/p3/").content.decode()
        assert "<h1>P3 Healthy weight</h1>" in page
        for text in ("Halve childhood obesity", "Enabler (behind the scenes)", "<strong>first</strong>"):
            assert text in page
        for label, name in [
            ("Senior responsible officer", "Dr A Smith"),
            ("Lead", "B Jones"),
            ("Clinical lead", "Dr C Patel"),
            ("Lived-experience lead", "D Brown"),
            ("Places covered", "All of Bedfordshire, Luton and Milton Keynes"),
        ]:
            assert re.search(rf">\s*{label}\s*</dt>\s*<dd[^>]*>\s*{name}\s*</dd>", page), label

    def test_it_shows_programmes_and_milestones_with_their_status_words_and_dated_history(self, client, programme):
        milestone = MilestoneFactory(
            programme=programme, title="Open the hyper-acute unit", owner="L&D", due_date=dt.date(2027, 3, 31)
        )
        first = status(milestone, Rag.AMBER, "Recruitment behind plan", "2026/27 Q2")
        second = status(milestone, Rag.GREEN, "Back on track", "2026/27 Q3")
        MilestoneFactory(programme=programme, title="Not yet reported", quarter="Q4")
        page = squash(client.get("/priorities/plan/p1/").content.decode())
        assert "Stroke Pathway" in page
        assert "Open the hyper-acute unit" in page
        assert "Due: 31 March 2027 · Owner: L&amp;D · Status:" in page
        assert "Due: Q4 · Status:" in page
        assert f"2026/27 Q3 ({date(timezone.localtime(second.changed_at).date())})" in page
        assert f"2026/27 Q2 ({date(timezone.localtime(first.changed_at).date())})" in page
        assert page.index("Back on track") < page.index("Recruitment behind plan")  # newest first
        assert ("grey", "Grey (not reported)") in tags(page)
        assert ("orange", "Amber") in tags(page)

    def test_the_rule_is_shown_beside_each_overall_status(self, client, programme):
        status(MilestoneFactory(programme=programme), Rag.RED, "Late")
        page = squash(client.get("/priorities/plan/p1/").content.decode())
        assert "How this status is worked out" in page
        assert overall_rule_text("programme") in page
        assert overall_rule_text("milestone") in page
        assert page.count("Overall status:") == 2  # the priority's and the programme's
        assert tags(page)[:2] == [("red", "Red"), ("red", "Red")]

    def test_an_override_is_shown_with_the_rules_answer_and_the_reason(self, client, programme):
        Programme.objects.filter(pk=programme.pk).update(
            rag_override=Rag.GREEN, rag_override_reason="Recovery plan agreed with NHS England"
        )
        status(MilestoneFactory(programme=programme), Rag.RED, "Late")
        page = squash(client.get("/priorities/plan/p1/").content.decode())
        assert "Set by the programme office: the rule gives Red. Reason: Recovery plan agreed with NHS England" in page
        assert tags(page)[:2] == [("green", "Green"), ("green", "Green")]

    def test_a_priority_override_is_shown_with_its_reason(self, client, programme):
        Priority.objects.filter(pk=programme.priority_id).update(
            rag_override=Rag.AMBER, rag_override_reason="Waiting on the ICB board"
        )
        page = squash(client.get("/priorities/plan/p1/").content.decode())
        assert "the rule gives Grey (not reported). Reason: Waiting on the ICB board" in page
        assert tags(page)[0] == ("orange", "Amber")

    def test_no_override_reason_is_shown_without_an_override(self, client, programme):
        assert "Set by the programme office" not in client.get("/priorities/plan/p1/").content.decode()

    def test_a_draft_programme_is_not_listed_for_the_public_but_is_for_staff(self, client_for, programme, staff_user):
        ProgrammeFactory(priority=programme.priority, title="Secret workstream", status=Status.DRAFT)
        assert "Secret workstream" not in client_for(None).get("/priorities/plan/p1/").content.decode()
        assert "Secret workstream" in client_for(staff_user).get("/priorities/plan/p1/").content.decode()

    @pytest.mark.parametrize("where", ["priority", "plan"])
    def test_a_draft_priority_or_a_priority_in_a_draft_plan_is_not_found_except_by_staff(
        self, client_for, programme, staff_user, non_member_user, board_member_user, where
    ):
        target = programme.priority if where == "priority" else programme.priority.plan
        type(target).objects.filter(pk=target.pk).update(status=Status.DRAFT)
        for user in (None, non_member_user, board_member_user):
            response = client_for(user).get("/priorities/plan/p1/")
            assert response.status_code == 404
            assert "Prevention" not in response.content.decode()
        page = client_for(staff_user).get("/priorities/plan/p1/").content.decode()
        assert "Prevention" in page
        assert "Draft (not public)" in page

    def test_an_unknown_priority_is_not_found(self, client, programme):
        assert client.get("/priorities/plan/p9/").status_code == 404
        assert client.get("/priorities/other-plan/p1/").status_code == 404

    def test_confidential_risks_are_hidden_from_the_public_but_shown_to_staff(self, client_for, programme, staff_user):
        RiskFactory(priority=programme.priority, title="Workforce gaps", current_likelihood=4, current_consequence=4)
        RiskFactory(priority=programme.priority, title="Provider may fail", audience=Audience.STAFF)
        RiskFactory(priority=programme.priority, title="Closed risk", state=Risk.State.CLOSED)
        public = client_for(None).get("/priorities/plan/p1/").content.decode()
        assert "Workforce gaps" in public
        assert "16 (Extreme): likelihood 4 Likely x consequence 4 Major" in public
        assert "Provider may fail" not in public
        assert "Closed risk" not in public
        staff = client_for(staff_user).get("/priorities/plan/p1/").content.decode()
        assert "Provider may fail" in staff
        risks_page = client_for(staff_user).get("/manage/priorities/risks/").content.decode()
        assert "Provider may fail" in risks_page
        assert ("white", "Programme office only (not public)") in tags(risks_page)
        assert ("white", "Programme office only (not public)") in tags(staff)


class TestThePlaceFilter:
    @pytest.fixture
    def work(self, programme):
        luton = PlaceFactory(slug="luton", name="Luton")
        bedford = PlaceFactory(slug="bedford", name="Bedford Borough")
        for title, places in [("Everywhere", []), ("Only Luton", [luton]), ("Only Bedford", [bedford])]:
            MilestoneFactory(programme=programme, title=f"{title} milestone").places.set(places)
        ProgrammeFactory(priority=programme.priority, title="Luton programme").places.set([luton])
        ProgrammeFactory(priority=programme.priority, title="Bedford programme").places.set([bedford])
        return programme

    def test_without_a_place_everything_is_shown(self, client, work):
        page = client.get("/priorities/plan/p1/").content.decode()
        for title in ("Everywhere milestone", "Only Luton milestone", "Only Bedford milestone"):
            assert title in page
        assert "Luton programme" in page
        assert "Bedford programme" in page

    def test_a_place_shows_work_covering_it_or_all_of_blmk(self, client, work):
        page = client.get("/priorities/plan/p1/?place=luton").content.decode()
        assert "Showing work that covers Luton, including work across all of BLMK." in page
        assert "Stroke Pathway" in page  # BLMK-wide programme
        assert "Everywhere milestone" in page
        assert "Only Luton milestone" in page
        assert "Luton programme" in page
        assert "Only Bedford milestone" not in page
        assert "Bedford programme" not in page
        assert re.search(r'<option value="luton"\s*selected\s*>', page)

    def test_the_other_place_shows_its_own_work(self, client, work):
        page = client.get("/priorities/plan/p1/?place=bedford").content.decode()
        assert "Only Bedford milestone" in page
        assert "Bedford programme" in page
        assert "Only Luton milestone" not in page
        assert "Luton programme" not in page

    def test_filtering_does_not_change_the_overall_status(self, client, work):
        bedford_only = Milestone.objects.get(title="Only Bedford milestone")
        status(bedford_only, Rag.RED, "Late")
        page = client.get("/priorities/plan/p1/?place=luton").content.decode()
        assert tags(page)[0] == ("red", "Red")

    def test_an_unknown_place_shows_everything(self, client, work):
        page = client.get("/priorities/plan/p1/?place=atlantis").content.decode()
        assert "Only Bedford milestone" in page
        assert "Showing work that covers" not in page

    def test_on_the_real_operating_plan_luton_drops_work_only_for_milton_keynes(self, client, blmk_data):
        everything = client.get("/priorities/operating-plan-2018-19/p2/").content.decode()
        luton = client.get("/priorities/operating-plan-2018-19/p2/?place=luton").content.decode()
        milton_keynes = client.get("/priorities/operating-plan-2018-19/p2/?place=milton-keynes").content.decode()
        assert "Showing work that covers Luton" in luton
        assert "Recommissioning of urgent care in MK" in everything
        assert "Recommissioning of urgent care in MK" in milton_keynes
        assert "Recommissioning of urgent care in MK" not in luton
        assert "NAPC BLMK Programme" in luton
        assert luton.count('class="app-milestone"') == everything.count('class="app-milestone"') - 1


class TestCreatingAndPublishing:
    def test_staff_add_a_plan_priority_programme_and_milestone_then_publish_them(self, client_for, staff_user):
        staff = client_for(staff_user)
        public = client_for(None)
        luton = PlaceFactory(slug="luton", name="Luton")

        response = staff.post("/manage/priorities/new/", {"title": "Joint Forward Plan", "period": "2026/27", **once()})
        assert response.status_code == 302
        assert response["Location"] == "/manage/priorities/joint-forward-plan/"
        plan = Plan.objects.get(slug="joint-forward-plan")
        assert plan.status == Status.DRAFT
        assert "Joint Forward Plan added as a draft" in staff.get(response["Location"]).content.decode()

        response = staff.post(
            "/manage/priorities/joint-forward-plan/new/",
            {
                "code": "P1",
                "title": "Healthy weight",
                "kind": "front_line",
                "aim": "Halve obesity",
                "places": [luton.pk],
                **once(),
            },
        )
        assert response["Location"] == "/manage/priorities/joint-forward-plan/p1/"
        priority = Priority.objects.get(plan=plan, code="P1")
        assert (priority.status, list(priority.places.all())) == (Status.DRAFT, [luton])

        response = staff.post(
            "/manage/priorities/joint-forward-plan/p1/new/",
            {"title": "Tier 3 weight service", "kind": "programme", **once()},
        )
        assert response["Location"] == "/manage/priorities/joint-forward-plan/p1/tier-3-weight-service/"
        programme = Programme.objects.get(priority=priority)
        assert programme.status == Status.DRAFT

        response = staff.post(
            "/manage/priorities/joint-forward-plan/p1/tier-3-weight-service/new/",
            {"title": "Procure the service", "owner": "ICB", **due(31, 3, 2027), **once()},
        )
        assert response["Location"] == "/manage/priorities/joint-forward-plan/p1/tier-3-weight-service/"
        milestone = Milestone.objects.get(programme=programme)
        assert (milestone.title, milestone.due_date) == ("Procure the service", dt.date(2027, 3, 31))

        assert public.get("/priorities/joint-forward-plan/p1/").status_code == 404
        assert "Joint Forward Plan" not in public.get("/priorities/").content.decode()

        for path, item in [
            ("/manage/priorities/joint-forward-plan/publish/", plan),
            ("/manage/priorities/joint-forward-plan/p1/publish/", priority),
            ("/manage/priorities/joint-forward-plan/p1/tier-3-weight-service/publish/", programme),
        ]:
            assert staff.post(path, {"publish": "1", "version": str(item.version)}).status_code == 302
            item.refresh_from_db()
            assert item.status == Status.PUBLISHED

        page = public.get("/priorities/joint-forward-plan/p1/").content.decode()
        assert "Tier 3 weight service" in page
        assert "Procure the service" in page
        assert "Joint Forward Plan" in public.get("/priorities/").content.decode()

    def test_unpublishing_takes_it_off_the_public_site(self, client_for, staff_user, programme):
        staff = client_for(staff_user)
        response = staff.post("/manage/priorities/plan/p1/publish/", {"publish": "0", "version": "1"})
        assert response["Location"] == "/manage/priorities/plan/p1/"
        assert Priority.objects.get(pk=programme.priority_id).status == Status.DRAFT
        assert "unpublished: it is a draft again" in staff.get("/manage/priorities/plan/p1/").content.decode()
        assert client_for(None).get("/priorities/plan/p1/").status_code == 404

    def test_publishing_from_a_stale_page_is_refused_with_a_message(self, client_for, staff_user, programme):
        staff = client_for(staff_user)
        staff.post("/manage/priorities/plan/publish/", {"publish": "0", "version": "1"})
        response = staff.post("/manage/priorities/plan/publish/", {"publish": "1", "version": "1"}, follow=True)
        assert Plan.objects.get(slug="plan").status == Status.DRAFT
        assert "office@example.org saved changes to status while you were editing" in response.content.decode()

    def test_a_priority_code_already_in_the_plan_is_refused(self, client_for, staff_user, programme):
        response = client_for(staff_user).post(
            "/manage/priorities/plan/new/", {"code": "p1", "title": "Another", "kind": "front_line", **once()}
        )
        assert response.status_code == 200
        assert "Operating Plan 2026/27 already has a priority p1" in response.content.decode()
        assert Priority.objects.count() == 1

    def test_an_override_without_a_reason_is_refused_and_with_one_is_shown(self, client_for, staff_user, programme):
        staff = client_for(staff_user)
        path = "/manage/priorities/plan/p1/stroke/edit/"
        fields = {"version": "1", "title": "Stroke Pathway", "kind": "programme", "rag_override": "amber"}
        response = staff.post(path, {**fields, "rag_override_reason": "  "})
        assert "Enter the reason for overriding the status" in response.content.decode()
        assert Programme.objects.get(pk=programme.pk).rag_override == ""
        response = staff.post(path, {**fields, "rag_override_reason": "Estates delay"})
        assert response.status_code == 302
        page = squash(client_for(None).get("/priorities/plan/p1/").content.decode())
        assert "the rule gives Grey (not reported). Reason: Estates delay" in page

    def test_clearing_the_override_clears_its_reason(self, client_for, staff_user, programme):
        Programme.objects.filter(pk=programme.pk).update(rag_override=Rag.RED, rag_override_reason="Old reason")
        client_for(staff_user).post(
            "/manage/priorities/plan/p1/stroke/edit/",
            {"version": "1", "title": "Stroke Pathway", "kind": "programme", "rag_override": ""},
        )
        programme.refresh_from_db()
        assert (programme.rag_override, programme.rag_override_reason) == ("", "")


class TestNewItemsGetTheirOwnAddress:
    """Slugs are made from titles and codes. A clash must be refused with a message or avoided, never a crash."""

    @staticmethod
    def refused_or_given_its_own_slug(response, queryset, before: int) -> None:
        assert response.status_code in (200, 302), f"got {response.status_code}"
        if response.status_code == 200:
            assert "There is a problem" in response.content.decode()
            assert queryset.count() == before
        else:
            slugs = list(queryset.values_list("slug", flat=True))
            assert len(slugs) == len(set(slugs)) == before + 1

    @pytest.fixture
    def staff(self, client_for, staff_user):
        client = client_for(staff_user)
        client.raise_request_exception = False  # a crash is a 500 here, not an exception in the test
        return client

    def test_a_plan_with_the_same_title_as_another(self, staff):
        PlanFactory(slug="joint-forward-plan", title="Joint Forward Plan")
        response = staff.post("/manage/priorities/new/", {"title": "Joint Forward Plan", "period": "2027/28", **once()})
        self.refused_or_given_its_own_slug(response, Plan.objects.all(), 1)

    def test_a_programme_with_the_same_title_as_another_in_its_priority(self, staff, programme):
        ProgrammeFactory(priority=programme.priority, title="Workforce", slug="workforce")
        response = staff.post("/manage/priorities/plan/p1/new/", {"title": "Workforce", "kind": "programme", **once()})
        self.refused_or_given_its_own_slug(response, Programme.objects.filter(priority=programme.priority), 2)

    def test_a_priority_code_that_makes_the_same_slug_as_another(self, staff, programme):
        response = staff.post(
            "/manage/priorities/plan/new/", {"code": "P.1", "title": "Other", "kind": "front_line", **once()}
        )
        self.refused_or_given_its_own_slug(response, Priority.objects.filter(plan=programme.priority.plan), 1)

    @pytest.mark.parametrize("title", ["Risks", "Reporting round", "Plans", "Milestones"])
    def test_a_plan_whose_title_reads_like_a_staff_page_still_gets_its_own_pages(self, staff, title):
        response = staff.post("/manage/priorities/new/", {"title": title, "period": "2027/28", **once()})
        assert response.status_code == 302
        plan = Plan.objects.get(title=title)
        assert response["Location"] == plan.get_manage_url() == reverse("priorities:plan", args=[plan.slug])
        page = staff.get(response["Location"]).content.decode()
        assert f"<h1>{title}</h1>" in page
        assert "Add a priority" in page
        staff.post(
            reverse("priorities:priority_new", args=[plan.slug]),
            {"code": "P1", "title": "First", "kind": "enabler", **once()},
        )
        assert list(plan.priorities.values_list("title", flat=True)) == ["First"]


class TestReordering:
    def test_moving_a_priority_up_changes_the_public_order(self, client_for, staff_user, programme):
        plan = programme.priority.plan
        PriorityFactory(plan=plan, code="P2", slug="p2", title="Second", order=5)
        response = client_for(staff_user).post("/manage/priorities/plan/p2/move/", {"direction": "up", "version": "1"})
        assert response["Location"] == f"/manage/priorities/plan/#priority-{Priority.objects.get(code='P2').pk}"
        assert [p.code for p in Priority.objects.filter(plan=plan)] == ["P2", "P1"]
        page = client_for(None).get("/priorities/").content.decode()
        assert page.index("P2 Second") < page.index("P1 Prevention")

    def test_milestones_programmes_and_plans_move_down(self, client_for, staff_user, programme):
        staff = client_for(staff_user)
        first, second = MilestoneFactory(programme=programme, order=1), MilestoneFactory(programme=programme, order=2)
        response = staff.post(f"/manage/priorities/milestones/{first.pk}/move/", {"direction": "down", "version": "1"})
        assert response["Location"] == f"/manage/priorities/plan/p1/stroke/#milestone-{first.pk}"
        assert list(programme.milestones.all()) == [second, first]

        other = ProgrammeFactory(priority=programme.priority, slug="other", order=9)
        staff.post("/manage/priorities/plan/p1/stroke/move/", {"direction": "down", "version": "1"})
        assert list(programme.priority.programmes.all()) == [other, programme]

        later = PlanFactory(order=9)
        response = staff.post("/manage/priorities/plan/move/", {"direction": "down", "version": "1"})
        assert response["Location"] == f"/manage/priorities/#plan-{programme.priority.plan_id}"
        assert list(Plan.objects.all()) == [later, programme.priority.plan]


class TestStatusUpdates:
    @pytest.fixture
    def milestone(self, programme):
        return MilestoneFactory(programme=programme, title="Open the unit")

    def fields(self, milestone, rag, commentary="", period=None, **extra):
        prefix = f"m{milestone.pk}-"
        return {
            prefix + "rag": rag,
            prefix + "commentary": commentary,
            prefix + "reporting_period": period or this_period(),
            prefix + "submission": str(uuid.uuid4()),
            **extra,
        }

    def test_without_htmx_a_status_update_is_saved_and_redirects_to_next(self, client_for, staff_user, milestone):
        response = client_for(staff_user).post(
            f"/manage/priorities/milestones/{milestone.pk}/status/",
            self.fields(milestone, "green", next="/manage/priorities/reporting-round/"),
        )
        assert response.status_code == 302
        assert response["Location"] == "/manage/priorities/reporting-round/"
        update = StatusUpdate.objects.get()
        assert (update.milestone, update.rag, update.reporting_period, update.author) == (
            milestone,
            Rag.GREEN,
            this_period(),
            staff_user,
        )

    def test_without_next_it_returns_to_the_programme(self, client_for, staff_user, milestone):
        response = client_for(staff_user).post(
            f"/manage/priorities/milestones/{milestone.pk}/status/", self.fields(milestone, "blue")
        )
        assert response["Location"] == "/manage/priorities/plan/p1/stroke/"

    def test_a_next_on_another_site_is_ignored(self, client_for, staff_user, milestone):
        response = client_for(staff_user).post(
            f"/manage/priorities/milestones/{milestone.pk}/status/",
            self.fields(milestone, "green", next="https://evil.example.com/"),
        )
        assert response["Location"] == "/manage/priorities/plan/p1/stroke/"

    def test_with_htmx_it_answers_with_the_milestones_updated_card(self, client_for, staff_user, milestone):
        response = client_for(staff_user).post(
            f"/manage/priorities/milestones/{milestone.pk}/status/",
            self.fields(milestone, "amber", "Recruitment behind plan", next="/manage/priorities/reporting-round/"),
            headers={"HX-Request": "true"},
        )
        fragment = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in fragment
        assert f'id="milestone-{milestone.pk}"' in fragment
        assert f"Status saved: Amber for {this_period()}" in fragment
        assert "Recruitment behind plan" in fragment
        assert ("orange", "Amber") in tags(fragment)
        # Saved, the form closes again (the only form left is the sign-off, sent out of band); the link to
        # reopen it returns to the same page.
        card = fragment[: fragment.index('<div id="round-counts"')]
        assert "<form" not in card
        assert fragment.count("<form") == 1 and 'action="/manage/priorities/plan/p1/stroke/sign-off/"' in fragment
        assert (
            f'href="/manage/priorities/milestones/{milestone.pk}/status/?next=/manage/priorities/reporting-round/"'
            in (fragment)
        )
        assert StatusUpdate.objects.get().commentary == "Recruitment behind plan"

    @pytest.mark.parametrize("htmx", [False, True])
    @pytest.mark.parametrize("rag", ["red", "amber"])
    def test_red_or_amber_without_commentary_asks_for_it_and_saves_nothing(
        self, client_for, staff_user, milestone, htmx, rag
    ):
        headers = {"HX-Request": "true"} if htmx else {}
        response = client_for(staff_user).post(
            f"/manage/priorities/milestones/{milestone.pk}/status/",
            self.fields(milestone, rag, "   "),
            headers=headers,
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "Enter commentary" in page
        assert "There is a problem" in page
        assert ("<html" in page) is not htmx
        assert f'href="#id_m{milestone.pk}-commentary"' in page
        assert not StatusUpdate.objects.exists()

    def test_a_reporting_period_that_is_not_offered_is_refused(self, client_for, staff_user, milestone):
        response = client_for(staff_user).post(
            f"/manage/priorities/milestones/{milestone.pk}/status/",
            self.fields(milestone, "green", period="1999/00 Q1"),
        )
        assert response.status_code == 200
        assert not StatusUpdate.objects.exists()

    def test_the_update_shows_on_the_public_page_once_signed_off(self, client_for, staff_user, milestone):
        staff = client_for(staff_user)
        staff.post(
            f"/manage/priorities/milestones/{milestone.pk}/status/", self.fields(milestone, "red", "Contractor gone")
        )
        assert "Contractor gone" not in client_for(None).get("/priorities/plan/p1/").content.decode()
        staff.post(
            "/manage/priorities/plan/p1/stroke/sign-off/",
            {"reporting_period": this_period(), "signed_off_as": "programme_office"},
        )
        page = client_for(None).get("/priorities/plan/p1/").content.decode()
        assert "Contractor gone" in page
        assert tags(page)[0] == ("red", "Red")

    def test_an_update_for_another_period_is_added_beside_the_first_which_is_kept_as_it_was(
        self, client_for, staff_user, milestone
    ):
        client = client_for(staff_user)
        path = f"/manage/priorities/milestones/{milestone.pk}/status/"
        earlier = recent_periods(timezone.localdate())[1]
        client.post(path, self.fields(milestone, "amber", "Slipping", period=earlier))
        first = StatusUpdate.objects.get()
        client.post(path, self.fields(milestone, "green", "Recovered"))
        assert [(u.rag, u.commentary) for u in milestone.updates.all()] == [
            (Rag.GREEN, "Recovered"),
            (Rag.AMBER, "Slipping"),
        ]
        assert StatusUpdate.objects.get(pk=first.pk).commentary == "Slipping"

    def test_the_milestone_history_tab_lists_its_status_updates(self, client_for, staff_user, milestone):
        status(milestone, Rag.AMBER, "Slipping", "2026/27 Q2")
        response = client_for(staff_user).get(f"/manage/priorities/milestones/{milestone.pk}/history/")
        page = response.content.decode()
        assert response.status_code == 200
        assert "Slipping" in page
        assert "2026/27 Q2" in page
        assert ("orange", "Amber") in tags(page)


class TestConcurrentEditing:
    def test_the_second_save_of_a_milestone_is_refused_naming_what_changed(self, client_for, staff_user):
        milestone = MilestoneFactory(title="Original title", owner="Ann")
        other = UserFactory(email="colleague@example.org", programme_office=True)
        path = f"/manage/priorities/milestones/{milestone.pk}/edit/"
        mine, theirs = client_for(staff_user), client_for(other)
        assert 'name="version" value="1"' in mine.get(path).content.decode()
        assert 'name="version" value="1"' in theirs.get(path).content.decode()

        response = theirs.post(path, {"version": "1", "title": "Their title", "owner": "Ann"})
        assert response.status_code == 302

        response = mine.post(path, {"version": "1", "title": "Original title", "owner": "Me"})
        page = response.content.decode()
        assert response.status_code == 200
        assert "Someone else saved this first" in page
        assert "colleague@example.org saved changes to title while you were editing" in page
        assert "Your changes have not been saved" in page
        assert "Title: Their title" in page
        assert 'name="version" value="2"' in page
        milestone.refresh_from_db()
        assert (milestone.title, milestone.owner, milestone.version) == ("Their title", "Ann", 2)

    def test_saving_again_from_the_refreshed_form_works(self, client_for, staff_user):
        milestone = MilestoneFactory(title="Original", owner="Ann")
        Milestone.objects.filter(pk=milestone.pk).update(title="Theirs", version=2)
        client = client_for(staff_user)
        path = f"/manage/priorities/milestones/{milestone.pk}/edit/"
        client.post(path, {"version": "1", "title": "Mine", "owner": "Ann"})
        response = client.post(path, {"version": "2", "title": "Mine", "owner": "Ann"})
        assert response.status_code == 302
        assert Milestone.objects.get(pk=milestone.pk).title == "Mine"

    def test_the_history_tab_shows_who_changed_what(self, client_for, staff_user, programme):
        client = client_for(staff_user)
        client.post(
            "/manage/priorities/plan/p1/stroke/edit/",
            {"version": "1", "title": "Stroke Pathway", "kind": "programme", "lead": "Dr New"},
        )
        page = client.get("/manage/priorities/plan/p1/stroke/history/").content.decode()
        assert "Changed by office@example.org" in page
        assert "Dr New" in page


class TestReportingRound:
    @pytest.fixture
    def round_(self, programme):
        waiting = MilestoneFactory(programme=programme, title="Waiting milestone")
        status(waiting, Rag.GREEN, period="2020/21 Q1")
        never = MilestoneFactory(programme=programme, title="Never reported milestone")
        done = MilestoneFactory(programme=programme, title="Updated milestone")
        status(done, Rag.AMBER, "Slipping", period=this_period())
        complete = MilestoneFactory(programme=programme, title="Complete milestone")
        status(complete, Rag.BLUE, period="2020/21 Q1")
        return {"waiting": waiting, "never": never, "done": done}

    def test_by_default_it_shows_the_milestones_still_without_an_update_this_period(
        self, client_for, staff_user, round_
    ):
        page = client_for(staff_user).get("/manage/priorities/reporting-round/").content.decode()
        period = this_period()
        assert f"<h1>Reporting round {period}</h1>" in page
        assert f"1 of 3 milestones still in progress have a status update for {period}" in page
        assert "Not yet updated (2)" in page
        assert "Showing 1 to 2 of 2 milestones" in page
        assert "Waiting milestone" in page
        assert "Never reported milestone" in page
        assert "Updated milestone" not in page
        assert "Complete milestone" not in page
        assert "Operating Plan 2026/27 › P1 › Stroke Pathway" in page
        # Each milestone links to its status form (loaded in place by htmx), rather than drawing every form.
        for milestone in (round_["waiting"], round_["never"]):
            assert (
                f'href="/manage/priorities/milestones/{milestone.pk}/status/?next=/manage/priorities/reporting-round/"'
                in page
            )
        assert '<form method="post"' not in page.split("<main")[1]

    def test_the_updated_and_all_still_in_progress_can_be_shown(self, client_for, staff_user, round_):
        staff = client_for(staff_user)
        updated = staff.get("/manage/priorities/reporting-round/?show=updated").content.decode()
        assert "Updated milestone" in updated
        assert "Waiting milestone" not in updated
        every = staff.get("/manage/priorities/reporting-round/?show=all").content.decode()
        for title in ("Waiting milestone", "Never reported milestone", "Updated milestone"):
            assert title in every
        assert "Complete milestone" not in every

    def test_it_is_paged_and_a_page_link_keeps_the_filter(self, client_for, staff_user, programme):
        for number in range(30):
            MilestoneFactory(programme=programme, title=f"Milestone number {number:02}")
        page = client_for(staff_user).get("/manage/priorities/reporting-round/?show=all").content.decode()
        assert "Showing 1 to 25 of 30 milestones" in page
        assert 'href="?show=all&amp;page=2"' in page
        second = client_for(staff_user).get("/manage/priorities/reporting-round/?show=all&page=2").content.decode()
        assert "Showing 26 to 30 of 30 milestones" in second
        assert "Milestone number 29" in second
        assert "Milestone number 00" not in second

    def test_the_staff_index_counts_the_round(self, client_for, staff_user, programme):
        status(MilestoneFactory(programme=programme), Rag.GREEN, period=this_period())
        MilestoneFactory(programme=programme)
        page = squash(client_for(staff_user).get("/manage/priorities/").content.decode())
        assert f"1 of 2 milestones still in progress have a status update for {this_period()}" in page


class TestHighlightReport:
    @pytest.fixture
    def reported(self, programme):
        Programme.objects.filter(pk=programme.pk).update(lead="Dr Stroke")
        milestone = MilestoneFactory(programme=programme, title="Open the unit")
        status(milestone, Rag.AMBER, "Recruitment behind plan", this_period())
        MilestoneFactory(programme=programme, title="Train the staff")
        RiskFactory(priority=programme.priority, programme=programme, title="Consultant vacancies")
        return programme

    def test_the_page_shows_status_milestones_risks_and_latest_commentary(self, client_for, staff_user, reported):
        response = client_for(staff_user).get("/manage/priorities/plan/p1/stroke/highlight/")
        page = squash(response.content.decode())
        assert response.status_code == 200
        assert "Highlight report: Stroke Pathway" in page
        assert f"Reporting period {this_period()}" in page
        assert "1 Amber, 1 Grey (not reported)" in page
        assert "Open the unit" in page
        assert "Train the staff" in page
        assert "Consultant vacancies" in page
        assert "Recruitment behind plan" in page
        assert overall_rule_text("milestone") in page
        assert 'href="/manage/priorities/plan/p1/stroke/highlight.pdf"' in page

    def test_the_pdf_is_a_pdf_whose_text_names_the_programme(self, client_for, staff_user, reported):
        response = client_for(staff_user).get("/manage/priorities/plan/p1/stroke/highlight.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        period = this_period().replace("/", "-").replace(" ", "-").lower()
        assert response["Content-Disposition"] == f'inline; filename="highlight-report-stroke-{period}.pdf"'
        assert response.content.startswith(b"%PDF")
        text = squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages))
        assert "Stroke Pathway" in text
        assert "Recruitment behind plan" in text

    def test_a_programme_with_nothing_reported_still_has_a_report(self, client_for, staff_user, programme):
        staff = client_for(staff_user)
        page = staff.get("/manage/priorities/plan/p1/stroke/highlight/").content.decode()
        assert f"Nothing written for {this_period()}." in page
        assert "No open risks are recorded against this programme." in page
        assert staff.get("/manage/priorities/plan/p1/stroke/highlight.pdf").content.startswith(b"%PDF")


class TestRisks:
    @pytest.fixture
    def risks(self, programme):
        def risk(title, current, target, **extra):
            return RiskFactory(
                priority=programme.priority,
                title=title,
                current_likelihood=current[0],
                current_consequence=current[1],
                target_likelihood=target[0],
                target_consequence=target[1],
                **extra,
            )

        return [
            risk("Workforce gaps", (4, 5), (2, 2)),
            risk("Estates delay", (4, 5), (2, 3)),
            risk("Data sharing", (1, 2), (2, 2)),
            risk("Old closed risk", (4, 5), (2, 2), state=Risk.State.CLOSED),
        ]

    @staticmethod
    def cell(page, likelihood, consequence, which="current"):
        link = f'href="?score={which}&amp;likelihood={likelihood}&amp;consequence={consequence}#risks">'
        match = re.search(re.escape(link) + r"(\d+)", page)
        return int(match.group(1)) if match else 0

    def test_the_matrix_counts_open_risks_in_each_cell_of_current_scores(self, client_for, staff_user, risks):
        page = client_for(staff_user).get("/manage/priorities/risks/").content.decode()
        assert "Risk matrix: current scores" in page
        assert self.cell(page, 4, 5) == 2
        assert self.cell(page, 1, 2) == 1
        assert self.cell(page, 2, 2) == 0
        assert "20 Extreme" in page
        assert "Showing 1 to 3 of 3 open risks" in page
        assert "Old closed risk" not in page.split('id="closed-risks"')[0]

    def test_closed_risks_are_listed_apart_not_lost(self, client_for, staff_user, risks):
        page = client_for(staff_user).get("/manage/priorities/risks/").content.decode()
        opened, closed = page.split('id="risks"')[1].split('id="closed-risks"')
        assert "Old closed risk" in closed
        assert "Old closed risk" not in opened
        assert "Workforce gaps" not in closed
        assert self.cell(page, 4, 5) == 2  # the matrix counts open risks only

    def test_target_scores_can_be_shown_instead(self, client_for, staff_user, risks):
        page = client_for(staff_user).get("/manage/priorities/risks/?score=target").content.decode()
        assert "Risk matrix: target scores" in page
        assert self.cell(page, 2, 2, "target") == 2
        assert self.cell(page, 2, 3, "target") == 1
        assert self.cell(page, 4, 5, "target") == 0

    def test_a_cell_lists_only_the_risks_in_it(self, client_for, staff_user, risks):
        staff = client_for(staff_user)
        page = staff.get("/manage/priorities/risks/?likelihood=4&consequence=5").content.decode()
        assert "Risks at likelihood 4, consequence 5 (current)" in page
        listed = page.split('id="risks"')[1]
        assert "Workforce gaps" in listed
        assert "Estates delay" in listed
        assert "Data sharing" not in listed
        page = staff.get("/manage/priorities/risks/?score=target&likelihood=2&consequence=2").content.decode()
        listed = page.split('id="risks"')[1]
        assert "Workforce gaps" in listed
        assert "Data sharing" in listed
        assert "Estates delay" not in listed

    def test_the_register_sorts_by_a_column(self, client_for, staff_user, risks):
        page = client_for(staff_user).get("/manage/priorities/risks/?sort=title").content.decode()
        listed = page.split('id="risks"')[1]
        assert listed.index("Data sharing") < listed.index("Estates delay") < listed.index("Workforce gaps")
        assert re.search(r'aria-sort="ascending"[^>]*>\s*<a[^>]*href="\?sort=-title"', page)
        descending = client_for(staff_user).get("/manage/priorities/risks/?sort=-title").content.decode()
        listed = descending.split('id="risks"')[1]
        assert listed.index("Workforce gaps") < listed.index("Estates delay") < listed.index("Data sharing")

    @pytest.mark.parametrize("query", ["likelihood=9&consequence=1", "likelihood=x&consequence=1", "likelihood=2"])
    def test_a_cell_outside_the_matrix_shows_every_open_risk(self, client_for, staff_user, risks, query):
        page = client_for(staff_user).get(f"/manage/priorities/risks/?{query}").content.decode()
        assert "The register" in page
        for title in ("Workforce gaps", "Estates delay", "Data sharing"):
            assert title in page

    def test_staff_add_a_confidential_risk_that_stays_off_the_public_page(self, client_for, staff_user, programme):
        scores = {f"{w}_{f}": "3" for w in ("inherent", "current", "target") for f in ("likelihood", "consequence")}
        response = client_for(staff_user).post(
            "/manage/priorities/risks/new/",
            {"title": "Provider failure", "state": "open", "priority": programme.priority_id, "audience": "staff"}
            | scores
            | once(),
        )
        assert response["Location"] == "/manage/priorities/risks/"
        risk = Risk.objects.get()
        assert (risk.audience, risk.current_score) == (Audience.STAFF, 9)
        assert "Provider failure" not in client_for(None).get("/priorities/plan/p1/").content.decode()

    def test_a_stale_risk_edit_is_refused_and_the_history_says_who_changed_it(self, client_for, staff_user, programme):
        risk = RiskFactory(priority=programme.priority, title="Workforce gaps", owner="Ann")
        scores = {f"{w}_{f}": "3" for w in ("inherent", "current", "target") for f in ("likelihood", "consequence")}
        form = {"state": "open", "audience": "public", "priority": programme.priority_id} | scores
        client = client_for(staff_user)
        path = f"/manage/priorities/risks/{risk.pk}/edit/"
        assert client.post(path, form | {"version": "1", "title": "Workforce gaps", "owner": "Bob"}).status_code == 302
        response = client.post(path, form | {"version": "1", "title": "Mine", "owner": "Ann"})
        assert "office@example.org saved changes to " in response.content.decode()
        risk.refresh_from_db()
        assert (risk.title, risk.owner) == ("Workforce gaps", "Bob")
        page = client.get(f"/manage/priorities/risks/{risk.pk}/history/").content.decode()
        assert "Changed by office@example.org" in page
        assert "Bob" in page

    def test_a_risk_must_say_what_it_threatens(self, client_for, staff_user):
        scores = {f"{w}_{f}": "2" for w in ("inherent", "current", "target") for f in ("likelihood", "consequence")}
        response = client_for(staff_user).post(
            "/manage/priorities/risks/new/",
            {"title": "Floating", "state": "open", "audience": "public"} | scores | once(),
        )
        page = response.content.decode()
        assert "Select the priority this risk threatens" in page
        assert 'href="#id_priority"' in page
        assert not Risk.objects.exists()

    def test_a_score_outside_1_to_5_is_refused_at_its_field(self, client_for, staff_user, programme):
        scores = {f"{w}_{f}": "2" for w in ("inherent", "current", "target") for f in ("likelihood", "consequence")}
        response = client_for(staff_user).post(
            "/manage/priorities/risks/new/",
            {"title": "Bad", "state": "open", "audience": "public", "priority": programme.priority_id}
            | scores
            | {"current_likelihood": "6"}
            | once(),
        )
        page = response.content.decode()
        assert "Select the current likelihood from the list" in page
        assert 'href="#id_current_likelihood"' in page
        assert not Risk.objects.exists()

    def test_no_score_is_chosen_for_the_person(self, client_for, staff_user):
        page = client_for(staff_user).get("/manage/priorities/risks/new/").content.decode()
        for name in ("inherent_likelihood", "current_consequence", "target_likelihood"):
            choices = page.split(f'name="{name}"')[1].split("</select>")[0]
            assert re.search(r'value=""\s+selected', choices)
            assert not re.search(r'value="[1-5]"\s+selected', choices)


def build_priorities(size: int) -> None:
    """Published plans with `size` priorities, programmes, milestones, updates, places and risks at each level."""
    places = PlaceFactory.create_batch(2)
    for plan_number in range(size):
        plan = PlanFactory(slug="plan" if plan_number == 0 else f"plan-{plan_number}")
        for priority_number in range(size):
            priority = PriorityFactory(
                plan=plan, code=f"C{priority_number}", slug="p1" if priority_number == 0 else f"p-{priority_number}"
            )
            priority.places.set(places[: priority_number % 3])
            PriorityFactory(plan=plan, code=f"D{priority_number}", status=Status.DRAFT)
            RiskFactory(priority=priority)
            RiskFactory(priority=priority, audience=Audience.STAFF, current_likelihood=5)
            for programme_number in range(size):
                programme = ProgrammeFactory(
                    priority=priority, slug="stroke" if programme_number == 0 else f"prog-{programme_number}"
                )
                programme.places.set(places[: programme_number % 3])
                RiskFactory(priority=priority, programme=programme, state=Risk.State.CLOSED)
                for milestone_number in range(size):
                    milestone = MilestoneFactory(programme=programme)
                    milestone.places.set(places[: milestone_number % 3])
                    status(milestone, Rag.AMBER, "Earlier")
                    status(milestone, [Rag.GREEN, Rag.BLUE, Rag.RED][milestone_number % 3], "Now", this_period())
                    MilestoneFactory(programme=programme)  # never reported


SIZES = [1, 3]


class TestQueryCounts:
    """Each page costs the same number of queries however much there is to show (measured: see the caps)."""

    @pytest.mark.parametrize("size", SIZES)
    @pytest.mark.parametrize(("who", "cap"), [("anonymous", 6), ("staff", 9)])
    def test_the_public_list(self, client_for, staff_user, django_assert_max_num_queries, size, who, cap):
        build_priorities(size)
        client = client_for(staff_user if who == "staff" else None)
        with django_assert_max_num_queries(cap):
            assert client.get("/priorities/").status_code == 200

    @pytest.mark.parametrize("size", SIZES)
    @pytest.mark.parametrize("query", ["", "?place=place-0"])
    # + 2 for its meetings and papers (tests/governance/test_thread.py): the papers, and the agenda items
    @pytest.mark.parametrize(("who", "cap"), [("anonymous", 12), ("staff", 15)])
    def test_a_public_priority_page(self, client_for, staff_user, django_assert_max_num_queries, size, query, who, cap):
        build_priorities(size)
        client = client_for(staff_user if who == "staff" else None)
        with django_assert_max_num_queries(cap):
            assert client.get(f"/priorities/plan/p1/{query}").status_code == 200

    @pytest.mark.parametrize("size", SIZES)
    @pytest.mark.parametrize(
        ("path", "cap"),
        [
            ("/manage/priorities/", 6),
            # the round's filters offer owners, leads, plans and priorities (4), and it lists what awaits
            # sign-off with each programme's overall status (3); where plan and statistics disagree, the current
            # programmes and their indicators (2; 3 more where any has one, tests/dashboards/test_agreement.py)
            ("/manage/priorities/reporting-round/", 14),
            ("/manage/priorities/reporting-round/?show=all&page=2", 14),
            # + 2: the closed risks, listed apart, counted and read
            ("/manage/priorities/risks/", 9),
            ("/manage/priorities/risks/?score=target&likelihood=2&consequence=2&sort=-review&state=all", 9),
            ("/manage/priorities/plan/", 8),
            # + 1: its indicators, to say where plan and statistics disagree
            ("/manage/priorities/plan/p1/stroke/", 11),
            # with the period's sections and sign-off
            ("/manage/priorities/plan/p1/stroke/highlight/", 12),  # + 1: its indicators, for disagreements
        ],
    )
    def test_a_staff_page(self, client_for, staff_user, django_assert_max_num_queries, size, path, cap):
        build_priorities(size)
        client = client_for(staff_user)
        with django_assert_max_num_queries(cap):
            assert client.get(path).status_code == 200

    @pytest.mark.parametrize("size", SIZES)
    def test_the_staff_priority_page(self, client_for, staff_user, django_assert_max_num_queries, size):
        """The priority's own page (its programmes listed with their status), however many programmes it has."""
        build_priorities(size)
        client = client_for(staff_user)
        # 7, + 2 for its meetings and papers (tests/governance/test_thread.py): the papers, and the agenda items
        with django_assert_max_num_queries(9):
            page = client.get("/manage/priorities/plan/p1/")
        assert page.status_code == 200
        assert page.content.decode().count('href="/manage/priorities/plan/p1/') >= size


class TestStatusFormOnDemand:
    def test_with_htmx_a_get_opens_the_form_in_the_milestones_region(self, client_for, staff_user):
        milestone = MilestoneFactory()
        response = client_for(staff_user).get(
            f"/manage/priorities/milestones/{milestone.pk}/status/?next=/manage/priorities/reporting-round/",
            headers={"HX-Request": "true"},
        )
        fragment = response.content.decode()
        assert "<html" not in fragment
        assert f'hx-post="/manage/priorities/milestones/{milestone.pk}/status/"' in fragment
        assert 'name="next" value="/manage/priorities/reporting-round/"' in fragment
        assert 'name="csrfmiddlewaretoken"' in fragment

    def test_without_htmx_the_same_address_is_a_page_with_the_form(self, client_for, staff_user):
        milestone = MilestoneFactory()
        page = client_for(staff_user).get(f"/manage/priorities/milestones/{milestone.pk}/status/").content.decode()
        assert "<h1>Report a status</h1>" in page
        assert f'action="/manage/priorities/milestones/{milestone.pk}/status/"' in page
