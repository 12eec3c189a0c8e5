"""The RAG of an indicator at its boundaries, the words beside it, and the SPC summary sentence.

No database: these tests are not marked django_db, so pytest-django refuses any query they might make.
"""

import datetime as dt
from decimal import Decimal

import pytest

from blmk_portal.rag import Rag
from dashboards.models import Indicator
from dashboards.rag_rules import (
    Against,
    Frequency,
    RagRule,
    Reading,
    ToleranceKind,
    Unit,
    current_until,
    figure,
    rag_for,
    rag_rule_text,
    spc_summary,
)
from dashboards.spc import Direction, Observation, xmr

D = Decimal
MARCH_2021 = dt.date(2021, 3, 1)
BOARD_DAY = dt.date(2021, 6, 9)  # the Partnership Board of 9 June 2021
# A&E 4 hours: higher is better, monthly, a percentage to 1 place, Amber up to 2 points short.
AE = RagRule(Direction.HIGHER, Frequency.MONTHLY, Unit.PERCENT, decimals=1, tolerance=D(2))
# Waiting list: lower is better, quarterly, a count, Amber up to 5% over the plan.
WAITING = RagRule(
    Direction.LOWER, Frequency.QUARTERLY, Unit.COUNT, decimals=0, tolerance=D(5), tolerance_kind=ToleranceKind.RELATIVE
)


def ae(value, plan="95", target=None, today=BOARD_DAY, rule=AE):
    reading = Reading(MARCH_2021, D(value), D(plan) if plan else None, D(target) if target else None)
    return rag_for(rule, reading, today=today)


class TestHigherIsBetterWithAnAbsoluteTolerance:
    def test_exactly_on_plan_is_green(self):
        call = ae("95")
        assert (call.rag, call.shortfall, call.allowed) == (Rag.GREEN, D(0), D(2))
        assert call.words == "Green: 95.0% against a plan of 95.0%, on plan; tolerance 2.0 points"

    def test_above_plan_is_green_and_says_by_how_much(self):
        call = ae("96.1")
        assert call.rag == Rag.GREEN
        assert call.words == "Green: 96.1% against a plan of 95.0%, 1.1 points better; tolerance 2.0 points"

    def test_just_short_of_plan_is_amber(self):
        call = ae("94.9")
        assert call.rag == Rag.AMBER
        assert call.words == "Amber: 94.9% against a plan of 95.0%, 0.1 points short; tolerance 2.0 points"

    def test_short_by_exactly_the_tolerance_is_amber(self):
        call = ae("93")  # 95 - 93 = 2, not more than 2
        assert (call.rag, call.shortfall) == (Rag.AMBER, D(2))
        assert call.words == "Amber: 93.0% against a plan of 95.0%, 2.0 points short; tolerance 2.0 points"

    def test_just_beyond_the_tolerance_is_red(self):
        call = ae("92.9")  # 2.1 short
        assert call.rag == Rag.RED
        assert call.words == "Red: 92.9% against a plan of 95.0%, 2.1 points short; tolerance 2.0 points"

    def test_the_issue_s_example_reads_as_written(self):
        assert ae("90.3").words == "Red: 90.3% against a plan of 95.0%, 4.7 points short; tolerance 2.0 points"

    def test_a_shortfall_too_small_for_one_place_is_shown_with_the_places_that_tell_the_figures_apart(self):
        call = ae("94.96")  # 0.04 short: at 1 place both read 95.0%
        assert call.rag == Rag.AMBER
        assert call.words == "Amber: 94.96% against a plan of 95.00%, 0.04 points short; tolerance 2.00 points"

    def test_a_value_beyond_the_tolerance_by_less_than_a_place_still_reads_red_with_figures_that_say_so(self):
        call = ae("92.99")  # 2.01 short: at 1 place, "2.0 points short; tolerance 2.0 points" would contradict Red
        assert call.rag == Rag.RED
        assert call.words == "Red: 92.99% against a plan of 95.00%, 2.01 points short; tolerance 2.00 points"

    def test_with_no_tolerance_any_shortfall_is_red(self):
        strict = RagRule(Direction.HIGHER, Frequency.MONTHLY, Unit.PERCENT)
        assert ae("95", rule=strict).rag == Rag.GREEN
        call = ae("94.9", rule=strict)
        assert call.rag == Rag.RED
        assert call.words == "Red: 94.9% against a plan of 95.0%, 0.1 points short; no tolerance"


