from django.contrib import admin
from django.urls import include, path, re_path

from blmk_portal import alert_views, open_data_views, search_views, views
from blmk_portal.account_views import password_reset, set_password
from blmk_portal.password_views import password_change

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", views.sign_out, name="logout"),
    path("accounts/reset/", password_reset, name="password_reset"),
    path("accounts/set-password/<uidb64>/<token>/", set_password, name="set_password"),
    path("accounts/password/", password_change, name="password_change"),
    path("manage/", views.manage_home, name="manage_home"),
    path("manage/sign-ins/", views.sign_ins, name="sign_ins"),
    path("alerts/", alert_views.alerts_subscribe, name="alerts_subscribe"),
    path("alerts/check-your-email/", alert_views.alerts_check_email, name="alerts_check_email"),
    path("alerts/confirm/<str:token>/", alert_views.alerts_confirm, name="alerts_confirm"),
    path("alerts/unsubscribe/<str:token>/", alert_views.alerts_unsubscribe, name="alerts_unsubscribe"),
    path("data/", open_data_views.index, name="open_data"),
    path("search/", search_views.search_page, name="search"),
    re_path(r"^data/(?P<dataset>[a-z0-9-]+)\.(?P<format>csv|json)$", open_data_views.dataset_file, name="data_file"),
    path("", include("places.urls")),
    path("", include("priorities.urls")),
    path("", include("governance.urls")),
    path("", include("dashboards.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "blmk_portal.views.permission_denied"
handler404 = "blmk_portal.views.page_not_found"
handler500 = "blmk_portal.views.server_error"
