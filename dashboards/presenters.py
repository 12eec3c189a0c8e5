"""How indicators' figures and imports read on the page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.urls import reverse

from blmk_portal import formatting
from blmk_portal.display import action_links, link, links, publication_tag, summary_rows, tag_html
from blmk_portal.rag import rag_tag
from dashboards import chart, rag_rules, readings, spc
from dashboards.chart import COLOURS as POINT_COLOURS
from dashboards.models import Area, Import, Indicator, Note

STATE_TAGS = {
    Import.State.PREVIEW: "nhsuk-tag--white",
    Import.State.COMMITTED: "nhsuk-tag--green",
    Import.State.ROLLED_BACK: "nhsuk-tag--grey",
}


def call_tag(call: rag_rules.RagCall) -> dict[str, str]:
    """A RAG's tag, a Grey saying why in short ("Grey (out of date)"): a figure reported years ago was reported."""
    return {"text": call.label, "classes": rag_tag(call.rag)["classes"]}


def figure(value: Decimal | None, unit: str, decimals: int, note: str = "") -> str:
    """A figure as people read it in its unit (as the RAG rules' words print it), with what its note says."""
    if value is None:
        return Note(note).label if note else "None"
    shown = rag_rules.figure(value, unit, decimals)
    return f"{shown} ({Note(note).label.lower()})" if note else shown


def state_tag(batch: Import) -> dict[str, str]:
    return {"text": batch.get_state_display(), "classes": STATE_TAGS[Import.State(batch.state)]}


def import_cells(batch: Import) -> dict:
    """A row of the imports list."""
    who = str(batch.created_by) if batch.created_by else "the command line"
    actions = [("View", batch.get_absolute_url())]
    if batch.state == Import.State.COMMITTED:
        actions.append(("Roll back", reverse("dashboards:import_roll_back", kwargs={"pk": batch.pk})))
    counts = (
        f"{formatting.count(batch.added, 'new value')}, {batch.changed:,} changed"
        if batch.state != Import.State.PREVIEW
        else formatting.count(batch.row_count, "row")
    )
    return {
        "file": batch.file_name,
        "uploaded": f"{formatting.datetime(batch.created_at)} by {who}",
        "state": tag_html(state_tag(batch)),
        "values": counts,
        "actions": action_links(actions, f"import {batch.pk} ({batch.file_name})"),
    }


def indicator_cells(indicator: Indicator) -> dict:
    return {
        "code": indicator.code,
        "name": link(indicator.name, indicator.get_manage_url()),
        "status": tag_html(publication_tag(indicator)),
        "actions": action_links(
            [
                ("Edit", indicator.get_manage_url("edit")),
                ("History", indicator.get_manage_url("history")),
                ("Unpublish" if indicator.is_published else "Publish", indicator.get_manage_url("publish")),
            ],
            indicator.name,
        ),
    }


def indicator_summary(indicator: Indicator) -> list[dict]:
    """The staff overview's summary list: what the indicator is and how it is read."""
    tolerance = f"{indicator.tolerance.normalize():f}"
    tolerance += "% of the plan or target" if indicator.tolerance_kind == Indicator.Tolerance.RELATIVE else ""
    return summary_rows(
        [
            ("Code", indicator.code),
            ("Definition", indicator.definition or "None given"),
            ("Unit", indicator.get_unit_display()),
            ("Which way is better", indicator.get_direction_display()),
            ("How often it is reported", indicator.get_frequency_display()),
            ("Decimal places shown", indicator.decimals),
            ("Amber tolerance", tolerance if indicator.tolerance else "None: any shortfall is Red"),
            ("Source of the data", indicator.data_source or "Not given"),
            ("Owner", indicator.owner or "Not given"),
            ("Priorities it evidences", links((str(p), p.get_absolute_url()) for p in indicator.priorities.all())),
            ("Programmes it evidences", links((str(p), p.get_absolute_url()) for p in indicator.programmes.all())),
            ("Quoted from", f"{indicator.source}: {indicator.source_quote}" if indicator.source else None),
        ]
    )


