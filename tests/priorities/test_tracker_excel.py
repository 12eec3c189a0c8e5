"""A plan's tracker in Excel, out and back: exported, edited in a spreadsheet, uploaded, previewed, committed
through the status rules, and undone as a unit; a file with any bad row saves nothing and lists every one; only
the programme office may do any of it."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from blmk_portal.rag import Rag
from priorities import tracker
from priorities.models import SignOff, StatusUpdate
from priorities.period_rules import Period, reporting_period
from priorities.tracker_models import TrackerChange, TrackerImport
from tests.access import READERS, REFUSED, SIGN_IN
from tests.factories import (
    MilestoneFactory,
    PlanFactory,
    PriorityFactory,
    ProgrammeFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db

THIS = reporting_period(timezone.localdate())
LAST = str(Period.parse(THIS).previous)
BASE = "/manage/priorities/operating-plan/tracker"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def plan(staff_user):
    """A plan with two programmes and three milestones; last quarter signed off for the stroke programme, and
    this quarter's status for one milestone reported but not yet signed off."""
    plan = PlanFactory(slug="operating-plan", title="Operating Plan 2026/27")
    prevention = PriorityFactory(plan=plan, code="P1", slug="p1", title="Prevention", order=1)
    stroke = ProgrammeFactory(priority=prevention, title="Stroke pathway", order=1)
    diabetes = ProgrammeFactory(priority=prevention, title="Diabetes prevention", order=2)
    unit = MilestoneFactory(
        programme=stroke, title="Open the hyper-acute unit", owner="BLMK CCG", due_date=dt.date(2027, 3, 31), order=1
    )
    MilestoneFactory(programme=stroke, title="Thrombolysis around the clock", owner="BLMK STP", order=2)
    MilestoneFactory(programme=diabetes, title="Enrol 2,000 people", owner="", due_date=dt.date(2026, 9, 30))
    StatusUpdateFactory(
        milestone=unit, reporting_period=LAST, rag=Rag.AMBER, commentary="Estates delay", author=staff_user
    )
    return plan


def milestone(title: str):
    from priorities.models import Milestone

    return Milestone.objects.get(title=title)


