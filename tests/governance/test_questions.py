"""Public questions: sent from a meeting's page while it is open, guarded against abuse, moderated by staff,
published on the agenda and in the pack with their answers, emailed to the asker, and erased when kept long enough.
"""

import datetime as dt
import io
import re

import pghistory.models
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from blmk_portal.publication import Audience
from governance import pack_pdf, questions
from governance.models import Meeting, PublicQuestion
from governance.packs import pack_for
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def board():
    return BoardFactory(slug="partnership", name="Partnership Board")


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(board=board, date=TODAY + dt.timedelta(days=14))
    AgendaItemFactory(meeting=meeting, title="Welcome and apologies", order=0)
    AgendaItemFactory(meeting=meeting, title="Public Questions", order=1)
    AgendaItemFactory(meeting=meeting, title="Strategic priorities", order=2)
    AgendaItemFactory(meeting=meeting, title="Estates disposal", audience=Audience.BOARD, order=3)
    return meeting


@pytest.fixture
def ask_url(meeting):
    return f"/boards/partnership/{meeting.date}/questions/"


def answers(meeting, **changes) -> dict:
    item = meeting.items.get(title="Strategic priorities")
    return {
        "name": "Sam Asker",
        "publish_name": "no",
        "email": "sam@example.com",
        "connection": "live",
        "item": str(item.pk),
        "topic": "",
        "text": "When will the new diagnostic centre open?",
        "website": "",
        **changes,
    }


def question(meeting, **values) -> PublicQuestion:
    fields = {"topic": "Access", "text": "A question", "email": "asker@example.com", "connection": "live", **values}
    return PublicQuestion.objects.create(meeting=meeting, **fields)