# The public indicator page, its SPC chart and its JSON and CSV: one reading of every period, so the table, the
# chart and the files say the same thing. The files' contract is ADR 15.

AREA_ORDER = {Area.Kind.SYSTEM: 0, Area.Kind.PLACE: 1, Area.Kind.ORGANISATION: 2}
# The columns of an indicator's CSV: its JSON's points, each with the indicator and area it belongs to.
CSV_COLUMNS = (
    "indicator",
    "area",
    "period",
    "value",
    "plan",
    "target",
    "rag",
    "spc",
    "mean",
    "upper_limit",
    "lower_limit",
)
FILE_PLACES = Decimal("0.0001")  # as values are stored; means and limits are given to the same places


@dataclass(frozen=True)
class PeriodReading:
    """One period of a series as every format reads it: the figure (value None where none was reported), the plan
    and target for it, the RAG it had as the latest, and the chart's reading of it (None: a plan-only period)."""

    figure: readings.Figure
    plan: Decimal | None
    target: Decimal | None
    rag: rag_rules.RagCall
    point: spc.Point | None

    @property
    def limits(self) -> spc.Limits | None:
        return self.point.limits if self.point else None


def ordered_series(found: dict[tuple[int, int], readings.Series]) -> list[readings.Series]:
    """The system first, then places, then organisations, each by name."""
    return sorted(found.values(), key=lambda series: (AREA_ORDER[Area.Kind(series.area.kind)], series.area.name))


def period_readings(series: readings.Series) -> list[PeriodReading]:
    """Every period with a figure or a plan, in order: a trajectory planned beyond the latest figure is read too."""
    figures = {figure.period: figure for figure in series.figures}
    points = {point.period: point for point in series.chart.points}
    read = []
    for period in sorted(set(figures) | set(series.plans)):
        figure = figures.get(period) or readings.Figure(period, None, "", "")
        read.append(
            PeriodReading(
                figure, series.plan_for(period), series.target_for(period), series.rag_at(figure), points.get(period)
            )
        )
    return read


def spc_words(reading: PeriodReading) -> str:
    """The chart's reading of a period in words: its variation, and the rule that made it special cause."""
    point = reading.point
    if point is None or point.value is None:
        return "No value to read"
    if point.type is None:
        return f"Too few values for process limits ({spc.FEWEST_POINTS} are needed)"
    if point.signal is None:
        return point.type.label
    return f"{point.type.label}: {point.signal.words}"


def indicator_table(series: readings.Series) -> list[dict[str, Any]]:
    """The data table beneath the chart: every period's figures, limits, RAG and SPC reading, in words."""
    indicator = series.indicator
    unit, decimals = indicator.unit, indicator.decimals

    def shown(value: Decimal | None) -> str:
        return rag_rules.figure(value, unit, decimals) if value is not None else "None"

    rows = []
    for reading in period_readings(series):
        limits = reading.limits
        rows.append(
            {
                "period": rag_rules.period_words(reading.figure.period, indicator.frequency),
                "value": figure(reading.figure.value, unit, decimals, reading.figure.note)
                if reading.figure.value is not None or reading.figure.note
                else "None reported",
                "plan": shown(reading.plan),
                "target": shown(reading.target),
                "mean": shown(limits.mean) if limits else "None",
                "limits": f"{shown(limits.lower)} to {shown(limits.upper)}{' (trial)' if limits.trial else ''}"
                if limits
                else "None",
                "rag": call_tag(reading.rag),
                "spc": spc_words(reading),
                "special": bool(reading.point and reading.point.signal),
            }
        )
    return rows