def download(client) -> bytes:
    response = client.get(f"{BASE}.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="operating-plan-tracker-')
    return response.content


def sheet_values(data: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(data))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def edited(data: bytes, changes: dict[tuple[str, str], object]) -> bytes:
    """The workbook with cells changed: {(milestone title, column name): value}."""
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = {row[3].value: row for row in sheet.iter_rows(min_row=2)}
    for (title, column), value in changes.items():
        rows[title][header.index(column)].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data: bytes, name: str = "tracker.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(f"{BASE}/", {"file": file, "submission": str(uuid.uuid4())})


def statuses() -> list[tuple]:
    return list(
        StatusUpdate.objects.order_by("pk").values_list(
            "milestone__title", "reporting_period", "rag", "commentary", "replaced_at", "withdrawn_at"
        )
    )


class TestTheTrackerGoesOutAsAWorkbook:
    def test_each_milestone_is_a_row_with_its_programme_owner_due_date_and_status_by_period(
        self, client_for, staff_user, plan
    ):
        rows = sheet_values(download(client_for(staff_user)))
        unit = milestone("Open the hyper-acute unit")
        assert rows[0] == [
            "Milestone ID",
            "Priority",
            "Programme",
            "Milestone",
            "Owner",
            "Due date",
            f"{LAST} status",
            f"{LAST} commentary",
            f"{THIS} status",
            f"{THIS} commentary",
            "Reason for a correction",
        ]
        assert rows[1] == [
            unit.pk,
            "P1 Prevention",
            "Stroke pathway",
            "Open the hyper-acute unit",
            "BLMK CCG",
            dt.datetime(2027, 3, 31),
            "Amber",
            "Estates delay",
            None,
            None,
            None,
        ]
        assert [row[3] for row in rows[1:]] == [
            "Open the hyper-acute unit",
            "Thrombolysis around the clock",
            "Enrol 2,000 people",
        ]
        assert rows[3][2] == "Diabetes prevention" and rows[3][5] == dt.datetime(2026, 9, 30)

    def test_it_says_how_to_fill_it_in_on_a_second_sheet(self, client_for, staff_user, plan):
        book = load_workbook(io.BytesIO(download(client_for(staff_user))))
        assert book.sheetnames == ["Tracker", "How to fill it in"]
        notes = " ".join(str(row[0]) for row in book["How to fill it in"].iter_rows(values_only=True))
        assert "Red and Amber need commentary" in notes and "Reason for a correction" in notes

    def test_text_that_starts_like_a_formula_stays_text_excel_will_not_run(self, client_for, staff_user, plan):
        unit = milestone("Open the hyper-acute unit")
        unit.title = "=1+1"
        unit.save()
        StatusUpdate.objects.filter(milestone=unit).update(commentary='=HYPERLINK("http://x")')
        sheet = load_workbook(io.BytesIO(download(client_for(staff_user)))).worksheets[0]
        cells = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row}
        assert cells["=1+1"].data_type == "s"
        assert cells['=HYPERLINK("http://x")'].data_type == "s"
        assert not [cell.coordinate for cell in cells.values() if cell.data_type == "f"]

    def test_the_workbook_costs_the_same_queries_however_many_milestones(self, plan, django_assert_max_num_queries):
        with django_assert_max_num_queries(2):
            tracker.tracker_workbook(plan)
        programme = ProgrammeFactory(priority=PriorityFactory(plan=plan, code="P2", slug="p2"))
        for _ in range(30):
            StatusUpdateFactory(milestone=MilestoneFactory(programme=programme), reporting_period=LAST)
        with django_assert_max_num_queries(2):
            assert len(sheet_values(tracker.tracker_workbook(plan))) == 34


