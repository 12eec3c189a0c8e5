import io
import os
import re
import subprocess
import sys

import pghistory.models
import pytest
from django.conf import settings
from django.core.management import call_command

from places.models import Organisation, Place
from priorities.models import Plan, Priority

pytestmark = pytest.mark.django_db


LINK = re.compile(r'href="(/[^"#]*)')


class TestHomePage:
    def test_it_says_what_the_partnership_is_and_links_each_section(self, client, blmk_data):
        page = client.get("/").content.decode()
        assert "Bedfordshire, Luton and Milton Keynes Health and Care Partnership" in page
        for href in ['href="/priorities/"', 'href="/places/"']:
            assert href in page
        assert f"the {Organisation.objects.active().count()} partner organisations that serve them" in page

    @pytest.mark.parametrize("who", ["anonymous", "staff"])
    def test_every_link_on_it_header_and_footer_included_leads_to_a_page(self, client_for, staff_user, blmk_data, who):
        client = client_for(staff_user if who == "staff" else None)
        page = client.get("/").content.decode()
        links = set(LINK.findall(page)) - {"/assets/"}
        assert len(links) >= 5
        broken = {}
        for href in sorted(links):
            if href.startswith("/assets/"):
                continue
            status = client.get(href).status_code
            if status not in (200, 302):
                broken[href] = status
        assert broken == {}

    def test_the_header_carries_the_portal_navigation_and_the_footer_the_accessibility_statement(self, client):
        page = client.get("/").content.decode()
        for text in ["Priorities", "Places", "Skip to main content"]:
            assert text in page
        assert 'href="/accessibility/"' in page
        assert "Staff and board member sign in" in page

    def test_someone_signed_in_is_not_offered_sign_in(self, client_for, board_member_user):
        page = client_for(board_member_user).get("/").content.decode()
        assert "Staff and board member sign in" not in page
        assert "Sign out" in page


class TestDataLoad:
    def test_it_loads_the_places_and_the_2016_partners(self, blmk_data):
        assert Place.objects.count() == 4
        assert Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).count() == 4
        assert Organisation.objects.get(short_name="ELFT").name == "East London NHS Foundation Trust"

    def test_a_second_run_changes_nothing(self, blmk_data):
        events_before = pghistory.models.Events.objects.count()
        output = io.StringIO()
        call_command("load_blmk_data", stdout=output)
        assert "nothing changed" in output.getvalue()
        assert pghistory.models.Events.objects.count() == events_before

    def test_a_reload_keeps_what_staff_have_edited(self, blmk_data):
        Place.objects.filter(slug="luton").update(profile="Edited by the programme office")
        call_command("load_blmk_data", stdout=io.StringIO())
        assert Place.objects.get(slug="luton").profile == "Edited by the programme office"

    def test_it_loads_the_three_plans_with_their_priorities(self, blmk_data):
        assert list(Plan.objects.order_by("order").values_list("slug", flat=True)) == [
            "stp-2016",
            "operating-plan-2018-19",
            "strategic-priorities-2021-22",
        ]
        assert Priority.objects.filter(plan__slug="stp-2016").count() == 5
        p1 = Priority.objects.get(plan__slug="operating-plan-2018-19", code="P1")
        assert (p1.senior_responsible_officer, p1.lead) == ("Carole Mills", "Ian Brown")


