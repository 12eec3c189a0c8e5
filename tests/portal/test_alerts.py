"""Email alerts without an account, through Django's mail outbox: subscribe, confirm by the emailed link (double
opt-in), one digest a day of what the public may read, one link that stops every alert; the pages are public,
throttled per client address, and tell nobody whether an address already subscribes."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from blmk_portal import alerts
from blmk_portal.models import AlertDigestSent, AlertSubscription
from blmk_portal.publication import Audience, Status
from blmk_portal.rag import Rag
from blmk_portal.services import record_publish
from governance.models import Minutes
from priorities.models import SignOff
from tests.access import EVERYONE, NOT_FOUND, READERS, check_reader
from tests.factories import (
    BoardFactory,
    MeetingFactory,
    PaperFactory,
    PriorityFactory,
    ProgrammeFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db

ADDRESS = "resident@example.org"
BOARD = "board:partnership-board"
CONFIRM_LINK = re.compile(r"http://127\.0\.0\.1:8000(/alerts/confirm/[^/\s]+/)")
UNSUBSCRIBE_LINK = re.compile(r"http://127\.0\.0\.1:8000(/alerts/unsubscribe/[^/\s]+/)")
# Later than the database's clock, which time_machine does not move: a paper's history is dated by the database.
# A digest run's queries: unconfirmed deleted, subscriptions read, the day's log read; each topic's name and what
# was published on it (meetings, papers, minutes); each address emailed, its day claimed and its subscriptions
# marked as sent (with the savepoint around them).
RUN_QUERIES, TOPIC_QUERIES, ADDRESS_QUERIES = 3, 4, 4
START = dt.datetime(2030, 1, 7, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def portal_url(settings):
    settings.PORTAL_URL = "http://127.0.0.1:8000"


@pytest.fixture
def board(db):
    return BoardFactory(name="Partnership Board", slug="partnership-board")


@pytest.fixture
def staff(staff_user):
    return staff_user


def subscribe(client, email: str = ADDRESS, topic: str = BOARD, **extra):
    return client.post("/alerts/", {"email": email, "topic": topic}, **extra)


def link(pattern: re.Pattern, message) -> str:
    found = pattern.search(message.body)
    assert found, message.body
    return found.group(1)


def subscribed_and_confirmed(client, email: str = ADDRESS, topic: str = BOARD) -> None:
    mail.outbox.clear()
    subscribe(client, email, topic)
    (confirmation,) = mail.outbox
    client.post(link(CONFIRM_LINK, confirmation))
    mail.outbox.clear()


def send_digests() -> str:
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def a_meeting_published(board, staff, day: dt.date, *papers: tuple[str, str, Audience]):
    """A draft meeting with its papers (reference, title, audience), then published by staff."""
    meeting = MeetingFactory(board=board, date=day, status=Status.DRAFT)
    for reference, title, audience in papers:
        PaperFactory(meeting=meeting, reference=reference, title=title, audience=audience)
    record_publish(item=meeting, publish=True, opened_at_version=meeting.version, by=staff)
    return meeting


class TestSubscribing:
    def test_a_subscription_is_confirmed_by_the_emailed_link_and_the_next_digest_names_the_published_paper(
        self, client, board, staff
    ):
        response = subscribe(client, "Resident@Example.org ")
        assert response.status_code == 302
        assert response["Location"] == "/alerts/check-your-email/"
        assert "Check your email" in client.get(response["Location"]).content.decode()
        (confirmation,) = mail.outbox
        assert confirmation.to == [ADDRESS]
        assert confirmation.subject == "Confirm your email alerts about Partnership Board"
        assert "new meetings, papers published and minutes confirmed" in confirmation.body
        assert (
            confirmation.extra_headers["List-Unsubscribe"]
            == f"<http://127.0.0.1:8000{link(UNSUBSCRIBE_LINK, confirmation)}>"
        )
        assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        subscription = AlertSubscription.objects.get()
        assert (subscription.email, subscription.topic, subscription.confirmed_at) == (ADDRESS, BOARD, None)

        # An email scanner following the link confirms nothing: the page asks for a button press
        confirm = link(CONFIRM_LINK, confirmation)
        page = client.get(confirm)
        assert "Confirm email alerts" in page.content.decode()
        subscription.refresh_from_db()
        assert subscription.confirmed_at is None

        page = client.post(confirm)
        assert "Your email alerts are confirmed" in page.content.decode()
        subscription.refresh_from_db()
        assert subscription.confirmed_at is not None

        mail.outbox.clear()
        a_meeting_published(
            board,
            staff,
            dt.date(2021, 6, 9),
            ("Paper 7", "Strategic priorities", Audience.PUBLIC),
            ("Paper 9", "Estates disposals in confidence", Audience.BOARD),
        )
        assert "Alert digests: 1 sent, 0 already sent today" in send_digests()
        (digest,) = mail.outbox
        assert digest.to == [ADDRESS]
        assert digest.subject == "Your alerts from the BLMK Health and Care Partnership portal"
        assert "Partnership Board\n- Meeting on 9 June 2021 published: http://127.0.0.1:8000/boards/" in digest.body
        assert "- Paper 7: Strategic priorities, for the meeting on 9 June 2021: http://127.0.0.1:8000/boards/" in (
            digest.body
        )
        assert "Estates disposals" not in digest.body
        assert "Paper 9" not in digest.body
        assert link(UNSUBSCRIBE_LINK, digest) in digest.extra_headers["List-Unsubscribe"]

    def test_the_page_and_the_emails_are_the_same_whether_or_not_the_address_already_subscribes(self, board):
        subscribed_and_confirmed(Client())
        answers = set()
        for email in (ADDRESS, "newcomer@example.org"):
            response = Client().post("/alerts/", {"email": email, "topic": BOARD}, follow=True)
            answers.add(re.sub(r"\S+@\S+", "ADDRESS", response.content.decode().split("<main", 1)[1]))
        assert len(answers) == 1
        # The confirmed address is not sent another confirmation (nor is anyone flooded through it)
        assert [message.to for message in mail.outbox] == [["newcomer@example.org"]]

    def test_asking_again_before_confirming_sends_another_link_and_keeps_one_subscription(self, client, board):
        subscribe(client)
        subscribe(client)
        assert len(mail.outbox) == 2
        assert AlertSubscription.objects.count() == 1

    def test_a_wrong_address_is_shown_at_the_field_and_in_the_summary_with_what_was_typed_kept(self, client, board):
        response = subscribe(client, "resident at example.org")
        page = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in page
        assert page.count("Enter an email address in the correct format, like name@example.com") == 2
        assert 'value="resident at example.org"' in page
        assert mail.outbox == []
        assert not AlertSubscription.objects.exists()

    def test_an_empty_address_is_asked_for(self, client, board):
        page = subscribe(client, "").content.decode()
        assert "Enter your email address" in page
        assert not AlertSubscription.objects.exists()

    @pytest.mark.parametrize("topic", ["board:no-such-board", "nothing:at-all", "", "board:", "priority:plan-only"])
    def test_a_topic_that_is_not_public_or_does_not_exist_is_not_found(self, client, board, topic):
        assert client.get("/alerts/", {"topic": topic}).status_code == NOT_FOUND
        assert subscribe(client, topic=topic).status_code == NOT_FOUND
        assert mail.outbox == []

    def test_a_draft_priority_cannot_be_followed_but_a_published_one_can(self, client):
        draft = PriorityFactory(status=Status.DRAFT)
        published = PriorityFactory(plan=draft.plan)
        assert client.get("/alerts/", {"topic": f"priority:{draft.plan.slug}/{draft.slug}"}).status_code == NOT_FOUND
        page = client.get("/alerts/", {"topic": f"priority:{published.plan.slug}/{published.slug}"})
        assert f"Get email alerts about {published.code} {published.title}" in page.content.decode()

    def test_one_client_address_may_ask_ten_times_an_hour_and_another_is_not_held_back(self, client, board):
        for number in range(alerts.SUBSCRIPTIONS_PER_ADDRESS):
            assert subscribe(client, f"person{number}@example.org", REMOTE_ADDR="198.51.100.7").status_code == 302
        refused = subscribe(client, "one-more@example.org", REMOTE_ADDR="198.51.100.7")
        assert refused.status_code == 429
        assert "Too many requests for email alerts" in refused.content.decode()
        assert not AlertSubscription.objects.filter(email="one-more@example.org").exists()
        assert len(mail.outbox) == alerts.SUBSCRIPTIONS_PER_ADDRESS
        assert subscribe(client, "one-more@example.org", REMOTE_ADDR="203.0.113.9").status_code == 302

    def test_the_board_page_and_a_public_priority_page_link_to_the_form(self, client, board, staff_user, client_for):
        assert '<a href="/alerts/?topic=board:partnership-board">Get email alerts' in (
            client.get("/boards/partnership-board/").content.decode()
        )
        priority = PriorityFactory()
        page = client.get(priority.get_absolute_url()).content.decode()
        assert f'<a href="/alerts/?topic=priority:{priority.plan.slug}/{priority.slug}">Get email alerts' in page
        draft = PriorityFactory(plan=priority.plan, status=Status.DRAFT)
        assert "Get email alerts" not in client_for(staff_user).get(draft.get_absolute_url()).content.decode()


class TestConfirming:
    def test_an_unconfirmed_subscription_gets_nothing_and_is_deleted_after_three_days(self, board, staff):
        with time_machine.travel(START, tick=False):
            subscribe(Client())
            mail.outbox.clear()
        with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
            a_meeting_published(board, staff, dt.date(2021, 6, 9), ("Paper 7", "Strategic priorities", "public"))
            assert "Alert digests: 0 sent, 0 already sent today; 0 unconfirmed" in send_digests()
        assert mail.outbox == []
        with time_machine.travel(START + alerts.UNCONFIRMED_KEPT + dt.timedelta(minutes=1), tick=False):
            assert "1 unconfirmed subscriptions deleted" in send_digests()
        assert not AlertSubscription.objects.exists()
        assert mail.outbox == []

    def test_a_confirmation_link_older_than_three_days_does_not_work(self, client, board):
        with time_machine.travel(START, tick=False):
            subscribe(client)
        confirm = link(CONFIRM_LINK, mail.outbox[0])
        with time_machine.travel(START + alerts.UNCONFIRMED_KEPT + dt.timedelta(minutes=1), tick=False):
            response = client.post(confirm)
        assert response.status_code == NOT_FOUND
        assert "This link does not work" in response.content.decode()
        assert AlertSubscription.objects.get().confirmed_at is None

    def test_a_tampered_link_or_a_link_for_another_purpose_is_refused(self, client, board):
        subscribe(client)
        confirm = link(CONFIRM_LINK, mail.outbox[0])
        unsubscribe = link(UNSUBSCRIBE_LINK, mail.outbox[0])
        confirm_token = confirm.split("/")[-2]
        unsubscribe_token = unsubscribe.split("/")[-2]
        forged = alerts.confirm_token("resident@example.org", BOARD).replace(":", ":x", 1)
        for path in (
            confirm.replace(confirm_token, confirm_token[:-2] + "xx"),
            f"/alerts/confirm/{unsubscribe_token}/",
            f"/alerts/confirm/{forged}/",
        ):
            assert client.post(path).status_code == NOT_FOUND, path
        assert AlertSubscription.objects.get().confirmed_at is None
        for path in (
            unsubscribe.replace(unsubscribe_token, unsubscribe_token[:-2] + "xx"),
            f"/alerts/unsubscribe/{confirm_token}/",
        ):
            assert client.post(path).status_code == NOT_FOUND, path
        assert AlertSubscription.objects.exists()
        # The controls: the genuine links work
        assert client.post(confirm).status_code == 200
        assert AlertSubscription.objects.get().confirmed_at is not None
        assert client.post(unsubscribe).status_code == 200
        assert not AlertSubscription.objects.exists()


class TestDigests:
    def test_nothing_is_sent_twice_and_an_address_gets_one_digest_a_day(self, board, staff):
        with time_machine.travel(START, tick=False):
            subscribed_and_confirmed(Client())
        with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
            a_meeting_published(board, staff, dt.date(2021, 6, 9), ("Paper 7", "Strategic priorities", "public"))
            send_digests()
        with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
            a_meeting_published(board, staff, dt.date(2021, 7, 14), ("Paper 3", "Place-based plans", "public"))
            assert "Alert digests: 0 sent, 1 already sent today" in send_digests()
        assert len(mail.outbox) == 1
        with time_machine.travel(START + dt.timedelta(days=1), tick=False):
            send_digests()
            send_digests()
        first, second = mail.outbox
        assert "Strategic priorities" in first.body and "Place-based plans" not in first.body
        assert "Place-based plans" in second.body and "Strategic priorities" not in second.body
        assert AlertDigestSent.objects.filter(email=ADDRESS).count() == 2

    def test_nothing_is_sent_when_only_drafts_and_part_two_papers_appear(self, board, staff):
        subscribed_and_confirmed(Client())
        MeetingFactory(board=board, date=dt.date(2021, 6, 9), status=Status.DRAFT)
        draft = MeetingFactory(board=board, date=dt.date(2021, 7, 14), status=Status.DRAFT)
        PaperFactory(meeting=draft, title="Draft paper")
        published = MeetingFactory(board=board, date=dt.date(2021, 5, 5))  # published before the subscription
        PaperFactory(meeting=published, title="Confidential paper", audience=Audience.BOARD)
        Minutes.objects.create(meeting=published, status=Status.DRAFT)
        assert "Alert digests: 0 sent" in send_digests()
        assert mail.outbox == []

    def test_confirmed_minutes_are_in_the_digest(self, board, staff):
        meeting = MeetingFactory(board=board, date=dt.date(2021, 5, 5))
        subscribed_and_confirmed(Client())
        Minutes.objects.create(meeting=meeting, status=Status.PUBLISHED, published_at=timezone.now())
        send_digests()
        (digest,) = mail.outbox
        assert (
            "- Minutes of the meeting on 5 May 2021 confirmed: http://127.0.0.1:8000/boards/partnership-board/2021-05-05/#minutes"
            in digest.body
        )
        assert "Meeting on 5 May 2021 published" not in digest.body

    def test_another_board_s_news_is_not_in_the_digest(self, board, staff):
        subscribed_and_confirmed(Client())
        other = BoardFactory(name="Children's Board", slug="childrens-board")
        a_meeting_published(other, staff, dt.date(2021, 6, 9), ("Paper 2", "School readiness", "public"))
        send_digests()
        assert mail.outbox == []

    def test_a_priority_s_milestone_statuses_are_in_the_digest_once_signed_off(self, board, staff):
        programme = ProgrammeFactory(title="Diagnostics programme")
        priority = programme.priority
        topic = f"priority:{priority.plan.slug}/{priority.slug}"
        subscribed_and_confirmed(Client(), topic=topic)
        StatusUpdateFactory(
            milestone__programme=programme, milestone__title="Open the community diagnostic hub", signed_off=False
        )
        send_digests()
        assert mail.outbox == []  # not signed off: not public yet
        SignOff.objects.create(
            programme=programme, reporting_period="2026/27 Q3", signed_off_as=SignOff.As.PROGRAMME_OFFICE, by=staff
        )
        send_digests()
        (digest,) = mail.outbox
        assert f"{priority.code} {priority.title}\n" in digest.body
        assert "- Open the community diagnostic hub (Diagnostics programme): Green for 2026/27 Q3: " in digest.body

    def test_a_correction_made_after_sign_off_is_in_the_digest_as_corrected(self, board, staff):
        original = StatusUpdateFactory(milestone__title="Open the community diagnostic hub")  # signed off
        priority = original.milestone.programme.priority
        subscribed_and_confirmed(Client(), topic=f"priority:{priority.plan.slug}/{priority.slug}")
        original.replaced_at = timezone.now()
        original.save(update_fields=["replaced_at"])
        StatusUpdateFactory(
            milestone=original.milestone,
            rag=Rag.AMBER,
            commentary="The hub opens a month late",
            corrects=original,
            reason="Reported wrongly",
        )
        send_digests()
        (digest,) = mail.outbox
        assert ": Amber for 2026/27 Q3 (corrected): " in digest.body
        assert "Green" not in digest.body

    def test_an_address_following_two_topics_gets_one_digest_with_both(self, board, staff):
        programme = ProgrammeFactory()
        priority = programme.priority
        subscribed_and_confirmed(Client())
        subscribed_and_confirmed(Client(), topic=f"priority:{priority.plan.slug}/{priority.slug}")
        a_meeting_published(board, staff, dt.date(2021, 6, 9), ("Paper 7", "Strategic priorities", "public"))
        StatusUpdateFactory(milestone__programme=programme, milestone__title="Hub open", signed_off=False)
        SignOff.objects.create(
            programme=programme, reporting_period="2026/27 Q3", signed_off_as=SignOff.As.PROGRAMME_OFFICE, by=staff
        )
        send_digests()
        (digest,) = mail.outbox
        assert "Strategic priorities" in digest.body and "Hub open" in digest.body

    def test_a_digest_asks_no_more_queries_however_many_papers_were_published(
        self, board, staff, django_assert_max_num_queries
    ):
        subscribed_and_confirmed(Client())
        subscribed_and_confirmed(Client(), "second@example.org")
        a_meeting_published(board, staff, dt.date(2021, 6, 9), ("Paper 1", "One paper", "public"))
        with django_assert_max_num_queries(RUN_QUERIES + TOPIC_QUERIES + 2 * ADDRESS_QUERIES):
            alerts.send_alert_digests()
        papers = [(f"Paper {n}", f"Report {n}", "public") for n in range(20)]
        a_meeting_published(board, staff, dt.date(2021, 7, 14), *papers)
        with django_assert_max_num_queries(RUN_QUERIES + TOPIC_QUERIES + 2 * ADDRESS_QUERIES):
            alerts.send_alert_digests(timezone.now() + dt.timedelta(days=1))
        assert len(mail.outbox) == 4
        body = mail.outbox[-1].body
        assert "Report 19" in body
        # Papers that went public together are listed in the pack's order, not as text sorts ("Paper 10" first)
        assert body.index("Paper 2: Report 2,") < body.index("Paper 10: Report 10,")


@pytest.mark.django_db(transaction=True)
def test_a_paper_added_to_a_meeting_already_published_is_in_the_next_digest(board, staff_user):
    meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9), published_at=timezone.now())
    subscribed_and_confirmed(Client())
    PaperFactory(meeting=meeting, reference="Paper 8", title="Late paper")
    PaperFactory(meeting=meeting, reference="Paper 10", title="Part II paper", audience=Audience.BOARD)
    send_digests()
    (digest,) = mail.outbox
    assert "- Paper 8: Late paper, for the meeting on 9 June 2021" in digest.body
    assert "Part II paper" not in digest.body
    assert "Meeting on 9 June 2021 published" not in digest.body


class TestUnsubscribing:
    def test_one_link_stops_every_alert_and_forgets_the_address(self, board, staff):
        programme = ProgrammeFactory()
        priority = programme.priority
        subscribed_and_confirmed(Client())
        subscribe(Client(), topic=f"priority:{priority.plan.slug}/{priority.slug}")
        unsubscribe = link(UNSUBSCRIBE_LINK, mail.outbox[0])
        subscribed_and_confirmed(Client(), "neighbour@example.org")
        client = Client()
        # Following the link (as an email scanner does) stops nothing
        assert "Stop all email alerts" in client.get(unsubscribe).content.decode()
        assert AlertSubscription.objects.filter(email=ADDRESS).count() == 2

        assert "Your email alerts have stopped" in client.post(unsubscribe).content.decode()
        assert not AlertSubscription.objects.filter(email=ADDRESS).exists()
        assert AlertSubscription.objects.filter(email="neighbour@example.org").exists()
        mail.outbox.clear()
        a_meeting_published(board, staff, dt.date(2021, 6, 9), ("Paper 7", "Strategic priorities", "public"))
        send_digests()
        assert [message.to for message in mail.outbox] == [["neighbour@example.org"]]

    def test_a_mail_program_can_unsubscribe_with_one_click_without_a_form_token(self, board):
        subscribed_and_confirmed(Client())
        token = alerts.unsubscribe_token(ADDRESS)
        mail_program = Client(enforce_csrf_checks=True)
        response = mail_program.post(f"/alerts/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert not AlertSubscription.objects.exists()
        assert not AlertDigestSent.objects.exists()


def test_the_alert_pages_are_public(client_for, readers, board):
    token = alerts.confirm_token(ADDRESS, BOARD)
    AlertSubscription.objects.create(email=ADDRESS, topic=BOARD)
    paths = [
        f"/alerts/?topic={BOARD}",
        "/alerts/check-your-email/",
        f"/alerts/confirm/{token}/",
        f"/alerts/unsubscribe/{alerts.unsubscribe_token(ADDRESS)}/",
    ]
    for role in READERS:
        for path in paths:
            check_reader(client_for(readers[role]), role, path, EVERYONE[READERS.index(role)])
    assert AlertSubscription.objects.get().confirmed_at is None  # looking confirms nothing