class TestLowerIsBetterWithARelativeTolerance:
    # Plan 1,200; 5% of 1,200 = 60 allowed over it.
    @pytest.mark.parametrize(
        ("value", "rag", "words"),
        [
            ("1199", Rag.GREEN, "Green: 1,199 against a plan of 1,200, 1 better; tolerance 5% of the plan (60)"),
            ("1200", Rag.GREEN, "Green: 1,200 against a plan of 1,200, on plan; tolerance 5% of the plan (60)"),
            ("1201", Rag.AMBER, "Amber: 1,201 against a plan of 1,200, 1 over; tolerance 5% of the plan (60)"),
            ("1260", Rag.AMBER, "Amber: 1,260 against a plan of 1,200, 60 over; tolerance 5% of the plan (60)"),
            ("1261", Rag.RED, "Red: 1,261 against a plan of 1,200, 61 over; tolerance 5% of the plan (60)"),
        ],
    )
    def test_over_the_plan_is_short_of_it(self, value, rag, words):
        call = rag_for(WAITING, Reading(MARCH_2021, D(value), plan=D(1200)), today=BOARD_DAY)
        assert (call.rag, call.allowed) == (rag, D(60))
        assert call.words == words

    def test_the_relative_tolerance_is_of_the_target_where_there_is_no_plan(self):
        # 5% of 2,000 = 100: 2,100 is Amber, 2,101 Red.
        amber = rag_for(WAITING, Reading(MARCH_2021, D(2100), target=D(2000)), today=BOARD_DAY)
        red = rag_for(WAITING, Reading(MARCH_2021, D(2101), target=D(2000)), today=BOARD_DAY)
        assert (amber.rag, amber.against, amber.allowed) == (Rag.AMBER, Against.TARGET, D(100))
        assert red.rag == Rag.RED
        assert amber.words == "Amber: 2,100 against a target of 2,000, 100 over; tolerance 5% of the target (100)"

    def test_the_same_values_with_higher_is_better_swap_green_and_red(self):
        higher = RagRule(
            Direction.HIGHER, Frequency.QUARTERLY, Unit.COUNT, 0, D(5), tolerance_kind=ToleranceKind.RELATIVE
        )
        assert rag_for(higher, Reading(MARCH_2021, D(1261), plan=D(1200)), today=BOARD_DAY).rag == Rag.GREEN
        assert rag_for(higher, Reading(MARCH_2021, D(1139), plan=D(1200)), today=BOARD_DAY).rag == Rag.RED


class TestPlanAndTarget:
    def test_the_plan_is_used_where_there_is_one_even_with_a_target(self):
        call = ae("93.5", plan="93", target="95")  # Green against the plan; it would be Amber against the target
        assert (call.rag, call.against, call.benchmark) == (Rag.GREEN, Against.PLAN, D(93))

    def test_the_target_is_used_where_there_is_no_plan(self):
        call = ae("93.5", plan=None, target="95")
        assert (call.rag, call.against, call.benchmark) == (Rag.AMBER, Against.TARGET, D(95))
        assert call.words == "Amber: 93.5% against a target of 95.0%, 1.5 points short; tolerance 2.0 points"

    def test_with_neither_there_is_nothing_to_rate_against(self):
        call = ae("93.5", plan=None)
        assert call.rag == Rag.GREY
        assert call.words == "Grey (no plan or target): no plan or target to measure 93.5% against"


