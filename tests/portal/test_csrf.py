"""Every form that posts carries the CSRF token: the test client skips CSRF checks, so check the markup."""

import re

import pytest

from priorities.models import Milestone, Programme

pytestmark = pytest.mark.django_db

POST_FORM = re.compile(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)


def staff_pages() -> list[str]:
    programme = Programme.objects.filter(milestones__isnull=False).select_related("priority__plan").first()
    plan, priority = programme.priority.plan.slug, programme.priority.slug
    milestone = Milestone.objects.filter(programme=programme).first()
    return [
        "/manage/places/luton/edit/",
        "/manage/organisations/new/",
        "/manage/priorities/",
        f"/manage/priorities/{plan}/",
        f"/manage/priorities/{plan}/{priority}/",
        f"/manage/priorities/{plan}/{priority}/{programme.slug}/",
        f"/manage/priorities/{plan}/{priority}/{programme.slug}/edit/",
        "/manage/priorities/risks/new/",
        f"/manage/priorities/milestones/{milestone.pk}/status/",
    ]


def test_every_post_form_on_the_staff_pages_carries_the_csrf_token(client_for, staff_user, blmk_data):
    client = client_for(staff_user)
    for path in staff_pages():
        forms = POST_FORM.findall(client.get(path).content.decode())
        assert forms, f"{path} has no form that posts"
        for form in forms:
            assert 'name="csrfmiddlewaretoken"' in form, f"a form on {path} has no CSRF token"


def test_the_sign_in_and_sign_out_forms_carry_it_too(client, client_for, staff_user):
    assert 'name="csrfmiddlewaretoken"' in client.get("/accounts/login/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in client_for(staff_user).get("/accounts/logout/").content.decode()