class TestAsking:
    def test_a_member_of_the_public_sends_a_question_and_is_told_what_happens_next(self, client, meeting, ask_url):
        page = client.get(ask_url).content.decode()
        assert "Questions need to be submitted in advance of the meeting" in page  # the ToR, quoted
        assert "Estates disposal" not in page  # Part II is not offered
        assert "Public Questions" not in page  # nor the item that takes the questions: they are about the others
        assert ">Strategic priorities</option>" in page
        response = client.post(ask_url, answers(meeting))
        assert response.status_code == 302
        sent = client.get(response["Location"]).content.decode()
        assert "What happens next" in sent
        assert "sam@example.com" not in sent
        saved = PublicQuestion.objects.get()
        assert (saved.state, saved.name, saved.publish_name, saved.email) == (
            "submitted",
            "Sam Asker",
            False,
            "sam@example.com",
        )
        assert saved.item.title == "Strategic priorities"
        # Waiting for review: on no public page yet.
        assert "diagnostic centre" not in client.get(meeting.get_absolute_url()).content.decode()

    def test_bad_input_is_shown_at_each_field_and_nothing_typed_is_lost(self, client, meeting, ask_url):
        response = client.post(ask_url, answers(meeting, email="not-an-address", text="x" * 1001, publish_name=""))
        page = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in page
        assert "Enter an email address in the correct format, like name@example.com" in page
        assert "Your question must be 1,000 characters or fewer" in page
        assert "Select whether we can publish your name" in page
        assert 'value="Sam Asker"' in page  # kept
        assert PublicQuestion.objects.count() == 0

    def test_a_question_about_no_agenda_item_needs_a_topic(self, client, meeting, ask_url):
        page = client.post(ask_url, answers(meeting, item="")).content.decode()
        assert "Enter what your question is about, or choose the agenda item it is about" in page
        assert PublicQuestion.objects.count() == 0
        assert client.post(ask_url, answers(meeting, item="", topic="Waiting times")).status_code == 302
        assert PublicQuestion.objects.get().about == "Waiting times"

    def test_a_part_two_item_cannot_be_chosen_by_a_tampered_post(self, client, meeting, ask_url):
        private = meeting.items.get(title="Estates disposal")
        page = client.post(ask_url, answers(meeting, item=str(private.pk))).content.decode()
        assert "Select the item from the list" in page
        assert PublicQuestion.objects.count() == 0

    def test_a_robot_filling_the_honeypot_is_told_it_went_but_nothing_is_kept(self, client, meeting, ask_url):
        response = client.post(ask_url, answers(meeting, website="https://spam.example"))
        assert response.status_code == 302
        assert PublicQuestion.objects.count() == 0

    def test_a_double_click_or_back_and_send_again_keeps_the_question_once(self, client, meeting, ask_url):
        for _ in range(2):
            response = client.post(ask_url, answers(meeting))
            assert response.status_code == 302 and response["Location"].endswith("/questions/sent/")
        assert PublicQuestion.objects.count() == 1
        # The control: another question from the same address is a question of its own.
        client.post(ask_url, answers(meeting, text="And when will it take referrals?"))
        assert PublicQuestion.objects.count() == 2

    def test_one_address_may_send_only_a_few_questions_an_hour(self, client, meeting, ask_url, settings):
        settings.PUBLIC_QUESTIONS_PER_ADDRESS = 2
        for number in range(2):
            assert client.post(ask_url, answers(meeting, text=f"Question {number}")).status_code == 302
        refused = client.post(ask_url, answers(meeting, text="Question 3"))
        assert refused.status_code == 429
        assert "Too many questions sent" in refused.content.decode()
        assert PublicQuestion.objects.count() == 2

    def test_the_limit_counts_the_client_behind_the_balancer_not_the_balancer(self, client, meeting, ask_url, settings):
        settings.PUBLIC_QUESTIONS_PER_ADDRESS = 1
        settings.TRUSTED_PROXY_COUNT = 1
        first = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", "REMOTE_ADDR": "10.0.0.1"}
        second = {"HTTP_X_FORWARDED_FOR": "203.0.113.8", "REMOTE_ADDR": "10.0.0.1"}
        assert client.post(ask_url, answers(meeting), **first).status_code == 302
        assert client.post(ask_url, answers(meeting), **first).status_code == 429
        assert client.post(ask_url, answers(meeting), **second).status_code == 302

    def test_a_meeting_past_its_closing_day_says_when_questions_closed_and_takes_none(self, client, board):
        board.questions_close_days = 5
        board.save()
        meeting = MeetingFactory(board=board, date=TODAY + dt.timedelta(days=4))
        AgendaItemFactory(meeting=meeting, title="Strategic priorities")
        url = f"/boards/partnership/{meeting.date}/questions/"
        closed_on = TODAY - dt.timedelta(days=0)  # the meeting's date less 5 days, plus one
        page = client.get(url).content.decode()
        assert f"Questions for this meeting closed at the start of {closed_on.day} {closed_on:%B %Y}." in page
        assert "<form" not in page.split("<main", 1)[1]
        assert client.post(url, answers(meeting)).status_code == 200
        assert PublicQuestion.objects.count() == 0
        meeting_page = client.get(meeting.get_absolute_url()).content.decode()
        assert "Questions for this meeting closed" in meeting_page
        assert "Ask the board a question" not in meeting_page

    def test_an_open_meeting_invites_questions_from_its_page(self, client, meeting):
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert "Ask the board a question" in page
        last = meeting.date - dt.timedelta(days=3)
        assert f"You can send a question until the end of {last.day} {last:%B %Y}" in page

    def test_a_held_meeting_invites_no_questions(self, client, board):
        held = MeetingFactory(board=board, date=TODAY - dt.timedelta(days=1))
        page = client.get(held.get_absolute_url()).content.decode()
        assert "Public questions" not in page
        assert "Ask the board a question" not in page

    def test_the_service_refuses_a_question_once_closed_whatever_the_form_said(self, meeting, staff_user):
        values = {"topic": "Access", "text": "Late", "email": "a@example.com", "connection": "live"}
        with pytest.raises(questions.ValidationError):
            questions.question_submit(meeting=meeting, values=values, by=staff_user, today=meeting.date)
        assert PublicQuestion.objects.count() == 0


