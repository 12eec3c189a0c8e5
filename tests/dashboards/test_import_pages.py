"""The staff pages for uploads of returns: upload, every bad row shown and nothing kept, a preview that survives
Back and a second click, commit, the list of imports and rolling one back."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dashboards import imports
from dashboards.models import Import, Point
from tests.dashboards.returns import areas, csv_file, held, indicator, xlsx_file

pytestmark = pytest.mark.django_db

NEW = "/manage/dashboards/imports/new/"
LIST = "/manage/dashboards/imports/"


@pytest.fixture
def staff(client_for, staff_user):
    indicator("AE4HR")
    indicator("RTT52", unit="count", direction="lower", decimals=0)
    return client_for(staff_user)


@pytest.fixture
def setting():
    return areas()


def upload(client, data: bytes, name: str = "returns.csv", token: str | None = None, **headers):
    return client.post(
        NEW, {"file": SimpleUploadedFile(name, data), "submission": token or str(uuid.uuid4())}, **headers
    )


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


class TestUploading:
    def test_a_file_with_errors_shows_every_bad_row_with_its_reason_and_keeps_nothing(self, staff, setting):
        response = upload(
            staff,
            csv_file("AE4HR,MKUH,2021-03,90.29,,95,", "NOPE,BLMK,2021-03,5,,,", "AE4HR,BLMK,2021-03,120,,,"),
        )
        assert response.status_code == 200
        page = text(response)
        assert "2 problems in the file: nothing has been saved" in page
        assert "Row 3: There is no indicator with the code NOPE" in page  # in the error summary
        assert 'id="row-4"' in page and "The value 120 is a percentage, so it must be between 0 and 100" in page
        assert 'id="row-2"' not in page  # the good row is not reported
        assert not Import.objects.exists() and not Point.objects.exists()

    def test_a_good_file_goes_to_its_preview_and_nothing_is_written_yet(self, staff, setting):
        response = upload(staff, csv_file("AE4HR,MKUH,2021-03,90.29,,95,"))
        batch = Import.objects.get()
        assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
        assert batch.state == Import.State.PREVIEW
        assert not Point.objects.exists()

    def test_the_same_upload_sent_twice_makes_one_preview(self, staff, setting):
        token = str(uuid.uuid4())
        first = upload(staff, csv_file("AE4HR,MKUH,2021-03,90.29,,95,"), token=token)
        second = upload(staff, csv_file("AE4HR,MKUH,2021-03,90.29,,95,"), token=token)
        assert first["Location"] == second["Location"]
        assert Import.objects.count() == 1

    def test_a_workbook_is_accepted_too(self, staff, setting):
        upload(staff, xlsx_file(["AE4HR", "MKUH", "2021-03", 90.29]), name="returns.xlsx")
        assert Import.objects.get().row_count == 1

    def test_a_file_of_another_kind_is_refused_at_the_field(self, staff, setting):
        response = upload(staff, b"%PDF-1.4 not returns", name="returns.pdf")
        assert "The file of returns must be an Excel spreadsheet or CSV file" in text(response)
        assert not Import.objects.exists()


class TestThePreviewAndCommit:
    def test_the_preview_shows_changed_values_old_and_new_and_new_values(self, staff, setting):
        upload(staff, csv_file("AE4HR,MKUH,2021-03,90.29,,95,"))
        staff.post(f"{Import.objects.get().get_absolute_url()}commit/", {"seen": _seen()})
        upload(staff, csv_file("AE4HR,MKUH,2021-03,90.3,,95,", "RTT52,MKUH,2021-03,1073,,0,"))
        batch = Import.objects.filter(state=Import.State.PREVIEW).get()
        page = text(staff.get(batch.get_absolute_url()))
        assert "2 new values" in page and "1 changed value" in page and "1 value already held" in page
        assert re.search(r"AE4HR.*MKUH.*March 2021.*Value.*90\.29%.*90\.30%", page)
        assert re.search(r"RTT52.*MKUH.*March 2021.*Target.*0", page)
        assert "Commit these figures" in page

    def test_commit_writes_the_figures_and_a_second_click_or_back_saves_nothing_twice(self, staff, setting):
        upload(staff, csv_file("AE4HR,MKUH,2021-03,90.29,,95,"))
        batch = Import.objects.get()
        seen = _seen()
        response = staff.post(f"{batch.get_absolute_url()}commit/", {"seen": seen}, follow=True)
        assert "Import committed: 2 new values and 0 changed values" in text(response)
        again = staff.post(f"{batch.get_absolute_url()}commit/", {"seen": seen}, follow=True)
        assert "committed already, when the form was first sent. Nothing was saved twice" in text(again)
        assert Point.objects.count() == 2
        # Back to the preview's address shows what the import did, and no Commit button.
        page = text(staff.get(batch.get_absolute_url()))
        assert "What it changed" in page and "Commit these figures" not in page
        assert held("AE4HR", setting["MKUH"], "2021-03") == (Decimal("90.29"), "")

    def test_sent_by_htmx_to_show_progress_an_upload_and_its_commit_move_the_whole_page_on(self, staff, setting):
        htmx = {"HTTP_HX_REQUEST": "true"}
        bad = upload(staff, csv_file("NOPE,BLMK,2021-03,5,,,"), **htmx)
        assert bad.status_code == 200 and "HX-Redirect" not in bad  # the problems are swapped into the page
        assert "Row 2: There is no indicator with the code NOPE" in text(bad)

        good = upload(staff, csv_file("AE4HR,MKUH,2021-03,90.29,,95,"), **htmx)
        batch = Import.objects.get()
        assert good.status_code == 200 and good["HX-Redirect"] == batch.get_absolute_url()
        assert not Point.objects.exists()

        committed = staff.post(f"{batch.get_absolute_url()}commit/", {"seen": _seen()}, **htmx)
        assert committed["HX-Redirect"] == batch.get_absolute_url()
        assert Point.objects.count() == 2

    def test_a_preview_gone_stale_is_not_committed_and_shows_the_figures_as_they_are(self, staff, setting):
        upload(staff, csv_file("AE4HR,MKUH,2021-03,90.3,,,"))
        stale = Import.objects.get()
        seen = _seen()
        upload(staff, csv_file("AE4HR,MKUH,2021-03,89,,,"))
        other = Import.objects.exclude(pk=stale.pk).get()
        imports.commit(batch=other, seen=imports.preview(other).fingerprint, by=None)
        response = staff.post(f"{stale.get_absolute_url()}commit/", {"seen": seen}, follow=True)
        page = text(response)
        assert "changed after this preview was shown" in page
        assert re.search(r"Value.*89\.00%.*90\.30%", page)
        assert held("AE4HR", setting["MKUH"], "2021-03") == (Decimal("89"), "")


def _seen() -> str:
    return imports.preview(Import.objects.filter(state=Import.State.PREVIEW).get()).fingerprint


class TestTheListAndRollingBack:
    def test_the_list_offers_roll_back_for_committed_imports_only(self, staff, setting):
        upload(staff, csv_file("AE4HR,MKUH,2021-03,90.29,,95,"), name="march.csv")
        march = Import.objects.get()
        staff.post(f"{march.get_absolute_url()}commit/", {"seen": _seen()})
        upload(staff, csv_file("AE4HR,MKUH,2021-04,91,,95,"), name="april.csv")
        page = text(staff.get(LIST))
        assert "Showing 1 to 2 of 2 imports" in page
        assert f'Roll back<span class="nhsuk-u-visually-hidden"> import {march.pk} (march.csv)' in page
        assert "(april.csv)" in page and page.count("Roll back<span") == 1
        assert "Waiting to be committed" in page and "Committed" in page

    def test_roll_back_asks_first_then_restores_and_a_second_post_says_it_is_done(self, staff, setting):
        upload(staff, csv_file("AE4HR,MKUH,2021-03,90.29,,95,"))
        batch = Import.objects.get()
        staff.post(f"{batch.get_absolute_url()}commit/", {"seen": _seen()})
        confirm = text(staff.get(f"{batch.get_absolute_url()}roll-back/"))
        assert "Roll back this import?" in confirm and "The 2 new values it added will be removed" in confirm
        assert Point.objects.count() == 2
        done = staff.post(f"{batch.get_absolute_url()}roll-back/", follow=True)
        assert f"Import {batch.pk} rolled back" in text(done)
        assert not Point.objects.exists()
        again = staff.post(f"{batch.get_absolute_url()}roll-back/", follow=True)
        assert "This import has been rolled back" in text(again)

    def test_the_imports_list_costs_the_same_queries_for_3_imports_as_for_30(
        self, staff, setting, django_assert_max_num_queries, staff_user
    ):
        def make(count: int) -> None:
            for number in range(count):
                checked = imports.check_file("r.csv", csv_file(f"AE4HR,MKUH,2020-{number % 12 + 1:02d},{number},,,"))
                imports.start(file_name=f"r{number}.csv", checked=checked, by=staff_user)

        make(3)
        with django_assert_max_num_queries(8):
            assert staff.get(LIST).status_code == 200
        make(27)
        with django_assert_max_num_queries(8):
            assert staff.get(LIST).status_code == 200


def test_the_indicators_list_costs_the_same_queries_for_3_indicators_as_for_30(staff, django_assert_max_num_queries):
    indicator("MORE0")  # and the two the staff fixture makes
    with django_assert_max_num_queries(6):
        assert staff.get("/manage/dashboards/").status_code == 200
    for number in range(1, 28):
        indicator(f"MORE{number}")
    with django_assert_max_num_queries(6):
        assert staff.get("/manage/dashboards/").status_code == 200


def test_a_preview_nobody_committed_goes_after_30_days_when_another_upload_arrives(staff, setting):
    import time_machine

    with time_machine.travel("2021-03-01 09:00Z"):
        upload(staff, csv_file("AE4HR,MKUH,2021-02,90,,,"))
    with time_machine.travel("2021-03-30 09:00Z"):
        upload(staff, csv_file("AE4HR,MKUH,2021-02,91,,,"))
        assert Import.objects.count() == 2
    with time_machine.travel("2021-04-02 09:00Z"):
        upload(staff, csv_file("AE4HR,MKUH,2021-02,92,,,"))
    assert sorted(Import.objects.values_list("rows__0__value", flat=True)) == ["91", "92"]