def chart_geometry(series: readings.Series) -> chart.Geometry:
    """Where the series' chart draws everything, its y axis labelled in the indicator's unit."""
    indicator = series.indicator
    notes = {
        figure.period: Note(figure.note).label for figure in series.figures if figure.note and figure.note != Note.NONE
    }
    periods = sorted({figure.period for figure in series.figures} | set(series.plans))
    targets = [(period, series.target_for(period)) for period in periods]

    def label(value: float, places: int) -> str:
        return rag_rules.figure(Decimal(repr(value)), indicator.unit, places)

    return chart.geometry(series.chart, plans=series.plans, targets=targets, notes=notes, label=label)


def indicator_contract(indicator: Indicator, series: list[readings.Series]) -> dict[str, Any]:
    """The indicator and its series as `/dashboards/indicators/<code>.json` gives them (ADR 15): a stable
    contract, its keys fixed; numbers as JSON numbers to 4 decimal places, null where there is none."""
    return {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "series": [
            {
                "area": one.area.code,
                "variation": one.chart.variation.value if one.chart.variation else None,
                "assurance": one.chart.assurance.assurance.value if one.chart.assurance else None,
                "points": [_contract_point(reading) for reading in period_readings(one)],
            }
            for one in series
        ],
    }


def _contract_point(reading: PeriodReading) -> dict[str, Any]:
    limits, point = reading.limits, reading.point
    return {
        "period": f"{reading.figure.period:%Y-%m}",
        "value": file_number(reading.figure.value),
        "plan": file_number(reading.plan),
        "target": file_number(reading.target),
        "rag": reading.rag.rag.value,
        "spc": point.type.value if point and point.type else None,
        "mean": file_number(limits.mean if limits else None),
        "upper_limit": file_number(limits.upper if limits else None),
        "lower_limit": file_number(limits.lower if limits else None),
    }


