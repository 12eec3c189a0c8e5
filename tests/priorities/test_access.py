"""Who may see and do what on every priorities page: anonymous, board member, signed-in non-member and staff."""

import pytest
from django.urls import resolve
from django.utils import timezone

from blmk_portal.publication import Status
from priorities import urls as priorities_urls
from priorities.models import Milestone, Plan, Priority, Programme, Rag, Risk, StatusUpdate
from priorities.status_rules import reporting_period
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

PUBLIC, SIGN_IN, REFUSED, NOT_FOUND, POST_ONLY = 200, 302, 403, 404, 405
ROLES = ["anonymous", "board_member", "non_member", "staff"]
STAFF_ONLY = (SIGN_IN, REFUSED, REFUSED, PUBLIC)
STAFF_POST_ONLY = (SIGN_IN, REFUSED, REFUSED, POST_ONLY)

PROGRAMME = "/manage/priorities/plan/p1/stroke/"

# path ({milestone} and {risk} are filled in), then the expected status for: anonymous, board member, non-member, staff
MATRIX = [
    ("/priorities/", PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    ("/priorities/plan/p1/", PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    ("/priorities/plan/p1/?place=luton", PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    ("/priorities/plan/draft/", NOT_FOUND, NOT_FOUND, NOT_FOUND, PUBLIC),  # a draft priority
    ("/priorities/draft-plan/p9/", NOT_FOUND, NOT_FOUND, NOT_FOUND, PUBLIC),  # a priority in a draft plan
    ("/priorities/plan/nonexistent/", NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("/manage/priorities/", *STAFF_ONLY),
    ("/manage/priorities/reporting-round/", *STAFF_ONLY),
    ("/manage/priorities/risks/", *STAFF_ONLY),
    ("/manage/priorities/risks/?score=target&likelihood=2&consequence=2", *STAFF_ONLY),
    ("/manage/priorities/risks/new/", *STAFF_ONLY),
    ("/manage/priorities/risks/{risk}/edit/", *STAFF_ONLY),
    ("/manage/priorities/risks/{risk}/history/", *STAFF_ONLY),
    ("/manage/priorities/plans/new/", *STAFF_ONLY),
    ("/manage/priorities/milestones/{milestone}/edit/", *STAFF_ONLY),
    ("/manage/priorities/milestones/{milestone}/history/", *STAFF_ONLY),
    ("/manage/priorities/milestones/{milestone}/status/", *STAFF_ONLY),
    ("/manage/priorities/milestones/{milestone}/move/", *STAFF_POST_ONLY),
    ("/manage/priorities/plan/", *STAFF_ONLY),
    ("/manage/priorities/draft-plan/", *STAFF_ONLY),
    ("/manage/priorities/plan/edit/", *STAFF_ONLY),
    ("/manage/priorities/plan/history/", *STAFF_ONLY),
    ("/manage/priorities/plan/publish/", *STAFF_POST_ONLY),
    ("/manage/priorities/plan/move/", *STAFF_POST_ONLY),
    ("/manage/priorities/plan/new/", *STAFF_ONLY),
    ("/manage/priorities/plan/p1/", *STAFF_ONLY),
    ("/manage/priorities/plan/draft/", *STAFF_ONLY),
    ("/manage/priorities/plan/p1/edit/", *STAFF_ONLY),
    ("/manage/priorities/plan/p1/history/", *STAFF_ONLY),
    ("/manage/priorities/plan/p1/publish/", *STAFF_POST_ONLY),
    ("/manage/priorities/plan/p1/move/", *STAFF_POST_ONLY),
    ("/manage/priorities/plan/p1/new/", *STAFF_ONLY),
    (PROGRAMME, *STAFF_ONLY),
    (PROGRAMME + "edit/", *STAFF_ONLY),
    (PROGRAMME + "history/", *STAFF_ONLY),
    (PROGRAMME + "publish/", *STAFF_POST_ONLY),
    (PROGRAMME + "move/", *STAFF_POST_ONLY),
    (PROGRAMME + "new/", *STAFF_ONLY),
    (PROGRAMME + "highlight/", *STAFF_ONLY),
    (PROGRAMME + "highlight.pdf", *STAFF_ONLY),
    ("/manage/priorities/plan/p1/nonexistent/", SIGN_IN, REFUSED, REFUSED, NOT_FOUND),
]


@pytest.fixture
def users(board_member_user, non_member_user, staff_user):
    return {"anonymous": None, "board_member": board_member_user, "non_member": non_member_user, "staff": staff_user}


@pytest.fixture
def data():
    """Published plan "plan" with P1 and P2, programmes, milestones with updates, risks; and drafts."""
    luton = PlaceFactory(slug="luton", name="Luton")
    plan = PlanFactory(slug="plan", title="Operating Plan", order=1)
    PlanFactory(slug="later-plan", order=2)
    draft_plan = PlanFactory(slug="draft-plan", status=Status.DRAFT, order=3)
    PriorityFactory(plan=draft_plan, code="P9", slug="p9")
    priority = PriorityFactory(plan=plan, code="P1", slug="p1", title="Prevention")
    PriorityFactory(plan=plan, code="P2", slug="p2")
    PriorityFactory(plan=plan, code="DRAFT", slug="draft", status=Status.DRAFT)
    programme = ProgrammeFactory(priority=priority, slug="stroke", title="Stroke Pathway")
    ProgrammeFactory(priority=priority, slug="diabetes")
    milestone = MilestoneFactory(programme=programme, title="Open the unit")
    milestone.places.set([luton])
    StatusUpdateFactory(milestone=milestone, rag=Rag.AMBER, commentary="Behind plan")
    MilestoneFactory(programme=programme)
    risk = RiskFactory(priority=priority, programme=programme, title="Consultant vacancies")
    RiskFactory(priority=priority, confidential=True)
    return {"milestone": milestone.pk, "risk": risk.pk, "luton": luton.pk, "priority": priority.pk}


@pytest.mark.parametrize(("path", *ROLES), MATRIX)
def test_access(client_for, users, data, path, anonymous, board_member, non_member, staff):
    path = path.format(**data)
    for role, expected in zip(ROLES, (anonymous, board_member, non_member, staff), strict=True):
        response = client_for(users[role]).get(path)
        assert response.status_code == expected, f"{role} on {path}: {response.status_code}, expected {expected}"
        if expected == SIGN_IN:
            assert response["Location"].startswith("/accounts/login/?next=/manage/priorities/")
        if expected == REFUSED:
            page = response.content.decode()
            assert "You cannot use this page" in page
            assert "Consultant vacancies" not in page


def test_the_matrix_covers_every_priorities_url():
    covered = {resolve(path.split("?")[0].format(milestone=1, risk=1)).url_name for path, *_ in MATRIX}
    every = {pattern.name for pattern in priorities_urls.urlpatterns}
    assert every - covered == set()


def test_the_sign_in_redirect_brings_people_back_to_the_page(client, data):
    response = client.get("/manage/priorities/risks/?score=target")
    assert response["Location"] == "/accounts/login/?next=/manage/priorities/risks/%3Fscore%3Dtarget"


SCORES = {f"{w}_{f}": "5" for w in ("inherent", "current", "target") for f in ("likelihood", "consequence")}

# Every POST endpoint, with a form that staff could submit successfully.
POSTS = [
    ("/manage/priorities/plans/new/", {"title": "New plan", "period": "2026/27"}),
    ("/manage/priorities/plan/edit/", {"version": "1", "title": "Changed", "period": "2030/31"}),
    ("/manage/priorities/plan/publish/", {"publish": "0", "version": "1"}),
    ("/manage/priorities/plan/move/", {"direction": "down"}),
    ("/manage/priorities/plan/new/", {"code": "P7", "title": "New priority", "kind": "enabler"}),
    ("/manage/priorities/plan/p1/edit/", {"version": "1", "code": "P1", "title": "Changed", "kind": "enabler"}),
    ("/manage/priorities/plan/p1/publish/", {"publish": "0", "version": "1"}),
    ("/manage/priorities/plan/p1/move/", {"direction": "down"}),
    ("/manage/priorities/plan/p1/new/", {"title": "New programme", "kind": "workstream"}),
    (PROGRAMME + "edit/", {"version": "1", "title": "Changed", "kind": "workstream"}),
    (PROGRAMME + "publish/", {"publish": "0", "version": "1"}),
    (PROGRAMME + "move/", {"direction": "down"}),
    (PROGRAMME + "new/", {"title": "New milestone"}),
    ("/manage/priorities/milestones/{milestone}/edit/", {"version": "1", "title": "Changed"}),
    ("/manage/priorities/milestones/{milestone}/move/", {"direction": "down"}),
    (
        "/manage/priorities/milestones/{milestone}/status/",
        {"m{milestone}-rag": "red", "m{milestone}-commentary": "Late", "m{milestone}-reporting_period": "{period}"},
    ),
    ("/manage/priorities/risks/new/", {"title": "New risk", "state": "open", "confidential": "False", **SCORES}),
    (
        "/manage/priorities/risks/{risk}/edit/",
        {"version": "1", "title": "Changed", "state": "closed", "confidential": "True", **SCORES},
    ),
]


def snapshot() -> list:
    """Everything a POST could change, as plain values."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Plan, Priority, Programme, Milestone, StatusUpdate, Risk)
    ] + [list(model.places.through.objects.order_by("pk").values()) for model in (Priority, Programme, Milestone)]


def fill(path: str, form: dict, data: dict) -> tuple[str, dict]:
    values = {**data, "period": reporting_period(timezone.localdate())}
    form = {key.format(**values): value.format(**values) for key, value in form.items()}
    if "risks/" in path and "priority" not in form:
        form["priority"] = str(data["priority"])
    return path.format(**values), form


@pytest.mark.parametrize(("path", "form"), POSTS)
@pytest.mark.parametrize(("role", "expected"), [("board_member", 403), ("non_member", 403), ("anonymous", 302)])
def test_posts_are_refused_for_anyone_but_staff_and_change_nothing(client_for, users, data, path, form, role, expected):
    path, form = fill(path, form, data)
    before = snapshot()
    response = client_for(users[role]).post(path, form, headers={"HX-Request": "true"} if "status" in path else {})
    assert response.status_code == expected
    if expected == SIGN_IN:
        assert response["Location"].startswith("/accounts/login/?next=")
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
