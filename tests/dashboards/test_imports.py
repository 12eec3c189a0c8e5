"""Uploads of returns: checked whole, all or nothing; previewed with old and new; committed once; rolled back
as a unit; every change in the history."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pghistory.models
import pytest
from django.core.management import CommandError, call_command

from dashboards import imports
from dashboards.models import Area, Import, ImportChange, Indicator, Kind, Point
from tests.dashboards.returns import areas, csv_file, held, indicator, xlsx_file
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2021, 6, 9)


@pytest.fixture
def setting():
    indicator("AE4HR")
    indicator("RTT52", unit=Indicator.Unit.COUNT, direction=Indicator.Direction.LOWER, decimals=0)
    indicator("SMIPHC", frequency=Indicator.Frequency.QUARTERLY)
    indicator("AMBC1", unit=Indicator.Unit.MINUTES_SECONDS, direction=Indicator.Direction.LOWER, decimals=0)
    return areas()


def check(data: bytes, name: str = "returns.csv") -> imports.Checked:
    return imports.check_file(name, data, today=TODAY)


def committed(data: bytes, by=None, name: str = "returns.csv") -> Import:
    checked = check(data, name)
    assert checked.ok, checked.errors
    batch = imports.start(file_name=name, checked=checked, by=by)
    return imports.commit(batch=batch, seen=imports.preview(batch).fingerprint, by=by)


MIXED = csv_file(
    "AE4HR,MKUH,2021-03,90.29,,95,",  # row 2: good
    "AE4HR,mkuh,2021-03,90.3,,,",  # row 3: the same indicator, area and month again
    "NOPE,BLMK,2021-03,5,,,",  # row 4: no such indicator
    "RTT52,nowhere,2021-13,abc,,,",  # row 5: no such area, no such month, not a number
    "AE4HR,BLMK,2021-03,120,,,",  # row 6: a percentage over 100
    "RTT52,BLMK,2021-03,,,,unvalidated",  # row 7: no value, and a note that does not say why
    "SMIPHC,BLMK,2021-02,20,,,",  # row 8: a quarterly indicator in a month that ends no quarter
    "AE4HR,luton,2021-09,91,,,",  # row 9: an actual value for a month still to come
    "RTT52,BLMK,2021-02,12.5,,,",  # row 10: a count with a fraction
    "AE4HR,BLMK,2021-02,90,,,maybe",  # row 11: a note an upload may not give
    "RTT52,luton,2021-03,4443,2319,0,",  # row 12: good
)


class TestAFileIsCheckedWhole:
    def test_every_bad_row_is_reported_with_its_reason_and_spreadsheet_row_number(self, setting):
        errors = {error.row: error.message for error in check(MIXED).errors}
        assert set(errors) == {3, 4, 5, 6, 7, 8, 9, 10, 11}
        assert errors[3] == "It repeats row 2 (the same indicator, area and period)"
        assert errors[4] == "There is no indicator with the code NOPE"
        assert "There is no area nowhere" in errors[5]
        assert "the period ‘2021-13’ is not a month written YYYY-MM" in errors[5]
        assert "the value ‘abc’ is not a number" in errors[5]
        assert errors[6] == "The value 120 is a percentage, so it must be between 0 and 100"
        assert errors[7].startswith("The value is missing")
        assert errors[8].startswith("SMIPHC is quarterly")
        assert errors[9] == "September 2021 is still to come: only a plan or a target may be given for it"
        assert errors[10] == "The value 12.5 is a count, so it must be a whole number"
        assert errors[11].startswith("The note ‘maybe’ is not one an upload may give")

    def test_a_file_with_any_bad_row_saves_nothing_not_even_its_good_rows(self, setting):
        checked = check(MIXED)
        assert not checked.ok
        with pytest.raises(imports.ImportRefused):
            imports.start(file_name="mixed.csv", checked=checked, by=None)
        assert not Point.objects.exists()
        assert not Import.objects.exists()

    def test_the_same_rows_corrected_are_accepted(self, setting):
        good = csv_file("AE4HR,MKUH,2021-03,90.29,,95,", "RTT52,luton,2021-03,4443,2319,0,")
        assert check(good).ok

    def test_a_header_missing_a_column_or_naming_an_unknown_one_is_refused_at_row_1(self, setting):
        errors = check(csv_file("AE4HR,BLMK,2021-03", header="indicator,area,month")).errors
        assert [(error.row, error.message) for error in errors] == [
            (
                1,
                "The header has no period and value column; month is not a column an upload has "
                "(use indicator,area,period,value,plan,target,note)",
            )
        ]

    def test_columns_may_come_in_any_order_and_the_optional_ones_may_be_left_out(self, setting):
        checked = check(csv_file("2021-03,90.29,MKUH,AE4HR", header="Period,Value,Area,Indicator"))
        assert checked.ok
        assert checked.rows[0]["value"] == "90.29"

    def test_figures_are_read_as_people_write_them(self, setting):
        checked = check(
            csv_file(
                'AE4HR,BLMK,2021-03,"94.14%",,95%,',
                'RTT52,BLMK,2021-03,"4,443",,,',
                "AMBC1,luton,2021-03,6:05,,7:00,",
                "AE4HR,MKUH,2021-03,,,,not reported",
                "AE4HR,luton,2021-03,,,,NP",
                "AE4HR,MKUH,2022-03,,96,,",
            )
        )
        assert checked.ok, checked.errors
        values = [(row["value"], row["plan"], row["target"], row["note"]) for row in checked.rows]
        assert values == [
            ("94.14", None, "95", ""),
            ("4443", None, None, ""),
            ("365", None, "420", ""),
            (None, None, None, "not_reported"),
            (None, None, None, "no_patients"),
            (None, "96", None, ""),  # a plan for a month to come, with no value yet
        ]

    def test_a_file_that_is_not_csv_or_a_workbook_is_refused_whole(self, setting):
        errors = check(b"\xff\xfe\x00garbage\x81", "returns.csv").errors
        assert len(errors) == 1 and errors[0].row == 0
        assert "save it as ‘CSV UTF-8’" in errors[0].message

    def test_an_empty_file_and_a_header_alone_are_refused(self, setting):
        assert check(b"").errors[0].message == "The file is empty"
        assert check(csv_file()).errors[0].message == "The file has a header but no rows of figures"


class TestAWorkbookIsReadLikeACsvFile:
    def test_an_xlsx_file_with_a_bad_row_reports_it_and_keeps_nothing(self, setting):
        data = xlsx_file(["AE4HR", "MKUH", "2021-03", 90.29, None, 95, None], ["AE4HR", "MKUH", "2021-03", 91])
        errors = check(data, "returns.xlsx").errors
        assert [(error.row, error.message) for error in errors] == [
            (3, "It repeats row 2 (the same indicator, area and period)")
        ]

    def test_an_xlsx_file_with_dates_numbers_and_percentage_cells_gives_what_the_person_sees(self, setting):
        from openpyxl import load_workbook

        data = xlsx_file(
            ["AE4HR", "MKUH", dt.datetime(2021, 3, 1), 0.9029, None, 95], ["RTT52", "BLMK", "2021-03", 4443]
        )
        book = load_workbook(io.BytesIO(data))
        book.active["D2"].number_format = "0.00%"
        out = io.BytesIO()
        book.save(out)
        batch = committed(out.getvalue(), name="returns.xlsx")
        assert batch.added == 3
        assert held("AE4HR", Area.objects.get(organisation__short_name="MKUH"), "2021-03") == (Decimal("90.29"), "")
        assert held("RTT52", Area.objects.get(kind="system"), "2021-03") == (Decimal("4443"), "")


class TestThePreview:
    def test_it_lists_new_values_and_changed_values_with_old_and_new_and_counts_those_held(self, setting):
        committed(csv_file("AE4HR,MKUH,2021-02,88.1,,95,", "AE4HR,MKUH,2021-03,90.29,,95,"))
        checked = check(
            csv_file("AE4HR,MKUH,2021-02,88.1,,95,", "AE4HR,MKUH,2021-03,90.3,,95,", "AE4HR,MKUH,2021-04,91,,95,")
        )
        shown = imports.preview(imports.start(file_name="again.csv", checked=checked, by=None))
        assert [(c.period, c.kind, c.old_value, c.new_value) for c in shown.changed] == [
            (dt.date(2021, 3, 1), Kind.ACTUAL, Decimal("90.29"), Decimal("90.3"))
        ]
        assert [(c.period, c.kind, c.new_value) for c in shown.added] == [
            (dt.date(2021, 4, 1), Kind.ACTUAL, Decimal("91")),
            (dt.date(2021, 4, 1), Kind.TARGET, Decimal("95")),
        ]
        assert shown.unchanged == 3

    def test_a_commit_is_refused_when_the_figures_changed_after_the_preview_was_shown(self, setting):
        checked = check(csv_file("AE4HR,MKUH,2021-03,90.3,,,"))
        batch = imports.start(file_name="slow.csv", checked=checked, by=None)
        seen = imports.preview(batch).fingerprint
        committed(csv_file("AE4HR,MKUH,2021-03,89,,,"), name="quick.csv")
        with pytest.raises(imports.ImportRefused, match="changed after this preview was shown"):
            imports.commit(batch=batch, seen=seen, by=None)
        assert held("AE4HR", setting["MKUH"], "2021-03") == (Decimal("89"), "")
        assert Import.objects.get(pk=batch.pk).state == Import.State.PREVIEW


class TestCommitting:
    def test_it_writes_every_point_of_the_file_as_one_import(self, setting):
        user = UserFactory()
        batch = committed(
            csv_file("AE4HR,MKUH,2021-03,90.29,94,95,unvalidated", "RTT52,luton,2021-03,4443,2319,,"), user
        )
        assert (batch.state, batch.added, batch.changed, batch.created_by) == (Import.State.COMMITTED, 5, 0, user)
        assert held("AE4HR", setting["MKUH"], "2021-03") == (Decimal("90.29"), "unvalidated")
        assert held("AE4HR", setting["MKUH"], "2021-03", Kind.PLAN) == (Decimal("94"), "")
        assert held("AE4HR", setting["MKUH"], "2021-03", Kind.TARGET) == (Decimal("95"), "")
        assert held("RTT52", setting["luton"], "2021-03", Kind.TARGET) is None
        assert set(Point.objects.values_list("loaded_by", flat=True)) == {batch.pk}

    def test_committing_the_same_import_twice_writes_it_once(self, setting):
        batch = committed(csv_file("AE4HR,MKUH,2021-03,90.29,,,"))
        again = imports.commit(batch=batch, seen="anything", by=None)
        assert again.state == Import.State.COMMITTED
        assert ImportChange.objects.count() == 1

    def test_an_area_without_figures_yet_gets_its_area_row_on_commit(self, setting):
        Area.objects.filter(kind=Area.Kind.PLACE).delete()
        committed(csv_file("AE4HR,LUTON,2021-03,70,,,"))
        assert Area.objects.get(kind=Area.Kind.PLACE).code == "luton"

    def test_every_change_is_kept_in_the_history_with_the_import_and_the_person(self, setting):
        user = UserFactory()
        first = committed(csv_file("AE4HR,MKUH,2021-03,90.29,,,"), user)
        second = committed(csv_file("AE4HR,MKUH,2021-03,90.3,,,"), user)
        point = Point.objects.get()
        events = list(pghistory.models.Events.objects.tracks(point).order_by("pgh_id"))
        assert [(e.pgh_label, Decimal(str(e.pgh_data["value"]))) for e in events] == [
            ("insert", Decimal("90.29")),
            ("update", Decimal("90.3")),
        ]
        assert [e.pgh_context["dashboard_import"] for e in events] == [first.pk, second.pk]
        assert {e.pgh_context["user"] for e in events} == {user.pk}


class TestRollingBack:
    def test_it_removes_the_values_it_added_and_restores_those_it_changed(self, setting):
        first = committed(csv_file("AE4HR,MKUH,2021-03,90.29,,95,"), name="first.csv")
        second = committed(csv_file("AE4HR,MKUH,2021-03,90.3,,95,", "AE4HR,MKUH,2021-04,91,,,"), name="second.csv")
        assert (second.added, second.changed) == (1, 1)
        imports.roll_back(batch=second, by=None)
        assert held("AE4HR", setting["MKUH"], "2021-03") == (Decimal("90.29"), "")
        assert held("AE4HR", setting["MKUH"], "2021-04") is None
        assert Point.objects.get(kind=Kind.ACTUAL).loaded_by == first
        assert Import.objects.get(pk=second.pk).state == Import.State.ROLLED_BACK
        # The history keeps both the change and its undoing.
        events = pghistory.models.Events.objects.tracks(Point.objects.get(kind=Kind.ACTUAL)).order_by("pgh_id")
        assert [Decimal(str(e.pgh_data["value"])) for e in events] == [
            Decimal("90.29"),
            Decimal("90.3"),
            Decimal("90.29"),
        ]

    def test_a_value_from_the_seed_documents_gets_its_source_and_words_back(self, setting):
        from blmk_portal.models import SourceDocument

        source = SourceDocument.objects.create(key="pack", title="Pack")
        Point.objects.create(
            indicator=Indicator.objects.get(code="AE4HR"),
            area=setting["MKUH"],
            period=dt.date(2021, 3, 1),
            value=Decimal("90.29"),
            printed="90.29%*",
            source=source,
        )
        batch = committed(csv_file("AE4HR,MKUH,2021-03,90.3,,,"))
        assert Point.objects.get().source is None
        imports.roll_back(batch=batch, by=None)
        point = Point.objects.get()
        assert (point.value, point.printed, point.source, point.loaded_by) == (
            Decimal("90.29"),
            "90.29%*",
            source,
            None,
        )

    def test_it_is_refused_while_a_later_import_changed_its_values_until_that_one_is_rolled_back(self, setting):
        first = committed(csv_file("AE4HR,MKUH,2021-03,90.29,,,"), name="first.csv")
        second = committed(csv_file("AE4HR,MKUH,2021-03,90.3,,,"), name="second.csv")
        assert imports.blocking_rollback(first) == [second]
        with pytest.raises(imports.ImportRefused, match=rf"roll back import {second.pk} \(second.csv\) first"):
            imports.roll_back(batch=first, by=None)
        assert held("AE4HR", setting["MKUH"], "2021-03") == (Decimal("90.3"), "")
        imports.roll_back(batch=second, by=None)
        imports.roll_back(batch=first, by=None)
        assert not Point.objects.exists()

    def test_rolling_back_twice_changes_nothing_more(self, setting):
        batch = committed(csv_file("AE4HR,MKUH,2021-03,90.29,,,"))
        imports.roll_back(batch=batch, by=None)
        imports.roll_back(batch=batch, by=None)
        assert Import.objects.get().state == Import.State.ROLLED_BACK

    def test_an_import_never_committed_cannot_be_rolled_back(self, setting):
        batch = imports.start(file_name="a.csv", checked=check(csv_file("AE4HR,MKUH,2021-03,90.29,,,")), by=None)
        with pytest.raises(imports.ImportRefused, match="never committed"):
            imports.roll_back(batch=batch, by=None)


class TestTheCommand:
    def test_a_file_with_bad_rows_exits_non_zero_listing_them_and_saves_nothing(self, setting, tmp_path):
        path = tmp_path / "mixed.csv"
        path.write_bytes(MIXED)
        err = io.StringIO()
        # The command checks against today's date, so the month "still to come" in the file is past by now.
        with pytest.raises(CommandError, match="mixed.csv: 8 bad rows; nothing was saved"):
            call_command("import_returns", str(path), stderr=err, stdout=io.StringIO())
        assert "Row 4: There is no indicator with the code NOPE" in err.getvalue()
        assert "Row 2:" not in err.getvalue()
        assert not Point.objects.exists()

    def test_the_exit_status_is_1_from_the_shell(self, setting, tmp_path):
        from django.core.management import ManagementUtility

        path = tmp_path / "mixed.csv"
        path.write_bytes(MIXED)
        with pytest.raises(SystemExit) as exit_:
            ManagementUtility(["manage.py", "import_returns", str(path)]).execute()
        assert exit_.value.code == 1

    def test_a_good_file_is_committed_as_an_import(self, setting, tmp_path):
        path = tmp_path / "good.csv"
        path.write_bytes(csv_file("AE4HR,MKUH,2021-03,90.29,,95,"))
        out = io.StringIO()
        call_command("import_returns", str(path), stdout=out)
        assert "committed from good.csv: 2 new values, 0 changed, 0 already held" in out.getvalue()
        assert Import.objects.get().state == Import.State.COMMITTED

    def test_preview_says_what_would_change_and_saves_nothing(self, setting, tmp_path):
        path = tmp_path / "good.csv"
        path.write_bytes(csv_file("AE4HR,MKUH,2021-03,90.29,,95,"))
        out = io.StringIO()
        call_command("import_returns", str(path), "--preview", stdout=out)
        assert "good.csv would give 2 new values" in out.getvalue()
        assert not Import.objects.exists() and not Point.objects.exists()