class TestARoundTrip:
    def test_exported_edited_and_imported_the_tracker_holds_the_same_data(self, client_for, staff_user, plan):
        client = client_for(staff_user)
        filled = edited(
            download(client),
            {
                ("Open the hyper-acute unit", f"{THIS} status"): "Red",
                ("Open the hyper-acute unit", f"{THIS} commentary"): "The contractor has gone into administration.\n"
                "A new one starts in March.",
                ("Thrombolysis around the clock", f"{THIS} status"): "Green",
                ("Enrol 2,000 people", f"{THIS} status"): "Blue (complete)",
            },
        )

        response = upload(client, filled)
        batch = TrackerImport.objects.get()
        assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
        assert StatusUpdate.objects.count() == 1  # a preview saves nothing
        page = client.get(batch.get_absolute_url()).content.decode()
        assert "3 new statuses" in page and "0 changed statuses" in page and "1 status already held" in page
        assert "The contractor has gone into administration." in page

        preview = tracker.preview(batch)
        response = client.post(f"{BASE}/{batch.pk}/commit/", {"seen": preview.fingerprint})
        assert response.status_code == 302
        assert (
            "Tracker committed: 3 new statuses and 0 changed statuses"
            in client.get(response["Location"]).content.decode()
        )

        again = sheet_values(download(client))
        assert again == sheet_values(filled)
        unit = StatusUpdate.objects.get(milestone__title="Open the hyper-acute unit", reporting_period=THIS)
        assert (unit.rag, unit.author) == (Rag.RED, staff_user)
        assert unit.commentary == "The contractor has gone into administration.\nA new one starts in March."
        # Reported through the round's rules: waiting for sign-off before the public see them.
        assert not SignOff.objects.filter(reporting_period=THIS).exists()

    def test_a_status_of_an_open_quarter_is_changed_old_to_new_and_one_signed_off_is_corrected_with_its_reason(
        self, client_for, staff_user, plan
    ):
        unit = milestone("Open the hyper-acute unit")
        clock = milestone("Thrombolysis around the clock")
        StatusUpdateFactory(milestone=clock, reporting_period=THIS, rag=Rag.GREEN, signed_off=False)
        client = client_for(staff_user)
        filled = edited(
            download(client),
            {
                ("Thrombolysis around the clock", f"{THIS} status"): "Amber",
                ("Thrombolysis around the clock", f"{THIS} commentary"): "Rota gaps at weekends",
                ("Open the hyper-acute unit", f"{LAST} status"): "Red",
                ("Open the hyper-acute unit", f"{LAST} commentary"): "Estates delay: the site was lost",
                (
                    "Open the hyper-acute unit",
                    "Reason for a correction",
                ): "Amber was reported before the site fell through",
            },
        )
        upload(client, filled)
        batch = TrackerImport.objects.get()

        page = client.get(batch.get_absolute_url()).content.decode()
        assert "0 new statuses" in page and "2 changed statuses" in page
        assert "Rota gaps at weekends" in page and "Corrected" in page and "Changed" in page
        assert "Amber was reported before the site fell through" in page

        tracker.commit(batch=batch, seen=tracker.preview(batch).fingerprint, by=staff_user)

        edit = StatusUpdate.objects.standing().get(milestone=clock, reporting_period=THIS)
        assert (edit.rag, edit.commentary) == (Rag.AMBER, "Rota gaps at weekends")
        correction = StatusUpdate.objects.standing().get(milestone=unit, reporting_period=LAST)
        assert correction.rag == Rag.RED and correction.reason == "Amber was reported before the site fell through"
        assert correction.corrects.rag == Rag.AMBER and correction.corrects.replaced_at is not None
        assert StatusUpdate.objects.filter(milestone=clock).count() == 1  # edited in place, not added twice
        kinds = sorted(TrackerChange.objects.values_list("kind", "old_rag", "new_rag"))
        assert kinds == [("correction", "amber", "red"), ("edit", "green", "amber")]

    def test_committing_twice_saves_once_and_a_preview_gone_stale_saves_nothing(self, client_for, staff_user, plan):
        client = client_for(staff_user)
        upload(client, edited(download(client), {("Enrol 2,000 people", f"{THIS} status"): "Green"}))
        batch = TrackerImport.objects.get()
        seen = tracker.preview(batch).fingerprint
        # Someone reports the same milestone in the round after the preview was shown.
        StatusUpdateFactory(
            milestone=milestone("Enrol 2,000 people"),
            reporting_period=THIS,
            rag=Rag.RED,
            commentary="Nobody enrolled",
            signed_off=False,
        )
        before = statuses()
        response = client.post(f"{BASE}/{batch.pk}/commit/", {"seen": seen})
        assert "changed after this preview was shown" in client.get(response["Location"]).content.decode()
        assert statuses() == before

        fresh = tracker.preview(batch)
        assert [(c.old.rag, c.rag) for c in fresh.changed] == [(Rag.RED, Rag.GREEN)]
        client.post(f"{BASE}/{batch.pk}/commit/", {"seen": fresh.fingerprint})
        response = client.post(f"{BASE}/{batch.pk}/commit/", {"seen": fresh.fingerprint})
        assert "committed already" in client.get(response["Location"]).content.decode()
        assert TrackerChange.objects.count() == 1

    def test_a_milestone_removed_after_the_check_stops_the_commit_and_says_why(self, client_for, staff_user, plan):
        client = client_for(staff_user)
        upload(client, edited(download(client), {("Enrol 2,000 people", f"{THIS} status"): "Green"}))
        batch = TrackerImport.objects.get()
        milestone("Enrol 2,000 people").delete()
        page = client.get(batch.get_absolute_url()).content.decode()
        assert "The milestone on row 4 has been removed since the file was checked" in page
        assert "Commit these statuses" not in page
        response = client.post(f"{BASE}/{batch.pk}/commit/", {"seen": "anything"})
        assert "has been removed since the file was checked" in client.get(response["Location"]).content.decode()
        assert not TrackerChange.objects.exists()

    def test_the_preview_and_what_it_did_cost_the_same_queries_however_many_statuses(
        self, client_for, staff_user, plan, django_assert_max_num_queries
    ):
        client = client_for(staff_user)
        programme = ProgrammeFactory(priority=PriorityFactory(plan=plan, code="P2", slug="p2"))

        def uploaded(count: int) -> TrackerImport:
            for _ in range(count):
                MilestoneFactory(programme=programme)
            data = download(client)
            titles = [row[3] for row in sheet_values(data)[1:]]
            upload(client, edited(data, {(title, f"{THIS} status"): "Green" for title in titles}))
            return TrackerImport.objects.latest("pk")

        for count in (1, 20):
            batch = uploaded(count)
            with django_assert_max_num_queries(12):
                assert client.get(batch.get_absolute_url()).status_code == 200
            tracker.commit(batch=batch, seen=tracker.preview(batch).fingerprint, by=staff_user)
            with django_assert_max_num_queries(14):
                assert client.get(batch.get_absolute_url()).status_code == 200


