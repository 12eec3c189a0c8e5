"""The highlight report of a programme for a reporting period: the statuses then and the period before with the
direction of travel, what staff wrote for the board (achievements, next steps, issues, decisions needed) and the
open risks, as a page and a PDF.

Anyone may read the report of a published programme at its public address, boards' members among them, through
the publication gate: statuses and sections as signed off for the period. Staff read and write it from the
programme's staff pages, where what awaits sign-off shows too, marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from blmk_portal.edit_views import form_page
from blmk_portal.forms import error_list
from blmk_portal.history import history_for
from blmk_portal.page_cache import kept_for_each_person
from blmk_portal.pdf import render_pdf
from blmk_portal.rag import Rag, rag_tag
from blmk_portal.roles import is_programme_office, programme_office_required
from dashboards.agreement import flags_for_programmes
from priorities import services
from priorities.forms import HighlightPeriodForm, HighlightReportForm
from priorities.highlight_rules import direction_of_travel, periods_to_choose, status_in
from priorities.models import HighlightReport, Programme, Risk, SignOff, StatusUpdate
from priorities.period_rules import Period, recent_periods, reporting_period
from priorities.presenters import AWAITING_SIGN_OFF, MilestonePresenter, RiskPresenter, places_text, sign_off_text
from priorities.queries import programmes_with_history
from priorities.records import PROGRAMME
from priorities.status_rules import overall_rag, overall_rule_text

# Landscape, with the commentary column given the width, and a footer kept to one line (see the file).
HIGHLIGHT_STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "highlight_report.css"
# The quarters staff may pick to write for, though nothing is reported for them yet.
PERIODS_STAFF_MAY_WRITE = 4
SECTIONS = ("achievements", "planned_next", "issues_and_risks", "decisions_needed")


@dataclass
class MilestoneRow:
    milestone: MilestonePresenter
    now: StatusUpdate | None
    before: StatusUpdate | None
    period: str

    @property
    def now_tag(self) -> dict[str, str]:
        return rag_tag(self.now.rag if self.now else None)

    @property
    def before_tag(self) -> dict[str, str]:
        return rag_tag(self.before.rag if self.before else None)

    @property
    def direction(self) -> str:
        return direction_of_travel(self.now.rag if self.now else None, self.before.rag if self.before else None)

    @property
    def carried_forward(self) -> str | None:
        """When its status stands from an earlier period (no update for this one), which."""
        if self.now is None or self.now.reporting_period == self.period:
            return None
        return self.now.reporting_period

    @property
    def awaiting_sign_off(self) -> dict[str, str] | None:
        """Marked for staff: not public until the period is signed off."""
        return AWAITING_SIGN_OFF if self.now is not None and not self.now.signed_off else None


def _report(request: HttpRequest, plan: str, priority: str, programme: str) -> dict:
    """Everything the page and the PDF show, for the period chosen (or the latest). A fixed number of queries."""
    user = request.user
    item = get_object_or_404(
        programmes_with_history(Programme.objects.visible_to(user).select_related("priority__plan"), user),
        priority__plan__slug=plan,
        priority__slug=priority,
        slug=programme,
    )
    milestones = [MilestonePresenter(milestone) for milestone in item.milestones.all()]
    written_for = HighlightReport.objects.visible_to(user).filter(programme=item)
    sections = {report.reporting_period: report for report in written_for}
    today = timezone.localdate()
    reported = {update.reporting_period for milestone in milestones for update in milestone.updates} | set(sections)
    staff = is_programme_office(user)
    periods = periods_to_choose(reported, also=recent_periods(today, PERIODS_STAFF_MAY_WRITE) if staff else ())
    latest = max(reported, key=Period.parse, default=reporting_period(today))
    chooser = HighlightPeriodForm(request.GET or None, periods=periods or [latest])
    period = (chooser.cleaned_data["period"] if chooser.is_valid() else "") or latest
    previous = str(Period.parse(period).previous)

    rows = [
        MilestoneRow(milestone, status_in(milestone.updates, period), status_in(milestone.updates, previous), period)
        for milestone in milestones
    ]
    now = overall_rag([row.now.rag if row.now else None for row in rows])
    before = overall_rag([row.before.rag if row.before else None for row in rows])
    anything_before = any(row.before for row in rows)
    counts = {rag: 0 for rag in Rag}
    for row in rows:
        counts[Rag(row.now.rag) if row.now else Rag.GREY] += 1
    sign_off = SignOff.objects.filter(programme=item, reporting_period=period).first()
    written = sections.get(period)
    return {
        "programme": item,
        "period": period,
        "latest": latest,
        "previous": previous,
        "chooser": chooser,
        "overall": {
            "now": rag_tag(now),
            "before": rag_tag(before) if anything_before else None,
            "direction": direction_of_travel(now, before if anything_before else None),
            "rule": overall_rule_text("milestone"),
            # An override is the programme office's view of today, so it is shown with the latest period only.
            "override": rag_tag(item.rag_override) if item.rag_override and period == latest else None,
            "override_reason": item.rag_override_reason,
        },
        "counts": [{"tag": rag_tag(rag), "count": count} for rag, count in counts.items()],
        "rows": rows,
        "sections": [{"label": _label(name), "text": getattr(written, name, "")} for name in SECTIONS],
        "sign_off": sign_off_text(sign_off) if sign_off else None,
        "places": places_text(item),
        "risks": [
            RiskPresenter(risk) for risk in Risk.objects.visible_to(user).filter(programme=item, state=Risk.State.OPEN)
        ],
        "today": today,
        "staff": staff,
        # Beside today's statuses only, as the statistics are today's.
        "disagreements": flags_for_programmes([item], user, today=today).get(item.pk, []) if period == latest else [],
    }


def _label(name: str) -> str:
    return str(HighlightReport._meta.get_field(name).verbose_name).capitalize()


def _page(request: HttpRequest, report: dict, *, pdf_url: str, breadcrumbs: list[dict]) -> HttpResponse:
    item = report["programme"]
    edit_url = reverse("priorities:highlight_report_edit", kwargs=item.url_kwargs()) if report["staff"] else None
    # The latest period's PDF keeps one address; an earlier one's names its period.
    chosen = "" if report["period"] == report["latest"] else f"?{urlencode({'period': report['period']})}"
    return render(
        request,
        "priorities/manage/highlight_report.jinja",
        {
            **report,
            "pdf_url": pdf_url + chosen,
            "edit_url": f"{edit_url}?{urlencode({'period': report['period']})}" if edit_url else None,
            "errors": error_list(report["chooser"]),
            "breadcrumbs": breadcrumbs,
        },
    )


def _pdf(request: HttpRequest, report: dict) -> HttpResponse:
    html = render_to_string("priorities/manage/highlight_report_pdf.jinja", {**report, "pdf": True}, request=request)
    response = HttpResponse(render_pdf(html, HIGHLIGHT_STYLESHEET), content_type="application/pdf")
    period = report["period"].replace("/", "-").replace(" ", "-").lower()
    response["Content-Disposition"] = f'inline; filename="highlight-report-{report["programme"].slug}-{period}.pdf"'
    return response


def public_breadcrumbs(programme: Programme) -> list[dict]:
    priority = programme.priority
    return [
        {"text": "Home", "href": "/"},
        {"text": "Priorities", "href": reverse("priorities:priority_list")},
        {"text": priority.plan.title, "href": priority.plan.get_absolute_url()},
        {"text": f"{priority.code} {priority.title}", "href": programme.get_absolute_url()},
    ]


def public_highlight_report(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    """The report as the public and boards read it (staff too, with what awaits sign-off marked)."""
    report = _report(request, plan, priority, programme)
    item = report["programme"]
    pdf_url = reverse("priorities:public_highlight_report_pdf", kwargs=item.url_kwargs())
    return _page(request, report, pdf_url=pdf_url, breadcrumbs=public_breadcrumbs(item))


def public_highlight_report_pdf(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    return _pdf(request, _report(request, plan, priority, programme))


@programme_office_required
@kept_for_each_person
def highlight_report(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    report = _report(request, plan, priority, programme)
    item = report["programme"]
    pdf_url = reverse("priorities:highlight_report_pdf", kwargs=item.url_kwargs())
    return _page(request, report, pdf_url=pdf_url, breadcrumbs=PROGRAMME.breadcrumbs(item))


@programme_office_required
@kept_for_each_person
def highlight_report_pdf(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    return _pdf(request, _report(request, plan, priority, programme))


@programme_office_required
@require_http_methods(["GET", "POST"])
def highlight_report_edit(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    """Write the sections of a programme's report for a period (?period=, this quarter when none is given)."""
    item = PROGRAMME.get({"plan": plan, "priority": priority, "programme": programme})
    try:
        period = str(Period.parse(request.GET.get("period") or reporting_period(timezone.localdate())))
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    written = HighlightReport.objects.filter(programme=item, reporting_period=period).first()
    report_url = f"{reverse('priorities:highlight_report', kwargs=item.url_kwargs())}?{urlencode({'period': period})}"
    signed_off = SignOff.objects.filter(programme=item, reporting_period=period).exists()
    return form_page(
        request,
        form_class=HighlightReportForm,
        item=written,
        initial={name: getattr(written, name) for name in SECTIONS} if written else None,
        save=lambda values, opened_at_version=None: services.highlight_report_save(
            programme=item, reporting_period=period, values=values, opened_at_version=opened_at_version, by=request.user
        ),
        done=lambda saved: (f"Highlight report for {period} saved", report_url),
        context=lambda: {
            "title": f"Highlight report for {period}: {item.title}",
            "heading": f"Highlight report for {period}",
            "caption": item.title,
            "intro": (
                f"{item.title} is signed off for {period}: what you save here is public at once."
                if signed_off
                else f"What you write here goes public when {item.title} is signed off for {period}."
            ),
            "history": history_for(written) if written else [],
            "cancel_url": report_url,
            "breadcrumbs": PROGRAMME.breadcrumbs(item),
        },
        template="priorities/manage/highlight_report_edit.jinja",
    )
