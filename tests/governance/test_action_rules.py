"""The action log's rules and their words, worked through by hand: no database."""

import datetime as dt

import pytest

from governance import action_rules
from governance.action_rules import CLOSED, CLOSING, DAY, MONTH, OPEN, LogEntry

D = dt.date


class TestNumbering:
    def test_the_next_number_follows_the_highest_ever_given(self):
        assert action_rules.next_number(58, 58) == 59

    def test_a_number_whose_action_was_removed_is_not_given_again(self):
        # 59 was given, then its action removed: the log's highest is 58, the counter remembers 59.
        assert action_rules.next_number(59, 58) == 60

    def test_numbers_loaded_from_the_papers_count_even_before_the_counter_knows_them(self):
        assert action_rules.next_number(0, 58) == 59

    def test_a_boards_first_action_is_number_1(self):
        assert action_rules.next_number(0, None) == 1


class TestOverdue:
    @pytest.mark.parametrize(
        ("today", "overdue"),
        [(D(2021, 9, 1), False), (D(2021, 9, 30), False), (D(2021, 10, 1), True), (D(2021, 8, 31), False)],
    )
    def test_a_month_deadline_runs_to_the_end_of_the_month(self, today, overdue):
        # "Sep-21", stored as its first day
        assert action_rules.is_overdue(OPEN, D(2021, 9, 1), MONTH, today) is overdue

    def test_a_month_deadline_in_february_of_a_leap_year_ends_on_the_29th(self):
        assert action_rules.deadline_end(D(2024, 2, 1), MONTH) == D(2024, 2, 29)
        assert action_rules.is_overdue(OPEN, D(2024, 2, 1), MONTH, D(2024, 2, 29)) is False
        assert action_rules.is_overdue(OPEN, D(2024, 2, 1), MONTH, D(2024, 3, 1)) is True

    @pytest.mark.parametrize(("today", "overdue"), [(D(2021, 6, 9), False), (D(2021, 6, 10), True)])
    def test_a_day_deadline_is_overdue_from_the_day_after(self, today, overdue):
        assert action_rules.is_overdue(OPEN, D(2021, 6, 9), DAY, today) is overdue

    def test_a_closing_action_past_its_deadline_is_overdue_until_it_is_closed(self):
        assert action_rules.is_overdue(CLOSING, D(2021, 4, 1), MONTH, D(2021, 6, 9)) is True
        assert action_rules.is_overdue(CLOSED, D(2021, 4, 1), MONTH, D(2021, 6, 9)) is False

    def test_an_action_with_no_deadline_is_never_overdue(self):
        assert action_rules.is_overdue(OPEN, None, DAY, D(2030, 1, 1)) is False

    def test_action_50_of_apr_21_is_overdue_at_the_9_june_2021_meeting(self):
        assert action_rules.is_overdue(OPEN, D(2021, 4, 1), MONTH, D(2021, 6, 9)) is True


class TestWords:
    def test_a_month_deadline_reads_as_the_log_prints_it(self):
        assert action_rules.deadline_words(D(2021, 4, 1), MONTH) == "Apr-21"
        assert action_rules.deadline_in_full(D(2021, 9, 1), MONTH) == "September 2021"

    def test_a_day_deadline_reads_as_the_logs_dates(self):
        assert action_rules.deadline_words(D(2021, 4, 7), DAY) == "07-Apr-21"
        assert action_rules.deadline_in_full(D(2021, 4, 7), DAY) == "7 April 2021"

    def test_no_deadline_says_so(self):
        assert action_rules.deadline_words(None, DAY) == "None set"

    def test_an_update_is_its_date_then_its_text_or_its_text_alone_where_none_was_printed(self):
        assert action_rules.update_words(D(2021, 5, 26), "information") == "26.05.21 information"
        assert action_rules.update_words(None, "Scheduled for 09.6.21") == "Scheduled for 09.6.21"

    def test_the_status_is_a_word_and_overdue_says_so_too(self):
        assert action_rules.status_words(CLOSING, False) == "Closing"
        assert action_rules.status_words(OPEN, True) == "Open: overdue"

    def test_responsible_reads_the_role_then_the_people(self):
        assert action_rules.responsible_words("Executive lead", ["Nicola Kay"]) == "Executive lead, Nicola Kay"
        assert action_rules.responsible_words("", ["James Ramsay", "Kay Dhesi"]) == "James Ramsay, Kay Dhesi"
        assert action_rules.responsible_words(" ", []) == "No one named"

    @pytest.mark.parametrize(
        ("title", "presents_the_log"),
        [
            ("Action log - attached", True),
            ("Action log", True),
            ("Actions", True),
            ("Matters arising", True),
            ("Minutes & Actions", False),
            ("Transactions review", False),
            ("Partnership Board meeting notes", False),
        ],
    )
    def test_the_item_that_presents_the_log(self, title, presents_the_log):
        assert action_rules.is_log_item(title) is presents_the_log


