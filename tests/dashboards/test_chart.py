"""The SPC chart's geometry (dashboards/chart.py): where values, limits, target and trajectory are drawn, worked
out by hand from the drawing box (640 x 320, plot from x 72 to 624 and y 24 to 276)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from dashboards import chart, spc
from dashboards.chart import COLOURS, NO_LIMITS_COLOUR, geometry, nice_step, y_range
from dashboards.spc import Observation, PointType

LEFT, RIGHT, TOP, BOTTOM = 72, 624, 24, 276


def month(index: int) -> dt.date:
    """The index-th month from January 2021."""
    return dt.date(2021 + index // 12, index % 12 + 1, 1)


def xmr(values, direction="higher", rebase_at=()) -> spc.Chart:
    return spc.xmr(
        [Observation(month(i), value, i in rebase_at) for i, value in enumerate(values)],
        direction,
    )


def bare(value: float, places: int) -> str:
    return str(value)


TWELVE = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 12, 11]


class TestTheYAxis:
    @pytest.mark.parametrize(
        ("span", "most", "step"),
        [(100, 5, 20), (9, 5, 2), (1, 5, 0.2), (12, 5, 2.5), (4000, 5, 1000), (0, 5, 1)],
    )
    def test_a_tick_step_is_one_two_two_and_a_half_or_five_times_a_power_of_ten(self, span, most, step):
        assert nice_step(span, most) == pytest.approx(step)

    def test_the_axis_holds_every_number_given_between_round_numbers(self):
        assert y_range([3, 97]) == (0, 100, 20)

    def test_a_flat_series_is_given_room_above_and_below(self):
        bottom, top, step = y_range([50, 50])
        assert bottom < 50 < top
        assert (bottom, top, step) == (45, 55, 2.5)

    @pytest.mark.parametrize(("step", "places"), [(20, 0), (2.5, 1), (0.2, 1), (0.25, 2), (1000, 0)])
    def test_tick_labels_have_the_decimal_places_their_step_needs(self, step, places):
        assert chart.tick_places(step) == places

    def test_every_tick_has_the_same_places_and_no_rounding_error(self):
        drawn = geometry(xmr([2.7, 3.1, 2.9, 3.3, 3.0]), label=lambda value, places: f"{value!r}/{places}")
        assert [tick.label for tick in drawn.y_ticks] == ["2.6/1", "2.8/1", "3.0/1", "3.2/1", "3.4/1"]

    def test_an_axis_never_has_more_than_six_ticks(self):
        for numbers in ([0.3, 9.7], [1, 1001], [-3, 11], [95.1, 95.9], [654, 4443]):
            bottom, top, step = y_range(numbers)
            assert round((top - bottom) / step) + 1 <= chart.MOST_Y_TICKS
            assert bottom <= min(numbers) and top >= max(numbers)


class TestWhereTheValuesAreDrawn:
    def test_twelve_months_are_spaced_evenly_each_in_the_middle_of_its_month(self):
        drawn = geometry(xmr(TWELVE))
        width = (RIGHT - LEFT) / 12  # 46 a month
        assert [dot.x for dot in drawn.dots] == [pytest.approx(LEFT + (i + 0.5) * width, abs=0.05) for i in range(12)]
        assert drawn.dots[0].x == 95.0 and drawn.dots[-1].x == 601.0

    def test_a_value_is_drawn_at_its_height_on_the_axis(self):
        drawn = geometry(xmr(TWELVE), label=bare)
        bottom, top = float(drawn.y_ticks[0].label), float(drawn.y_ticks[-1].label)
        for dot, value in zip(drawn.dots, TWELVE, strict=True):
            assert dot.y == pytest.approx(BOTTOM - (value - bottom) * (BOTTOM - TOP) / (top - bottom), abs=0.05)
        assert drawn.y_ticks[0].at == BOTTOM and drawn.y_ticks[-1].at == TOP

    def test_every_mark_lies_inside_the_plot(self):
        drawn = geometry(xmr([*TWELVE, 40], rebase_at=(6,)))
        for dot in drawn.dots:
            assert LEFT <= dot.x <= RIGHT and TOP <= dot.y <= BOTTOM
        for group in drawn.groups:
            assert TOP <= group.upper <= group.mean <= group.lower <= BOTTOM

    def test_the_value_line_joins_the_values_in_order(self):
        drawn = geometry(xmr(TWELVE))
        assert drawn.values.startswith("M95.0 ")
        assert drawn.values.count("M") == 1 and drawn.values.count("L") == 11

    def test_a_month_without_a_value_breaks_the_line_and_leaves_a_gap_in_time(self):
        values = [*TWELVE[:5], None, *TWELVE[6:]]
        drawn = geometry(xmr(values))
        assert len(drawn.dots) == 11
        assert drawn.values.count("M") == 2 and drawn.values.count("L") == 9
        assert drawn.dots[5].x - drawn.dots[4].x == pytest.approx(2 * (drawn.dots[1].x - drawn.dots[0].x), abs=0.1)

    def test_nothing_reported_draws_nothing(self):
        drawn = geometry(xmr([None, None]))
        assert drawn.empty and drawn.values == "" and drawn.groups == () and drawn.y_ticks == ()

    def test_x_ticks_are_months_and_at_most_six(self):
        drawn = geometry(xmr(list(range(1, 37))))
        assert 1 < len(drawn.x_ticks) <= chart.MOST_X_TICKS
        assert drawn.x_ticks[0].label == "Jan 2021" and drawn.x_ticks[0].at == drawn.dots[0].x
        assert geometry(xmr(TWELVE)).x_ticks[1].label == "Mar 2021"


class TestTheLimitsAndSpecialCauses:
    def test_one_group_has_its_mean_and_limits_across_the_whole_plot(self):
        drawn = geometry(xmr(TWELVE))
        (group,) = drawn.groups
        assert (group.x1, group.x2) == (LEFT, RIGHT)
        assert group.trial is False
        assert drawn.annotations == ()

    def test_a_change_point_starts_a_second_group_with_its_own_limits_and_marks_where(self):
        drawn = geometry(xmr([*TWELVE, 30, 31, 29, 30, 32, 31], rebase_at=(12,)))
        first, second = drawn.groups
        boundary = LEFT + 12 * (RIGHT - LEFT) / 18
        assert first.x2 == second.x1 == pytest.approx(boundary, abs=0.05)
        assert first.mean > second.mean  # higher values are drawn higher up: smaller y
        assert (first.trial, second.trial) == (False, True)  # 12 values, then 6: trial limits
        (change,) = drawn.annotations
        assert (change.kind, change.period, change.x) == ("change", month(12), second.x1)

    def test_special_cause_points_are_coloured_by_what_they_mean_and_drawn_larger(self):
        drawn = geometry(xmr([*TWELVE, 20]))  # 20 is above the upper limit (about 17.6)
        last = drawn.dots[-1]
        assert (last.type, last.fill, last.special) == (PointType.IMPROVEMENT, "#41B6E6", True)
        assert drawn.dots[0].type == PointType.COMMON_CAUSE and drawn.dots[0].fill == "#A6A6A6"
        assert not drawn.dots[0].special
        lower_better = geometry(xmr([*TWELVE, 20], direction="lower")).dots[-1]
        assert (lower_better.type, lower_better.fill) == (PointType.CONCERN, "#ED8B00")
        neutral = geometry(xmr([*TWELVE, 20], direction="neutral")).dots[-1]
        assert (neutral.type, neutral.fill) == (PointType.NEUTRAL, "#490092")

    def test_a_group_too_short_for_limits_has_open_points_and_no_lines(self):
        drawn = geometry(xmr([10, 12, 11, 13, 12]))
        assert drawn.groups == ()
        assert {dot.fill for dot in drawn.dots} == {NO_LIMITS_COLOUR} and {dot.type for dot in drawn.dots} == {None}
        assert drawn.kinds == ((None, NO_LIMITS_COLOUR),)

    def test_the_key_names_only_the_kinds_of_point_shown_in_a_fixed_order(self):
        drawn = geometry(xmr([20, *TWELVE]))
        assert [kind for kind, _ in drawn.kinds] == [PointType.COMMON_CAUSE, PointType.IMPROVEMENT]
        assert dict(drawn.kinds) == {kind: COLOURS[kind] for kind, _ in drawn.kinds}


class TestTargetAndTrajectory:
    def test_the_target_is_a_step_line_across_each_month_it_holds_and_breaks_where_there_is_none(self):
        targets = [(month(i), None if i < 2 else Decimal(95) if i < 8 else Decimal(92)) for i in range(12)]
        drawn = geometry(xmr([90 + i % 3 for i in range(12)]), targets=targets)
        assert drawn.target.count("M") == 1  # one line: no break after it starts
        assert drawn.target.startswith(f"M{LEFT + 2 * 46.0} ")  # from the start of March, the first month with one
        points = [tuple(map(float, move[1:].split(" "))) for move in re.findall(r"[ML][\d.]+ [\d.]+", drawn.target)]
        assert len(points) == 20  # two ends of each of 10 months
        assert len({y for _, y in points}) == 2  # two levels: 95, then 92
        assert points[-1][0] == RIGHT and points[11][1] != points[12][1] == points[13][1]  # steps down at September

    def test_no_target_draws_no_target_line(self):
        assert geometry(xmr(TWELVE)).target == ""

    def test_the_trajectory_joins_consecutive_months_and_breaks_across_a_month_without_a_plan(self):
        plans = {month(i): Decimal(11) for i in (3, 4, 5, 8, 9)}
        drawn = geometry(xmr(TWELVE), plans=plans)
        assert drawn.trajectory.count("M") == 2 and drawn.trajectory.count("L") == 3

    def test_a_plan_beyond_the_latest_value_widens_the_time_axis_to_hold_it(self):
        plans = {month(i): Decimal(11) for i in range(12, 15)}
        drawn = geometry(xmr(TWELVE), plans=plans)
        width = (RIGHT - LEFT) / 15
        assert drawn.dots[-1].x == pytest.approx(LEFT + 11.5 * width, abs=0.05)
        assert drawn.trajectory.startswith(f"M{round(LEFT + 12.5 * width, 1)} ")

    def test_targets_and_plans_far_from_the_values_stretch_the_axis_to_show_them(self):
        drawn = geometry(xmr(TWELVE), plans={month(0): Decimal(100)}, targets=[(month(0), Decimal(-5))], label=bare)
        assert float(drawn.y_ticks[0].label) <= -5 and float(drawn.y_ticks[-1].label) >= 100


class TestNotes:
    def test_a_period_whose_figure_carries_a_note_is_marked_with_its_words(self):
        drawn = geometry(xmr(TWELVE), notes={month(3): "Unvalidated"})
        (note,) = drawn.annotations
        assert (note.kind, note.period, note.label, note.x) == ("note", month(3), "Unvalidated", drawn.dots[3].x)
