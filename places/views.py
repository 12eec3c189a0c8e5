"""Pages that are the places app's own: the public places and organisations, the staff list of them, and
retiring an organisation. Edit, History and New come from the record kit (places/records.py)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from blmk_portal import contributions
from blmk_portal import forms as nhs
from blmk_portal.edit_views import form_page, initial_from, render_page
from blmk_portal.lists import Column, StaffList
from blmk_portal.page_cache import kept_for_each_person
from blmk_portal.records import MANAGE_CRUMB
from blmk_portal.roles import programme_office_required
from places import services
from places.forms import RetireForm
from places.models import Organisation, Place
from places.presenters import OrganisationPresenter, PlacePresenter, group_by_kind
from places.records import ORGANISATION


@kept_for_each_person
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


@kept_for_each_person
def place_detail(request: HttpRequest, place: str) -> HttpResponse:
    item = get_object_or_404(Place.objects.visible_to(request.user).select_related("source"), slug=place)
    # Successors are named beside retired organisations.
    organisations = list(item.organisations.visible_to(request.user).select_related("succeeded_by").order_by("name"))
    return render(
        request,
        "places/place_detail.jinja",
        {
            "place": item,
            "presenter": PlacePresenter(item),
            "groups": group_by_kind(organisations),
            "plan_parts": contributions.plan_parts_for(item, request.user),
            "thread": contributions.thread_for(item, request.user),
        },
    )


@kept_for_each_person
def organisation_detail(request: HttpRequest, organisation: str) -> HttpResponse:
    item = get_object_or_404(
        Organisation.objects.visible_to(request.user)
        .select_related("succeeded_by", "source")
        .prefetch_related("places", Prefetch("predecessors", queryset=Organisation.objects.order_by("name"))),
        slug=organisation,
    )
    return render(
        request, "places/organisation_detail.jinja", {"organisation": item, "presenter": OrganisationPresenter(item)}
    )


class OrganisationFilters(nhs.FilterForm):
    name = nhs.CharField(label="Name or short name contains", max_length=100, required=False)
    kind = nhs.ChoiceField(label="Kind", choices=[("", "Any kind"), *Organisation.Kind.choices], required=False)
    status = nhs.ChoiceField(
        label="Status",
        choices=[("", "Any status"), ("active", "Active"), ("retired", "Retired"), ("future", "Not yet active")],
        required=False,
    )
    place = nhs.ModelChoiceField(label="Serves", queryset=Place.objects.all(), required=False, empty_label="Any place")


def _organisation_filters(organisations, chosen: dict):
    if chosen.get("name"):
        organisations = organisations.filter(
            Q(name__icontains=chosen["name"]) | Q(short_name__icontains=chosen["name"])
        )
    if chosen.get("kind"):
        organisations = organisations.filter(kind=chosen["kind"])
    if chosen.get("place"):
        organisations = organisations.filter(places=chosen["place"])
    today = timezone.localdate()
    if chosen.get("status") == "active":
        organisations = organisations.active(on=today)
    elif chosen.get("status") == "retired":
        organisations = organisations.filter(Q(active_to__lt=today) | Q(succeeded_by__isnull=False))
    elif chosen.get("status") == "future":
        organisations = organisations.filter(active_from__gt=today)
    return organisations


@programme_office_required
@kept_for_each_person
def manage_index(request: HttpRequest) -> HttpResponse:
    listing = StaffList(
        request,
        Organisation.objects.all(),
        columns={
            "name": Column("Organisation", sort=("name",)),
            "kind": Column("Kind", sort=("kind", "name")),
            "status": Column("Status"),
            "actions": Column("Actions"),
        },
        default_sort="name",
        filter_form=OrganisationFilters,
        apply_filters=_organisation_filters,
        noun="organisations",
    )
    return render_page(
        request,
        "places/manage_places.jinja",
        {
            "places": Place.objects.all(),
            "listing": listing,
            "rows": [
                listing.cells(OrganisationPresenter(organisation).manage_cells()) for organisation in listing.rows
            ],
            "new_url": ORGANISATION.new_url(),
            "breadcrumbs": [MANAGE_CRUMB],
        },
        fragment="results",
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def organisation_retire(request: HttpRequest, organisation: str) -> HttpResponse:
    item = ORGANISATION.get({"organisation": organisation})
    doing = "Change when {} retired" if item.is_retired else "Retire {}"
    return form_page(
        request,
        form_class=RetireForm,
        item=item,
        form_kwargs={"organisation": item},
        initial=initial_from(item, RetireForm),
        save=lambda values, opened_at_version: services.organisation_retire(
            organisation=item, opened_at_version=opened_at_version, **values, by=request.user
        ),
        done=lambda _: (f"{item.name} retired", item.get_absolute_url()),
        context={
            **ORGANISATION.page(item, "retire", title=doing.format(item.name)),
            "heading": doing.format(item.name),
            "tabs": None,
            "intro": "Retiring keeps the organisation and everything that refers to it. It will show as retired, "
            "with the date it ended and the organisation that took over its work.",
            "submit_text": "Retire organisation",
        },
    )