class TestGrey:
    def test_no_value_is_grey(self):
        call = rag_for(AE, None, today=BOARD_DAY)
        assert (call.rag, call.words) == (Rag.GREY, "Grey (not reported): no value has been reported")

    @pytest.mark.parametrize(
        ("frequency", "last_current_day"),
        [
            # March's value: monthly, current to the end of the 3rd month after March (June);
            (Frequency.MONTHLY, dt.date(2021, 6, 30)),
            # the quarter to March: to the end of the 6th month after (September);
            (Frequency.QUARTERLY, dt.date(2021, 9, 30)),
            # the year to March 2021: to the end of the 18th month after (September 2022).
            (Frequency.ANNUAL, dt.date(2022, 9, 30)),
        ],
    )
    def test_a_value_is_current_to_the_end_of_its_allowance_and_grey_the_day_after(self, frequency, last_current_day):
        rule = RagRule(Direction.HIGHER, frequency, Unit.PERCENT, tolerance=D(2))
        assert current_until(MARCH_2021, frequency) == last_current_day
        assert ae("96", rule=rule, today=last_current_day).rag == Rag.GREEN
        stale = ae("96", rule=rule, today=last_current_day + dt.timedelta(days=1))
        assert stale.rag == Rag.GREY
        assert f"out of date since {(last_current_day + dt.timedelta(days=1)).day} " in stale.words

    def test_an_allowance_running_over_a_year_end_lands_on_the_right_day(self):
        assert current_until(dt.date(2020, 11, 1), Frequency.MONTHLY) == dt.date(2021, 2, 28)
        assert current_until(dt.date(2019, 11, 1), Frequency.MONTHLY) == dt.date(2020, 2, 29)

    def test_the_words_of_a_stale_value_say_which_period_and_why(self):
        call = ae("96", today=dt.date(2021, 7, 1))
        assert call.words == (
            "Grey (out of date): the latest value is for March 2021, out of date since 1 July 2021 (monthly values "
            "are current until the end of the third month after them)"
        )

    def test_a_stale_value_is_grey_even_when_it_met_the_plan(self):
        assert ae("99", today=dt.date(2021, 7, 1)).rag == Rag.GREY

    def test_an_indicator_where_neither_direction_is_better_is_not_rated(self):
        neutral = RagRule(Direction.NEUTRAL, Frequency.MONTHLY, Unit.COUNT, 0, D(10))
        call = rag_for(neutral, Reading(MARCH_2021, D(500), plan=D(500)), today=BOARD_DAY)
        assert call.rag == Rag.GREY
        assert call.words == "Grey (not rated): not rated, as neither a higher nor a lower value is better"

    def test_a_greys_tag_says_why_in_short_and_a_value_reported_long_ago_is_not_called_not_reported(self):
        assert rag_for(AE, None, today=BOARD_DAY).label == "Grey (not reported)"
        assert ae("96", today=dt.date(2021, 7, 1)).label == "Grey (out of date)"
        assert ae("93.5", plan=None).label == "Grey (no plan or target)"
        assert ae("93.5").label == "Amber"


class TestTheRuleInWords:
    def test_higher_is_better_with_a_tolerance(self):
        assert rag_rule_text(AE) == (
            "Green when the latest value is at or above the plan (or the target where there is no plan); Amber when "
            "it is below it by no more than 2.0 points; Red when by more; Grey when there is no value "
            "or the latest is out of date (monthly values are current until the end of the third month after them)."
        )

    def test_lower_is_better_with_a_relative_tolerance(self):
        assert rag_rule_text(WAITING) == (
            "Green when the latest value is at or below the plan (or the target where there is no plan); Amber when "
            "it is above it by no more than 5% of the plan or target; Red when by more; Grey when "
            "there is no value or the latest is out of date (quarterly values are current until the end of the "
            "sixth month after them)."
        )

    def test_no_tolerance_and_neutral(self):
        strict = RagRule(Direction.LOWER, Frequency.ANNUAL, Unit.COUNT)
        assert "Red when it is above it at all (there is no tolerance)" in rag_rule_text(strict)
        assert "Amber" not in rag_rule_text(strict)
        assert "18th month" in rag_rule_text(strict)
        neutral = RagRule(Direction.NEUTRAL, Frequency.MONTHLY, Unit.COUNT)
        assert rag_rule_text(neutral) == "Not rated: neither a higher nor a lower value is better."


class TestFigures:
    @pytest.mark.parametrize(
        ("value", "unit", "places", "shown"),
        [
            ("90.25", Unit.PERCENT, 1, "90.3%"),  # half up, as by hand (half to even would give 90.2%)
            ("1204.4", Unit.COUNT, 0, "1,204"),
            ("4.16", Unit.RATE_PER_1000, 1, "4.2 per 1,000"),
            ("12.5", Unit.RATE_PER_100000, 0, "13 per 100,000"),
            ("-1.24", Unit.POUNDS_MILLION, 1, "-£1.2m"),
            ("-0.04", Unit.POUNDS_MILLION, 1, "£0.0m"),  # no minus sign on a figure that rounds to nothing
            ("452", Unit.MINUTES_SECONDS, 0, "7:32"),
            ("7.5", Unit.SCORE, 2, "7.50"),
        ],
    )
    def test_a_value_reads_in_its_unit(self, value, unit, places, shown):
        assert figure(D(value), unit, places) == shown


