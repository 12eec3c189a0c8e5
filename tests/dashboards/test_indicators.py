"""Indicators as staff keep them (the record kit: add, edit, history, publish) and who may see them and their
figures: an unpublished indicator is private, and so is every point and change point of it."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from dashboards.models import Area, ChangePoint, Indicator, Point
from tests.dashboards.returns import areas, indicator
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

NEW = "/manage/dashboards/indicators/new/"
FORM = {
    "name": "RTT 18 weeks",
    "definition": "Patients waiting 18 weeks or less",
    "unit": "percent",
    "direction": "higher",
    "frequency": "monthly",
    "decimals": "2",
    "tolerance_kind": "absolute",
    "tolerance": "1.5",
}


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


class TestStaffKeepIndicators:
    def test_a_new_indicator_is_a_draft_with_its_code_in_capitals(self, client_for, staff_user):
        response = client_for(staff_user).post(NEW, {**FORM, "code": "rtt18", "submission": str(uuid.uuid4())})
        assert response.status_code == 302
        made = Indicator.objects.get()
        assert (made.code, made.status, made.tolerance) == ("RTT18", "draft", Decimal("1.5"))

    def test_a_code_taken_or_malformed_is_refused_at_the_field_and_nothing_is_added(self, client_for, staff_user):
        indicator("RTT18", name="Referral to treatment")
        staff = client_for(staff_user)
        taken = staff.post(NEW, {**FORM, "code": "RTT18", "submission": str(uuid.uuid4())})
        assert "Referral to treatment already has the code RTT18: choose another" in text(taken)
        bad = staff.post(NEW, {**FORM, "code": "18 weeks 🏥", "submission": str(uuid.uuid4())})
        assert "A code is 2 to 20 capital letters, digits or underscores" in text(bad)
        assert Indicator.objects.count() == 1

    def test_the_code_is_not_offered_for_editing_and_links_to_programmes_show_in_the_history(
        self, client_for, staff_user
    ):
        item = indicator("RTT18")
        programme = ProgrammeFactory(title="Elective recovery")
        staff = client_for(staff_user)
        edit = staff.get(f"/manage/dashboards/indicators/{item.code}/edit/")
        assert 'name="code"' not in edit.content.decode()
        response = staff.post(
            f"/manage/dashboards/indicators/{item.code}/edit/",
            {**FORM, "version": str(item.version), "programmes": [programme.pk]},
        )
        assert response.status_code == 302
        history = text(staff.get(f"/manage/dashboards/indicators/{item.code}/history/"))
        assert "Elective recovery" in history
        assert list(Indicator.objects.get().programmes.all()) == [programme]


class TestWhoSeesWhat:
    def test_a_draft_indicator_its_points_and_change_points_are_seen_by_staff_only(self, staff_user):
        places = areas()
        public, draft = indicator("AE4HR"), indicator("DRAFT1", status="draft")
        for item in (public, draft):
            Point.objects.create(indicator=item, area=places["BLMK"], period=dt.date(2021, 3, 1), value=1)
            ChangePoint.objects.create(indicator=item, period=dt.date(2020, 4, 1), reason="Covid-19")
        anonymous = AnonymousUser()
        assert list(Indicator.objects.visible_to(anonymous)) == [public]
        assert {p.indicator for p in Point.objects.visible_to(anonymous)} == {public}
        assert {c.indicator for c in ChangePoint.objects.visible_to(anonymous)} == {public}
        assert Point.objects.visible_to(staff_user).count() == 2


class TestTheDatabaseHoldsTheRules:
    def test_an_area_points_at_exactly_what_its_kind_says_and_there_is_one_system(self):
        places = areas()
        with pytest.raises(IntegrityError), transaction.atomic():
            Area.objects.create(kind=Area.Kind.SYSTEM)
        with pytest.raises(IntegrityError), transaction.atomic():
            Area.objects.create(kind=Area.Kind.PLACE)
        assert [places[code].code for code in ("BLMK", "luton", "MKUH")] == ["BLMK", "luton", "MKUH"]

    def test_a_point_is_for_a_whole_month_and_one_without_a_value_says_why(self):
        places, item = areas(), indicator()
        with pytest.raises(IntegrityError), transaction.atomic():
            Point.objects.create(indicator=item, area=places["BLMK"], period=dt.date(2021, 3, 15), value=1)
        with pytest.raises(IntegrityError), transaction.atomic():
            Point.objects.create(indicator=item, area=places["BLMK"], period=dt.date(2021, 3, 1), value=None)
        Point.objects.create(indicator=item, area=places["BLMK"], period=dt.date(2021, 3, 1), note="not_reported")


class TestChangePoints:
    def test_staff_add_one_from_the_indicators_overview_and_a_second_for_the_same_month_is_refused(
        self, client_for, staff_user
    ):
        item = indicator("RTT52", unit="count", direction="lower", decimals=0)
        staff = client_for(staff_user)
        new = f"/manage/dashboards/indicators/{item.code}/new-change-point/"
        form = {"month": "4", "year": "2020", "reason": "Covid-19: elective work paused", "area": ""}
        response = staff.post(new, {**form, "submission": str(uuid.uuid4())}, follow=True)
        assert "Change from April 2020 added" in text(response)
        assert "April 2020, every area: Covid-19: elective work paused" in text(response)
        again = staff.post(new, {**form, "submission": str(uuid.uuid4())})
        assert "There is already a change point from April 2020 for every area" in text(again)
        assert list(ChangePoint.objects.values_list("period", "reason")) == [
            (dt.date(2020, 4, 1), "Covid-19: elective work paused")
        ]

    def test_its_edit_form_starts_from_its_month_and_year(self, client_for, staff_user):
        item = indicator("RTT52")
        change = ChangePoint.objects.create(indicator=item, period=dt.date(2020, 9, 1), reason="Phase 3 plan")
        page = client_for(staff_user).get(f"/manage/dashboards/change-points/RTT52/{change.pk}/edit/").content.decode()
        assert re.search(r'<option value="9" selected', page)
        assert 'value="2020"' in page