class TestSignIn:
    def test_a_wrong_password_gets_the_error_summary(self, client, staff_user):
        response = client.post("/accounts/login/", {"username": "office@example.org", "password": "wrong"})
        page = response.content.decode()
        assert "There is a problem" in page
        assert "Enter a correct email address and password" in page
        assert "<title>Error: Sign in - BLMK Health and Care Partnership</title>" in page

    def test_the_right_password_signs_in_and_staff_land_on_their_home(self, client, staff_user):
        response = client.post(
            "/accounts/login/", {"username": "office@example.org", "password": "a-long-test-password"}
        )
        assert response["Location"] == "/manage/"
        assert client.get("/manage/").status_code == 200

    def test_a_board_member_lands_on_the_home_page(self, client, board_member_user):
        response = client.post(
            "/accounts/login/", {"username": "member@example.org", "password": "a-long-test-password"}
        )
        assert response["Location"] == "/"

    def test_where_they_were_going_wins(self, client, staff_user):
        response = client.post(
            "/accounts/login/",
            {"username": "office@example.org", "password": "a-long-test-password", "next": "/places/"},
        )
        assert response["Location"] == "/places/"

    @pytest.mark.parametrize("typed", ["Office@Example.org", "  OFFICE@EXAMPLE.ORG "])
    def test_the_email_address_may_be_typed_in_any_case(self, client, staff_user, typed):
        response = client.post("/accounts/login/", {"username": typed, "password": "a-long-test-password"})
        assert response.status_code == 302
        assert client.get("/manage/").status_code == 200

    def test_the_password_is_still_case_sensitive(self, client, staff_user):
        response = client.post(
            "/accounts/login/", {"username": "office@example.org", "password": "A-LONG-TEST-PASSWORD"}
        )
        assert response.status_code == 200
        assert client.get("/manage/").status_code == 302

    def test_failures_in_different_cases_count_against_one_account(self, client, staff_user):
        for typed in [
            "office@example.org",
            "Office@example.org",
            "OFFICE@example.org",
            "office@Example.org",
            "oFfice@example.org",
        ]:
            client.post("/accounts/login/", {"username": typed, "password": "wrong"})
        response = client.post(
            "/accounts/login/", {"username": "office@example.org", "password": "a-long-test-password"}
        )
        assert response.status_code == 429

    def test_repeated_failures_lock_the_account_out_even_with_the_right_password(self, client, staff_user):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post("/accounts/login/", {"username": "office@example.org", "password": "wrong"})
        response = client.post(
            "/accounts/login/", {"username": "office@example.org", "password": "a-long-test-password"}
        )
        assert response.status_code == 429
        assert "Too many attempts to sign in" in response.content.decode()

    def test_signing_out_asks_then_signs_out(self, client_for, staff_user):
        client = client_for(staff_user)
        assert "You are signed in as office@example.org" in client.get("/accounts/logout/").content.decode()
        client.post("/accounts/logout/")
        assert client.get("/manage/").status_code == 302


class TestSecurityHeaders:
    def test_every_response_carries_a_content_security_policy_that_allows_the_inline_script_by_its_hash(self, client):
        # A page kept by the page cache cannot carry a fresh nonce: tests/portal/test_page_cache.py checks the
        # hash is the script's, on pages for anonymous and signed-in readers alike.
        response = client.get("/")
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self' 'sha256-" in policy
        assert "unsafe-inline" not in policy
        assert "'nonce-" not in policy
        assert "nonce=" not in response.content.decode()

    def test_framing_and_sniffing_are_refused(self, client):
        response = client.get("/")
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"


PRINT_SECURITY_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS, settings.DEBUG)"
)


def _settings_with(env: dict[str, str]) -> subprocess.CompletedProcess:
    """Import the real settings in a fresh interpreter with only `env` (plus the path) set."""
    keep = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-c", PRINT_SECURITY_SETTINGS],
        env={**keep, "DJANGO_SETTINGS_MODULE": "blmk_portal.settings", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


class TestProductionDefaults:
    def test_without_a_secret_key_the_portal_refuses_to_start(self):
        result = _settings_with({})
        assert result.returncode != 0
        assert "SECRET_KEY must be set unless DEBUG=True" in result.stderr

    def test_by_default_cookies_are_secure_hsts_is_on_and_debug_is_off(self):
        result = _settings_with({"SECRET_KEY": "a-real-secret"})
        assert result.stdout.split() == ["True", "31536000", "False"]


class TestStaffHome:
    def test_it_lists_each_apps_staff_pages_and_what_awaits(self, client_for, staff_user, blmk_data):
        page = client_for(staff_user).get("/manage/").content.decode()
        assert 'href="/manage/priorities/"' in page
        assert 'href="/manage/places/"' in page
        assert 'href="/manage/sign-ins/"' in page
        assert 'href="/admin/"' not in page  # staff are not sent to a page that refuses them

    def test_the_people_page_says_who_holds_which_role(
        self, client_for, staff_user, board_member_user, non_member_user
    ):
        page = client_for(staff_user).get("/manage/sign-ins/").content.decode().split("<main", 1)[1]
        rows = {email: page.split(email, 1)[1].split("</tr>", 1)[0] for email in ("office@", "member@", "someone@")}
        assert "Programme office" in rows["office@"]
        assert "Member of the Board" in rows["member@"]
        assert "Programme office" not in rows["member@"]
        assert "No role: reads what is public" in rows["someone@"]

    def test_the_people_page_costs_the_same_however_many_people(
        self, client_for, staff_user, django_assert_max_num_queries
    ):
        from tests.factories import MembershipFactory, PersonFactory, UserFactory

        for _ in range(20):
            MembershipFactory(person=PersonFactory(user=UserFactory()))
        client = client_for(staff_user)
        with django_assert_max_num_queries(6):
            assert client.get("/manage/sign-ins/").status_code == 200
