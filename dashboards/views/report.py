"""The integrated performance report: today's, for everyone; and, for staff, adding it to a meeting as a paper and
reading its figures again while the meeting is a draft. A meeting's report is read on its paper's page and in
the pack (governance.packs), through the paper's publication gate."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from blmk_portal import forms as nhs
from blmk_portal import spreadsheets
from blmk_portal.edit_views import form_page
from blmk_portal.page_cache import kept_for_each_person
from blmk_portal.roles import programme_office_required
from dashboards import performance_report, report_services
from dashboards.models import Indicator, PerformanceReport
from governance.models import AgendaItem, Meeting
from governance.packs import pack_for
from governance.records import MEETING, PAPER

SUGGEST_WORDS = ("perform", "against plan")


def _today(request: HttpRequest) -> performance_report.Report:
    indicators = list(Indicator.objects.visible_to(request.user))
    return performance_report.live_report(indicators, today=timezone.localdate())


@require_GET
@kept_for_each_person
def report_today(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboards/report.jinja", {"report": _today(request)})


@require_GET
def report_today_json(request: HttpRequest) -> HttpResponse:
    return _json(_today(request))


@require_GET
def report_today_csv(request: HttpRequest) -> HttpResponse:
    return _csv(_today(request), "performance-report.csv")


@require_GET
def kept_report_json(request: HttpRequest, board: str, date, paper: int) -> HttpResponse:
    return _json(_kept(request, board, date, paper))


@require_GET
def kept_report_csv(request: HttpRequest, board: str, date, paper: int) -> HttpResponse:
    return _csv(_kept(request, board, date, paper), f"performance-report-{board}-{date:%Y-%m-%d}.csv")


def _kept(request: HttpRequest, board: str, date, paper: int) -> performance_report.Report:
    """A meeting's report as its paper keeps it, through the paper's gate: a Part II report is its members' only."""
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), board__slug=board, date=date)
    shown = pack_for(meeting, request.user).paper(paper)
    if shown is None or shown.report is None:
        raise Http404("No such report")
    return shown.report


def _json(report: performance_report.Report) -> HttpResponse:
    rows = [dict(zip(performance_report.COLUMNS, row, strict=True)) for row in performance_report.rows_of(report)]
    data = {"as_at": report.as_at.isoformat(), "indicators": rows}
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _csv(report: performance_report.Report, name: str) -> HttpResponse:
    """The same rows as the JSON, under one header row."""
    response = HttpResponse(
        spreadsheets.csv_text(performance_report.COLUMNS, performance_report.rows_of(report)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class AddReportForm(nhs.Form):
    item = nhs.ChoiceField(label="Agenda item it is presented at", radios=True)
    reference = nhs.CharField(
        label="Paper reference (optional)",
        max_length=40,
        required=False,
        help_text="As the pack numbers it, e.g. Paper 7",
    )

    def __init__(self, *args, items: list[AgendaItem], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.items = {str(item.pk): item for item in items}
        self.fields["item"].choices = [(pk, str(item)) for pk, item in self.items.items()]

    def clean_item(self) -> AgendaItem:
        return self.items[self.cleaned_data["item"]]


@programme_office_required
def report_add(request: HttpRequest, board: str, date) -> HttpResponse:
    """Add the report to a meeting as a paper at one of its agenda items, with today's figures kept; where it has
    one already, say what it holds and offer to read its figures again."""
    meeting: Meeting = MEETING.get({"board": board, "date": date})
    existing = PerformanceReport.objects.filter(paper__meeting=meeting).select_related("paper").first()
    page = MEETING.page(meeting, "report", title="Add the performance report")
    page["breadcrumbs"] = MEETING.breadcrumbs(meeting)
    page["heading"] = "Add the performance report"
    if existing is not None:
        return render(request, "dashboards/report_add.jinja", {**page, "meeting": meeting, "existing": existing})
    items = list(meeting.items.all())
    if not items:
        return render(request, "dashboards/report_add.jinja", {**page, "meeting": meeting, "no_items": True})
    # The item that presents performance, as agendas name it ("Performance report", "Recovery - actual against plan").
    suggested = next((item for item in items if any(w in item.title.lower() for w in SUGGEST_WORDS)), None)

    def save(values):
        return report_services.add_to_meeting(
            meeting=meeting,
            item=values["item"],
            reference=values["reference"],
            by=request.user,
            today=timezone.localdate(),
        )

    return form_page(
        request,
        form_class=AddReportForm,
        form_kwargs={"items": items},
        initial={"item": str(suggested.pk)} if suggested else None,
        save=save,
        done=lambda paper: ("The performance report was added to the meeting", PAPER.url(paper)),
        context={
            **page,
            "intro": (
                "The report is added as a paper with today's figures for every published indicator. Until the "
                "meeting is published you can read its figures again; once it is published they are kept as the "
                "board saw them."
            ),
            "submit_text": "Add the performance report",
        },
    )


@programme_office_required
@require_POST
def report_read_again(request: HttpRequest, board: str, date) -> HttpResponse:
    meeting: Meeting = MEETING.get({"board": board, "date": date})
    report = PerformanceReport.objects.filter(paper__meeting=meeting).first()
    if report is None:
        messages.error(request, "This meeting has no performance report yet")
        return redirect("dashboards:report_add", **meeting.url_kwargs())
    try:
        report_services.read_figures_again(report=report, by=request.user, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The performance report now has today's figures")
    return redirect("dashboards:report_add", **meeting.url_kwargs())
