from django.urls import path

from places import views
from places.records import ORGANISATION, PLACE

app_name = "places"

urlpatterns = [
    path("places/", views.place_list, name="place_list"),
    path("places/<slug:place>/", views.place_detail, name="place_detail"),
    path("organisations/<slug:organisation>/", views.organisation_detail, name="organisation_detail"),
    path("manage/places/", views.manage_index, name="manage_index"),
    *PLACE.urls(),
    *ORGANISATION.urls(),
    path(f"{ORGANISATION.path}retire/", views.organisation_retire, name="organisation_retire"),
]
