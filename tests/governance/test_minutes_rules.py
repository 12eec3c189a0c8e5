"""The rules of minutes: how resolutions are numbered, the outcome words, and what may be confirmed where and when."""

import datetime as dt

import pytest

from governance import minutes_rules
from governance.minutes_rules import Confirming, ConfirmingMeeting

MAY, JUNE, JULY = dt.date(2021, 5, 5), dt.date(2021, 6, 9), dt.date(2021, 7, 28)
TODAY = dt.date(2021, 6, 20)


@pytest.mark.parametrize(
    ("position", "numeral"), [(1, "i"), (2, "ii"), (3, "iii"), (4, "iv"), (5, "v"), (9, "ix"), (14, "xiv"), (19, "xix")]
)
def test_resolutions_are_numbered_in_lower_case_roman_numerals(position, numeral):
    assert minutes_rules.numeral(position) == numeral


def test_several_resolutions_read_i_ii_iii_and_a_single_one_is_not_numbered():
    assert minutes_rules.resolution_labels(3) == ["i)", "ii)", "iii)"]
    assert minutes_rules.resolution_labels(1) == [""]
    assert minutes_rules.resolution_labels(0) == []


def test_each_outcome_reads_as_its_word_and_no_outcome_reads_as_nothing():
    assert [minutes_rules.outcome_heading(o) for o in ("noted", "agreed", "resolved", "deferred", "withdrawn")] == [
        "Noted",
        "Agreed",
        "Resolved",
        "Deferred",
        "Withdrawn",
    ]
    assert minutes_rules.outcome_heading("") == ""


def test_a_printed_outcome_that_only_names_the_outcome_is_not_said_twice():
    assert minutes_rules.outcome_words("noted", "Noted.") == ""
    assert minutes_rules.outcome_words("noted", " noted") == ""
    assert minutes_rules.outcome_words("", "None") == "None"
    assert minutes_rules.outcome_words("noted", "Noted, with thanks") == "Noted, with thanks"
    assert minutes_rules.outcome_words("agreed", "Noted") == "Noted"


def test_only_agreed_and_resolved_outcomes_carry_resolutions():
    assert minutes_rules.resolution_problem("agreed") is None
    assert minutes_rules.resolution_problem("resolved") is None
    for outcome in ("noted", "deferred", "withdrawn", ""):
        assert minutes_rules.resolution_problem(outcome) == (
            "Record the outcome as Agreed or Resolved before adding what was decided"
        )
    assert minutes_rules.outcome_change_problem("noted", 0) is None
    assert minutes_rules.outcome_change_problem("resolved", 2) is None
    assert minutes_rules.outcome_change_problem("noted", 2).startswith("This minute records 2 resolutions")
    assert minutes_rules.outcome_change_problem("deferred", 1).startswith("This minute records 1 resolution:")


def minutes(**changes) -> Confirming:
    return Confirming(**{"minutes_of": MAY, "board": 1, "confirmed_at": None, "entries": 3, **changes})


def meeting(**changes) -> ConfirmingMeeting:
    return ConfirmingMeeting(**{"date": JUNE, "board": 1, "cancelled": False, **changes})


def test_a_later_meeting_of_the_same_board_that_has_taken_place_may_confirm_the_minutes():
    assert minutes_rules.confirmation_problem(minutes(), meeting(), TODAY) is None
    # on the day of the meeting itself, too
    assert minutes_rules.confirmation_problem(minutes(), meeting(), JUNE) is None


@pytest.mark.parametrize(
    ("facts", "at", "problem"),
    [
        (
            {"confirmed_at": JUNE},
            {},
            "These minutes were confirmed already, at the meeting of 9 June 2021",
        ),
        ({}, {"board": 2}, "Minutes are confirmed at a meeting of the same board"),
        ({}, {"date": MAY}, "Minutes are confirmed at a later meeting than the one they record (5 May 2021)"),
        ({}, {"date": dt.date(2021, 4, 7)}, "Minutes are confirmed at a later meeting than the one they record"),
        ({}, {"cancelled": True}, "The meeting of 9 June 2021 was cancelled, so it confirmed nothing"),
        ({}, {"date": JULY}, "The meeting of 28 July 2021 has not taken place yet"),
        ({"entries": 0}, {}, "These minutes record no items yet, so there is nothing to confirm"),
    ],
)
def test_minutes_are_refused_confirmation_in_words(facts, at, problem):
    assert minutes_rules.confirmation_problem(minutes(**facts), meeting(**at), TODAY).startswith(problem)


def test_the_status_says_draft_and_staff_only_until_confirmed_then_where_it_was_confirmed():
    assert minutes_rules.status_words(None) == "Draft: not yet confirmed, seen by staff only"
    assert minutes_rules.status_words(JUNE) == "Confirmed as a true record at the meeting of 9 June 2021"
