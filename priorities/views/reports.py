"""The highlight report of a programme: status, milestones, risks and latest commentary, as a page and a PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from blmk_portal.pdf import render_pdf
from blmk_portal.rag import Rag, rag_tag
from blmk_portal.roles import programme_office_required
from priorities.models import Programme, Risk
from priorities.period_rules import reporting_period
from priorities.presenters import ProgrammePresenter, RiskPresenter, places_text
from priorities.queries import programmes_with_history
from priorities.records import PROGRAMME

LATEST_COMMENTARY_COUNT = 5


def _report(plan: str, priority: str, programme: str, user) -> dict:
    item = get_object_or_404(
        programmes_with_history(Programme.objects.select_related("priority__plan"), user),
        priority__plan__slug=plan,
        priority__slug=priority,
        slug=programme,
    )
    presenter = ProgrammePresenter(item)
    counts = {rag: 0 for rag in Rag}
    for milestone in presenter.milestones:
        counts[milestone.rag] += 1
    updates = sorted(
        (update for milestone in presenter.milestones for update in milestone.updates),
        key=lambda update: update.created_at,
        reverse=True,
    )
    risks = Risk.objects.filter(programme=item, state=Risk.State.OPEN)
    today = timezone.localdate()
    return {
        "programme": item,
        "presenter": presenter,
        "places": places_text(item),
        "counts": [{"tag": rag_tag(rag), "count": count} for rag, count in counts.items()],
        "latest": [
            {"status_update": update, "tag": rag_tag(update.rag), "milestone": update.milestone}
            for update in updates[:LATEST_COMMENTARY_COUNT]
        ],
        "risks": [RiskPresenter(risk) for risk in risks],
        "period": reporting_period(today),
        "today": today,
    }


@programme_office_required
def highlight_report(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    report = _report(plan, priority, programme, request.user)
    item = report["programme"]
    return render(
        request,
        "priorities/manage/highlight_report.jinja",
        {
            **report,
            "breadcrumbs": PROGRAMME.breadcrumbs(item),
        },
    )


@programme_office_required
def highlight_report_pdf(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    report = _report(plan, priority, programme, request.user)
    html = render_to_string("priorities/manage/highlight_report_pdf.jinja", report, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="highlight-report-{report["programme"].slug}.pdf"'
    return response
