from django.urls import path

from priorities.records import MILESTONE, PLAN, PRIORITY, PROGRAMME, RISK
from priorities.views import manage, public, reports, risks

app_name = "priorities"

urlpatterns = [
    path("priorities/", public.priority_list, name="priority_list"),
    path("priorities/<slug:plan>/", public.plan_detail, name="plan_detail"),
    path("priorities/<slug:plan>/<slug:priority>/", public.priority_detail, name="priority_detail"),
    # Staff: fixed words first, then plans before priorities before programmes (see Record.urls).
    path("manage/priorities/", manage.index, name="manage_index"),
    path("manage/priorities/reporting-round/", manage.reporting_round, name="reporting_round"),
    path("manage/priorities/risks/", risks.risk_list, name="risk_list"),
    *RISK.urls(),
    path(f"{MILESTONE.path}status/", manage.milestone_status, name="milestone_status"),
    path(f"{MILESTONE.path}status/<int:update>/withdraw/", manage.status_withdraw, name="status_withdraw"),
    *MILESTONE.urls(),
    *PLAN.urls(),
    *PRIORITY.urls(),
    *PROGRAMME.urls(),
    path(f"{PROGRAMME.path}sign-off/", manage.sign_off, name="sign_off"),
    path(f"{PROGRAMME.path}highlight/", reports.highlight_report, name="highlight_report"),
    path(f"{PROGRAMME.path}highlight.pdf", reports.highlight_report_pdf, name="highlight_report_pdf"),
]
