"""The rules that turn reports into statuses: overall RAG and reporting periods (risks: test_risks.py)."""

import datetime as dt

import pytest

from blmk_portal.rag import Rag, rag_tag
from priorities.period_rules import recent_periods, reporting_period
from priorities.presenters import OverallStatus, overall_status
from priorities.status_rules import needs_commentary, overall_rag, overall_rule_text
from tests.factories import ProgrammeFactory

R, A, G, B, GREY = Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, Rag.GREY


class TestOverallRag:
    def test_nothing_to_report_on_is_grey(self):
        assert overall_rag([]) == Rag.GREY

    def test_one_red_makes_the_whole_red_whatever_else_there_is(self):
        assert overall_rag([G, B, A, GREY, None, R]) == Rag.RED

    def test_amber_wins_when_there_is_no_red(self):
        assert overall_rag([G, B, A, GREY, None]) == Rag.AMBER

    def test_a_part_never_reported_makes_it_grey_when_nothing_is_red_or_amber(self):
        assert overall_rag([G, B, None]) == Rag.GREY

    def test_a_part_reported_grey_makes_it_grey_when_nothing_is_red_or_amber(self):
        assert overall_rag([G, GREY]) == Rag.GREY

    def test_an_empty_status_counts_as_never_reported(self):
        assert overall_rag(["", "green"]) == Rag.GREY

    def test_all_complete_is_blue(self):
        assert overall_rag([B, B, B]) == Rag.BLUE

    def test_some_complete_and_the_rest_green_is_green(self):
        assert overall_rag([B, G, B]) == Rag.GREEN

    def test_all_green_is_green(self):
        assert overall_rag([G, G]) == Rag.GREEN

    def test_it_takes_plain_strings_as_stored_in_the_database(self):
        assert overall_rag(["green", "amber"]) == Rag.AMBER
        assert overall_rag(["blue"]) == Rag.BLUE

    @pytest.mark.parametrize(
        ("latest", "expected"),
        [
            ([R], R),
            ([A], A),
            ([G], G),
            ([B], B),
            ([GREY], GREY),
            ([None], GREY),
            ([R, A], R),
            ([A, GREY], A),
            ([GREY, B], GREY),
            ([B, G], G),
        ],
    )
    def test_the_order_of_precedence_is_red_amber_grey_blue_green(self, latest, expected):
        assert overall_rag(latest) == expected
        assert overall_rag(list(reversed(latest))) == expected

    def test_the_rule_in_words_names_every_step_of_the_precedence(self):
        text = overall_rule_text("milestone")
        assert text == (
            "Worked out from the latest status of each milestone: Red if any milestone is Red; otherwise Amber if "
            "any is Amber; otherwise Grey (not reported) if any has no status yet; otherwise Blue (complete) if all "
            "are complete; otherwise Green."
        )
        assert "each programme: Red if any programme is Red" in overall_rule_text("programme")


class TestOverallStatus:
    def test_without_an_override_the_derived_status_is_the_one_shown(self):
        status = overall_status(ProgrammeFactory.build(), [G, A])
        assert (status.derived, status.effective, status.is_overridden) == (A, A, False)
        assert status.rule == overall_rule_text("milestone")

    def test_an_override_is_shown_with_its_reason(self):
        programme = ProgrammeFactory.build(rag_override=G, rag_override_reason="Recovery plan agreed")
        status = overall_status(programme, [R])
        assert (status.derived, status.effective, status.is_overridden) == (R, G, True)
        assert status.reason == "Recovery plan agreed"
        assert status.tag == {"text": "Green", "classes": "nhsuk-tag--green"}

    def test_an_override_that_agrees_with_the_rule_is_not_flagged_as_an_override(self):
        assert not OverallStatus(derived=A, override=A, reason="Same").is_overridden

    def test_every_status_tag_carries_its_word_not_only_a_colour(self):
        assert rag_tag("red") == {"text": "Red", "classes": "nhsuk-tag--red"}
        assert rag_tag("amber") == {"text": "Amber", "classes": "nhsuk-tag--orange"}
        assert rag_tag("green") == {"text": "Green", "classes": "nhsuk-tag--green"}
        assert rag_tag("blue") == {"text": "Blue (complete)", "classes": "nhsuk-tag--blue"}
        assert rag_tag(None) == {"text": "Grey (not reported)", "classes": "nhsuk-tag--grey"}


class TestNeedsCommentary:
    @pytest.mark.parametrize(("rag", "needed"), [(R, True), (A, True), (G, False), (B, False), (GREY, False)])
    def test_only_red_and_amber_need_commentary(self, rag, needed):
        assert needs_commentary(rag) is needed
        assert needs_commentary(rag.value) is needed


class TestReportingPeriod:
    @pytest.mark.parametrize(
        ("day", "period"),
        [
            (dt.date(2026, 3, 31), "2025/26 Q4"),
            (dt.date(2026, 4, 1), "2026/27 Q1"),
            (dt.date(2026, 6, 30), "2026/27 Q1"),
            (dt.date(2026, 7, 1), "2026/27 Q2"),
            (dt.date(2026, 9, 30), "2026/27 Q2"),
            (dt.date(2026, 10, 1), "2026/27 Q3"),
            (dt.date(2026, 12, 31), "2026/27 Q3"),
            (dt.date(2027, 1, 1), "2026/27 Q4"),
            (dt.date(2027, 1, 15), "2026/27 Q4"),
            (dt.date(2027, 3, 31), "2026/27 Q4"),
            (dt.date(1999, 4, 1), "1999/00 Q1"),
            (dt.date(2000, 2, 29), "1999/00 Q4"),
        ],
    )
    def test_a_day_falls_in_its_nhs_financial_year_quarter(self, day, period):
        assert reporting_period(day) == period


class TestRecentPeriods:
    def test_it_gives_this_quarter_and_the_three_before_newest_first(self):
        assert recent_periods(dt.date(2027, 1, 15)) == ["2026/27 Q4", "2026/27 Q3", "2026/27 Q2", "2026/27 Q1"]

    def test_it_crosses_back_into_the_previous_financial_year(self):
        assert recent_periods(dt.date(2026, 4, 1)) == ["2026/27 Q1", "2025/26 Q4", "2025/26 Q3", "2025/26 Q2"]

    def test_the_last_day_of_a_quarter_still_counts_back_whole_quarters(self):
        assert recent_periods(dt.date(2026, 3, 31)) == ["2025/26 Q4", "2025/26 Q3", "2025/26 Q2", "2025/26 Q1"]

    def test_the_31st_of_a_month_does_not_skip_a_quarter(self):
        assert recent_periods(dt.date(2026, 12, 31), count=5) == [
            "2026/27 Q3",
            "2026/27 Q2",
            "2026/27 Q1",
            "2025/26 Q4",
            "2025/26 Q3",
        ]

    @pytest.mark.parametrize("count", [1, 2, 6])
    def test_it_gives_as_many_distinct_periods_as_asked(self, count):
        periods = recent_periods(dt.date(2026, 5, 20), count=count)
        assert len(periods) == len(set(periods)) == count
        assert periods[0] == "2026/27 Q1"
