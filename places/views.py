from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from blmk_portal.edit_views import form_page, history_page, initial_from
from blmk_portal.roles import programme_office_required
from places import services
from places.forms import OrganisationForm, PlaceForm, RetireForm
from places.models import Organisation, Place
from places.presenters import OrganisationPresenter, PlacePresenter, group_by_kind


def place_list(request: HttpRequest) -> HttpResponse:
    active_now = Organisation.objects.active().values("pk")
    places = (
        Place.objects.visible_to(request.user)
        .annotate(organisation_count=Count("organisations", filter=Q(organisations__in=active_now), distinct=True))
        .order_by("name")
    )  # Meta.ordering does not apply to an aggregated query
    return render(
        request,
        "places/place_list.jinja",
        {"places": [PlacePresenter(place) for place in places], "total_population": _total(places)},
    )


def _total(places) -> int:
    return sum(place.population or 0 for place in places)


def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Place.objects.visible_to(request.user).select_related("source"), slug=slug)
    # Successors are named beside retired organisations.
    organisations = list(place.organisations.visible_to(request.user).select_related("succeeded_by").order_by("name"))
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


def _tabs(kind: str, slug: str, current: str) -> list[dict]:
    return [
        {"text": "Edit", "href": reverse(f"places:manage_{kind}_edit", args=[slug]), "current": current == "edit"},
        {
            "text": "History",
            "href": reverse(f"places:manage_{kind}_history", args=[slug]),
            "current": current == "history",
        },
    ]


MANAGE_BREADCRUMBS = [
    {"text": "Manage", "href": "/manage/"},
    {"text": "Places and organisations", "href": "/manage/places/"},
]


@programme_office_required
@require_http_methods(["GET", "POST"])
def manage_place_edit(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Place, slug=slug)
    return form_page(
        request,
        form_class=PlaceForm,
        form_kwargs={"place": place},
        initial=initial_from(place, PlaceForm),
        save=lambda data: services.place_update(
            place=place, opened_at_version=data.pop("version"), values=data, by=request.user
        ),
        done=lambda _: (f"{place.name} saved", reverse("places:place_detail", args=[place.slug])),
        context={
            "caption": "Place",
            "heading": f"Edit {place.name}",
            "tabs": _tabs("place", place.slug, "edit"),
            "breadcrumbs": MANAGE_BREADCRUMBS,
        },
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def manage_organisation_new(request: HttpRequest) -> HttpResponse:
    def save(data: dict) -> Organisation:
        places = list(data.pop("places"))
        data.pop("version")
        return services.organisation_create(values=data, places=places, by=request.user)

    return form_page(
        request,
        form_class=OrganisationForm,
        save=save,
        done=lambda organisation: (
            f"{organisation.name} added",
            reverse("places:organisation_detail", args=[organisation.slug]),
        ),
        context={"caption": "Organisation", "heading": "Add an organisation", "breadcrumbs": MANAGE_BREADCRUMBS},
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def manage_organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)

    def save(data: dict) -> Organisation:
        places = list(data.pop("places"))
        return services.organisation_update(
            organisation=organisation,
            opened_at_version=data.pop("version"),
            values=data,
            places=places,
            by=request.user,
        )

    return form_page(
        request,
        form_class=OrganisationForm,
        form_kwargs={"organisation": organisation},
        initial=initial_from(organisation, OrganisationForm),
        save=save,
        done=lambda _: (f"{organisation.name} saved", reverse("places:organisation_detail", args=[organisation.slug])),
        context={
            "caption": "Organisation",
            "heading": f"Edit {organisation.name}",
            "tabs": _tabs("organisation", organisation.slug, "edit"),
            "breadcrumbs": MANAGE_BREADCRUMBS,
            "after_form": "An organisation that has closed or merged is retired, never deleted: papers from its "
            "time still name it.",
        },
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def manage_organisation_retire(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    return form_page(
        request,
        form_class=RetireForm,
        form_kwargs={"organisation": organisation},
        initial=initial_from(organisation, RetireForm),
        save=lambda data: services.organisation_retire(
            organisation=organisation,
            opened_at_version=data["version"],
            active_to=data["active_to"],
            succeeded_by=data["succeeded_by"],
            by=request.user,
        ),
        done=lambda _: (
            f"{organisation.name} retired",
            reverse("places:organisation_detail", args=[organisation.slug]),
        ),
        context={
            "caption": "Organisation",
            "heading": f"Retire {organisation.name}",
            "breadcrumbs": MANAGE_BREADCRUMBS,
            "intro": "Retiring keeps the organisation and everything that refers to it. It will show as retired, "
            "with the date it ended and the organisation that took over its work.",
            "submit_text": "Retire organisation",
        },
    )


@programme_office_required
def manage_place_history(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Place, slug=slug)
    return history_page(
        request,
        place,
        caption="Place",
        heading=f"History of {place.name}",
        tabs=_tabs("place", place.slug, "history"),
        breadcrumbs=MANAGE_BREADCRUMBS,
    )


@programme_office_required
def manage_organisation_history(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    return history_page(
        request,
        organisation,
        caption="Organisation",
        heading=f"History of {organisation.name}",
        tabs=_tabs("organisation", organisation.slug, "history"),
        breadcrumbs=MANAGE_BREADCRUMBS,
    )