class TestAFileWithBadRows:
    def test_saves_nothing_and_lists_every_bad_row_with_its_column_and_what_is_wrong(
        self, client_for, staff_user, plan
    ):
        client = client_for(staff_user)
        workbook = edited(
            download(client),
            {
                ("Open the hyper-acute unit", f"{THIS} status"): "Purple",
                ("Open the hyper-acute unit", f"{LAST} status"): "Green",  # signed off: a correction, no reason
                ("Thrombolysis around the clock", f"{THIS} status"): "Red",  # no commentary
                ("Enrol 2,000 people", f"{THIS} commentary"): "Going well",  # no status
            },
        )
        book = load_workbook(io.BytesIO(workbook))
        sheet = book.worksheets[0]
        sheet.append([999999, "", "", "Not ours", "", None, None, None, "Green"])  # row 5
        sheet.append([milestone("Enrol 2,000 people").pk, "", "", "Again", "", None, None, None, "Green"])  # row 6
        out = io.BytesIO()
        book.save(out)
        before = statuses()

        response = upload(client, out.getvalue())

        assert response.status_code == 200
        page = response.content.decode()
        assert "6 problems in the file: nothing has been saved" in page
        reason = "Reason for a correction"
        for text in (
            f"Row 2, {THIS} status: ‘Purple’ is not a status: use one of Red, Amber, Green, Blue (complete), "
            "Grey (not reported)",
            f"Row 2, {reason}: Stroke pathway is signed off for {LAST}, so changing its status is a correction: "
            f"say why in the ‘{reason}’ column",
            f"Row 3, {THIS} commentary: A Red status needs commentary saying what is wrong and what is being done",
            f"Row 4, {THIS} commentary: There is commentary but no status: give the status too",
            "Row 5, Milestone ID: There is no milestone 999999 in Operating Plan 2026/27",
            f"Row 6, Milestone ID: Milestone {milestone('Enrol 2,000 people').pk} is on row 4 already",
        ):
            assert text in page, text
        assert page.count('<tr class="nhsuk-table__row" id="problem-') == 6
        assert statuses() == before
        assert not TrackerImport.objects.exists()

    @pytest.mark.parametrize(
        ("header", "problem"),
        [
            (["Priority", f"{THIS} status"], "The header has no ‘Milestone ID’ column"),
            (["Milestone ID", "Notes"], "‘Notes’ is not a column of the tracker"),
            (["Milestone ID", "2026/27 Q5 status"], "‘2026/27 Q5’ is not a reporting period like 2026/27 Q3"),
            (["Milestone ID", f"{Period.parse(THIS).next} status"], "is still to come"),
            (["Milestone ID", f"{THIS} status", f"{THIS} status"], "is there twice"),
            (["Milestone ID", f"{LAST} commentary"], f"There is no ‘{LAST} status’ column for this commentary"),
        ],
    )
    def test_a_header_the_tracker_does_not_have_is_refused(self, plan, header, problem):
        from openpyxl import Workbook

        book = Workbook()
        book.active.append(header)
        book.active.append([milestone("Enrol 2,000 people").pk, "Green", "Green"])
        out = io.BytesIO()
        book.save(out)
        checked = tracker.check_tracker(plan, "tracker.xlsx", out.getvalue())
        assert checked.statuses == []
        assert any(problem in error.message and error.row == 1 for error in checked.errors), checked.errors

    def test_a_file_that_is_not_a_workbook_or_gives_no_status_is_refused(self, client_for, staff_user, plan):
        client = client_for(staff_user)
        response = upload(client, b"%PDF-1.4 not a tracker", "tracker.xlsx")
        assert "The tracker must be an Excel spreadsheet" in response.content.decode()
        emptied = {("Open the hyper-acute unit", f"{LAST} {what}"): None for what in ("status", "commentary")}
        response = upload(client, edited(download(client), emptied))
        assert "The file gives no statuses: fill in a status column, then upload it" in response.content.decode()
        assert not TrackerImport.objects.exists()

    def test_a_file_that_changes_nothing_has_nothing_to_commit(self, client_for, staff_user, plan):
        client = client_for(staff_user)
        response = upload(client, download(client))
        page = client.get(response["Location"]).content.decode()
        assert "Every status in the file is held already: there is nothing to commit." in page
        assert "Commit these statuses" not in page


