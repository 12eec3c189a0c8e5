"""The rules of public questions: when they close, how an asker is named, and how long their details are kept."""

import datetime as dt

import pytest

from governance import question_rules as rules

MEETING = dt.date(2021, 6, 9)


@pytest.mark.parametrize(
    ("today", "expected"),
    [(dt.date(2021, 6, 5), True), (dt.date(2021, 6, 6), True), (dt.date(2021, 6, 7), False)],
)
def test_questions_close_at_the_end_of_the_day_the_board_sets_before_its_meeting(today, expected):
    assert rules.is_open(meeting_date=MEETING, close_days=3, published=True, cancelled=False, today=today) is expected


def test_a_draft_or_cancelled_meeting_takes_no_questions():
    today = dt.date(2021, 5, 1)
    assert not rules.is_open(meeting_date=MEETING, close_days=3, published=False, cancelled=False, today=today)
    assert not rules.is_open(meeting_date=MEETING, close_days=3, published=True, cancelled=True, today=today)


def test_a_board_that_closes_on_the_day_takes_questions_until_the_meeting_day_ends():
    assert rules.is_open(meeting_date=MEETING, close_days=0, published=True, cancelled=False, today=MEETING)
    assert rules.open_words(meeting_date=MEETING, close_days=0) == (
        "You can send a question until the end of 9 June 2021: questions close on the day of the meeting."
    )


def test_the_words_say_until_when_and_since_when():
    assert rules.open_words(meeting_date=MEETING, close_days=3) == (
        "You can send a question until the end of 6 June 2021: questions close 3 days before the meeting."
    )
    assert rules.closed_words(meeting_date=MEETING, close_days=3, cancelled=False) == (
        "Questions for this meeting closed at the start of 7 June 2021."
    )
    assert "cancelled" in rules.closed_words(meeting_date=MEETING, close_days=3, cancelled=True)


def test_a_withheld_name_is_never_shown():
    assert rules.shown_name("Sam Asker", True) == "Sam Asker"
    assert rules.shown_name("Sam Asker", False) == "A member of the public"
    assert rules.shown_name("", True) == "A member of the public"  # erased


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Public Questions", True), ("Questions", True), ("Questions from the public", True), ("Action log", False)],
)
def test_the_item_that_takes_the_questions_is_known_by_its_title(title, expected):
    assert rules.is_questions_item(title) is expected


def test_details_are_kept_for_the_retention_period_after_the_answer_is_sent():
    sent = dt.datetime(2021, 6, 20, 10, tzinfo=dt.UTC)
    assert rules.keep_personal_data_until(sent_at=sent, meeting_date=MEETING, retention_days=30) == dt.date(2021, 7, 20)
    due = {"sent_at": sent, "meeting_date": MEETING, "retention_days": 30}
    assert not rules.is_due_for_erasure(**due, today=dt.date(2021, 7, 20))
    assert rules.is_due_for_erasure(**due, today=dt.date(2021, 7, 21))


def test_details_of_a_question_never_answered_are_kept_for_the_retention_period_after_its_meeting():
    due = {"sent_at": None, "meeting_date": MEETING, "retention_days": 30}
    assert not rules.is_due_for_erasure(**due, today=dt.date(2021, 7, 9))
    assert rules.is_due_for_erasure(**due, today=dt.date(2021, 7, 10))
