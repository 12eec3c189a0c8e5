from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from blmk_portal.editing import EditConflict
from blmk_portal.forms import error_list
from blmk_portal.history import history_for
from blmk_portal.roles import programme_office_required
from places import services
from places.forms import OrganisationForm, PlaceForm, RetireForm
from places.models import Organisation, Place
from places.presenters import OrganisationPresenter, PlacePresenter, group_by_kind


def place_list(request: HttpRequest) -> HttpResponse:
    active_now = Organisation.objects.active().values("pk")
    places = Place.objects.visible_to(request.user).annotate(
        organisation_count=Count("organisations", filter=Q(organisations__in=active_now), distinct=True)
    )
    return render(
        request,
        "places/place_list.jinja",
        {"places": [PlacePresenter(place) for place in places], "total_population": _total(places)},
    )


def _total(places) -> int:
    return sum(place.population or 0 for place in places)


def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Place.objects.visible_to(request.user).select_related("source"), slug=slug)
    organisations = list(place.organisations.visible_to(request.user).order_by("name"))
    return render(
        request,
        "places/place_detail.jinja",
        {"place": place, "presenter": PlacePresenter(place), "groups": group_by_kind(organisations)},
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user)
        .select_related("succeeded_by", "source")
        .prefetch_related("places", Prefetch("predecessors", queryset=Organisation.objects.order_by("name"))),
        slug=slug,
    )
    return render(
        request,
        "places/organisation_detail.jinja",
        {"organisation": organisation, "presenter": OrganisationPresenter(organisation)},
    )


@programme_office_required
def manage_places(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.order_by("kind", "name")
    return render(
        request,
        "places/manage_places.jinja",
        {
            "places": Place.objects.all(),
            "organisations": [OrganisationPresenter(org) for org in organisations],
        },
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def manage_place_edit(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Place, slug=slug)
    form = PlaceForm(request.POST or None, place=place, initial=_initial(place, PlaceForm))
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            services.place_update(
                place=place, opened_at_version=form.cleaned_data["version"], values=values, by=request.user
            )
        except EditConflict as error:
            conflict = error
            form = _reopened(PlaceForm, request, error, place=error.current)
        else:
            messages.success(request, f"{place.name} saved")
            return redirect("places:place_detail", slug=place.slug)
    return render(
        request,
        "places/manage_place_edit.jinja",
        {"place": place, "form": form, "errors": error_list(form), "conflict": conflict},
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def manage_organisation_new(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = _organisation_values(form)
        organisation = services.organisation_create(
            values=values, places=list(form.cleaned_data["places"]), by=request.user
        )
        messages.success(request, f"{organisation.name} added")
        return redirect("places:organisation_detail", slug=organisation.slug)
    return render(
        request,
        "places/manage_organisation_edit.jinja",
        {"organisation": None, "form": form, "errors": error_list(form), "conflict": None},
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def manage_organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    initial = {**_initial(organisation, OrganisationForm), "places": list(organisation.places.all())}
    form = OrganisationForm(request.POST or None, organisation=organisation, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation,
                opened_at_version=form.cleaned_data["version"],
                values=_organisation_values(form),
                places=list(form.cleaned_data["places"]),
                by=request.user,
            )
        except EditConflict as error:
            conflict = error
            form = _reopened(OrganisationForm, request, error, organisation=error.current)
        else:
            messages.success(request, f"{organisation.name} saved")
            return redirect("places:organisation_detail", slug=organisation.slug)
    return render(
        request,
        "places/manage_organisation_edit.jinja",
        {"organisation": organisation, "form": form, "errors": error_list(form), "conflict": conflict},
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def manage_organisation_retire(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    form = RetireForm(
        request.POST or None,
        organisation=organisation,
        initial={
            "version": organisation.version,
            "active_to": organisation.active_to,
            "succeeded_by": organisation.succeeded_by_id,
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_retire(
                organisation=organisation,
                opened_at_version=form.cleaned_data["version"],
                active_to=form.cleaned_data["active_to"],
                succeeded_by=form.cleaned_data["succeeded_by"],
                by=request.user,
            )
        except EditConflict as error:
            conflict = error
            form = _reopened(RetireForm, request, error, organisation=error.current)
        else:
            messages.success(request, f"{organisation.name} retired")
            return redirect("places:organisation_detail", slug=organisation.slug)
    return render(
        request,
        "places/manage_organisation_retire.jinja",
        {"organisation": organisation, "form": form, "errors": error_list(form), "conflict": conflict},
    )


@programme_office_required
def manage_place_history(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Place, slug=slug)
    return render(
        request, "places/manage_history.jinja", {"record": place, "kind": "place", "history": history_for(place)}
    )


@programme_office_required
def manage_organisation_history(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(
        request,
        "places/manage_history.jinja",
        {"record": organisation, "kind": "organisation", "history": history_for(organisation)},
    )


def _initial(instance, form_class) -> dict:
    return {name: getattr(instance, name) for name in form_class.base_fields if hasattr(instance, name)}


def _organisation_values(form: OrganisationForm) -> dict:
    return {name: form.cleaned_data[name] for name in ("name", "short_name", "kind", "website", "active_from")}


def _reopened(form_class, request: HttpRequest, conflict: EditConflict, **kwargs):
    """After a conflict: keep what this person typed, but at the new version, so saving again is deliberate."""
    data = request.POST.copy()
    data["version"] = str(conflict.current.version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form
