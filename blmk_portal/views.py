"""Pages that belong to no single app: home, accessibility statement, sign in/out, staff home, errors."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from blmk_portal import forms as nhs
from blmk_portal.forms import error_list
from blmk_portal.roles import programme_office_required
from places.models import Organisation, Place


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.jinja",
        {"place_count": Place.objects.count(), "organisation_count": Organisation.objects.active().count()},
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.jinja")


class SignInForm(AuthenticationForm):
    username = nhs.EmailField(label="Email address", max_length=254)
    password = nhs.PasswordField(label="Password")

    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive.",
        "inactive": "This account is inactive.",
    }


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.jinja"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["errors"] = error_list(context["form"]) if context["form"].is_bound else []
        return context


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm (the header link works without JavaScript); POST signs out."""
    if request.method == "POST":
        logout(request)
        return redirect("home")
    if not request.user.is_authenticated:
        return redirect("home")
    return render(request, "accounts/sign_out.jinja")


@programme_office_required
def manage_home(request: HttpRequest) -> HttpResponse:
    """What the programme office can edit, and what awaits them."""
    retired_with_no_successor = Organisation.objects.filter(active_to__isnull=False, succeeded_by__isnull=True)
    places_missing_profile = Place.objects.filter(profile="")
    return render(
        request,
        "manage_home.jinja",
        {
            "awaiting": {
                "places_missing_profile": list(places_missing_profile),
                "retired_with_no_successor": list(retired_with_no_successor.order_by("name")),
            },
        },
    )


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the app is up. No template and no database, so it is also the benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/404.jinja", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/403.jinja", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.jinja", status=500)
