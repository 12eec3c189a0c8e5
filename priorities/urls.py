from django.urls import path

from priorities.views import manage, public, reports, risks

app_name = "priorities"

PROGRAMME = "manage/priorities/<slug:plan>/<slug:priority>/<slug:programme>/"

urlpatterns = [
    path("priorities/", public.priority_list, name="priority_list"),
    path("priorities/<slug:plan>/<slug:priority>/", public.priority_detail, name="priority_detail"),
    # Staff: fixed paths first, so they are never read as a plan's slug.
    path("manage/priorities/", manage.index, name="manage_index"),
    path("manage/priorities/reporting-round/", manage.reporting_round, name="reporting_round"),
    path("manage/priorities/risks/", risks.risk_list, name="risk_list"),
    path("manage/priorities/risks/new/", risks.risk_new, name="risk_new"),
    path("manage/priorities/risks/<int:pk>/edit/", risks.risk_edit, name="risk_edit"),
    path("manage/priorities/risks/<int:pk>/history/", risks.risk_history, name="risk_history"),
    path("manage/priorities/plans/new/", manage.plan_new, name="plan_new"),
    path("manage/priorities/milestones/<int:pk>/edit/", manage.milestone_edit, name="milestone_edit"),
    path("manage/priorities/milestones/<int:pk>/history/", manage.milestone_history, name="milestone_history"),
    path("manage/priorities/milestones/<int:pk>/move/", manage.milestone_move, name="milestone_move"),
    path("manage/priorities/milestones/<int:pk>/status/", manage.milestone_status, name="milestone_status"),
    path("manage/priorities/<slug:plan>/", manage.manage_plan, name="manage_plan"),
    path("manage/priorities/<slug:plan>/edit/", manage.plan_edit, name="plan_edit"),
    path("manage/priorities/<slug:plan>/history/", manage.plan_history, name="plan_history"),
    path("manage/priorities/<slug:plan>/publish/", manage.plan_publish, name="plan_publish"),
    path("manage/priorities/<slug:plan>/move/", manage.plan_move, name="plan_move"),
    path("manage/priorities/<slug:plan>/new/", manage.priority_new, name="priority_new"),
    path("manage/priorities/<slug:plan>/<slug:priority>/", manage.manage_priority, name="manage_priority"),
    path("manage/priorities/<slug:plan>/<slug:priority>/edit/", manage.priority_edit, name="priority_edit"),
    path("manage/priorities/<slug:plan>/<slug:priority>/history/", manage.priority_history, name="priority_history"),
    path("manage/priorities/<slug:plan>/<slug:priority>/publish/", manage.priority_publish, name="priority_publish"),
    path("manage/priorities/<slug:plan>/<slug:priority>/move/", manage.priority_move, name="priority_move"),
    path("manage/priorities/<slug:plan>/<slug:priority>/new/", manage.programme_new, name="programme_new"),
    path(PROGRAMME, manage.manage_programme, name="manage_programme"),
    path(PROGRAMME + "edit/", manage.programme_edit, name="programme_edit"),
    path(PROGRAMME + "history/", manage.programme_history, name="programme_history"),
    path(PROGRAMME + "publish/", manage.programme_publish, name="programme_publish"),
    path(PROGRAMME + "move/", manage.programme_move, name="programme_move"),
    path(PROGRAMME + "new/", manage.milestone_new, name="milestone_new"),
    path(PROGRAMME + "highlight/", reports.highlight_report, name="highlight_report"),
    path(PROGRAMME + "highlight.pdf", reports.highlight_report_pdf, name="highlight_report_pdf"),
]
