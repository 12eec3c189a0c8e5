"""Writes of the integrated performance report: adding it to a meeting as a paper with today's figures kept, and
reading them again while the meeting is a draft. Apart from the reads (`performance_report`), which the pack
imports: these write a paper through governance's services."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dashboards.models import Indicator, PerformanceReport, ReportFigure
from dashboards.performance_report import live_report, system_area
from governance.models import AgendaItem, Meeting, Paper
from governance.services import paper_create

TITLE = "Integrated performance report"
SUMMARY = (
    "The latest BLMK figure of every published indicator against its plan (or target), with its RAG and what its "
    "statistical process control chart says: indicators showing special cause concern first, then those that "
    "will not meet their target without change, then the rest."
)


def report_indicators() -> list[Indicator]:
    """The indicators a board's report covers: the published ones, as the public may read them."""
    return list(Indicator.objects.visible_to(AnonymousUser()))


def _keep_figures(report: PerformanceReport, *, today: dt.date) -> None:
    live = live_report(report_indicators(), today=today)
    area = system_area()
    ReportFigure.objects.filter(report=report).delete()
    ReportFigure.objects.bulk_create(
        ReportFigure(
            report=report,
            order=order,
            indicator_id=line.indicator_pk,
            area=area,
            name=line.name,
            period=line.period,
            value=line.value,
            value_words=line.value_words,
            benchmark_words=line.benchmark_words,
            rag=line.rag,
            rag_words=line.rag_words,
            variation=line.variation or "",
            assurance=line.assurance or "",
            attention=line.attention,
            summary=line.summary,
        )
        for order, line in enumerate(live.lines)
    )


@transaction.atomic
def add_to_meeting(*, meeting: Meeting, item: AgendaItem, reference: str, by, today: dt.date) -> Paper:
    """The report as a paper at this agenda item, with today's figures kept. One report a meeting."""
    if PerformanceReport.objects.filter(paper__meeting=meeting).exists():
        raise ValidationError("This meeting already has the performance report: read its figures again instead")
    values = {
        "items": [item],
        "reference": reference,
        "title": TITLE,
        "purposes": [Paper.CoverPurpose.INFORMATION],
        "summary": SUMMARY,
    }
    paper = paper_create(meeting=meeting, values=values, by=by)
    report = PerformanceReport.objects.create(paper=paper, as_at=today, taken_by=by)
    _keep_figures(report, today=today)
    return paper


@transaction.atomic
def read_figures_again(*, report: PerformanceReport, by, today: dt.date) -> PerformanceReport:
    """Today's figures in place of those kept, while the meeting is a draft; refused once it is published, as
    the board's record keeps what the board saw. The paper's version moves on, so the pack is built afresh."""
    report = PerformanceReport.objects.select_for_update().select_related("paper__meeting").get(pk=report.pk)
    if report.paper.meeting.is_published:
        raise ValidationError(
            "The meeting is published, so the report is kept as the board saw it: its figures cannot change"
        )
    _keep_figures(report, today=today)
    PerformanceReport.objects.filter(pk=report.pk).update(as_at=today, taken_by=by, taken_at=timezone.now())
    Paper.objects.filter(pk=report.paper_id).update(version=F("version") + 1)
    report.refresh_from_db()
    return report