class TestUndo:
    def test_undoing_an_upload_puts_every_status_back_as_it_was(self, client_for, staff_user, plan):
        clock = milestone("Thrombolysis around the clock")
        StatusUpdateFactory(milestone=clock, reporting_period=THIS, rag=Rag.GREEN, signed_off=False)
        before = statuses()
        client = client_for(staff_user)
        upload(
            client,
            edited(
                download(client),
                {
                    ("Thrombolysis around the clock", f"{THIS} status"): "Amber",
                    ("Thrombolysis around the clock", f"{THIS} commentary"): "Rota gaps",
                    ("Enrol 2,000 people", f"{THIS} status"): "Green",
                    ("Open the hyper-acute unit", f"{LAST} status"): "Green",
                    ("Open the hyper-acute unit", "Reason for a correction"): "Typed in the wrong row",
                },
            ),
        )
        batch = TrackerImport.objects.get()
        tracker.commit(batch=batch, seen=tracker.preview(batch).fingerprint, by=staff_user)
        assert statuses() != before
        assert client.get(f"{BASE}/{batch.pk}/undo/").status_code == 200

        response = client.post(f"{BASE}/{batch.pk}/undo/")

        assert response.status_code == 302
        assert statuses() == before
        batch.refresh_from_db()
        assert (batch.state, batch.undone_by) == (TrackerImport.State.UNDONE, staff_user)
        page = client.get(response["Location"]).content.decode()
        assert "its statuses are as they were before it" in page and "Undo this upload" not in page
        client.post(f"{BASE}/{batch.pk}/undo/")  # again: nothing more
        assert statuses() == before

    def test_an_upload_whose_statuses_changed_or_were_signed_off_since_is_not_undone(
        self, client_for, staff_user, plan
    ):
        client = client_for(staff_user)
        upload(
            client,
            edited(
                download(client),
                {
                    ("Enrol 2,000 people", f"{THIS} status"): "Green",
                    ("Thrombolysis around the clock", f"{THIS} status"): "Green",
                },
            ),
        )
        batch = TrackerImport.objects.get()
        tracker.commit(batch=batch, seen=tracker.preview(batch).fingerprint, by=staff_user)
        enrol = StatusUpdate.objects.get(milestone__title="Enrol 2,000 people")
        enrol.rag, enrol.commentary = Rag.AMBER, "Slipped after the upload"
        enrol.save()
        SignOff.objects.create(
            programme=milestone("Thrombolysis around the clock").programme,
            reporting_period=THIS,
            signed_off_as=SignOff.As.PROGRAMME_OFFICE,
            by=staff_user,
        )
        before = statuses()

        response = client.post(f"{BASE}/{batch.pk}/undo/")

        assert response.status_code == 200
        page = response.content.decode()
        assert f"The status of Enrol 2,000 people ({THIS}) has changed since" in page
        assert f"Stroke pathway has been signed off for {THIS} since" in page
        assert statuses() == before
        batch.refresh_from_db()
        assert batch.state == TrackerImport.State.COMMITTED


