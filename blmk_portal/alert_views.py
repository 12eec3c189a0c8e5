"""The pages of email alerts (blmk_portal/alerts.py): subscribe to a topic, check your email, confirm, unsubscribe.

All public. Links from emails only show a button on GET, and act on POST: email scanners follow links. The
unsubscribe POST needs no CSRF token, so mail programs can send it themselves (RFC 8058 one-click): the signed
link is what allows it.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from blmk_portal import alerts
from blmk_portal import forms as nhs
from blmk_portal.forms import error_list


class SubscribeForm(nhs.Form):
    email = nhs.EmailField(label="Email address", max_length=254, subject="your email address")


@never_cache
@require_http_methods(["GET", "POST"])
def alerts_subscribe(request: HttpRequest) -> HttpResponse:
    """The same answer whether or not the address already gets these alerts."""
    followed = alerts.topic(request.POST.get("topic") or request.GET.get("topic", ""))
    if followed is None:
        raise Http404("No such topic")
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if not alerts.subscription_allowed(request):
            return render(request, "alerts/too_many_requests.jinja", status=429)
        alerts.subscription_request(email=form.cleaned_data["email"], key=followed.key)
        return redirect("alerts_check_email")
    return render(
        request,
        "alerts/subscribe.jinja",
        {"form": form, "topic": followed, "errors": error_list(form) if form.is_bound else []},
    )


@require_GET
def alerts_check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/check_email.jinja", {"kept_days": alerts.UNCONFIRMED_KEPT.days})


@never_cache
@require_http_methods(["GET", "POST"])
def alerts_confirm(request: HttpRequest, token: str) -> HttpResponse:
    confirmation = alerts.confirmation_from(token)
    followed = alerts.topic(confirmation[1]) if confirmation else None
    if confirmation is None or followed is None:
        return _link_not_valid(request)
    if request.method == "POST":
        email, key = confirmation
        if alerts.subscription_confirm(email=email, key=key) is None:
            return _link_not_valid(request)
        return render(request, "alerts/confirmed.jinja", {"topic": followed})
    return render(request, "alerts/confirm.jinja", {"topic": followed})


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def alerts_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    email = alerts.address_from(token)
    if email is None:
        return _link_not_valid(request)
    if request.method == "POST":
        alerts.unsubscribe(email=email)
        return render(request, "alerts/unsubscribed.jinja")
    return render(request, "alerts/unsubscribe.jinja")


def _link_not_valid(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/link_not_valid.jinja", {"kept_days": alerts.UNCONFIRMED_KEPT.days}, status=404)