def file_number(value: Decimal | None) -> float | int | None:
    """A number for a file: to 4 decimal places (half up), a whole number without a point."""
    if value is None:
        return None
    rounded = value.quantize(FILE_PLACES, ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def contract_rows(contract: dict[str, Any]) -> list[list[Any]]:
    """The JSON's points as CSV rows under CSV_COLUMNS: one row a point, each with its indicator and area."""
    return [
        [contract["code"], one["area"], *(point[key] for key in CSV_COLUMNS[2:])]
        for one in contract["series"]
        for point in one["points"]
    ]


# The public dashboard and place view (dashboards/dashboard.py's rows): each indicator's latest figure in an area
# against its plan, its RAG with the rule and numbers that decided it, its SPC icons in words, and a sparkline.

# The icons and the sparkline's latest point are coloured as the chart colours its points (one MDC palette): a
# variation icon by its kind (improvement_high: improvement), an assurance icon as a pass, fail or neither.
ICON_KINDS = {
    "common_cause": spc.PointType.COMMON_CAUSE,
    "improvement": spc.PointType.IMPROVEMENT,
    "concern": spc.PointType.CONCERN,
    "neutral": spc.PointType.NEUTRAL,
    spc.Assurance.PASS.value: spc.PointType.IMPROVEMENT,
    spc.Assurance.FAIL.value: spc.PointType.CONCERN,
    spc.Assurance.INCONSISTENT.value: spc.PointType.COMMON_CAUSE,
}
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 96, 24, 3


def latest_figure(series: readings.Series) -> readings.Figure | None:
    """The latest figure with a value: the one the RAG and the variation icon read."""
    return next((figure for figure in reversed(series.figures) if figure.value is not None), None)


def variance_words(call: rag_rules.RagCall) -> str:
    """ "4.7 points below plan", "1,204 above target", "On plan": the latest value against what it is rated by."""
    reading = call.reading
    if reading is None or call.benchmark is None:
        return "No plan or target"
    gap = reading.value - call.benchmark
    if gap == 0:
        return f"On {call.against}"
    places = rag_rules.places_to_tell_apart(call.rule.decimals, (gap, 0))
    size = rag_rules.difference(abs(gap), call.rule.unit, places)
    return f"{size} {'above' if gap > 0 else 'below'} {call.against}"


def mdc_icon(name: str, label: str) -> dict[str, str]:
    """A Making Data Count icon as the icon macros draw it: its name (empty: no icon), its meaning in words, which
    the page always shows, and its colour."""
    kind = name if name in ICON_KINDS else name.rpartition("_")[0]
    return {"icon": name, "label": label, "colour": POINT_COLOURS[ICON_KINDS[kind]] if name else ""}


def variation_of(chart: spc.Chart) -> dict[str, str]:
    """The variation icon, or why there is none."""
    if chart.variation is None:
        values = chart.groups[chart.latest.group].values if chart.latest else 0
        words = "No values" if values == 0 else f"Too few values for process limits ({values} of {spc.FEWEST_POINTS})"
        return mdc_icon("", words)
    return mdc_icon(chart.variation.value, chart.variation.label)


def assurance_of(chart: spc.Chart, indicator: Indicator, target: Decimal | None) -> dict[str, str]:
    """The assurance icon, or why there is none."""
    if chart.assurance is not None:
        label = chart.assurance.assurance.label
        return mdc_icon(chart.assurance.assurance.value, label[0].upper() + label[1:])
    if indicator.direction == Indicator.Direction.NEUTRAL:
        return mdc_icon("", "Not assessed: neither a higher nor a lower value is better")
    if target is None:
        return mdc_icon("", "No target to assess")
    return mdc_icon("", "Not assessed: too few values for process limits")


def sparkline(series: readings.Series) -> dict[str, Any]:
    """A small line of the series' values for an inline SVG (hidden from screen readers), and the trend in words
    beside it. The latest point is coloured as the chart colours it."""
    indicator = series.indicator
    values = [(point.period, point.value, point.type) for point in series.chart.points if point.value is not None]
    if not values:
        return {"points": "", "words": "No values reported"}
    # Drawn in floats: a line 24 pixels high needs no exact arithmetic, and a dashboard draws thousands of points.
    heights = [float(value) for _, value, _ in values]
    low, high = min(heights), max(heights)
    lowest, highest = heights.index(low), heights.index(high)
    scale = (SPARK_HEIGHT - 2 * SPARK_PAD) / (high - low) if high > low else 0.0
    middle = SPARK_HEIGHT / 2 if high == low else None
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)
    coordinates = [
        (f"{SPARK_PAD + index * step:.1f}", f"{middle or SPARK_HEIGHT - SPARK_PAD - (height - low) * scale:.1f}")
        for index, height in enumerate(heights)
    ]
    last_type = values[-1][2]

    def shown(value: Decimal) -> str:
        return rag_rules.figure(value, indicator.unit, indicator.decimals)

    first, last = values[0], values[-1]
    words = (
        f"{formatting.count(len(values), 'value')}, from {shown(first[1])} in "
        f"{rag_rules.period_words(first[0], indicator.frequency)} to {shown(last[1])} in "
        f"{rag_rules.period_words(last[0], indicator.frequency)}; lowest {shown(values[lowest][1])}, "
        f"highest {shown(values[highest][1])}"
        if len(values) > 1
        else f"One value: {shown(last[1])} in {rag_rules.period_words(last[0], indicator.frequency)}"
    )
    return {
        "points": " ".join(f"{x},{y}" for x, y in coordinates),
        "last": coordinates[-1],
        "colour": POINT_COLOURS[last_type or spc.PointType.COMMON_CAUSE],
        "words": words,
        "width": SPARK_WIDTH,
        "height": SPARK_HEIGHT,
    }