class TestModeration:
    def test_an_accepted_question_is_on_the_agenda_page_and_in_both_packs_a_declined_one_never(
        self, client, client_for, meeting, staff_user
    ):
        accepted = question(meeting, text="Is the diagnostic centre on time?", name="Jo Example", publish_name=True)
        withheld = question(meeting, text="Who pays for parking?", name="Private Person")
        declined = question(meeting, text="Please fix my road", email="roads@example.com")
        staff = client_for(staff_user)
        moderate = f"/manage/questions/partnership/{meeting.date}"
        assert staff.post(f"{moderate}/{accepted.pk}/accept/", {"version": "1"}).status_code == 302
        assert staff.post(f"{moderate}/{withheld.pk}/accept/", {"version": "1"}).status_code == 302
        response = staff.post(f"{moderate}/{declined.pk}/decline/", {"version": "1", "decline-reason": "Not ours"})
        assert response.status_code == 302
        pages = [
            client.get(meeting.get_absolute_url()).content.decode(),
            client.get(f"{meeting.get_absolute_url()}pack/").content.decode(),
            pack_pdf._front_html(pack_for(Meeting.objects.get(pk=meeting.pk), AnonymousUser()), starts={}),
        ]
        for page in pages:
            assert "Is the diagnostic centre on time?" in page
            assert "The board takes them at item 2 of the agenda." in page
            assert "Question 1, from Jo Example" in page
            assert "Question 2, from A member of the public" in page
            assert "Private Person" not in page
            assert "Please fix my road" not in page
            assert "@example.com" not in page
            assert "not answered yet" in page

    def test_declining_emails_the_reason_to_the_asker(self, meeting, staff_user, mailoutbox):
        asked = question(meeting, name="Sam Asker")
        questions.question_decline(
            question=asked, reason="It is a matter for the council", opened_at_version=1, by=staff_user
        )
        (email,) = mailoutbox
        assert email.to == ["asker@example.com"]
        assert email.subject == "Your question to the Partnership Board"
        assert "It is a matter for the council" in email.body
        assert "Dear Sam Asker," in email.body
        asked.refresh_from_db()
        assert asked.state == "declined" and asked.sent_at is not None

    def test_a_decline_with_no_reason_is_shown_at_the_field_and_changes_nothing(self, client_for, meeting, staff_user):
        asked = question(meeting)
        url = f"/manage/questions/partnership/{meeting.date}/{asked.pk}/decline/"
        page = client_for(staff_user).post(url, {"version": "1", "decline-reason": ""}).content.decode()
        assert "There is a problem" in page
        assert "Enter the reason for declining the question" in page
        asked.refresh_from_db()
        assert asked.state == "submitted"

    def test_a_stale_form_is_told_apart_not_saved_over(self, client_for, meeting, staff_user):
        asked = question(meeting)
        questions.question_accept(question=asked, opened_at_version=1, by=staff_user)
        url = f"/manage/questions/partnership/{meeting.date}/{asked.pk}/decline/"
        response = client_for(staff_user).post(url, {"version": "1", "decline-reason": "Too late"})
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        asked.refresh_from_db()
        assert asked.state == "accepted"

    def test_answering_publishes_the_answer_and_emails_it_once(self, client, meeting, staff_user, mailoutbox):
        asked = question(meeting, text="Is the diagnostic centre on time?", name="Jo Example", publish_name=True)
        questions.question_accept(question=asked, opened_at_version=1, by=staff_user)
        questions.question_answer(question=asked, answer="Yes: it opens in May.", opened_at_version=2, by=staff_user)
        (email,) = mailoutbox
        assert email.to == ["asker@example.com"]
        assert "Yes: it opens in May." in email.body
        assert "Is the diagnostic centre on time?" in email.body
        assert f"{meeting.get_absolute_url()}#public-questions" in email.body
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert "Yes: it opens in May." in page
        assert "not answered yet" not in page
        # Corrected later: published again, not emailed again.
        questions.question_answer(question=asked, answer="Yes: it opens in June.", opened_at_version=3, by=staff_user)
        assert len(mailoutbox) == 1
        assert "opens in June" in client.get(meeting.get_absolute_url()).content.decode()

    def test_a_question_waiting_for_review_cannot_be_answered(self, meeting, staff_user, mailoutbox):
        asked = question(meeting)
        with pytest.raises(questions.ValidationError):
            questions.question_answer(question=asked, answer="No", opened_at_version=1, by=staff_user)
        assert mailoutbox == []

    def test_a_merged_duplicate_is_not_published_and_its_asker_gets_the_answer(
        self, client, client_for, meeting, staff_user, mailoutbox
    ):
        first = question(meeting, text="When does the centre open?", email="first@example.com")
        duplicate = question(meeting, text="Opening date of the centre?", email="second@example.com")
        questions.question_accept(question=first, opened_at_version=1, by=staff_user)
        url = f"/manage/questions/partnership/{meeting.date}/{duplicate.pk}/merge/"
        assert client_for(staff_user).post(url, {"version": "1", "merge-into": str(first.pk)}).status_code == 302
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert "Opening date of the centre?" not in page
        assert "1 similar question is answered with it" in page
        questions.question_answer(question=first, answer="In May.", opened_at_version=2, by=staff_user)
        assert sorted(email.to[0] for email in mailoutbox) == ["first@example.com", "second@example.com"]
        merged = next(email for email in mailoutbox if email.to == ["second@example.com"])
        assert "Opening date of the centre?" in merged.body and "answered them together" in merged.body

    def test_a_question_cannot_be_merged_into_itself_or_another_meetings(self, board, meeting, staff_user):
        asked = question(meeting)
        elsewhere = question(MeetingFactory(board=board, date=TODAY + dt.timedelta(days=60)))
        for into in (asked, elsewhere):
            with pytest.raises(questions.ValidationError):
                questions.question_merge(question=asked, into=into, opened_at_version=1, by=staff_user)
        asked.refresh_from_db()
        assert asked.state == "submitted"

    def test_the_staff_list_shows_each_state_in_words(self, client_for, meeting, staff_user):
        question(meeting, text="Waiting one")
        question(meeting, text="Accepted one", state="accepted")
        question(meeting, text="Declined one", state="declined", decline_reason="No")
        page = client_for(staff_user).get(f"/manage/meetings/partnership/{meeting.date}/questions/").content.decode()
        for words in ("Waiting for review", "Accepted", "Declined"):
            assert words in page
        assert page.index("Waiting one") < page.index("Accepted one") < page.index("Declined one")


