"""The integrated performance report: every indicator's latest BLMK figure against plan, with its RAG, its variation
and its assurance, those needing attention first (special cause concern, then failing assurance, then the rest).

Read live for today's page; as a paper of a meeting, its figures are kept (`PerformanceReport`, `ReportFigure`)
so the pack shows what the board saw. They may be read again while the meeting is a draft; once it is published
they never change, and where a return is revised afterwards the indicator's live page says so with both values
(`revisions_since_reports`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, OuterRef, Q, Subquery

from blmk_portal.formatting import date as date_words
from blmk_portal.rag import Rag, rag_tag
from dashboards import presenters, rag_rules, readings, spc
from dashboards.models import Area, Indicator, Kind, Note, PerformanceReport, Point, ReportFigure
from governance.models import Meeting, Paper

Attention = ReportFigure.Attention
ATTENTION_ORDER = (Attention.CONCERN, Attention.ASSURANCE, Attention.NONE)
CONCERN = (spc.Variation.CONCERN_HIGH, spc.Variation.CONCERN_LOW)


@dataclass(frozen=True)
class Line:
    """One indicator's line of the report, as it reads."""

    indicator_pk: int
    code: str
    name: str
    period: dt.date | None
    value: Decimal | None
    value_words: str
    benchmark_words: str
    rag: Rag
    rag_words: str
    variation: spc.Variation | None
    assurance: spc.Assurance | None
    attention: Attention
    summary: str

    @property
    def rag_tag(self) -> dict[str, str]:
        """The tag's word as the report printed it (its RAG words begin with it), in its colour."""
        return {"text": self.rag_words.partition(":")[0], "classes": rag_tag(self.rag)["classes"]}

    @property
    def variation_words(self) -> str:
        return self.variation.label if self.variation else "Too few values for process limits"

    @property
    def assurance_words(self) -> str:
        if self.assurance is None:
            return "No assurance: no target, or too few values"
        return self.assurance.label[0].upper() + self.assurance.label[1:]

    @property
    def variation_icon(self) -> dict[str, str]:
        """The Making Data Count icon as the icon macros draw it."""
        return presenters.mdc_icon(self.variation or "", self.variation_words)

    @property
    def assurance_icon(self) -> dict[str, str]:
        return presenters.mdc_icon(self.assurance or "", self.assurance_words)

    @property
    def url(self) -> str:
        return f"/dashboards/indicators/{self.code}/"


@dataclass(frozen=True)
class Report:
    """The report's lines, in the order it reads them, as at a day; `kept` when they are the board's record."""

    as_at: dt.date
    lines: tuple[Line, ...]
    kept: bool = False
    paper: Paper | None = None

    @property
    def sections(self) -> list[tuple[str, list[Line]]]:
        """Each kind of attention that has lines, with its heading."""
        groups = [
            (attention.label, [line for line in self.lines if line.attention == attention])
            for attention in ATTENTION_ORDER
        ]
        return [(heading, lines) for heading, lines in groups if lines]

    @property
    def as_at_words(self) -> str:
        return date_words(self.as_at)


# The report as data (CSV and JSON): one row a line, in the report's order.
COLUMNS = (
    "code",
    "name",
    "attention",
    "period",
    "value",
    "plan_or_target",
    "rag",
    "rag_words",
    "variation",
    "assurance",
    "summary",
)


def rows_of(report: Report) -> list[tuple]:
    """Each line's values under COLUMNS: the period as YYYY-MM, the value a number, icons by their names."""
    return [
        (
            line.code,
            line.name,
            line.attention or "none",
            f"{line.period:%Y-%m}" if line.period else None,
            float(line.value) if line.value is not None else None,
            line.benchmark_words or None,
            line.rag.value,
            line.rag_words,
            line.variation.value if line.variation else None,
            line.assurance.value if line.assurance else None,
            line.summary,
        )
        for line in report.lines
    ]


def attention_of(chart: spc.Chart) -> Attention:
    """Concern where the latest value shows special cause concern, else failing assurance, else none."""
    if chart.variation in CONCERN:
        return Attention.CONCERN
    if chart.assurance is not None and chart.assurance.assurance == spc.Assurance.FAIL:
        return Attention.ASSURANCE
    return Attention.NONE


def line_of(series: readings.Series) -> Line:
    indicator, call, chart = series.indicator, series.rag, series.chart
    reading = call.reading
    value_words = benchmark_words = ""
    if reading is not None:
        places = indicator.decimals
        if call.benchmark is not None:
            places = rag_rules.places_to_tell_apart(indicator.decimals, (reading.value, call.benchmark))
            benchmark_words = (
                f"{call.against.label.capitalize()}: {rag_rules.figure(call.benchmark, indicator.unit, places)}"
            )
        value_words = rag_rules.figure(reading.value, indicator.unit, places)
    return Line(
        indicator_pk=indicator.pk,
        code=indicator.code,
        name=indicator.name,
        period=reading.period if reading else None,
        value=reading.value if reading else None,
        value_words=value_words,
        benchmark_words=benchmark_words,
        rag=call.rag,
        rag_words=call.words,
        variation=chart.variation,
        assurance=chart.assurance.assurance if chart.assurance else None,
        attention=attention_of(chart),
        summary=rag_rules.spc_summary(indicator.name, call, chart),
    )


