"""Reminder emails through Django's mail outbox: each owner's actions overdue or due in the next 7 days, one email
a person a day at most, nothing when nothing is due, and other apps' reminders in the same email."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from blmk_portal import reminders
from blmk_portal.models import ReminderSent
from governance.models import Action, ActionOwner
from tests.factories import BoardFactory, MeetingFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2021, 6, 9)


def send(day: dt.date = TODAY) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def owner(db):
    user = UserFactory(email="kay@example.org", first_name="Kay", last_name="Example")
    return PersonFactory(name="Kay Example", user=user)


@pytest.fixture
def log(owner):
    board = BoardFactory(name="Partnership Board", slug="partnership")
    meeting = MeetingFactory(board=board, date=dt.date(2021, 5, 5))

    def action(number, text, due, precision="day", status="open", owners=(owner,)):
        made = Action.objects.create(
            board=board, number=number, raised_at=meeting, text=text, due=due, due_precision=precision, status=status
        )
        for person in owners:
            ActionOwner.objects.create(action=made, person=person)
        return made

    return action


def test_an_owner_is_emailed_their_overdue_actions_and_those_due_in_the_next_7_days(log, owner):
    log(50, "Share the paper on the Children's Board", dt.date(2021, 4, 1), "month")  # Apr-21: overdue
    log(54, "Update on the 2021/22 priorities", dt.date(2021, 6, 16))  # in 7 days
    log(55, "Report the executive portfolios", dt.date(2021, 6, 17))  # in 8 days: not yet
    log(56, "Report the operating model", dt.date(2021, 6, 1), "month")  # Jun-21 ends 30 June: not yet
    log(57, "Regular diagnostics updates", dt.date(2021, 4, 1), "month", status="closed")  # closed
    log(58, "Submit the revised terms", dt.date(2021, 6, 10), status="closing")  # closing still counts
    assert "1 emailed" in send()
    [email] = mail.outbox
    assert email.to == ["kay@example.org"]
    body = email.body
    assert (
        "Action 50, Partnership Board: Share the paper on the Children's Board (overdue: the deadline was April 2021)"
        in body
    )
    assert "Action 54, Partnership Board: Update on the 2021/22 priorities (due 16 June 2021)" in body
    assert "Action 58" in body
    for not_due in ("Action 55", "Action 56", "Action 57"):
        assert not_due not in body
    assert body.index("Action 50") < body.index("Action 54")  # overdue first
    assert "http://127.0.0.1:8000/actions/" in body


def test_a_month_deadline_is_reminded_of_in_the_last_week_of_its_month(log):
    log(56, "Report the operating model", dt.date(2021, 6, 1), "month")
    send(dt.date(2021, 6, 22))
    assert mail.outbox == []
    send(dt.date(2021, 6, 23))  # 30 June is 7 days away
    assert len(mail.outbox) == 1


def test_a_person_gets_at_most_one_email_a_day_however_often_it_runs(log):
    log(50, "Share the paper", dt.date(2021, 4, 1), "month")
    send()
    assert "0 emailed, 1 already reminded today" in send()
    assert len(mail.outbox) == 1
    send(TODAY + dt.timedelta(days=1))
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2


def test_nothing_is_sent_when_nothing_is_due(log, owner):
    log(53, "More on research investment", dt.date(2021, 9, 1), "month")
    log(57, "Regular diagnostics updates", dt.date(2021, 4, 1), "month", status="closed")
    assert "0 emailed" in send()
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_owners_who_cannot_be_emailed_get_nothing(log):
    # A role as printed ("Executive lead") with no one named, and a person with no sign-in.
    log(55, "Report the executive portfolios", dt.date(2021, 4, 1), "month", owners=())
    log(59, "Circulate the briefing", dt.date(2021, 4, 1), "month", owners=(PersonFactory(name="No Sign In"),))
    send()
    assert mail.outbox == []


def test_each_owner_of_a_shared_action_is_emailed(log, owner):
    other = PersonFactory(name="James Example", user=UserFactory(email="james@example.org"))
    log(57, "Regular diagnostics updates", dt.date(2021, 6, 10), owners=(owner, other))
    send()
    assert sorted(address for email in mail.outbox for address in email.to) == ["james@example.org", "kay@example.org"]


def test_other_apps_reminders_come_in_the_same_one_email(log, owner, monkeypatch):
    log(50, "Share the paper", dt.date(2021, 4, 1), "month")
    milestones = reminders.Source(
        "milestones", lambda today: [reminders.Due(owner.user, "Milestones to report on", ["Frailty pathway"], "/")]
    )
    monkeypatch.setattr(reminders, "_sources", [*reminders.sources(), milestones])
    send()
    [email] = mail.outbox
    assert "Action 50" in email.body and "Frailty pathway" in email.body
    assert ReminderSent.objects.get().sources == "actions, milestones"


def test_a_failed_send_is_tried_again_on_the_next_run(log, monkeypatch):
    log(50, "Share the paper", dt.date(2021, 4, 1), "month")

    def broken(*args, **kwargs):
        raise OSError("The mail server is down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    with pytest.raises(OSError):
        send()
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    send()
    assert len(mail.outbox) == 1