def a_and_e(values, *, start=dt.date(2020, 4, 1)):
    observations = []
    for index, value in enumerate(values):
        month = start.month - 1 + index
        observations.append(Observation(dt.date(start.year + month // 12, month % 12 + 1, 1), D(str(value))))
    return observations


class TestTheSpcSummary:
    def test_the_issue_s_example(self):
        # April 2020 to March 2021: 88, 92 five times, 88, then 90.3. Sum 900 + 88 + 90.3 = 1,078.3, mean 89.8583;
        # MRs 10 x 4 + 2.3 = 42.3 over 11, mean MR 3.845455; 2.66 x 3.845455 = 10.2289: limits 100.0873 and
        # 79.6294. The target, 95, is between them: inconsistent. The 88s are below, the 92s above the mean, no
        # value near a limit: common cause, and 12 values are not trial limits.
        chart = xmr(a_and_e([88, 92] * 5 + [88, "90.3"]), Direction.HIGHER, target=D(95))
        call = ae("90.3", plan="95", target="95")
        assert spc_summary("A&E 4 hours", call, chart) == (
            "A&E 4 hours, March 2021: 90.3%, below plan of 95.0%; common cause variation; the target will not be met "
            "reliably without change."
        )

    def test_special_cause_says_which_rule_and_trial_limits_say_so(self):
        # 8 months: 11, 9, 11, 9, 11, 9, 11, 20. Mean 91/8 = 11.375; MRs 6 x 2 + 9 = 21 over 7, mean MR 3;
        # limits 11.375 +/- 7.98 = 19.355 and 3.395: 20 is above the upper limit. Lower is better: concern, high.
        # (The seven before it, all below 11.375, are a shift too; the summary speaks of the latest value.)
        # The target 5 is between the limits: inconsistent.
        values = [11, 9, 11, 9, 11, 9, 11, 20]
        chart = xmr(a_and_e(values, start=dt.date(2020, 8, 1)), Direction.LOWER, target=D(5))
        rule = RagRule(Direction.LOWER, Frequency.MONTHLY, Unit.RATE_PER_1000, 1, D(1))
        call = rag_for(rule, Reading(MARCH_2021, D(20), target=D(5)), today=BOARD_DAY)
        assert call.rag == Rag.RED  # 15 over a target of 5, beyond the 1 allowed
        assert spc_summary("Emergency admissions", call, chart) == (
            "Emergency admissions, March 2021: 20.0 per 1,000, above target of 5.0 per 1,000; special cause concern, "
            "higher than expected (a point above the upper process limit; trial limits, from 8 values); the target "
            "will not be met reliably without change."
        )

    def test_too_few_values_say_so_and_give_no_assurance(self):
        chart = xmr(a_and_e([11, 9, 11, 9, 11], start=dt.date(2020, 11, 1)), Direction.HIGHER, target=D(95))
        call = ae("11", plan=None, target="95")
        assert spc_summary("A&E 4 hours", call, chart) == (
            "A&E 4 hours, March 2021: 11.0%, below target of 95.0%; too few values for process limits (5; 6 are "
            "needed)."
        )

    def test_a_quarterly_value_at_its_plan_with_no_target(self):
        # The chart only needs values in order: 100, 120 three times, then 110 (7 values): mean 770/7 = 110; MRs
        # 5 x 20 + 10 = 110 over 6, mean MR 18.333333, limits 110 +/- 48.766667 = 158.766667 and 61.233333; no
        # value near them, 110 on the mean: common cause; 7 values: trial limits.
        chart = xmr(a_and_e([100, 120] * 3 + [110], start=dt.date(2020, 9, 1)), Direction.LOWER)
        rule = RagRule(Direction.LOWER, Frequency.QUARTERLY, Unit.COUNT, 0)
        call = rag_for(rule, Reading(MARCH_2021, D(110), plan=D(110)), today=BOARD_DAY)
        assert spc_summary("Waiting list", call, chart) == (
            "Waiting list, the quarter to March 2021: 110, at plan of 110; common cause variation (trial limits, from "
            "7 values)."
        )

    def test_no_value_at_all(self):
        chart = xmr([], Direction.HIGHER)
        assert (
            spc_summary("A&E 4 hours", rag_for(AE, None, today=BOARD_DAY), chart) == "A&E 4 hours: no values reported."
        )


def test_the_rules_vocabularies_store_the_values_the_indicator_s_fields_store():
    """So an indicator's stored direction, frequency, unit and kind of tolerance can be passed to the rules as they
    are (no database: the model's choices are read, not its rows)."""
    assert Direction.values == Indicator.Direction.values
    assert Frequency.values == Indicator.Frequency.values
    assert Unit.values == Indicator.Unit.values
    assert ToleranceKind.values == Indicator.Tolerance.values
