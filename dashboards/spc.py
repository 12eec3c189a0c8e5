"""Statistical process control for the dashboards: XmR charts read as NHS England's Making Data Count (MDC) reads
them, and the variation and assurance icons that come from them. Pure rules on numbers, no database.

Followed (nhs-r-community/NHSRplotthedots @050b07d, the reference implementation of MDC; docs/adr/0007-spc-rules.md
says where and why we differ):
- limits, `R/ptd_spc_standard.R`: mean, mean moving range, mean +/- 2.66 x mean moving range, "near" limits two
  thirds of the way out, a rebase starting a new group. As the MDC Excel tools (and NHSRplotthedots with
  `screen_outliers = FALSE`, `vignettes/deviations.Rmd`), no moving range is screened out.
- the four rules and their precedence, `R/ptd_calculate_point_type.R`: outside the limits; 7 points each strictly
  higher (or lower) than the last, a tie breaking the run (`sign(diff(y))`); 2 of 3 in a row beyond the near limit
  (not outside the limit) with all 3 on the same side of the mean; 7 in a row on one side of the mean, a point on
  the mean breaking the run (`sign(y - mean)` is 0). Rules look only within one group (`group_by(rebase_group)`).
- orientation by direction (`ptd_point_type`), the variation icon from the last point (`R/geom_ptd_icon.R`), the
  assurance icon from the target against the last group's limits (`R/ptd_calculate_assurance_type.R`).
- trial limits under 12 points (`R/ptd_add_short_group_warnings.R`, `vignettes/number-of-points-required.Rmd`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from typing import NamedTuple

from django.db import models

LIMIT_SIGMAS = Decimal("2.66")  # 3 sigma: 3 / d2, d2 = 1.128 for moving ranges of 2
RUN_LENGTH = 7  # the trend and shift rules both need 7 points in a row
# Below this many values a group gets no limits at all: Wheeler, "useful limits may be constructed with as few as
# five or six values" (Understanding Variation, p60, quoted by NHSRplotthedots' number-of-points-required); we take
# the larger.
FEWEST_POINTS = 6
# Limits from fewer values than this are trial limits, revised with every new point (MDC, NHSRplotthedots).
TRIAL_BELOW = 12


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NEUTRAL = "neutral", "Neither (neutral)"


class Side(models.TextChoices):
    HIGH = "high", "higher"
    LOW = "low", "lower"


class Rule(models.TextChoices):
    """The special-cause rules, in their order of precedence: a point flagged by two is read by the first."""

    OUTSIDE_LIMITS = "outside_limits", "A point outside the process limits"
    TREND = "trend", "7 points in a row rising, or 7 falling"
    TWO_IN_THREE = "two_in_three", "2 of 3 points in a row close to a process limit, on the same side of the mean"
    SHIFT = "shift", "7 points in a row on the same side of the mean"


class PointType(models.TextChoices):
    COMMON_CAUSE = "common_cause", "Common cause variation"
    IMPROVEMENT = "special_cause_improvement", "Special cause variation: improvement"
    CONCERN = "special_cause_concern", "Special cause variation: concern"
    NEUTRAL = "special_cause_neutral", "Special cause variation, neither improvement nor concern"


class Variation(models.TextChoices):
    """The MDC variation icon, named by NHSRplotthedots' icon files (inst/icons/variation/)."""

    COMMON_CAUSE = "common_cause", "Common cause variation"
    IMPROVEMENT_HIGH = "improvement_high", "Special cause improvement, higher than expected"
    IMPROVEMENT_LOW = "improvement_low", "Special cause improvement, lower than expected"
    CONCERN_HIGH = "concern_high", "Special cause concern, higher than expected"
    CONCERN_LOW = "concern_low", "Special cause concern, lower than expected"
    NEUTRAL_HIGH = "neutral_high", "Special cause variation, higher than expected, neither improvement nor concern"
    NEUTRAL_LOW = "neutral_low", "Special cause variation, lower than expected, neither improvement nor concern"


class Assurance(models.TextChoices):
    """The MDC assurance icon: where the target lies against the process limits."""

    PASS = "pass", "the target will be met consistently"
    FAIL = "fail", "the target will not be met without change"
    INCONSISTENT = "inconsistent", "the target will not be met reliably without change"


@dataclass(frozen=True)
class Observation:
    """One period's value (None where none was reported: skipped, never read as zero). `rebase` marks a change
    point: the limits are worked out afresh from this period on."""

    period: dt.date
    value: Decimal | float | int | None
    rebase: bool = False


@dataclass(frozen=True)
class Limits:
    """A group's process limits and the numbers they came from."""

    mean: Decimal
    mean_moving_range: Decimal
    upper: Decimal
    lower: Decimal
    upper_near: Decimal  # two thirds of the way from the mean to the upper limit
    lower_near: Decimal
    points: int  # how many values they were worked out from

    @property
    def trial(self) -> bool:
        return self.points < TRIAL_BELOW


