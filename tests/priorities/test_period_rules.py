"""The period rules: which quarter a day falls in, the latest period wins, what may change when, the words."""

import datetime as dt

import pytest

from blmk_portal.rag import Rag
from priorities.period_rules import (
    Change,
    Period,
    awaiting_sign_off_words,
    change_for,
    correction_needs_reason,
    latest_period,
    overdue,
    sign_off_words,
    update_lateness,
)


class TestPeriods:
    @pytest.mark.parametrize(
        ("text", "start", "end"),
        [
            ("2026/27 Q1", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
            ("2026/27 Q3", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
            ("2026/27 Q4", dt.date(2027, 1, 1), dt.date(2027, 3, 31)),
            ("1999/00 Q4", dt.date(2000, 1, 1), dt.date(2000, 3, 31)),
        ],
    )
    def test_a_period_runs_from_its_first_day_to_its_last(self, text, start, end):
        period = Period.parse(text)
        assert (period.start, period.end, str(period)) == (start, end, text)
        assert Period.of(start) == Period.of(end) == period
        assert Period.of(start - dt.timedelta(days=1)) == period.previous
        assert Period.of(end + dt.timedelta(days=1)) == period.next

    @pytest.mark.parametrize("text", ["2026/28 Q1", "2026/27 Q5", "2026-27 Q1", "Q3", "", "2026/27 q3 extra"])
    def test_anything_but_a_quarter_is_refused_saying_what_is_expected(self, text):
        with pytest.raises(ValueError, match="Enter a reporting period like 2026/27 Q3"):
            Period.parse(text)

    def test_periods_written_as_text_sort_in_time_order(self):
        texts = ["2027/28 Q1", "2026/27 Q4", "2026/27 Q1", "2025/26 Q4", "2026/27 Q3"]
        assert sorted(texts) == [str(p) for p in sorted(Period.parse(t) for t in texts)]


class TestTheLatestPeriodWins:
    def test_a_back_dated_period_typed_last_does_not_win(self):
        assert latest_period(["2026/27 Q3", "2026/27 Q1"]) == "2026/27 Q3"

    def test_the_next_financial_year_beats_the_last_quarter_of_this_one(self):
        assert latest_period(["2026/27 Q4", "2027/28 Q1", "2026/27 Q2"]) == "2027/28 Q1"

    def test_nothing_reported_has_no_latest_period(self):
        assert latest_period([]) is None


class TestWhatMayChangeWhen:
    def test_an_open_period_is_edited_and_a_signed_off_one_corrected(self):
        assert change_for(signed_off=False) is Change.EDIT
        assert change_for(signed_off=True) is Change.CORRECT

    def test_the_correction_message_says_why_a_reason_is_needed(self):
        assert correction_needs_reason("2026/27 Q3", "Stroke Pathway") == (
            "Enter the reason for the correction: Stroke Pathway is signed off for 2026/27 Q3, so the status "
            "already reported stays on record beside the correction"
        )


class TestFlags:
    TODAY = dt.date(2026, 12, 3)

    @pytest.mark.parametrize(
        ("latest", "words"),
        [
            ("2026/27 Q3", None),
            ("2026/27 Q2", None),  # the quarter just ended: this one is still being reported
            ("2026/27 Q1", "Late: last updated for 2026/27 Q1"),
            ("2018/19 Q4", "Late: last updated for 2018/19 Q4"),
            (None, "Late: never updated"),
        ],
    )
    def test_an_update_is_late_once_a_whole_quarter_has_ended_without_one(self, latest, words):
        assert update_lateness(latest, "2026/27 Q3") == words

    @pytest.mark.parametrize("rag", [Rag.GREEN, Rag.RED, None])
    def test_a_milestone_past_its_due_date_and_not_complete_is_overdue(self, rag):
        assert overdue(dt.date(2019, 3, 31), rag, self.TODAY) == "Overdue: due 31 March 2019, not reported complete"

    @pytest.mark.parametrize(
        ("due", "rag"),
        [(dt.date(2019, 3, 31), Rag.BLUE), (dt.date(2026, 12, 3), Rag.RED), (dt.date(2027, 1, 1), None), (None, None)],
    )
    def test_a_complete_milestone_or_one_not_yet_due_is_not_overdue(self, due, rag):
        assert overdue(due, rag, self.TODAY) is None


class TestWords:
    def test_sign_off_says_who_and_when(self):
        on = dt.date(2026, 12, 3)
        assert sign_off_words(signed_off_as="sro", sro_name="Jane Doe", on=on, period="2026/27 Q3") == (
            "2026/27 Q3 signed off by the senior responsible officer, Jane Doe on 3 December 2026"
        )
        assert sign_off_words(signed_off_as="programme_office", sro_name="", on=on, period="2026/27 Q3") == (
            "2026/27 Q3 signed off by the programme office on 3 December 2026"
        )
        assert sign_off_words(signed_off_as="before_sign_off", sro_name="", on=on, period="2025/26 Q1") == (
            "2025/26 Q1: published before sign-off began"
        )

    def test_awaiting_sign_off_says_what_the_rest_will_show(self):
        assert awaiting_sign_off_words(updated=4, milestones=6, period="2026/27 Q3") == (
            "4 of 6 milestones have a status for 2026/27 Q3. Signing off now leaves 2 showing their last "
            "signed-off status."
        )
        assert awaiting_sign_off_words(updated=6, milestones=6, period="2026/27 Q3") == (
            "6 of 6 milestones have a status for 2026/27 Q3."
        )
