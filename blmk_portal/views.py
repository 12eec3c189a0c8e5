"""The project's own pages: home, accessibility statement, sign in and out, the staff home, who holds which
role, and errors. They gather from every app through what the apps register (blmk_portal.contributions),
never from the apps' models."""

from __future__ import annotations

from itertools import groupby

from django.contrib.auth import get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from blmk_portal import contributions
from blmk_portal import forms as nhs
from blmk_portal.forms import error_list
from blmk_portal.page_cache import kept_for_each_person
from blmk_portal.roles import is_programme_office, programme_office_required, roles_of


@kept_for_each_person
def home(request: HttpRequest) -> HttpResponse:
    """The front door: what the partnership is, the search box, each app's panel (the next meeting, the latest
    papers and decisions, the priorities, the headline figures), then a card for each section; the same for
    everyone, as the public reads it."""
    panels = [{"template": panel.template, "panel": panel.read()} for panel in contributions.home_panels()]
    cards = [
        {"href": reverse(section.url_name), "heading": section.title, "description": section.summary()}
        for section in contributions.sections()
    ]
    return render(request, "home.jinja", {"panels": panels, "cards": cards})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.jinja")


class SignInForm(AuthenticationForm):
    username = nhs.EmailField(label="Email address", max_length=254, subject="your email address")
    password = nhs.PasswordField(label="Password", subject="your password")

    error_messages = {
        "invalid_login": "Enter a correct email address and password. The password is case-sensitive.",
        "inactive": "This account is inactive.",
    }

    def clean_username(self) -> str:
        # Addresses are stored in lower case: one address is one account, however it is typed.
        return self.cleaned_data["username"].strip().lower()


def sign_in_username(request: HttpRequest, credentials: dict) -> str:
    """The account a sign-in attempt is for, as the throttling counts it (the address in any case is one)."""
    return (credentials or {}).get("username", "").strip().lower()


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.jinja"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        """With nowhere asked for: the programme office to their staff home, everyone else to the home page."""
        return reverse("manage_home") if is_programme_office(self.request.user) else reverse("home")

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
@kept_for_each_person
def manage_home(request: HttpRequest) -> HttpResponse:
    """What the programme office can edit, and what awaits them."""
    sections = [section for section in contributions.sections() if section.manage_url_name]
    tasks = [task for section in sections for task in section.awaiting()]
    return render(
        request,
        "manage_home.jinja",
        {
            "cards": [
                {
                    "href": reverse(s.manage_url_name),
                    "heading": s.manage_title or s.title,
                    "description": s.manage_summary,
                }
                for s in sections
            ],
            "awaiting": [(heading, list(items)) for heading, items in groupby(tasks, key=lambda task: task.heading)],
        },
    )


@programme_office_required
def sign_ins(request: HttpRequest) -> HttpResponse:
    """Who can sign in, and what each may do: read here; sign-ins are given and taken away by an administrator."""
    users = list(get_user_model().objects.prefetch_related("groups").order_by("email"))
    roles = roles_of(users)
    return render(
        request,
        "sign_ins.jinja",
        {
            "people": [{"user": user, "roles": roles[user.pk]} for user in users],
            "breadcrumbs": [{"text": "Manage", "href": reverse("manage_home")}],
        },
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/404.jinja", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/403.jinja", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.jinja", status=500)