@dataclass(frozen=True)
class Signal:
    """The special-cause rule that decided a point, which side it points to, and the run of periods that made it
    (one period for a point outside the limits)."""

    rule: Rule
    side: Side
    first: dt.date
    last: dt.date

    @property
    def words(self) -> str:
        """ "7 points in a row below the mean", "a point above the upper process limit"."""
        if self.rule == Rule.OUTSIDE_LIMITS:
            return f"a point {'above the upper' if self.side == Side.HIGH else 'below the lower'} process limit"
        if self.rule == Rule.TREND:
            return f"{RUN_LENGTH} or more points in a row {'rising' if self.side == Side.HIGH else 'falling'}"
        if self.rule == Rule.TWO_IN_THREE:
            return f"2 of 3 points in a row close to the {'upper' if self.side == Side.HIGH else 'lower'} process limit"
        return f"{RUN_LENGTH} or more points in a row {'above' if self.side == Side.HIGH else 'below'} the mean"


class Point(NamedTuple):
    """One period as the chart reads it. `type` is None where there is no value or the group has too few values
    for limits; `moving_range` is None for a group's first value. A named tuple: a dashboard makes tens of
    thousands, and a frozen dataclass takes ten times as long to make."""

    period: dt.date
    value: Decimal | None
    group: int
    limits: Limits | None
    moving_range: Decimal | None
    signal: Signal | None
    type: PointType | None


@dataclass(frozen=True)
class Group:
    """The periods between two change points, with limits of their own (None: fewer than FEWEST_POINTS values)."""

    first: dt.date
    last: dt.date
    values: int
    limits: Limits | None


@dataclass(frozen=True)
class AssuranceCall:
    """The assurance icon and the numbers that decided it: the target and the limits it was set against."""

    assurance: Assurance
    target: Decimal
    limits: Limits


@dataclass(frozen=True)
class Chart:
    """A series read as an XmR chart: every period, the groups between change points, and the two icons."""

    direction: Direction
    points: tuple[Point, ...]
    groups: tuple[Group, ...]
    latest: Point | None  # the last point with a value: it gives the variation icon
    variation: Variation | None  # None: no value, or too few values for limits in the latest group
    assurance: AssuranceCall | None  # None: no target, a neutral direction, or no limits

    @property
    def trial_limits(self) -> bool:
        """Whether the latest limits are trial limits, to be revised with each new value."""
        return bool(self.latest and self.latest.limits and self.latest.limits.trial)


def limits_of(values: list[Decimal]) -> Limits | None:
    """XmR limits from values in time order, or None for fewer than FEWEST_POINTS."""
    if len(values) < FEWEST_POINTS:
        return None
    mean = sum(values, Decimal(0)) / len(values)
    ranges = moving_ranges(values)
    mean_range = sum(ranges, Decimal(0)) / len(ranges)
    spread = LIMIT_SIGMAS * mean_range
    near = spread * 2 / 3
    return Limits(
        mean=mean,
        mean_moving_range=mean_range,
        upper=mean + spread,
        lower=mean - spread,
        upper_near=mean + near,
        lower_near=mean - near,
        points=len(values),
    )


def moving_ranges(values: list[Decimal]) -> list[Decimal]:
    """|x(t) - x(t-1)| for each value after the first."""
    return [abs(value - previous) for previous, value in zip(values, values[1:], strict=False)]


def signals(periods: list[dt.date], values: list[Decimal], limits: Limits) -> list[Signal | None]:
    """For each value of one group, the special-cause signal of highest precedence that covers it, if any.

    The rules are applied from the last in precedence to the first, each writing over what came before, so the first
    that covers a value decides; within a rule a later run writes over an earlier one (a turning point shared by a
    rising and a falling trend reads with the one that came second, as NHSRplotthedots reads it)."""
    count = len(values)
    mean, upper, lower = limits.mean, limits.upper, limits.lower
    side = [(value > mean) - (value < mean) for value in values]  # 0 on the mean: neither side
    outside = [value > upper or value < lower for value in values]
    near = [
        not out and (value > limits.upper_near or value < limits.lower_near)
        for value, out in zip(values, outside, strict=True)
    ]
    found: list[Signal | None] = [None] * count

    def mark(rule: Rule, run_side: int, indices: Iterable[int], first: int, last: int) -> None:
        signal = Signal(rule, Side.HIGH if run_side > 0 else Side.LOW, periods[first], periods[last])
        for i in indices:
            found[i] = signal

    # A shift: RUN_LENGTH values in a row on one side of the mean.
    for first, last, run_side in _runs(side):
        if run_side and last - first + 1 >= RUN_LENGTH:
            mark(Rule.SHIFT, run_side, range(first, last + 1), first, last)
    # 2 of 3: in any 3 values in a row all on one side of the mean, 2 or more beyond the near limit; only those
    # beyond it are flagged (a value outside the limits is not "near" it).
    for first in range(count - 2):
        if side[first] and side[first] == side[first + 1] == side[first + 2] and sum(near[first : first + 3]) >= 2:
            window = range(first, first + 3)
            mark(Rule.TWO_IN_THREE, side[first], [i for i in window if near[i]], first, first + 2)
    # A trend: RUN_LENGTH values each strictly above (or below) the one before; a tie is a step of 0 and breaks it.
    steps = [(value > previous) - (value < previous) for previous, value in zip(values, values[1:], strict=False)]
    for first, last, step in _runs(steps):  # steps[i] is from value i to value i + 1
        if step and last - first + 2 >= RUN_LENGTH:
            mark(Rule.TREND, step, range(first, last + 2), first, last + 1)
    for i in range(count):
        if outside[i]:
            mark(Rule.OUTSIDE_LIMITS, side[i], [i], i, i)
    return found


