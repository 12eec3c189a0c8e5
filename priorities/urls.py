from django.urls import path

from priorities import feeds
from priorities.records import MILESTONE, PLAN, PRIORITY, PROGRAMME, RISK
from priorities.views import manage, public, reports, risks, tracker

app_name = "priorities"

urlpatterns = [
    path("priorities/", public.priority_list, name="priority_list"),
    path("priorities/status.atom", feeds.status_feed, name="status_feed"),
    path("priorities/<slug:plan>/", public.plan_detail, name="plan_detail"),
    path("priorities/<slug:plan>/<slug:priority>/", public.priority_detail, name="priority_detail"),
    path("priorities/<slug:plan>/<slug:priority>/status.atom", feeds.status_feed, name="priority_status_feed"),
    path(
        "priorities/<slug:plan>/<slug:priority>/<slug:programme>/highlight/",
        reports.public_highlight_report,
        name="public_highlight_report",
    ),
    path(
        "priorities/<slug:plan>/<slug:priority>/<slug:programme>/highlight.pdf",
        reports.public_highlight_report_pdf,
        name="public_highlight_report_pdf",
    ),
    # Staff: fixed words first, then plans before priorities before programmes (see Record.urls).
    path("manage/priorities/", manage.index, name="manage_index"),
    path("manage/priorities/reporting-round/", manage.reporting_round, name="reporting_round"),
    path("manage/priorities/risks/", risks.risk_list, name="risk_list"),
    path("manage/priorities/risks.<str:format>", risks.risk_export, name="risk_export"),
    *RISK.urls(),
    path(f"{MILESTONE.path}status/", manage.milestone_status, name="milestone_status"),
    path(f"{MILESTONE.path}status/<int:update>/withdraw/", manage.status_withdraw, name="status_withdraw"),
    *MILESTONE.urls(),
    # A plan's tracker in Excel: before the plan's priorities, whose slugs would take "tracker".
    path(f"{PLAN.path}tracker.xlsx", tracker.tracker_download, name="tracker_download"),
    path(f"{PLAN.path}tracker/", tracker.tracker_upload, name="tracker_upload"),
    path(f"{PLAN.path}tracker/<int:pk>/", tracker.tracker_import, name="tracker_import"),
    path(f"{PLAN.path}tracker/<int:pk>/commit/", tracker.tracker_commit, name="tracker_commit"),
    path(f"{PLAN.path}tracker/<int:pk>/undo/", tracker.tracker_undo, name="tracker_undo"),
    *PLAN.urls(),
    *PRIORITY.urls(),
    *PROGRAMME.urls(),
    path(f"{PROGRAMME.path}sign-off/", manage.sign_off, name="sign_off"),
    path(f"{PROGRAMME.path}highlight/", reports.highlight_report, name="highlight_report"),
    path(f"{PROGRAMME.path}highlight.pdf", reports.highlight_report_pdf, name="highlight_report_pdf"),
    path(f"{PROGRAMME.path}highlight/edit/", reports.highlight_report_edit, name="highlight_report_edit"),
]
