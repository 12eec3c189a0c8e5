"""A page of the test app's own, to test what form_page offers the next apps: files and formsets."""

from django import forms
from django.http import HttpRequest, HttpResponse

from blmk_portal import forms as nhs
from blmk_portal.edit_views import form_page
from tests.kitapp.records import NOTICE

# What the last save was handed, for the tests to read.
RECEIVED: list[dict] = []


class AttachmentForm(nhs.Form):
    attachment = nhs.FileField(label="Paper", allowed={"pdf"}, max_size=1_000_000, subject="the paper")


class RecommendationForm(nhs.Form):
    text = nhs.CharField(label="Recommendation", max_length=200, subject="the recommendation")


Recommendations = forms.formset_factory(RecommendationForm, extra=2, can_delete=True)


def upload(request: HttpRequest, board: str, notice: str) -> HttpResponse:
    item = NOTICE.get({"board": board, "notice": notice})

    def save(values: dict, opened_at_version: int):
        RECEIVED.append({**values, "opened_at_version": opened_at_version})
        return item

    return form_page(
        request,
        form_class=AttachmentForm,
        item=item,
        formsets={"recommendations": Recommendations},
        save=save,
        done=lambda saved: ("Uploaded", saved.get_manage_url()),
        context={**NOTICE.page(item, "upload", title="Upload a paper"), "heading": "Upload a paper"},
    )
