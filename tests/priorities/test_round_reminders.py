"""The round chases: `manage.py send_reminders` emails each milestone owner who can sign in and report the
milestones of current plans still awaiting a status for this quarter, overdue ones first and flagged, with a link
to the round filtered to them. Read through Django's mail outbox."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from blmk_portal.models import ReminderSent
from blmk_portal.publication import Status
from blmk_portal.rag import Rag
from governance.models import Action, ActionOwner
from priorities.models import Plan
from priorities.reminders import milestone_reminders
from tests.factories import (
    BoardFactory,
    MeetingFactory,
    MilestoneFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
    ProgrammeFactory,
    StatusUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 16)  # in 2026/27 Q3
PERIOD = "2026/27 Q3"


def send(day: dt.date = TODAY) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def owner(db):
    return UserFactory(email="kay@example.org", first_name="Kay", last_name="Example", programme_office=True)


@pytest.fixture
def programme(db):
    priority = PriorityFactory(code="P3", title="Mental health")
    return ProgrammeFactory(priority=priority, title="Crisis care")


def test_an_owner_is_emailed_their_milestones_awaiting_this_quarters_status_overdue_first(mailoutbox, owner, programme):
    MilestoneFactory(
        programme=programme, title="Open the crisis cafe", owner="Kay Example", due_date=dt.date(2027, 3, 31)
    )
    MilestoneFactory(
        programme=programme, title="Recruit peer workers", owner="kay  example", due_date=dt.date(2026, 9, 30)
    )
    MilestoneFactory(
        programme=programme, title="Staff the 24/7 line", owner="Kay Example", due_date=dt.date(2026, 6, 30)
    )

    assert "1 emailed" in send()

    [email] = mailoutbox
    assert email.to == ["kay@example.org"]
    body = email.body
    assert f"Milestones you own awaiting a status for {PERIOD}" in body
    assert "- Staff the 24/7 line (P3 Crisis care): Overdue: due 30 June 2026, not reported complete" in body
    assert "- Open the crisis cafe (P3 Crisis care): due 31 March 2027" in body
    assert body.index("Staff the 24/7 line") < body.index("Open the crisis cafe")  # overdue first
    assert "http://127.0.0.1:8000/manage/priorities/reporting-round/?owner=Kay+Example&show=waiting" in body
    # The same owner written with other spacing and case is the same person, linked to the round as written.
    assert "- Recruit peer workers (P3 Crisis care): Overdue: due 30 September 2026, not reported complete" in body
    assert "owner=kay++example&show=waiting" in body
    assert ReminderSent.objects.get().sources == "milestones"


def test_milestones_already_reported_this_quarter_complete_or_of_closed_plans_are_left_out(
    mailoutbox, owner, programme
):
    reported = MilestoneFactory(programme=programme, title="Reported this quarter", owner="Kay Example")
    StatusUpdateFactory(milestone=reported, reporting_period=PERIOD, rag=Rag.GREEN, signed_off=False)
    complete = MilestoneFactory(programme=programme, title="Complete last quarter", owner="Kay Example")
    # Reported complete, not yet signed off: the record as it stands says there is nothing to chase.
    StatusUpdateFactory(milestone=complete, reporting_period="2026/27 Q2", rag=Rag.BLUE, signed_off=False)
    closed = ProgrammeFactory(priority=PriorityFactory(plan=PlanFactory(state=Plan.State.CLOSED)))
    MilestoneFactory(programme=closed, title="Of a closed plan", owner="Kay Example")
    late = MilestoneFactory(programme=programme, title="Reported last quarter only", owner="Kay Example")
    StatusUpdateFactory(milestone=late, reporting_period="2026/27 Q2", rag=Rag.AMBER, commentary="Slipping")

    send()

    [email] = mailoutbox
    assert "Reported last quarter only" in email.body
    for left_out in ("Reported this quarter", "Complete last quarter", "Of a closed plan"):
        assert left_out not in email.body


def test_a_draft_programmes_milestones_are_chased_too_staff_report_before_publishing(mailoutbox, owner):
    draft = ProgrammeFactory(status=Status.DRAFT)
    MilestoneFactory(programme=draft, title="Draft milestone", owner="Kay Example")
    send()
    [email] = mailoutbox
    assert "Draft milestone" in email.body


def test_owners_named_as_an_organisation_a_shared_name_or_someone_who_cannot_report_are_not_chased(
    mailoutbox, owner, programme
):
    UserFactory(email="first@example.org", first_name="Sam", last_name="Twin", programme_office=True)
    UserFactory(email="second@example.org", first_name="Sam", last_name="Twin", programme_office=True)
    UserFactory(email="reader@example.org", first_name="Rob", last_name="Reader")  # signs in, no role
    UserFactory(email="gone@example.org", first_name="Gina", last_name="Gone", programme_office=True, is_active=False)
    for name in ("BLMK CCG", "Sam Twin", "Rob Reader", "Gina Gone", ""):
        MilestoneFactory(programme=programme, title=f"Owned by {name or 'nobody'}", owner=name)

    assert "0 emailed" in send()
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()


def test_nothing_is_sent_once_every_milestone_has_its_status_for_the_quarter(mailoutbox, owner, programme):
    milestone = MilestoneFactory(programme=programme, owner="Kay Example")
    StatusUpdateFactory(milestone=milestone, reporting_period=PERIOD, signed_off=False)
    send()
    assert mailoutbox == []


def test_the_next_quarter_chases_again_and_a_second_run_the_same_day_sends_nothing(mailoutbox, owner, programme):
    milestone = MilestoneFactory(programme=programme, title="Open the crisis cafe", owner="Kay Example")
    StatusUpdateFactory(milestone=milestone, reporting_period=PERIOD)
    send()
    assert mailoutbox == []
    january = dt.date(2027, 1, 11)  # 2026/27 Q4
    send(january)
    assert "0 emailed, 1 already reminded today" in send(january)
    [email] = mailoutbox
    assert "awaiting a status for 2026/27 Q4" in email.body and "Open the crisis cafe" in email.body


def test_an_owner_of_actions_and_milestones_gets_one_email_with_both(mailoutbox, owner, programme):
    MilestoneFactory(programme=programme, title="Open the crisis cafe", owner="Kay Example")
    board = BoardFactory(name="Partnership Board", slug="partnership")
    meeting = MeetingFactory(board=board, date=dt.date(2026, 10, 5))
    action = Action.objects.create(board=board, number=50, raised_at=meeting, text="Share the paper", due=TODAY)
    ActionOwner.objects.create(action=action, person=PersonFactory(name="Kay Example", user=owner))

    send()

    [email] = mailoutbox
    assert "Action 50" in email.body and "Open the crisis cafe" in email.body
    assert ReminderSent.objects.get().sources == "actions, milestones"


def test_the_link_in_the_email_opens_the_round_showing_the_owners_milestones(mailoutbox, owner, programme, client_for):
    MilestoneFactory(programme=programme, title="Open the crisis cafe", owner="Kay Example")
    MilestoneFactory(programme=programme, title="Someone else's milestone", owner="BLMK CCG")
    send()
    link = next(line for line in mailoutbox[0].body.splitlines() if "reporting-round" in line)
    path = link.split("http://127.0.0.1:8000", 1)[1]

    page = client_for(owner).get(path).content.decode()

    assert "Open the crisis cafe" in page
    assert "Someone else&#39;s milestone" not in page and "Someone else's milestone" not in page


def test_the_source_asks_the_same_few_queries_however_many_owners_and_milestones(
    owner, programme, django_assert_max_num_queries
):
    def owners_with_milestones(count: int) -> None:
        for n in range(count):
            name = f"Owner {count}-{n}"
            first, last = name.split(" ", 1)
            UserFactory(first_name=first, last_name=last, programme_office=True)
            MilestoneFactory(programme=ProgrammeFactory(), owner=name, due_date=dt.date(2026, 6, 30))

    owners_with_milestones(2)
    with django_assert_max_num_queries(3):
        assert len(milestone_reminders(TODAY)) == 2
    owners_with_milestones(8)
    with django_assert_max_num_queries(3):
        assert len(milestone_reminders(TODAY)) == 10