class TestDueForAMeeting:
    def test_a_month_deadline_is_due_at_that_months_meeting(self):
        assert action_rules.is_due_by(OPEN, D(2021, 6, 1), MONTH, D(2021, 6, 9)) is True
        assert action_rules.is_due_by(OPEN, D(2021, 7, 1), MONTH, D(2021, 6, 9)) is False

    def test_an_overdue_action_is_due_and_a_closed_one_is_not(self):
        assert action_rules.is_due_by(OPEN, D(2021, 4, 1), MONTH, D(2021, 6, 9)) is True
        assert action_rules.is_due_by(CLOSED, D(2021, 4, 1), MONTH, D(2021, 6, 9)) is False


class TestLogOrder:
    def entries(self):
        """The log as at 9 June 2021 (Paper 3b), in number order."""
        return [
            LogEntry(50, OPEN, D(2021, 4, 1), MONTH),
            LogEntry(53, OPEN, D(2021, 9, 1), MONTH),
            LogEntry(54, CLOSING, D(2021, 6, 1), MONTH),
            LogEntry(55, CLOSING, D(2021, 6, 1), MONTH),
            LogEntry(56, OPEN, D(2021, 7, 1), MONTH),
            LogEntry(57, OPEN, D(2021, 9, 1), MONTH),
            LogEntry(58, CLOSING, D(2021, 6, 1), MONTH),
        ]

    def test_the_9_june_2021_log_reads_in_the_seeds_order(self):
        current, closed = action_rules.log_order(((e, e.number) for e in self.entries()), D(2021, 6, 9), D(2021, 5, 5))
        assert current == [50, 53, 56, 57, 54, 55, 58]
        assert closed == []

    def test_an_overdue_closing_action_comes_after_the_overdue_open_ones_but_before_the_rest(self):
        entries = [*self.entries(), LogEntry(49, CLOSING, D(2021, 3, 1), MONTH)]
        current, _ = action_rules.log_order(((e, e.number) for e in entries), D(2021, 6, 9), D(2021, 5, 5))
        assert current[:3] == [50, 49, 53]

    def test_actions_closed_since_the_last_meeting_are_listed_once_and_older_ones_not_at_all(self):
        entries = [
            LogEntry(40, CLOSED, D(2021, 3, 1), MONTH, closed_on=D(2021, 4, 7)),  # closed at the meeting before last
            LogEntry(54, CLOSED, D(2021, 6, 1), MONTH, closed_on=D(2021, 6, 9)),  # closed at the last meeting
            LogEntry(53, OPEN, D(2021, 9, 1), MONTH),
        ]
        current, closed = action_rules.log_order(((e, e.number) for e in entries), D(2021, 7, 14), D(2021, 6, 9))
        assert current == [53]
        assert closed == [54]
        # At the meeting after, 54 is not listed again.
        _, closed = action_rules.log_order(((e, e.number) for e in entries), D(2021, 9, 8), D(2021, 7, 14))
        assert closed == []


class TestStatusAtAMeeting:
    def test_an_action_closed_at_a_meeting_was_closing_when_that_meetings_log_was_presented(self):
        assert action_rules.status_at(CLOSED, None, D(2021, 6, 9), D(2021, 6, 9)) == CLOSING

    def test_an_action_closed_at_a_later_meeting_was_still_open_at_an_earlier_one_where_no_proposal_is_recorded(self):
        assert action_rules.status_at(CLOSED, None, D(2021, 7, 14), D(2021, 6, 9)) == OPEN

    def test_an_action_proposed_by_a_meeting_and_closed_at_a_later_one_was_closing_at_the_earlier_one(self):
        assert action_rules.status_at(CLOSED, D(2021, 6, 9), D(2021, 7, 14), D(2021, 6, 9)) == CLOSING
        assert action_rules.status_at(CLOSED, D(2021, 6, 1), D(2021, 7, 14), D(2021, 6, 9)) == CLOSING
        assert action_rules.status_at(CLOSED, D(2021, 6, 10), D(2021, 7, 14), D(2021, 6, 9)) == OPEN

    def test_an_action_proposed_for_closure_after_a_meeting_was_open_at_it(self):
        assert action_rules.status_at(CLOSING, D(2021, 6, 10), None, D(2021, 6, 9)) == OPEN
        assert action_rules.status_at(CLOSING, D(2021, 6, 9), None, D(2021, 6, 9)) == CLOSING
        assert action_rules.status_at(CLOSING, None, None, D(2021, 6, 9)) == CLOSING

    def test_an_action_closed_before_the_meeting_is_closed(self):
        assert action_rules.status_at(CLOSED, D(2021, 6, 1), D(2021, 6, 9), D(2021, 7, 14)) == CLOSED


class TestAnOwnersOrder:
    def test_overdue_first_then_by_deadline_then_closed_last(self):
        entries = [
            LogEntry(1, CLOSED, D(2021, 1, 1), DAY),
            LogEntry(2, OPEN, D(2021, 9, 1), MONTH),
            LogEntry(3, OPEN, None, DAY),
            LogEntry(4, OPEN, D(2021, 7, 20), DAY),
            LogEntry(5, CLOSING, D(2021, 4, 1), MONTH),
        ]
        assert action_rules.mine_order(((e, e.number) for e in entries), D(2021, 6, 9)) == [5, 4, 2, 3, 1]