class TestNoLinks:
    def test_links_and_markup_in_a_question_are_shown_as_text_never_made_into_links(self, client, meeting):
        text = 'See https://evil.example/x and <a href="https://evil.example/y">this</a> [z](https://evil.example/z)'
        question(meeting, text=text, state="accepted", answer="We read **https://evil.example/w**")
        for url in (meeting.get_absolute_url(), f"{meeting.get_absolute_url()}pack/"):
            page = client.get(url).content.decode()
            assert "https://evil.example/x" in page  # shown, as sent
            assert not re.search(r"href=[\"']?https://evil\.example", page)
            assert "<a href=&#34;" in page or "&lt;a href=" in page  # escaped
            assert "<strong>https://evil" not in page  # no Markdown either


class TestRetention:
    def test_the_command_erases_the_email_and_a_withheld_name_once_the_retention_period_is_over(
        self, board, staff_user, settings
    ):
        settings.PUBLIC_QUESTION_RETENTION_DAYS = 30
        held = MeetingFactory(board=board, date=TODAY - dt.timedelta(days=60))
        answered_long_ago = question(
            held,
            name="Withheld Name",
            email="old@example.com",
            state="accepted",
            answer="Yes",
            sent_at=timezone.now() - dt.timedelta(days=31),
        )
        named = question(
            held,
            name="Jo Example",
            publish_name=True,
            email="named@example.com",
            state="declined",
            decline_reason="No",
            sent_at=timezone.now() - dt.timedelta(days=31),
        )
        answered_lately = question(
            held,
            name="Recent",
            email="recent@example.com",
            state="accepted",
            answer="Yes",
            sent_at=timezone.now() - dt.timedelta(days=29),
        )
        never_answered = question(held, name="Waiting", email="waiting@example.com")
        out = io.StringIO()
        call_command("erase_question_personal_data", stdout=out)
        assert "personal data erased from 3" in out.getvalue()
        for erased in (answered_long_ago, named, never_answered):
            erased.refresh_from_db()
            assert erased.email == "" and erased.personal_data_erased_at is not None
        assert answered_long_ago.name == "" and never_answered.name == ""
        assert named.name == "Jo Example"  # published with their agreement: it is part of the public record
        assert answered_long_ago.text == "A question" and answered_long_ago.answer == "Yes"  # the record stays
        answered_lately.refresh_from_db()
        assert (answered_lately.email, answered_lately.name) == ("recent@example.com", "Recent")

    def test_the_history_never_keeps_a_copy_of_the_email_or_name(self, meeting, staff_user):
        asked = question(meeting, name="Withheld Name")
        questions.question_accept(question=asked, opened_at_version=1, by=staff_user)
        events = pghistory.models.Events.objects.tracks(asked)
        assert events.count() >= 2
        for event in events:
            assert "asker@example.com" not in str(event.pgh_data)
            assert "Withheld Name" not in str(event.pgh_data)

    def test_the_privacy_notice_says_what_is_kept_why_and_for_how_long(self, client, settings, meeting, ask_url):
        settings.PUBLIC_QUESTION_RETENTION_DAYS = 45
        page = client.get("/privacy/").content.decode()
        assert "your email address" in page
        assert "for 45 days after that" in page
        assert 'href="/privacy/"' in client.get(ask_url).content.decode()
        # Email alerts keep an address too: the notice says so, and the sign-up page links to it.
        assert "we delete your address at once" in page and "we delete it after 3 days" in page
        assert 'href="/privacy/"' in client.get(f"/alerts/?topic=board:{meeting.board.slug}").content.decode()


