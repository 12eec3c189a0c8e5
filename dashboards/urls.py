from django.urls import path

from dashboards.records import CHANGE_POINT, INDICATOR
from dashboards.views import indicator, manage, public, report

app_name = "dashboards"

urlpatterns = [
    path("dashboards/", public.dashboard_page, name="dashboard"),
    path("dashboards/dashboard.csv", public.dashboard_csv, name="dashboard_csv"),
    path("dashboards/dashboard.json", public.dashboard_json, name="dashboard_json"),
    path("dashboards/places/", public.place_view, name="place_view"),
    path("dashboards/indicators/<str:indicator>/", indicator.indicator_detail, name="indicator_detail"),
    path("dashboards/indicators/<str:indicator>.json", indicator.indicator_json, name="indicator_json"),
    path("dashboards/indicators/<str:indicator>.csv", indicator.indicator_csv, name="indicator_csv"),
    path("dashboards/report/", report.report_today, name="report"),
    path("dashboards/report.json", report.report_today_json, name="report_json"),
    path("dashboards/report.csv", report.report_today_csv, name="report_csv"),
    path(
        "boards/<slug:board>/<isodate:date>/papers/<int:paper>/report.json",
        report.kept_report_json,
        name="kept_report_json",
    ),
    path(
        "boards/<slug:board>/<isodate:date>/papers/<int:paper>/report.csv",
        report.kept_report_csv,
        name="kept_report_csv",
    ),
    path("manage/dashboards/report/<slug:board>/<isodate:date>/", report.report_add, name="report_add"),
    path(
        "manage/dashboards/report/<slug:board>/<isodate:date>/read-again/",
        report.report_read_again,
        name="report_read_again",
    ),
    path("manage/dashboards/", manage.manage_index, name="manage_index"),
    path("manage/dashboards/returns.csv", manage.returns_download, name="returns_download"),
    path(f"{INDICATOR.path}returns.csv", manage.returns_download, name="indicator_returns_download"),
    path("manage/dashboards/imports/", manage.import_list, name="import_list"),
    path("manage/dashboards/imports/new/", manage.import_new, name="import_new"),
    path("manage/dashboards/imports/<int:pk>/", manage.import_detail, name="import_detail"),
    path("manage/dashboards/imports/<int:pk>/commit/", manage.import_commit, name="import_commit"),
    path("manage/dashboards/imports/<int:pk>/roll-back/", manage.import_roll_back, name="import_roll_back"),
    *INDICATOR.urls(),
    *CHANGE_POINT.urls(),
]
