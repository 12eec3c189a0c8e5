"""Changing your password while signed in: the current one first, then a new one by the same rules as a link's.

The current password is checked through authenticate(), so wrong guesses count towards the sign-in throttling
like any sign-in (django-axes): a stolen session cannot be used to guess the password. The change ends every
other session (Django ties sessions to the password) and every unused link, and the account's address is told.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from blmk_portal import accounts
from blmk_portal import forms as nhs
from blmk_portal.account_views import SetPasswordForm
from blmk_portal.forms import error_list

WRONG_CURRENT_PASSWORD = "Your current password is not right. Enter the password you signed in with"


class ChangePasswordForm(SetPasswordForm):
    current_password = nhs.PasswordField(label="Current password", subject="your current password")
    # As the page asks: the error summary lists the problems in the same order.
    field_order = ["current_password", "new_password", "confirm_password"]

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, user=request.user, **kwargs)
        self.request = request

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        if authenticate(self.request, username=self.user.email, password=password) is None:
            raise ValidationError(WRONG_CURRENT_PASSWORD)
        return password


@never_cache
@sensitive_post_parameters("current_password", "new_password", "confirm_password")
@require_http_methods(["GET", "POST"])
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.POST if request.method == "POST" else None, request=request)
    if form.is_bound and form.is_valid():
        user = accounts.password_set(user=request.user, password=form.cleaned_data["new_password"])
        update_session_auth_hash(request, user)
        accounts.send_password_changed_notice(user=user, base_url=request.build_absolute_uri("/"))
        messages.success(request, "Your password is changed. We have emailed you to say so")
        return redirect("home")
    return render(
        request,
        "accounts/change_password.jinja",
        {"form": form, "errors": error_list(form) if form.is_bound else []},
    )