class TestQueryCounts:
    @pytest.mark.parametrize("count", [1, 20])
    def test_the_meeting_page_and_pack_cost_the_same_however_many_questions(
        self, client, meeting, django_assert_max_num_queries, count
    ):
        for n in range(count):
            question(meeting, text=f"Question {n}", state="accepted", answer="Yes" if n % 2 else "")
        question(meeting, text="A duplicate", state="merged", merged_into=PublicQuestion.objects.first())
        # the content generation, the meeting, items, visible items, terms, papers, questions, editions
        with django_assert_max_num_queries(8):
            assert "Question 0" in client.get(meeting.get_absolute_url()).content.decode()
        with django_assert_max_num_queries(7):
            assert "Question 0" in client.get(f"{meeting.get_absolute_url()}pack/").content.decode()

    @pytest.mark.parametrize("count", [1, 20])
    def test_the_staff_list_costs_the_same_however_many_questions(
        self, client_for, staff_user, meeting, django_assert_max_num_queries, count
    ):
        first = question(meeting, state="accepted")
        for _ in range(count):
            question(meeting, state="merged", merged_into=first)
        staff = client_for(staff_user)
        # the session, the user and their role, the meeting, the questions with what they were merged into
        with django_assert_max_num_queries(5):
            assert staff.get(f"/manage/meetings/partnership/{meeting.date}/questions/").status_code == 200


class TestTheBoardSetsWhenQuestionsClose:
    @pytest.mark.parametrize(("typed", "saved"), [("7", 7), ("0", 0), ("", 3)])
    def test_staff_set_the_days_on_the_boards_edit_page(self, client_for, staff_user, board, typed, saved):
        form = {"version": "1", "name": board.name, "kind": "board", "state": "active", "questions_close_days": typed}
        response = client_for(staff_user).post("/manage/boards/partnership/edit/", form)
        assert response.status_code == 302
        board.refresh_from_db()
        assert board.questions_close_days == saved

    def test_a_number_out_of_range_is_shown_at_the_field_and_not_saved(self, client_for, staff_user, board):
        form = {"version": "1", "name": board.name, "kind": "board", "state": "active", "questions_close_days": "61"}
        page = client_for(staff_user).post("/manage/boards/partnership/edit/", form).content.decode()
        assert "The days before a meeting public questions close must be between 0 and 60" in page
        board.refresh_from_db()
        assert board.questions_close_days == 3
