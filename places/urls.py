from django.urls import path

from places import views

app_name = "places"

urlpatterns = [
    path("places/", views.place_list, name="place_list"),
    path("places/<slug:slug>/", views.place_detail, name="place_detail"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("manage/places/", views.manage_places, name="manage_places"),
    path("manage/places/<slug:slug>/edit/", views.manage_place_edit, name="manage_place_edit"),
    path("manage/places/<slug:slug>/history/", views.manage_place_history, name="manage_place_history"),
    path("manage/organisations/new/", views.manage_organisation_new, name="manage_organisation_new"),
    path("manage/organisations/<slug:slug>/edit/", views.manage_organisation_edit, name="manage_organisation_edit"),
    path(
        "manage/organisations/<slug:slug>/retire/", views.manage_organisation_retire, name="manage_organisation_retire"
    ),
    path(
        "manage/organisations/<slug:slug>/history/",
        views.manage_organisation_history,
        name="manage_organisation_history",
    ),
]
