"""/data/: the index of open datasets with their data dictionaries, and each dataset as CSV and JSON.

The files are the public view whoever asks (ADR 23): they never read who is signed in, so one address gives one
file, which a client may keep and revalidate with its ETag or Last-Modified, signed in or not.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from blmk_portal import generation, open_data
from blmk_portal.formatting import local_date

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    found = open_data.datasets()
    changed = open_data.last_changes(found)
    return render(
        request,
        "open_data/index.jinja",
        {
            "datasets": [
                {
                    "dataset": one,
                    "last_change": local_date(changed[one.slug]) or "Not recorded",
                    "csv": reverse("data_file", kwargs={"dataset": one.slug, "format": "csv"}),
                    "json": reverse("data_file", kwargs={"dataset": one.slug, "format": "json"}),
                }
                for one in found
            ],
            "licence": open_data.LICENCE,
            "licence_url": open_data.LICENCE_URL,
            "breadcrumbs": [{"text": "Home", "href": "/"}],
        },
    )


@require_safe
def dataset_file(request: HttpRequest, dataset: str, format: str) -> HttpResponse:  # noqa: A002 (the URL's word)
    chosen = open_data.dataset(dataset)
    if chosen is None or format not in FORMATS:
        raise Http404("No such dataset")
    # The generation first, before any content is read (ADR 6): what follows is at least as new as it says.
    tag = open_data.etag(chosen, generation.for_request(request), request.build_absolute_uri(), timezone.localdate())
    changed = open_data.last_changes([chosen])[chosen.slug]
    # Revalidated here each time, by these validators, whoever asks: so the page cache does not keep the file under
    # an ETag of its own that would answer If-None-Match but not If-Modified-Since (ADR 23).
    headers = {"ETag": tag, "Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*"}
    if changed:
        headers["Last-Modified"] = http_date(changed.timestamp())
    not_modified = get_conditional_response(
        request, etag=tag, last_modified=int(changed.timestamp()) if changed else None
    )
    if not_modified is not None:
        for name, value in headers.items():
            not_modified[name] = value
        return not_modified
    rows = open_data.read(chosen, AnonymousUser())
    absolute = request.build_absolute_uri
    if format == "csv":
        body = open_data.as_csv(chosen, rows, absolute)
    else:
        body = open_data.as_json(chosen, rows, absolute, about=request.build_absolute_uri(reverse("open_data")))
    response = HttpResponse(body, content_type=FORMATS[format], headers=headers)
    response["Content-Disposition"] = f'attachment; filename="{chosen.slug}.{format}"'
    return response
