"""The dashboards app's open datasets (blmk_portal/open_data.py): the indicators, and every return of every
indicator with its plan, target, RAG and SPC reading, row for row as each indicator's own CSV gives them (ADR 15),
made by the same presenters from the same readings."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils import timezone

from blmk_portal.open_data import NUMBER, TEXT, URL, Dataset, Field
from dashboards import presenters, readings
from dashboards.models import Indicator


def _indicators(user) -> list[Indicator]:
    return list(Indicator.objects.visible_to(user).order_by("code"))


def indicator_rows(user):
    for indicator in _indicators(user):
        yield {
            "code": indicator.code,
            "name": indicator.name,
            "definition": indicator.definition,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "frequency": indicator.get_frequency_display(),
            "data_source": indicator.data_source,
            "owner": indicator.owner,
            "page": reverse("dashboards:indicator_detail", kwargs={"indicator": indicator.code}),
            "figures": reverse("dashboards:indicator_json", kwargs={"indicator": indicator.code}),
        }


def return_rows(user):
    """Each indicator's points in its contract's order (system, places, organisations; periods in order)."""
    indicators = _indicators(user)
    # The series keyed as readings.read keys them, (indicator, area), grouped by their indicator.
    found: dict[int, dict[tuple[int, int], readings.Series]] = defaultdict(dict)
    for key, series in readings.read(indicators, today=timezone.localdate()).items():
        found[key[0]][key] = series
    for indicator in indicators:
        contract = presenters.indicator_contract(indicator, presenters.ordered_series(found[indicator.pk]))
        for row in presenters.contract_rows(contract):
            yield dict(zip(presenters.CSV_COLUMNS, row, strict=True))


INDICATORS = Dataset(
    slug="indicators",
    title="Indicators",
    description="The measures the partnership reports on its dashboards: what each measures, its unit, which way is "
    "better, how often it is reported and where the figures come from.",
    fields=(
        Field("code", TEXT, "The indicator's code, as returns name it", "AE4HR"),
        Field("name", TEXT, "Its name", "A&E 4 hours: patients admitted, transferred or discharged within 4 hours"),
        Field(
            "definition",
            TEXT,
            "What it measures",
            "% of patients admitted, transferred or discharged from A&E within 4 hours",
        ),
        Field("unit", TEXT, "Its unit, as its figures' JSON gives it (percent, count, per_1000, ...)", "percent"),
        Field("direction", TEXT, "Which way is better: higher, lower or neutral", "higher"),
        Field("frequency", TEXT, "How often it is reported", "Monthly"),
        Field(
            "data_source",
            TEXT,
            "Where its figures come from",
            "NHS Improvement and Assessment Framework (IAF) data, as reported in the STP Progress Dashboard",
        ),
        Field("owner", TEXT, "Who reports it", "BLMK STP"),
        Field("page", URL, "Its page, with its chart and table", "/dashboards/indicators/AE4HR/ (as a full address)"),
        Field("figures", URL, "Its figures as JSON (ADR 15's contract)", "/dashboards/indicators/AE4HR.json"),
    ),
    rows=indicator_rows,
    tables=("dashboards.Indicator",),
)

RETURNS = Dataset(
    slug="indicator-returns",
    title="Indicator returns",
    description="Every return of every indicator, for BLMK, each place and each organisation: the value reported "
    "for each period with the plan and target for it, its RAG, and the SPC chart's reading, mean and limits.",
    fields=(
        Field("indicator", TEXT, "The indicator's code", "AE4HR"),
        Field("area", TEXT, "Where: BLMK, a place's slug or an organisation's short name", "BLMK"),
        Field("period", TEXT, "The month, YYYY-MM", "2017-07"),
        Field("value", NUMBER, "The value reported; empty where none was", "95.1"),
        Field("plan", NUMBER, "The operating plan's figure for the month; empty if none", ""),
        Field("target", NUMBER, "The target in force then; empty if none", "95"),
        Field("rag", TEXT, "Its RAG when it was the latest: red, amber, green or grey", "green"),
        Field(
            "spc",
            TEXT,
            "The SPC reading: common_cause, special_cause_improvement, special_cause_concern, "
            "special_cause_neutral; empty where there are too few values",
            "",
        ),
        Field("mean", NUMBER, "The mean of its group of values between change points", ""),
        Field("upper_limit", NUMBER, "The upper process limit", ""),
        Field("lower_limit", NUMBER, "The lower process limit", ""),
    ),
    rows=return_rows,
    tables=("dashboards.Indicator", "dashboards.Point", "dashboards.ChangePoint"),
)

DATASETS = (INDICATORS, RETURNS)
