"""The project's URLs plus the test record's, for tests marked @pytest.mark.urls("tests.kitapp.urls")."""

from django.http import HttpResponse
from django.urls import include, path

from blmk_portal.urls import handler403, handler404, handler500
from blmk_portal.urls import urlpatterns as portal
from tests.kitapp import views
from tests.kitapp.records import NOTICE

kitapp = (
    [
        path("manage/notices/", lambda request: HttpResponse("The notices"), name="notices"),
        *NOTICE.urls(),
        path(f"{NOTICE.path}upload/", views.upload, name="notice_upload"),
    ],
    "kitapp",
)

urlpatterns = [path("", include(kitapp)), *portal]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
