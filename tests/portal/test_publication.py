"""Publication on two axes, status and audience, composed through parents: one rule for every reader."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from blmk_portal.publication import Audience, Restricted, Status
from governance.models import Membership
from priorities.models import Milestone, Risk
from tests.factories import (
    BoardFactory,
    MembershipFactory,
    MilestoneFactory,
    PersonFactory,
    ProgrammeFactory,
    RiskFactory,
    UserFactory,
)
from tests.kitapp.models import Notice, Reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers():
    """Anonymous, a member of the board, a member of another board, signed in with no role, staff."""
    board, other_board = BoardFactory(slug="board"), BoardFactory(slug="other")
    member, outsider = UserFactory(), UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=member))
    MembershipFactory(board=other_board, person=PersonFactory(user=outsider))
    return {
        "board": board,
        "anonymous": AnonymousUser(),
        "member": member,
        "other board": outsider,
        "no role": UserFactory(),
        "staff": UserFactory(programme_office=True),
    }


def notice(board, title, **fields) -> Notice:
    return Notice.objects.create(board=board, slug=title.lower().replace(" ", "-"), title=title, **fields)


class TestStatusAndAudience:
    def test_each_reader_sees_what_its_status_and_audience_allow(self, readers):
        board = readers["board"]
        notice(board, "Public", status=Status.PUBLISHED)
        notice(board, "For members", status=Status.PUBLISHED, audience=Audience.BOARD)
        notice(board, "Staff only", status=Status.PUBLISHED, audience=Audience.STAFF)
        notice(board, "Draft for members", status=Status.DRAFT, audience=Audience.BOARD)
        expected = {
            "anonymous": {"Public"},
            "member": {"Public", "For members"},
            "other board": {"Public"},
            "no role": {"Public"},
            "staff": {"Public", "For members", "Staff only", "Draft for members"},
        }
        for reader, titles in expected.items():
            seen = set(Notice.objects.visible_to(readers[reader]).values_list("title", flat=True))
            assert seen == titles, reader

    def test_a_seat_that_has_ended_no_longer_opens_the_boards_papers(self, readers):
        notice(readers["board"], "For members", status=Status.PUBLISHED, audience=Audience.BOARD)
        member = readers["member"]
        assert Notice.objects.visible_to(member).exists()
        Membership.objects.filter(person__user=member).update(ended=timezone.localdate() - dt.timedelta(days=1))
        next_request_user = type(member).objects.get(pk=member.pk)  # each request reads the seats afresh
        assert not Notice.objects.visible_to(next_request_user).exists()

    def test_children_are_seen_by_exactly_those_who_see_their_parent(self, readers):
        board = readers["board"]
        Reply.objects.create(notice=notice(board, "Public", status=Status.PUBLISHED), text="To everyone")
        Reply.objects.create(
            notice=notice(board, "Members", status=Status.PUBLISHED, audience=Audience.BOARD), text="To members"
        )
        Reply.objects.create(notice=notice(board, "Draft", status=Status.DRAFT), text="To a draft")
        assert set(Reply.objects.visible_to(readers["anonymous"]).values_list("text", flat=True)) == {"To everyone"}
        assert set(Reply.objects.visible_to(readers["member"]).values_list("text", flat=True)) == {
            "To everyone",
            "To members",
        }
        assert Reply.objects.visible_to(readers["staff"]).count() == 3


class TestRisksOnTheAudienceAxis:
    def test_a_risk_on_a_draft_programme_stays_hidden_though_its_priority_is_public(self, readers):
        programme = ProgrammeFactory(status=Status.DRAFT)
        RiskFactory(priority=programme.priority, programme=programme, title="On a draft programme")
        RiskFactory(priority=programme.priority, programme=None, title="On the priority")
        RiskFactory(priority=programme.priority, audience=Audience.STAFF, title="Confidential")
        for reader in ("anonymous", "member", "no role"):
            seen = set(Risk.objects.visible_to(readers[reader]).values_list("title", flat=True))
            assert seen == {"On the priority"}, reader
        assert Risk.objects.visible_to(readers["staff"]).count() == 3

    def test_milestones_follow_their_programme_its_priority_and_plan(self, readers):
        hidden = MilestoneFactory(programme__priority__plan__status=Status.DRAFT)
        shown = MilestoneFactory()
        assert list(Milestone.objects.visible_to(readers["anonymous"])) == [shown]
        assert set(Milestone.objects.visible_to(readers["staff"])) == {hidden, shown}


@pytest.mark.parametrize(
    "model",
    [
        model
        for model in apps.get_models()
        if issubclass(model, Restricted) and not model.__module__.startswith("tests.")
    ],
)
def test_the_database_allows_each_restricted_model_the_audiences_it_declares(model):
    (constraint,) = [c for c in model._meta.constraints if "audience__in" in str(getattr(c, "condition", ""))]
    ((_, allowed),) = constraint.condition.children
    assert set(allowed) == {str(audience) for audience in model.audiences}
