"""An SPC chart's geometry: an `spc.Chart` with its plan and target series turned into coordinates, axis ticks and
SVG path data in a fixed drawing box, for a template to draw as inline SVG. Pure: numbers in, numbers and short
labels out; no markup, no database.

Time runs along x by calendar month, so a gap in the returns shows as a gap; values, plans, targets and limits
share one y scale, chosen to hold them all with round-number ticks. A missing value breaks the value line rather
than joining across it. Each group between change points has its own mean and limits, drawn only across its own
periods, dashed where they are trial limits (fewer than 12 values).

Colours are Making Data Count's, and the portal's one palette (the MDC icons and sparklines take theirs from
COLOURS): special cause improvement blue, concern orange, neutral purple, common cause grey; target red and
trajectory purple as NHSRplotthedots draws them (`R/ptd_spc_colours.R`). The value line and the limits are drawn
in a darker grey than #a6a6a6, and every point has a dark outline, so each mark stands out from the white page at
3:1 or more (WCAG 2.2 1.4.11); the colour of a point only repeats what the data table says in words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from math import ceil, floor, log10

from dashboards.spc import Chart, PointType

WIDTH, HEIGHT = 640, 320
# Room for the y axis labels on the left and the x axis labels beneath.
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 24, 44
MOST_Y_TICKS = 6
MOST_X_TICKS = 6

COLOURS = {
    PointType.COMMON_CAUSE: "#A6A6A6",
    PointType.IMPROVEMENT: "#41B6E6",
    PointType.CONCERN: "#ED8B00",
    PointType.NEUTRAL: "#490092",
}
NO_LIMITS_COLOUR = "#ffffff"  # a value in a group too short for limits: an open point, read by no rule
OUTLINE = "#212b32"
VALUE_LINE = "#768692"
MEAN = "#212b32"
LIMIT = "#768692"
TARGET = "#de1b1b"
TRAJECTORY = "#490092"


@dataclass(frozen=True)
class Tick:
    at: float  # the coordinate along its axis
    label: str


@dataclass(frozen=True)
class Dot:
    """One value's point: where, its type (None: no limits to read it by), its fill, and what it says."""

    x: float
    y: float
    period: dt.date
    type: PointType | None
    fill: str
    special: bool


@dataclass(frozen=True)
class GroupLines:
    """The mean and process limits of one group between change points, across that group's periods."""

    x1: float
    x2: float
    mean: float
    upper: float
    lower: float
    trial: bool


@dataclass(frozen=True)
class Annotation:
    """A mark on the time axis: a change point, or a period whose figure carries a note."""

    x: float
    period: dt.date
    kind: str  # "change" or "note"
    label: str


@dataclass(frozen=True)
class Geometry:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    values: str  # path data of the value line
    dots: tuple[Dot, ...]
    groups: tuple[GroupLines, ...]
    target: str  # path data of the target (a step line); "" where there is none
    trajectory: str  # path data of the plan's monthly trajectory; "" where there is none
    annotations: tuple[Annotation, ...]

    @property
    def empty(self) -> bool:
        return not self.dots

    @property
    def kinds(self) -> tuple[tuple[PointType | None, str], ...]:
        """The kinds of point the chart shows, in the order of the key, each with its fill."""
        shown = {dot.type: dot.fill for dot in self.dots}
        return tuple((kind, shown[kind]) for kind in (*PointType, None) if kind in shown)


def months(period: dt.date) -> int:
    return period.year * 12 + period.month - 1


def nice_step(span: float, most: int) -> float:
    """The smallest step of 1, 2, 2.5 or 5 times a power of ten giving at most `most` intervals across `span`."""
    if span <= 0:
        return 1.0
    rough = span / most
    power = 10 ** floor(log10(rough))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * power >= rough:
            return multiple * power
    return 10 * power  # pragma: no cover: 10 always suffices


def y_range(numbers: Iterable[float]) -> tuple[float, float, float]:
    """The y axis's bottom, top and tick step: round numbers just holding every number given."""
    found = list(numbers)
    low, high = min(found), max(found)
    if low == high:  # a flat series: give it room above and below
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = nice_step(high - low, MOST_Y_TICKS - 1)
    bottom, top = floor(low / step) * step, ceil(high / step) * step
    if top - bottom > step * (MOST_Y_TICKS - 1):  # rounding out at both ends can add an interval
        step = nice_step(top - bottom, MOST_Y_TICKS - 1)
        bottom, top = floor(low / step) * step, ceil(high / step) * step
    return bottom, top, step


def tick_places(step: float) -> int:
    """The decimal places a tick step needs: none for 20, one for 0.5, two for 0.25."""
    places = 0
    while places < 6 and abs(step * 10**places - round(step * 10**places)) > 1e-9:
        places += 1
    return places


def month_label(period: dt.date) -> str:
    return f"{period:%b %Y}"