class TestAccess:
    @pytest.fixture
    def batches(self, plan, staff_user):
        """One upload waiting as a preview, one committed."""
        checked = tracker.Checked(
            statuses=[
                {
                    "row": 4,
                    "milestone": milestone("Enrol 2,000 people").pk,
                    "period": THIS,
                    "rag": "green",
                    "commentary": "",
                    "reason": "",
                }
            ]
        )
        waiting = tracker.start(plan=plan, file_name="waiting.xlsx", checked=checked, by=staff_user)
        committed = tracker.start(plan=plan, file_name="done.xlsx", checked=checked, by=staff_user)
        committed = tracker.commit(batch=committed, seen=tracker.preview(committed).fingerprint, by=staff_user)
        return {"waiting": waiting.pk, "committed": committed.pk}

    PAGES = ["{base}.xlsx", "{base}/", "{base}/{waiting}/", "{base}/{committed}/", "{base}/{committed}/undo/"]

    @pytest.mark.parametrize("page", PAGES)
    def test_only_the_programme_office_may_open_the_trackers_pages(self, client_for, readers, batches, page):
        path = page.format(base=BASE, **batches)
        for role in READERS:
            response = client_for(readers[role]).get(path)
            expected = {"anonymous": SIGN_IN, "staff": 200}.get(role, REFUSED)
            assert response.status_code == expected, (role, path)
            if role != "staff":
                assert b"Enrol 2,000 people" not in response.content

    @pytest.mark.parametrize("role", ["anonymous", "board_member", "other_board_member", "no_role"])
    def test_uploading_committing_and_undoing_are_refused_to_anyone_else_and_change_nothing(
        self, client_for, readers, batches, staff_user, role
    ):
        client = client_for(readers[role])
        before = (statuses(), list(TrackerImport.objects.order_by("pk").values()))
        data = tracker.tracker_workbook(TrackerImport.objects.get(pk=batches["waiting"]).plan)
        seen = tracker.preview(TrackerImport.objects.get(pk=batches["waiting"])).fingerprint
        responses = [
            upload(client, edited(data, {("Thrombolysis around the clock", f"{THIS} status"): "Green"})),
            client.post(f"{BASE}/{batches['waiting']}/commit/", {"seen": seen}),
            client.post(f"{BASE}/{batches['committed']}/undo/"),
        ]
        for response in responses:
            assert response.status_code == (SIGN_IN if role == "anonymous" else REFUSED)
        assert (statuses(), list(TrackerImport.objects.order_by("pk").values())) == before

    def test_the_same_posts_from_staff_do_change_something(self, client_for, batches, staff_user):
        """The control for the test above."""
        client = client_for(staff_user)
        data = tracker.tracker_workbook(TrackerImport.objects.get(pk=batches["waiting"]).plan)
        response = upload(client, edited(data, {("Thrombolysis around the clock", f"{THIS} status"): "Green"}))
        assert response.status_code == 302 and TrackerImport.objects.count() == 3
        undo = client.post(f"{BASE}/{batches['committed']}/undo/")
        assert undo.status_code == 302
        assert not StatusUpdate.objects.filter(milestone__title="Enrol 2,000 people").exists()
        seen = tracker.preview(TrackerImport.objects.get(pk=batches["waiting"])).fingerprint
        commit = client.post(f"{BASE}/{batches['waiting']}/commit/", {"seen": seen})
        assert commit.status_code == 302
        assert StatusUpdate.objects.filter(milestone__title="Enrol 2,000 people").exists()