def in_order(lines: Iterable[Line]) -> tuple[Line, ...]:
    """Concern first, then failing assurance, then the rest; by name within each."""
    return tuple(sorted(lines, key=lambda line: (ATTENTION_ORDER.index(line.attention), line.name, line.code)))


def system_area() -> Area | None:
    return Area.objects.filter(kind=Area.Kind.SYSTEM).first()


def live_report(indicators: Sequence[Indicator], *, today: dt.date) -> Report:
    """Today's report of these indicators (the caller has read them through the gate). Four queries."""
    area = system_area()
    if area is None or not indicators:
        return Report(today, ())
    series = readings.read(indicators, today=today, areas=[area])
    return Report(today, in_order(line_of(one) for one in series.values()))


def report_from_kept(report: PerformanceReport, paper: Paper, figures: Iterable[ReportFigure]) -> Report:
    """A meeting's report as its figures were kept (with their indicators)."""
    lines = [
        Line(
            indicator_pk=figure.indicator_id,
            code=figure.indicator.code,
            name=figure.name,
            period=figure.period,
            value=figure.value,
            value_words=figure.value_words,
            benchmark_words=figure.benchmark_words,
            rag=Rag(figure.rag),
            rag_words=figure.rag_words,
            variation=spc.Variation(figure.variation) if figure.variation else None,
            assurance=spc.Assurance(figure.assurance) if figure.assurance else None,
            attention=Attention(figure.attention),
            summary=figure.summary,
        )
        for figure in figures
    ]
    return Report(report.as_at, tuple(lines), kept=paper.meeting.is_published, paper=paper)


def reports_of_papers(papers: Sequence[Paper]) -> dict[int, Report]:
    """The performance report each of these papers carries, by paper pk. The papers were read with
    `select_related("performance_report")`, so papers without one cost nothing; those with one, one query."""
    kept = {}
    for paper in papers:
        try:
            kept[paper.pk] = paper.performance_report
        except PerformanceReport.DoesNotExist:
            continue
    if not kept:
        return {}
    figures: dict[int, list[ReportFigure]] = defaultdict(list)
    for figure in ReportFigure.objects.filter(report__in=list(kept.values())).select_related("indicator"):
        figures[figure.report_id].append(figure)
    by_pk = {paper.pk: paper for paper in papers}
    return {pk: report_from_kept(report, by_pk[pk], figures[report.pk]) for pk, report in kept.items()}


@dataclass(frozen=True)
class Revision:
    """A figure a published report printed that has changed since."""

    meeting: Meeting
    paper: Paper
    period: dt.date
    reported: str  # as the report printed it
    now: str  # as it stands

    @property
    def words(self) -> str:
        """ "Revised since the report of 9 June 2021: March 2021 was 90.30% in the report, now 91.20%." """
        return (
            f"Revised since the report of {date_words(self.meeting.date)}: {self.period:%B %Y} was {self.reported} "
            f"in the report, now {self.now}."
        )


def revisions_since_reports(indicator: Indicator, user) -> list[Revision]:
    """Each figure of this indicator that a published report the reader may see printed, and that a return has
    revised since; newest meeting first. One query."""
    current = Point.objects.filter(
        indicator=OuterRef("indicator"), area=OuterRef("area"), kind=Kind.ACTUAL, period=OuterRef("period")
    )
    figures = (
        ReportFigure.objects.filter(
            indicator=indicator,
            period__isnull=False,
            report__in=PerformanceReport.objects.visible_to(user).kept_as_published(),
        )
        .annotate(now_value=Subquery(current.values("value")[:1]), now_note=Subquery(current.values("note")[:1]))
        .filter(Q(now_value__isnull=True) | ~Q(now_value=F("value")))
        .select_related("report__paper__meeting__board")
        .order_by("-report__paper__meeting__date", "-period")
    )
    revisions = []
    for figure in figures:
        reported = figure.value_words
        if figure.now_value is None:
            now = Note(figure.now_note).label.lower() if figure.now_note else "no longer reported"
        else:
            places = rag_rules.places_to_tell_apart(indicator.decimals, (figure.value, figure.now_value))
            reported = rag_rules.figure(figure.value, indicator.unit, places)
            now = rag_rules.figure(figure.now_value, indicator.unit, places)
        paper = figure.report.paper
        revisions.append(Revision(paper.meeting, paper, figure.period, reported, now))
    return revisions
