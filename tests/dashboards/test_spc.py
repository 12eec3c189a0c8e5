"""The SPC rules against the cases worked by hand in spc_cases.py, and what the chart carries beside its calls.

No database: these tests are not marked django_db, so pytest-django refuses any query they might make.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from dashboards.spc import (
    FEWEST_POINTS,
    TRIAL_BELOW,
    Assurance,
    Direction,
    Observation,
    PointType,
    Rule,
    Side,
    Variation,
    xmr,
)
from tests.dashboards.spc_cases import ASSURANCE, CASES, STEADY, STEADY_LIMITS, Case

RULE_CODES = {Rule.OUTSIDE_LIMITS: "o", Rule.TREND: "t", Rule.TWO_IN_THREE: "n", Rule.SHIFT: "s"}
TYPE_CODES = {
    PointType.COMMON_CAUSE: ".",
    PointType.IMPROVEMENT: "+",
    PointType.CONCERN: "!",
    PointType.NEUTRAL: "~",
}


def monthly(values, rebase_at=()) -> list[Observation]:
    """Observations a month apart from April 2019; rebase_at counts from 1."""
    observations = []
    for index, value in enumerate(values):
        month = 3 + index
        period = dt.date(2019 + month // 12, month % 12 + 1, 1)
        number = None if value is None else Decimal(str(value))
        observations.append(Observation(period, number, rebase=index + 1 in rebase_at))
    return observations


def rule_code(point) -> str:
    if point.value is None:
        return "_"
    if point.type is None:
        return "-"
    if point.signal is None:
        return "."
    code = RULE_CODES[point.signal.rule]
    return code.upper() if point.signal.side == Side.HIGH else code


def type_code(point) -> str:
    return "_" if point.type is None else TYPE_CODES[point.type]


def four_places(number: Decimal) -> str:
    return str(number.quantize(Decimal("0.0001"), ROUND_HALF_UP))


def chart_of(case: Case):
    target = Decimal(case.target) if case.target else None
    return xmr(monthly(case.values, case.rebase_at), case.direction, target=target)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
class TestWorkedCases:
    def test_the_case_is_written_one_code_per_value(self, case):
        assert len(case.rules.replace(" ", "")) == len(case.values) == len(case.types.replace(" ", ""))

    def test_each_value_is_flagged_by_the_rule_worked_out_by_hand(self, case):
        chart = chart_of(case)
        assert "".join(rule_code(point) for point in chart.points) == case.rules.replace(" ", "")

    def test_each_value_is_read_by_its_direction_as_worked_out_by_hand(self, case):
        chart = chart_of(case)
        assert "".join(type_code(point) for point in chart.points) == case.types.replace(" ", "")

    def test_the_limits_of_each_group_are_those_worked_out_by_hand(self, case):
        chart = chart_of(case)
        found = [
            None
            if group.limits is None
            else (
                four_places(group.limits.mean),
                four_places(group.limits.mean_moving_range),
                four_places(group.limits.upper),
                four_places(group.limits.lower),
            )
            for group in chart.groups
        ]
        expected = [
            None if limits is None else (limits.mean, limits.mean_moving_range, limits.upper, limits.lower)
            for limits in case.limits
        ]
        assert found == expected

    def test_the_icons_and_trial_limits_are_those_worked_out_by_hand(self, case):
        chart = chart_of(case)
        assert chart.variation == case.variation
        assert chart.trial_limits is case.trial
        assert (chart.assurance.assurance if chart.assurance else None) == case.assurance


@pytest.mark.parametrize(("target", "direction", "expected"), ASSURANCE)
def test_the_assurance_icon_compares_the_target_with_the_limits_by_direction(target, direction, expected):
    chart = xmr(monthly(STEADY), direction, target=Decimal(target) if target else None)
    assert chart.groups[0].limits.upper == Decimal(STEADY_LIMITS.upper)
    assert chart.groups[0].limits.lower == Decimal(STEADY_LIMITS.lower)
    if expected is None:
        assert chart.assurance is None
    else:
        assert chart.assurance.assurance == expected
        assert chart.assurance.target == Decimal(target)
        assert chart.assurance.limits is chart.groups[0].limits


class TestWhatAChartCarries:
    def test_a_signal_names_its_rule_side_and_the_periods_of_its_run(self):
        shift = next(case for case in CASES if case.name.startswith("Seven values in a row above the mean"))
        point = chart_of(shift).points[8]
        assert (point.signal.rule, point.signal.side) == (Rule.SHIFT, Side.HIGH)
        assert (point.signal.first, point.signal.last) == (dt.date(2019, 12, 1), dt.date(2020, 6, 1))
        assert point.signal.words == "7 or more points in a row above the mean"

    def test_a_point_carries_its_group_limits_and_moving_range_and_a_gap_carries_none(self):
        gaps = next(case for case in CASES if case.name == "Values not reported are skipped, not read as zero")
        points = chart_of(gaps).points
        assert points[0].moving_range is None  # the first value has nothing before it
        assert points[2].value is None and points[2].moving_range is None and points[2].type is None
        assert points[3].moving_range == Decimal(3)  # 12 after 9, across the gap
        assert points[3].limits is points[0].limits

    def test_the_words_of_each_rule_say_which_way_it_points(self):
        words = {
            (point.signal.rule, point.signal.side): point.signal.words
            for case in CASES
            for point in chart_of(case).points
            if point.signal
        }
        assert words[(Rule.OUTSIDE_LIMITS, Side.HIGH)] == "a point above the upper process limit"
        assert words[(Rule.OUTSIDE_LIMITS, Side.LOW)] == "a point below the lower process limit"
        assert words[(Rule.TREND, Side.HIGH)] == "7 or more points in a row rising"
        assert words[(Rule.TREND, Side.LOW)] == "7 or more points in a row falling"
        assert words[(Rule.TWO_IN_THREE, Side.HIGH)] == "2 of 3 points in a row close to the upper process limit"
        assert words[(Rule.TWO_IN_THREE, Side.LOW)] == "2 of 3 points in a row close to the lower process limit"
        assert words[(Rule.SHIFT, Side.LOW)] == "7 or more points in a row below the mean"

    def test_the_rules_are_listed_in_their_order_of_precedence(self):
        assert list(Rule) == [Rule.OUTSIDE_LIMITS, Rule.TREND, Rule.TWO_IN_THREE, Rule.SHIFT]

    def test_the_order_the_values_come_in_does_not_matter(self):
        observations = monthly(CASES[0].values)
        shuffled = observations[5:] + observations[:5]
        assert xmr(shuffled, Direction.HIGHER) == xmr(observations, Direction.HIGHER)

    def test_two_values_for_one_period_are_refused(self):
        observations = monthly(STEADY)
        with pytest.raises(ValueError, match="one value per period"):
            xmr([*observations, observations[0]], Direction.HIGHER)

    def test_a_series_with_no_values_has_no_icons(self):
        chart = xmr(monthly([None, None]), Direction.HIGHER, target=Decimal(1))
        assert chart.latest is None
        assert (chart.variation, chart.assurance, chart.trial_limits) == (None, None, False)
        assert [point.type for point in chart.points] == [None, None]

    def test_the_variation_icon_comes_from_the_latest_value_not_a_later_gap(self):
        above = [*CASES[0].values, None]
        chart = xmr(monthly(above), Direction.HIGHER)
        assert chart.latest.value == Decimal(22)
        assert chart.variation == Variation.IMPROVEMENT_HIGH

    def test_a_change_point_on_a_period_with_no_value_starts_the_new_group_there(self):
        values = (9, 11) * 3 + (None,) + (19, 21) * 3
        chart = xmr(monthly(values, rebase_at=(7,)), Direction.HIGHER)
        assert [(group.first, group.values) for group in chart.groups] == [
            (dt.date(2019, 4, 1), 6),
            (dt.date(2019, 10, 1), 6),
        ]
        assert [group.limits.mean for group in chart.groups] == [Decimal(10), Decimal(20)]

    def test_a_change_point_on_the_first_period_changes_nothing(self):
        assert xmr(monthly(STEADY, rebase_at=(1,)), "higher").groups == xmr(monthly(STEADY), "higher").groups

    def test_a_float_is_taken_as_written(self):
        observations = [Observation(o.period, float(o.value) / 10) for o in monthly(STEADY)]  # 0.9, 1.1, ...
        assert xmr(observations, Direction.HIGHER).groups[0].limits.upper == Decimal("1.532")

    def test_the_thresholds_are_those_the_adr_gives(self):
        assert (FEWEST_POINTS, TRIAL_BELOW) == (6, 12)

    def test_the_direction_and_icon_names_are_the_json_contract_s(self):
        assert set(Direction.values) == {"higher", "lower", "neutral"}
        assert set(Variation.values) == {
            "common_cause",
            "improvement_high",
            "improvement_low",
            "concern_high",
            "concern_low",
            "neutral_high",
            "neutral_low",
        }
        assert set(Assurance.values) == {"pass", "fail", "inconsistent"}
        assert set(PointType.values) == {
            "common_cause",
            "special_cause_improvement",
            "special_cause_concern",
            "special_cause_neutral",
        }