def latest_cells(series: readings.Series) -> dict[str, Any]:
    """What the dashboard and the place view show of a series: its latest figure and period, what it is rated
    against, the variance, and the RAG with the numbers and the rule that decided it."""
    indicator, call = series.indicator, series.rag
    latest = latest_figure(series)
    benchmark = (
        f"{rag_rules.figure(call.benchmark, indicator.unit, indicator.decimals)} ({call.against})"
        if call.benchmark is not None
        else "None"
    )
    return {
        "value": figure(latest.value, indicator.unit, indicator.decimals, latest.note) if latest else "None reported",
        "period": rag_rules.period_words(latest.period, indicator.frequency) if latest else "",
        "benchmark": benchmark,
        "variance": variance_words(call),
        "rag": call_tag(call),
        "rag_words": call.words,
        "rag_rule": rag_rules.rag_rule_text(call.rule),
    }


def dashboard_cells(row) -> dict[str, Any]:
    """A row of the system dashboard (a `dashboard.Row`): the indicator, and its figures in the row's area or, where
    it has none there, the areas that have them."""
    indicator, series = row.indicator, row.series
    cells: dict[str, Any] = {"indicator": indicator, "url": indicator.get_absolute_url(), "series": series}
    if series is None:
        cells["elsewhere"] = [(area.name, area_dashboard_url(area)) for area in row.elsewhere]
        return cells
    latest = latest_figure(series)
    target = series.target_for(latest.period) if latest else None
    return cells | {
        **latest_cells(series),
        "variation": variation_of(series.chart),
        "assurance": assurance_of(series.chart, indicator, target),
        "sparkline": sparkline(series),
    }


def area_dashboard_url(area: Area) -> str:
    """The dashboard of that area's figures."""
    base = reverse("dashboards:dashboard")
    if area.kind == Area.Kind.PLACE:
        return f"{base}?place={area.place.slug}"
    if area.kind == Area.Kind.ORGANISATION:
        return f"{base}?organisation={area.organisation.slug}"
    return base


# The dashboard's rows as a file, CSV and JSON alike: the same records, in the same order, as the page's rows.
DASHBOARD_COLUMNS = (
    "indicator",
    "name",
    "status",
    "area",
    "period",
    "value",
    "note",
    "plan",
    "target",
    "rated_against",
    "variance",
    "rag",
    "rag_words",
    "variation",
    "assurance",
    "figures_for",
)


def dashboard_record(row) -> dict[str, Any]:
    """A row of the dashboard (a `dashboard.Row`) for a file: numbers as numbers (None where there is none), the
    RAG, variation and assurance by their names in the indicator's JSON, and the RAG's words with its numbers."""
    indicator, series = row.indicator, row.series
    record: dict[str, Any] = dict.fromkeys(DASHBOARD_COLUMNS)
    record |= {
        "indicator": indicator.code,
        "name": indicator.name,
        "status": indicator.status,
        "area": row.area.code if row.area else None,
        "figures_for": [area.code for area in row.elsewhere],
    }
    if series is None:
        return record | {"rag": "grey", "rag_words": "No figures for this area"}
    call, latest = series.rag, latest_figure(series)
    if latest is not None:
        record |= {
            "period": f"{latest.period:%Y-%m}",
            "value": file_number(latest.value),
            "note": latest.note,
            "plan": file_number(series.plan_for(latest.period)),
            "target": file_number(series.target_for(latest.period)),
        }
    variance = call.reading.value - call.benchmark if call.reading and call.benchmark is not None else None
    return record | {
        "rated_against": call.against.value if call.against else None,
        "variance": file_number(variance),
        "rag": call.rag.value,
        "rag_words": call.words,
        "variation": series.chart.variation.value if series.chart.variation else None,
        "assurance": series.chart.assurance.assurance.value if series.chart.assurance else None,
    }


def dashboard_csv_row(record: dict[str, Any]) -> list[Any]:
    """A record as a CSV row under DASHBOARD_COLUMNS: empty for none, the areas with figures joined by ';'."""
    return [
        ";".join(value) if isinstance(value, list) else "" if value is None else value
        for value in (record[column] for column in DASHBOARD_COLUMNS)
    ]