def point_type(side: Side, direction: Direction | str) -> PointType:
    """Improvement, concern or neutral: the side a signal points to, read by which way is better."""
    if direction == Direction.NEUTRAL:
        return PointType.NEUTRAL
    better = Side.HIGH if direction == Direction.HIGHER else Side.LOW
    return PointType.IMPROVEMENT if side == better else PointType.CONCERN


def variation_icon(point: Point | None) -> Variation | None:
    """The variation icon from the latest point: its type, and whether its signal points high or low."""
    if point is None or point.type is None:
        return None
    if point.type == PointType.COMMON_CAUSE or point.signal is None:
        return Variation.COMMON_CAUSE
    kind = {PointType.IMPROVEMENT: "improvement", PointType.CONCERN: "concern", PointType.NEUTRAL: "neutral"}
    return Variation(f"{kind[point.type]}_{point.signal.side}")


def assurance(target: Decimal | None, limits: Limits | None, direction: Direction | str) -> AssuranceCall | None:
    """Pass where every value the process gives will meet the target (the target beyond the limits on the worse
    side), fail where none will, inconsistent where the target lies between the limits or on one of them."""
    if target is None or limits is None or direction == Direction.NEUTRAL:
        return None
    if target > limits.upper:
        call = Assurance.FAIL if direction == Direction.HIGHER else Assurance.PASS
    elif target < limits.lower:
        call = Assurance.PASS if direction == Direction.HIGHER else Assurance.FAIL
    else:
        call = Assurance.INCONSISTENT
    return AssuranceCall(call, target, limits)


def xmr(observations: Iterable[Observation], direction: Direction | str, *, target: Decimal | None = None) -> Chart:
    """The XmR chart of one series: groups split at change points, each with its own limits and rules; the
    variation icon from the latest value; the assurance icon from `target` (the target for the latest period)
    against the latest group's limits."""
    direction = Direction(direction)
    ordered = sorted(observations, key=lambda observation: observation.period)
    if len({observation.period for observation in ordered}) < len(ordered):
        raise ValueError("A series has one value per period")
    grouped: list[list[Observation]] = []
    for observation in ordered:
        if not grouped or (observation.rebase and grouped[-1]):
            grouped.append([])
        grouped[-1].append(observation)

    points: list[Point] = []
    groups: list[Group] = []
    for index, members in enumerate(grouped):
        present = [observation for observation in members if observation.value is not None]
        values = [_decimal(observation.value) for observation in present]
        limits = limits_of(values)
        flags = signals([o.period for o in present], values, limits) if limits else [None] * len(values)
        ranges = [None, *moving_ranges(values)]
        kinds = {None: PointType.COMMON_CAUSE} | {side: point_type(side, direction) for side in Side}
        at = 0  # the index among the values present of the next one
        for observation in members:
            if observation.value is None:
                points.append(Point(observation.period, None, index, limits, None, None, None))
                continue
            signal = flags[at]
            kind = kinds[signal.side if signal else None] if limits else None
            points.append(Point(observation.period, values[at], index, limits, ranges[at], signal, kind))
            at += 1
        groups.append(Group(members[0].period, members[-1].period, len(values), limits))

    latest = next((point for point in reversed(points) if point.value is not None), None)
    return Chart(
        direction=direction,
        points=tuple(points),
        groups=tuple(groups),
        latest=latest,
        variation=variation_icon(latest),
        assurance=assurance(target, latest.limits if latest else None, direction),
    )


def _runs(items: list[int]) -> list[tuple[int, int, int]]:
    """Maximal runs of equal items: (first index, last index, item)."""
    runs: list[tuple[int, int, int]] = []
    first = 0
    for item, run in groupby(items):
        length = len(list(run))
        runs.append((first, first + length - 1, item))
        first += length
    return runs


def _decimal(value: Decimal | float | int) -> Decimal:
    """A value as a Decimal; a float as it is written (0.1, not 0.1000000000000000055511151231257827)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))
