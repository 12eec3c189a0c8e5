"""Who may see and do what on every priorities page: the five readers of tests/access.py against every URL."""

import uuid

import pytest
from django.utils import timezone

from blmk_portal.publication import Audience, Status
from blmk_portal.rag import Rag
from priorities import urls as priorities_urls
from priorities.models import Milestone, Plan, Priority, Programme, Risk, SignOff, StatusUpdate
from priorities.period_rules import reporting_period
from tests.access import (
    DRAFT,
    EVERYONE,
    NOWHERE,
    READERS,
    SIGN_IN,
    STAFF_ONLY,
    STAFF_ONLY_MISSING,
    STAFF_POST_ONLY,
    check_reader,
    uncovered,
)
from tests.factories import (
    MilestoneFactory,
    PlaceFactory,
    PlanFactory,
    PriorityFactory,
    ProgrammeFactory,
    RiskFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db

PROGRAMME = "/manage/priorities/plan/p1/stroke/"

# path ({milestone} and {risk} are filled in), then the expected status for each of READERS
MATRIX = [
    ("/priorities/", *EVERYONE),
    ("/priorities/plan/", *EVERYONE),  # a plan's page
    ("/priorities/draft-plan/", *DRAFT),
    ("/priorities/nonexistent/", *NOWHERE),
    ("/priorities/plan/p1/", *EVERYONE),
    ("/priorities/plan/p1/?place=luton", *EVERYONE),
    ("/priorities/plan/draft/", *DRAFT),  # a draft priority
    ("/priorities/draft-plan/p9/", *DRAFT),  # a priority in a draft plan
    ("/priorities/plan/nonexistent/", *NOWHERE),
    ("/priorities/status.atom", *EVERYONE),
    ("/priorities/plan/p1/status.atom", *EVERYONE),
    ("/priorities/plan/draft/status.atom", *NOWHERE),  # feeds are the public's: none for a draft, even for staff
    ("/manage/priorities/", *STAFF_ONLY),
    ("/manage/priorities/new/", *STAFF_ONLY),
    ("/manage/priorities/reporting-round/", *STAFF_ONLY),
    ("/manage/priorities/reporting-round/?show=all&plan=1&page=2", *STAFF_ONLY),
    ("/manage/priorities/reporting-round/?priority=1&owner=Jo&lead=Al&status=not_reported", *STAFF_ONLY),
    ("/manage/priorities/risks/", *STAFF_ONLY),
    ("/manage/priorities/risks/?score=target&likelihood=2&consequence=2&sort=-owner", *STAFF_ONLY),
    ("/manage/priorities/risks/new/", *STAFF_ONLY),
    ("/manage/priorities/risks.csv", *STAFF_ONLY),
    ("/manage/priorities/risks.xlsx?sort=owner", *STAFF_ONLY),
    ("/manage/priorities/risks/{risk}/edit/", *STAFF_ONLY),
    ("/manage/priorities/risks/{risk}/history/", *STAFF_ONLY),
    ("/manage/priorities/milestones/{milestone}/edit/", *STAFF_ONLY),
    ("/manage/priorities/milestones/{milestone}/history/", *STAFF_ONLY),
    ("/manage/priorities/milestones/{milestone}/status/", *STAFF_ONLY),
    ("/manage/priorities/milestones/{milestone}/status/{update}/withdraw/", *STAFF_ONLY),
    ("/manage/priorities/milestones/{milestone}/move/", *STAFF_POST_ONLY),
    ("/manage/priorities/plan/", *STAFF_ONLY),
    ("/manage/priorities/draft-plan/", *STAFF_ONLY),
    ("/manage/priorities/plan/edit/", *STAFF_ONLY),
    ("/manage/priorities/plan/history/", *STAFF_ONLY),
    ("/manage/priorities/plan/publish/", *STAFF_ONLY),  # asks to confirm
    ("/manage/priorities/plan/move/", *STAFF_POST_ONLY),
    ("/manage/priorities/plan/new/", *STAFF_ONLY),
    ("/manage/priorities/plan/p1/", *STAFF_ONLY),
    ("/manage/priorities/plan/draft/", *STAFF_ONLY),
    ("/manage/priorities/plan/p1/edit/", *STAFF_ONLY),
    ("/manage/priorities/plan/p1/history/", *STAFF_ONLY),
    ("/manage/priorities/plan/p1/publish/", *STAFF_ONLY),
    ("/manage/priorities/plan/p1/move/", *STAFF_POST_ONLY),
    ("/manage/priorities/plan/p1/new/", *STAFF_ONLY),
    (PROGRAMME, *STAFF_ONLY),
    (PROGRAMME + "edit/", *STAFF_ONLY),
    (PROGRAMME + "history/", *STAFF_ONLY),
    (PROGRAMME + "publish/", *STAFF_ONLY),
    (PROGRAMME + "move/", *STAFF_POST_ONLY),
    (PROGRAMME + "new/", *STAFF_ONLY),
    (PROGRAMME + "sign-off/", *STAFF_POST_ONLY),
    (PROGRAMME + "highlight/", *STAFF_ONLY),
    (PROGRAMME + "highlight.pdf", *STAFF_ONLY),
    (PROGRAMME + "highlight/edit/", *STAFF_ONLY),
    # A published programme's highlight report, for boards and everyone (tests/priorities/test_highlight_reports.py)
    ("/priorities/plan/p1/stroke/highlight/", *EVERYONE),
    ("/priorities/plan/p1/stroke/highlight.pdf", *EVERYONE),
    ("/manage/priorities/plan/p1/nonexistent/", *STAFF_ONLY_MISSING),
    # A plan's tracker in Excel (an upload's own pages, with one, in tests/priorities/test_tracker_excel.py).
    ("/manage/priorities/plan/tracker.xlsx", *STAFF_ONLY),
    ("/manage/priorities/plan/tracker/", *STAFF_ONLY),
    ("/manage/priorities/plan/tracker/999999/", *STAFF_ONLY_MISSING),
    ("/manage/priorities/plan/tracker/999999/commit/", *STAFF_POST_ONLY),
    ("/manage/priorities/plan/tracker/999999/undo/", *STAFF_ONLY_MISSING),
]


@pytest.fixture
def data():
    """Published plan "plan" with P1 and P2, programmes, milestones with updates, risks; and drafts, among them
    a status awaiting sign-off, which only staff may read anywhere."""
    luton = PlaceFactory(slug="luton", name="Luton")
    plan = PlanFactory(slug="plan", title="Operating Plan", order=1)
    PlanFactory(slug="later-plan", order=2)
    draft_plan = PlanFactory(slug="draft-plan", status=Status.DRAFT, order=3)
    PriorityFactory(plan=draft_plan, code="P9", slug="p9", title="Secret draft priority")
    priority = PriorityFactory(plan=plan, code="P1", slug="p1", title="Prevention")
    PriorityFactory(plan=plan, code="P2", slug="p2")
    PriorityFactory(plan=plan, code="DRAFT", slug="draft", status=Status.DRAFT, title="Secret draft priority")
    programme = ProgrammeFactory(priority=priority, slug="stroke", title="Stroke Pathway")
    diabetes = ProgrammeFactory(priority=priority, slug="diabetes")
    milestone = MilestoneFactory(programme=programme, title="Open the unit")
    milestone.places.set([luton])
    update = StatusUpdateFactory(milestone=milestone, rag=Rag.AMBER, commentary="Behind plan")
    StatusUpdateFactory(
        milestone=MilestoneFactory(programme=diabetes, title="Screening"),
        rag=Rag.RED,
        commentary="Secret draft priority",
        reporting_period=reporting_period(timezone.localdate()),
        signed_off=False,
    )
    MilestoneFactory(programme=programme)
    risk = RiskFactory(priority=priority, programme=programme, title="Consultant vacancies")
    RiskFactory(priority=priority, audience=Audience.STAFF, title="Secret draft priority")
    return {"milestone": milestone.pk, "risk": risk.pk, "luton": luton.pk, "priority": priority.pk, "update": update.pk}


@pytest.mark.parametrize(("path", *READERS), MATRIX)
def test_access(client_for, readers, data, path, anonymous, board_member, other_board_member, no_role, staff):
    path = path.format(**data)
    expected = (anonymous, board_member, other_board_member, no_role, staff)
    for role, status in zip(READERS, expected, strict=True):
        check_reader(client_for(readers[role]), role, path, status, secret="Secret draft priority")


def test_the_matrix_covers_every_priorities_url():
    paths = [path.format(milestone=1, risk=1, update=1) for path, *_ in MATRIX]
    assert uncovered(priorities_urls.urlpatterns, paths) == set()


def test_the_sign_in_redirect_brings_people_back_to_the_page(client, data):
    response = client.get("/manage/priorities/risks/?score=target")
    assert response["Location"] == "/accounts/login/?next=/manage/priorities/risks/%3Fscore%3Dtarget"


SCORES = {f"{w}_{f}": "5" for w in ("inherent", "current", "target") for f in ("likelihood", "consequence")}

# Every POST endpoint, with a form that staff could submit successfully.
POSTS = [
    ("/manage/priorities/new/", {"title": "New plan", "period": "2026/27", "submission": "{token}"}),
    ("/manage/priorities/plan/edit/", {"version": "1", "title": "Changed", "period": "2030/31"}),
    ("/manage/priorities/plan/publish/", {"publish": "0", "version": "1"}),
    ("/manage/priorities/plan/move/", {"direction": "down", "version": "1"}),
    (
        "/manage/priorities/plan/new/",
        {"code": "P7", "title": "New priority", "kind": "enabler", "submission": "{token}"},
    ),
    ("/manage/priorities/plan/p1/edit/", {"version": "1", "code": "P1", "title": "Changed", "kind": "enabler"}),
    ("/manage/priorities/plan/p1/publish/", {"publish": "0", "version": "1"}),
    ("/manage/priorities/plan/p1/move/", {"direction": "down", "version": "1"}),
    ("/manage/priorities/plan/p1/new/", {"title": "New programme", "kind": "workstream", "submission": "{token}"}),
    (PROGRAMME + "edit/", {"version": "1", "title": "Changed", "kind": "workstream"}),
    (PROGRAMME + "publish/", {"publish": "0", "version": "1"}),
    (PROGRAMME + "move/", {"direction": "down", "version": "1"}),
    (PROGRAMME + "new/", {"title": "New milestone", "submission": "{token}"}),
    ("/manage/priorities/milestones/{milestone}/edit/", {"version": "1", "title": "Changed"}),
    ("/manage/priorities/milestones/{milestone}/move/", {"direction": "down", "version": "1"}),
    (
        "/manage/priorities/milestones/{milestone}/status/",
        {
            "m{milestone}-rag": "red",
            "m{milestone}-commentary": "Late",
            "m{milestone}-reporting_period": "{period}",
            "m{milestone}-reason": "Amber was signed off by mistake",
            "m{milestone}-submission": "{token}",
        },
    ),
    (
        "/manage/priorities/milestones/{milestone}/status/{update}/withdraw/",
        {"reason": "Reported against the wrong milestone", "submission": "{token}"},
    ),
    (
        "/manage/priorities/plan/p1/diabetes/sign-off/",
        {"reporting_period": "{period}", "signed_off_as": "programme_office"},
    ),
    (
        "/manage/priorities/risks/new/",
        {"title": "New risk", "state": "open", "audience": "public", "submission": "{token}", **SCORES},
    ),
    (
        "/manage/priorities/risks/{risk}/edit/",
        {"version": "1", "title": "Changed", "state": "closed", "audience": "staff", **SCORES},
    ),
]


def snapshot() -> list:
    """Everything a POST could change, as plain values."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Plan, Priority, Programme, Milestone, StatusUpdate, SignOff, Risk)
    ] + [list(model.places.through.objects.order_by("pk").values()) for model in (Priority, Programme, Milestone)]


def fill(path: str, form: dict, data: dict) -> tuple[str, dict]:
    values = {**data, "period": reporting_period(timezone.localdate()), "token": str(uuid.uuid4())}
    form = {key.format(**values): value.format(**values) for key, value in form.items()}
    if "risks/" in path and "priority" not in form:
        form["priority"] = str(data["priority"])
    return path.format(**values), form


@pytest.mark.parametrize(("path", "form"), POSTS)
@pytest.mark.parametrize("role", ["board_member", "other_board_member", "no_role", "anonymous"])
def test_posts_are_refused_for_anyone_but_staff_and_change_nothing(client_for, readers, data, path, form, role):
    path, form = fill(path, form, data)
    before = snapshot()
    response = client_for(readers[role]).post(path, form, headers={"HX-Request": "true"} if "status" in path else {})
    assert response.status_code == (SIGN_IN if role == "anonymous" else 403)
    assert snapshot() == before


@pytest.mark.parametrize(("path", "form"), POSTS)
def test_the_same_posts_from_staff_do_change_something(client_for, staff_user, data, path, form):
    """The control for the test above: each refused form would have saved a change."""
    path, form = fill(path, form, data)
    before = snapshot()
    response = client_for(staff_user).post(path, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not response["Location"].startswith("/accounts/login/")
    assert snapshot() != before
