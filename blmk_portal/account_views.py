"""Setting a password from an emailed link (an invitation or a reset), and asking for such a link.

The links and their rules are in accounts.py; these pages only present them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.password_validation import (
    MinimumLengthValidator,
    get_default_password_validators,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from blmk_portal import accounts, throttling
from blmk_portal import forms as nhs
from blmk_portal.formatting import count
from blmk_portal.forms import error_list

# The person is signed in by the link they followed, not by a password check (which django-axes would watch).
SIGNED_IN_BY_LINK = "blmk_portal.roles.KeptUserBackend"


class NewPasswordField(nhs.PasswordField):
    def component_params(self, bound: nhs.NHSBoundField) -> dict[str, Any]:
        # Lets password managers offer to make one up, and to save it.
        return {**super().component_params(bound), "autocomplete": "new-password"}


def password_hint() -> str:
    """What makes a password acceptable, from the validators in settings (AUTH_PASSWORD_VALIDATORS)."""
    lengths = [v.min_length for v in get_default_password_validators() if isinstance(v, MinimumLengthValidator)]
    advice = "Three or four unrelated words make a strong password that is easy to remember."
    return f"Use {max(lengths)} characters or more. {advice}" if lengths else advice


def in_plain_words(problem: ValidationError) -> str:
    """A password validator's refusal as the page says it (Django's wording speaks of "This password")."""
    params = problem.params or {}
    match problem.code:
        case "password_too_short":
            return f"Your password must be {count(params['min_length'], 'character')} or more"
        case "password_too_similar":
            return f"Your password must not be like your {params['verbose_name']}"
        case "password_too_common":
            return "Your password is one that many people use, so it is easy to guess. Choose another"
        case "password_entirely_numeric":
            return "Your password must not be only numbers"
    return " ".join(problem.messages)


class SetPasswordForm(nhs.Form):
    new_password = NewPasswordField(label="New password", subject="a new password")
    confirm_password = NewPasswordField(label="Confirm your new password", subject="your new password again")

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["new_password"].help_text = password_hint()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password, again = cleaned.get("new_password"), cleaned.get("confirm_password")
        if password and again and password != again:
            self.add_error("confirm_password", "The passwords do not match. Enter the same password in both boxes")
        if password:
            try:
                validate_password(password, self.user)
            except ValidationError as error:
                self.add_error("new_password", [in_plain_words(problem) for problem in error.error_list])
        return cleaned


class PasswordResetForm(nhs.Form):
    email = nhs.EmailField(label="Email address", max_length=254, subject="your email address")


def _lifetime() -> str:
    return count(accounts.link_lifetime().days, "day")


@never_cache
@sensitive_post_parameters("new_password", "confirm_password")
@require_http_methods(["GET", "POST"])
def set_password(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The page an emailed link opens: choose a password, and be signed in with it."""
    user = accounts.user_from_link(uidb64, token)
    if user is None:
        return render(request, "accounts/link_expired.jinja", {"lifetime": _lifetime()})
    form = SetPasswordForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_bound and form.is_valid():
        accounts.password_set(user=user, password=form.cleaned_data["new_password"])
        login(request, user, backend=SIGNED_IN_BY_LINK)
        messages.success(request, "Your password is set, and you are signed in")
        return redirect("home")
    return render(
        request,
        "accounts/set_password.jinja",
        {"form": form, "account": user, "errors": error_list(form) if form.is_bound else []},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """ "Forgot your password?": the same answer whether or not the address has an account."""
    form = PasswordResetForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if not throttling.password_link_allowed(request):
            return render(request, "accounts/too_many_requests.jinja", status=429)
        email = form.cleaned_data["email"]
        accounts.password_reset_request(email=email, base_url=request.build_absolute_uri("/"))
        return render(request, "accounts/reset_sent.jinja", {"email": email, "lifetime": _lifetime()})
    return render(
        request, "accounts/password_reset.jinja", {"form": form, "errors": error_list(form) if form.is_bound else []}
    )