def geometry(
    chart: Chart,
    *,
    plans: dict[dt.date, Decimal] | None = None,
    targets: Sequence[tuple[dt.date, Decimal | None]] = (),
    notes: dict[dt.date, str] | None = None,
    label: Callable[[float, int], str] = lambda value, places: f"{value:.{places}f}",
) -> Geometry:
    """Where everything is drawn. `targets` is the target in force for each period drawn (None: none then);
    `notes` names the periods whose figure carries a note, with its words; `label` writes a y tick's value to
    the decimal places given (as many as the step between ticks needs, the same for every tick)."""
    plans, notes = plans or {}, notes or {}
    with_values = [point for point in chart.points if point.value is not None]
    periods = sorted({point.period for point in chart.points} | set(plans) | {period for period, _ in targets})
    if not with_values or not periods:
        return Geometry(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM, (), (), "", (), (), "", "", ())

    first, last = months(periods[0]), months(periods[-1])
    plot_left, plot_right, plot_top, plot_bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    # Half a month's room either side, so the first and last points are not on the box's edge.
    span = last - first + 1

    def x_of(period: dt.date) -> float:
        return plot_left + (months(period) - first + 0.5) * (plot_right - plot_left) / span

    numbers = [float(point.value) for point in with_values]
    numbers += [float(value) for value in plans.values()]
    numbers += [float(value) for _, value in targets if value is not None]
    for group in chart.groups:
        if group.limits:
            numbers += [float(group.limits.upper), float(group.limits.lower)]
    low, high, step = y_range(numbers)

    def y_of(value: Decimal | float) -> float:
        return plot_bottom - (float(value) - low) * (plot_bottom - plot_top) / (high - low)

    places = tick_places(step)
    y_ticks = []
    for index in range(round((high - low) / step) + 1):
        value = round(low + index * step, places)  # 3.4, not 3.4000000000000004
        y_ticks.append(Tick(_r(y_of(value)), label(value, places)))

    # x ticks every so many months, so at most MOST_X_TICKS labels fit under the box.
    every = max(1, ceil(span / MOST_X_TICKS))
    x_ticks = [
        Tick(_r(x_of(period)), month_label(period))
        for period in (_month(month) for month in range(first, last + 1, every))
    ]

    values_path: list[str] = []
    pen_down = False
    for point in chart.points:
        if point.value is None:
            pen_down = False
            continue
        values_path.append(f"{'L' if pen_down else 'M'}{_r(x_of(point.period))} {_r(y_of(point.value))}")
        pen_down = True

    dots = tuple(
        Dot(
            _r(x_of(point.period)),
            _r(y_of(point.value)),
            point.period,
            point.type,
            COLOURS[point.type] if point.type else NO_LIMITS_COLOUR,
            point.type not in (None, PointType.COMMON_CAUSE),
        )
        for point in with_values
    )

    half = _half_month(plot_left, plot_right, span)
    groups = tuple(
        GroupLines(
            _r(x_of(group.first) - half),
            _r(x_of(group.last) + half),
            _r(y_of(group.limits.mean)),
            _r(y_of(group.limits.upper)),
            _r(y_of(group.limits.lower)),
            group.limits.trial,
        )
        for group in chart.groups
        if group.limits
    )

    annotations = [
        Annotation(_r(x_of(group.first) - half), group.first, "change", "Change") for group in chart.groups[1:]
    ]
    annotations += [
        Annotation(_r(x_of(period)), period, "note", words) for period, words in sorted(notes.items()) if words
    ]

    return Geometry(
        WIDTH,
        HEIGHT,
        plot_left,
        plot_right,
        plot_top,
        plot_bottom,
        tuple(x_ticks),
        tuple(y_ticks),
        " ".join(values_path),
        dots,
        groups,
        _step_path(targets, x_of, y_of, half),
        _line_path(sorted(plans.items()), x_of, y_of),
        tuple(annotations),
    )


def _line_path(pairs: list[tuple[dt.date, Decimal]], x_of, y_of) -> str:
    """A line through monthly values, broken where a month between two has none."""
    parts, previous = [], None
    for period, value in pairs:
        joined = previous is not None and months(period) - months(previous) == 1
        parts.append(f"{'L' if joined else 'M'}{_r(x_of(period))} {_r(y_of(value))}")
        previous = period
    return " ".join(parts)


def _step_path(targets: Sequence[tuple[dt.date, Decimal | None]], x_of, y_of, half: float) -> str:
    """The target as a step line: flat across each period it is in force, stepping where it changes, broken where
    there is none."""
    parts: list[str] = []
    previous: Decimal | None = None
    for period, value in sorted(targets):
        if value is None:
            previous = None
            continue
        x1, x2, y = _r(x_of(period) - half), _r(x_of(period) + half), _r(y_of(value))
        parts.append(f"{'L' if previous is not None else 'M'}{x1} {y} L{x2} {y}")
        previous = value
    return " ".join(parts)


def _half_month(left: float, right: float, span: int) -> float:
    return (right - left) / span / 2


def _month(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def _r(value: float) -> float:
    """Coordinates to a tenth of a unit: finer than a screen shows, and short path data."""
    return round(value, 1)
