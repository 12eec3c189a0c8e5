"""Minutes: written by staff against the agenda, confirmed as a true record at a later meeting (which publishes them,
corrections kept), never public as a draft; and the 5 May 2021 and 26 March 2018 minutes as printed."""

import datetime as dt
import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from blmk_portal.publication import Audience, Status
from governance import minutes as services
from governance.models import AgendaItem, Meeting, Minute, Minutes, Resolution
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory, PaperFactory, UserFactory

pytestmark = pytest.mark.django_db

DECIDED = "That the DOF group recommendations on the allocation of funding be approved."
SECRET = "The Part II discussion of the estates sale"


@pytest.fixture
def board(board_member_user):
    """The board the board member sits on."""
    return board_member_user.person.memberships.get().board


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(board=board, date=dt.date(2021, 5, 5))
    AgendaItemFactory(meeting=meeting, number="1", title="Apologies for absence", order=0)
    AgendaItemFactory(meeting=meeting, number="7", title="Financial Outturn 2020/21", order=1)
    AgendaItemFactory(meeting=meeting, number="8", title="Estates disposal", order=2, audience=Audience.BOARD)
    return meeting


@pytest.fixture
def next_meeting(board):
    return MeetingFactory(board=board, date=dt.date(2021, 6, 9), state=Meeting.State.HELD)


def written(meeting, staff_user) -> Minutes:
    """Minutes with an Agreed item and its two resolutions, and a Part II item's minute."""
    minutes = services.minutes_start(meeting=meeting, by=staff_user)
    finance = Minute.objects.get(item__title="Financial Outturn 2020/21")
    services.minute_update(
        minute=finance,
        opened_at_version=finance.version,
        values={"discussion": "The plan for the second six months was a deficit of £16m.", "outcome": "agreed"},
        by=staff_user,
    )
    services.resolution_create(minute=finance, values={"text": DECIDED, "paper": None}, by=staff_user)
    services.resolution_create(minute=finance, values={"text": "That the plan be noted.", "paper": None}, by=staff_user)
    private = Minute.objects.get(item__title="Estates disposal")
    services.minute_update(
        minute=private,
        opened_at_version=private.version,
        values={"discussion": SECRET, "outcome": "noted"},
        by=staff_user,
    )
    minutes.refresh_from_db()
    return minutes


class TestWriting:
    def test_starting_the_minutes_gives_every_agenda_item_a_minute_once(self, meeting, staff_user):
        minutes = services.minutes_start(meeting=meeting, by=staff_user)
        assert minutes.status == Status.DRAFT
        assert minutes.entries.count() == 3
        services.minutes_start(meeting=meeting, by=staff_user)
        assert Minutes.objects.count() == 1 and Minute.objects.count() == 3
        AgendaItemFactory(meeting=meeting, number="9", title="AOB", order=3)
        services.minutes_start(meeting=meeting, by=staff_user)
        assert list(minutes.entries.values_list("item__title", flat=True).order_by("item__order")) == [
            "Apologies for absence",
            "Financial Outturn 2020/21",
            "Estates disposal",
            "AOB",
        ]

    def test_resolutions_are_recorded_only_for_an_agreed_or_resolved_outcome(self, meeting, staff_user):
        services.minutes_start(meeting=meeting, by=staff_user)
        minute = Minute.objects.get(item__title="Apologies for absence")
        with pytest.raises(ValidationError, match="Record the outcome as Agreed or Resolved"):
            services.resolution_create(minute=minute, values={"text": DECIDED, "paper": None}, by=staff_user)
        assert not Resolution.objects.exists()

    def test_an_outcome_with_resolutions_cannot_become_noted_until_they_are_removed(self, meeting, staff_user):
        written(meeting, staff_user)
        minute = Minute.objects.get(item__title="Financial Outturn 2020/21")
        with pytest.raises(ValidationError, match="This minute records 2 resolutions"):
            services.minute_update(
                minute=minute, opened_at_version=minute.version, values={"outcome": "noted"}, by=staff_user
            )
        minute.refresh_from_db()
        assert minute.outcome == "agreed"

    def test_a_resolution_decides_on_a_paper_of_its_own_meeting_only(self, meeting, staff_user):
        written(meeting, staff_user)
        minute = Minute.objects.get(item__title="Financial Outturn 2020/21")
        elsewhere = PaperFactory(meeting=MeetingFactory(board=meeting.board))
        with pytest.raises(ValidationError, match="Choose a paper of this meeting"):
            services.resolution_create(minute=minute, values={"text": "That.", "paper": elsewhere}, by=staff_user)
        own = PaperFactory(meeting=meeting)
        made = services.resolution_create(minute=minute, values={"text": "That.", "paper": own}, by=staff_user)
        assert made.paper == own


class TestConfirming:
    def test_confirming_at_the_next_meeting_publishes_the_minutes_with_its_date_and_the_corrections(
        self, meeting, next_meeting, staff_user
    ):
        minutes = written(meeting, staff_user)
        services.minutes_confirm(
            minutes=minutes,
            at=next_meeting,
            corrections="Item 7: £1.7m, not £1.6m.",
            opened_at_version=minutes.version,
            by=staff_user,
        )
        minutes.refresh_from_db()
        assert minutes.status == Status.PUBLISHED and minutes.published_at is not None
        assert minutes.approved_at == next_meeting
        assert minutes.approved_on == dt.date(2021, 6, 9)
        assert minutes.corrections == "Item 7: £1.7m, not £1.6m."

    def test_minutes_are_confirmed_once(self, meeting, next_meeting, staff_user):
        minutes = written(meeting, staff_user)
        services.minutes_confirm(
            minutes=minutes, at=next_meeting, corrections="", opened_at_version=minutes.version, by=staff_user
        )
        later = MeetingFactory(board=meeting.board, date=dt.date(2021, 7, 1))
        minutes.refresh_from_db()
        with pytest.raises(ValidationError, match="confirmed already, at the meeting of 9 June 2021"):
            services.minutes_confirm(
                minutes=minutes, at=later, corrections="Changed", opened_at_version=minutes.version, by=staff_user
            )
        minutes.refresh_from_db()
        assert minutes.approved_at == next_meeting and minutes.corrections == ""

    def test_a_meeting_yet_to_take_place_or_of_another_board_confirms_nothing(self, meeting, staff_user):
        minutes = written(meeting, staff_user)
        future = MeetingFactory(board=meeting.board, date=dt.date.today() + dt.timedelta(days=30))
        with pytest.raises(ValidationError, match="has not taken place yet"):
            services.minutes_confirm(
                minutes=minutes, at=future, corrections="", opened_at_version=minutes.version, by=staff_user
            )
        other = MeetingFactory(board=BoardFactory(), date=dt.date(2021, 6, 9))
        with pytest.raises(ValidationError, match="same board"):
            services.minutes_confirm(
                minutes=minutes, at=other, corrections="", opened_at_version=minutes.version, by=staff_user
            )
        minutes.refresh_from_db()
        assert minutes.status == Status.DRAFT and minutes.approved_at is None


class TestPages:
    def test_staff_write_the_minutes_against_every_agenda_item(self, meeting, staff_user, client_for):
        written(meeting, staff_user)
        page = client_for(staff_user).get(f"/manage/minutes/{meeting.board.slug}/2021-05-05/")
        text = page.content.decode()
        assert page.status_code == 200
        assert "Draft: not yet confirmed, seen by staff only" in text
        for words in ("1 Apologies for absence", "7 Financial Outturn 2020/21", "8 Estates disposal", SECRET):
            assert words in text
        assert "i) " + DECIDED in text and "ii) That the plan be noted." in text
        assert "Part II (not public)" in text

    def test_the_staff_meeting_page_starts_the_minutes_and_offers_to_confirm_earlier_ones(
        self, meeting, next_meeting, staff_user, client_for
    ):
        client = client_for(staff_user)
        response = client.post(f"/manage/meetings/{meeting.board.slug}/2021-05-05/write-minutes/")
        assert response.status_code == 302
        assert response["Location"] == f"/manage/minutes/{meeting.board.slug}/2021-05-05/"
        later = client.get(f"/manage/meetings/{meeting.board.slug}/2021-06-09/").content.decode()
        assert "Minutes waiting to be confirmed as a true record at this meeting: 5 May 2021." in later
        assert "Confirm the minutes of an earlier meeting" in later

    def test_confirming_from_the_next_meetings_page_publishes_them_and_the_public_read_them(
        self, meeting, next_meeting, staff_user, client_for
    ):
        minutes = written(meeting, staff_user)
        slug = meeting.board.slug
        public_page = f"/boards/{slug}/2021-05-05/"
        assert DECIDED not in client_for(None).get(public_page).content.decode()
        confirm = f"/manage/meetings/{slug}/2021-06-09/confirm-minutes/"
        form = client_for(staff_user).get(confirm)
        assert "Minutes of the meeting of 5 May 2021" in form.content.decode()
        data = {"minutes": minutes.pk, "corrections": "Item 7 read £1.7m 🙂", "submission": str(uuid.uuid4())}
        response = client_for(staff_user).post(confirm, data)
        assert response.status_code == 302
        again = client_for(staff_user).post(confirm, data)  # the same form sent twice
        assert again.status_code == 302
        minutes.refresh_from_db()
        assert minutes.approved_at == next_meeting and minutes.corrections == "Item 7 read £1.7m 🙂"
        text = client_for(None).get(public_page).content.decode()
        assert "Confirmed as a true record at the meeting of 9 June 2021" in text
        assert "Item 7 read £1.7m 🙂" in text
        assert "i) " + DECIDED in text
        assert SECRET not in text  # a Part II item's minute is for the board's members

    def test_a_confirmation_with_nothing_chosen_says_so_and_publishes_nothing(
        self, meeting, next_meeting, staff_user, client_for
    ):
        written(meeting, staff_user)
        confirm = f"/manage/meetings/{meeting.board.slug}/2021-06-09/confirm-minutes/"
        response = client_for(staff_user).post(
            confirm, {"minutes": "", "submission": str(uuid.uuid4()), "corrections": "kept"}
        )
        assert response.status_code == 200
        assert "Select the minutes this meeting confirmed" in response.content.decode()
        assert "kept" in response.content.decode()
        assert not Minutes.objects.filter(status=Status.PUBLISHED).exists()

    def test_draft_minutes_are_never_on_the_public_page(
        self, meeting, staff_user, board_member_user, other_board_member_user, non_member_user, client_for
    ):
        written(meeting, staff_user)
        page = f"/boards/{meeting.board.slug}/2021-05-05/"
        for reader in (None, board_member_user, other_board_member_user, non_member_user):
            text = client_for(reader).get(page).content.decode()
            assert DECIDED not in text and SECRET not in text and 'id="minutes"' not in text
        staff = client_for(staff_user).get(page).content.decode()
        assert DECIDED in staff and "Draft (not public)" in staff

    def test_members_of_the_board_read_the_part_two_minutes_once_confirmed_and_others_do_not(
        self, meeting, next_meeting, staff_user, board_member_user, other_board_member_user, client_for
    ):
        minutes = written(meeting, staff_user)
        services.minutes_confirm(
            minutes=minutes, at=next_meeting, corrections="", opened_at_version=minutes.version, by=staff_user
        )
        page = f"/boards/{meeting.board.slug}/2021-05-05/"
        assert SECRET in client_for(board_member_user).get(page).content.decode()
        other = client_for(other_board_member_user).get(page).content.decode()
        assert SECRET not in other and "Estates disposal" not in other and DECIDED in other

    def test_the_public_meeting_page_asks_a_fixed_number_of_questions_for_its_minutes(
        self, meeting, next_meeting, staff_user, client_for, django_assert_max_num_queries
    ):
        minutes = written(meeting, staff_user)
        services.minutes_confirm(
            minutes=minutes, at=next_meeting, corrections="", opened_at_version=minutes.version, by=staff_user
        )
        client = client_for(None)
        page = f"/boards/{meeting.board.slug}/2021-05-05/"
        client.get(page)
        with django_assert_max_num_queries(30) as few:
            client.get(page)
        for n in range(10):
            item = AgendaItemFactory(meeting=meeting, number=str(20 + n), order=10 + n)
            minute = Minute.objects.create(minutes=minutes, item=item, outcome="agreed")
            Resolution.objects.create(minute=minute, text=f"That {n}.", order=0)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert "That 9." in client.get(page).content.decode()

    def test_a_minute_is_edited_in_its_place_with_htmx_and_on_a_page_of_its_own_without(
        self, meeting, staff_user, client_for
    ):
        written(meeting, staff_user)
        minute = Minute.objects.get(item__title="Financial Outturn 2020/21")
        url = f"/manage/minute/{meeting.board.slug}/2021-05-05/{minute.pk}/inline/"
        client = client_for(staff_user)
        opened = client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert "<html" not in opened and f'id="{minute.row_id}"' in opened and "Save the minute" in opened
        field = f"m{minute.pk}"
        refused = client.post(
            url,
            {f"{field}-version": minute.version, f"{field}-discussion": "Changed 🙂", f"{field}-outcome": "noted"},
            headers={"HX-Request": "true"},
        ).content.decode()
        assert "This minute records 2 resolutions" in refused and "Changed 🙂" in refused  # nothing typed is lost
        saved = client.post(
            url,
            {f"{field}-version": minute.version, f"{field}-discussion": "Changed 🙂", f"{field}-outcome": "resolved"},
            headers={"HX-Request": "true"},
        ).content.decode()
        assert "Minute saved." in saved and "Changed 🙂" in saved and "Resolved:" in saved
        assert "Save the minute" not in saved
        minute.refresh_from_db()
        plain = client.post(
            url, {f"{field}-version": minute.version, f"{field}-discussion": "Again", f"{field}-outcome": "resolved"}
        )
        assert plain.status_code == 302
        assert plain["Location"] == f"/manage/minutes/{meeting.board.slug}/2021-05-05/#{minute.row_id}"

    def test_the_write_the_minutes_page_asks_a_fixed_number_of_questions(
        self, meeting, staff_user, client_for, django_assert_max_num_queries
    ):
        minutes = written(meeting, staff_user)
        client = client_for(staff_user)
        page = f"/manage/minutes/{meeting.board.slug}/2021-05-05/"
        client.get(page)
        with django_assert_max_num_queries(30) as few:
            client.get(page)
        for n in range(10):
            item = AgendaItemFactory(meeting=meeting, number=str(20 + n), order=10 + n)
            minute = Minute.objects.create(minutes=minutes, item=item, outcome="resolved")
            for order in range(2):
                Resolution.objects.create(minute=minute, text=f"That {n}.{order}.", order=order)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert "ii) That 9.1." in client.get(page).content.decode()


class TestFixtures:
    @pytest.fixture
    def loaded(self, blmk_data):
        return Minutes.objects.select_related("meeting").get(meeting__date=dt.date(2021, 5, 5))

    def test_the_5_may_2021_minutes_read_as_printed(self, loaded):
        assert loaded.closed_at == dt.time(16, 54)
        assert loaded.taken_by == "Michelle Evans-Riches"
        assert loaded.drafted_on == dt.date(2021, 5, 7)
        assert loaded.source.key == "partnership-board-pack-2021-06-09"
        # the seeds do not say they were confirmed: the 9 June pack carries them for approval
        assert loaded.status == Status.DRAFT and loaded.approved_at is None
        entries = list(loaded.entries.select_related("item").order_by("item__order"))
        assert [(entry.item.number, entry.item.title) for entry in entries] == [
            ("", "Welcome"),
            ("1", "Apologies for absence"),
            ("2", "Declarations of Interest"),
            ("", "Minutes & Actions"),
            ("a", "Minutes"),
            ("b", "Actions"),
            ("4", "Public Questions"),
            ("5", "BLMK Chair Update"),
            ("6", "BLMK Executive Lead Update"),
            ("7", "Financial Outturn 2020/21 and update on Financial Plan 2021/22"),
            ("8", "BLMK 2021/22 Plan"),
            ("9", "Diagnostics Strategy – building a case for change"),
            ("10", "Partnership Board Membership"),
            ("11", "Strategic Priorities Patient and Public Engagement"),
            ("10", "Bedfordshire Care Alliance update"),
            ("11", "Consultation on a new NHS System Oversight Framework 2021/22"),
            ("12", "AOB"),
        ]
        outcomes = {entry.item.title: (entry.outcome, entry.outcome_text) for entry in entries}
        assert outcomes["BLMK Chair Update"] == ("noted", "Noted")
        assert outcomes["BLMK 2021/22 Plan"] == ("noted", "Noted.")
        assert outcomes["Welcome"] == ("", "")
        resolutions = {
            resolution.minute.item.title: resolution.text
            for resolution in Resolution.objects.filter(minute__minutes=loaded).select_related("minute__item")
        }
        assert resolutions == {
            "Financial Outturn 2020/21 and update on Financial Plan 2021/22": DECIDED,
            "Diagnostics Strategy – building a case for change": "That there would be regular updates on the "
            "Diagnostics strategy and implementation to the Partnership Board.",
            "Partnership Board Membership": "That option B, as detailed in the report, be agreed as the membership "
            "for the Partnership Board and revised Terms of Reference be submitted to the next meeting.",
            "Strategic Priorities Patient and Public Engagement": "That co-production was supported with "
            "organisations being contacted to identify what is currently taking place and this would inform the "
            "continued development of co-production in BLMK.",
            "Bedfordshire Care Alliance update": "That the Bedfordshire Care Alliance update be noted and the "
            "significant progress in the frailty priority be welcomed.",
        }
        chair = next(entry for entry in entries if entry.item.title == "BLMK Chair Update")
        assert chair.discussion.startswith("The Chair reported that she was connecting with stakeholders outside")
        finance = next(entry for entry in entries if entry.item.number == "7")
        assert "BLMK achieved a surplus against plan of £1.7m" in finance.discussion
        assert "Michelle Evans-Riches" not in finance.discussion  # the page footer is not part of any minute

    def test_the_staff_read_noted_once_where_the_minutes_print_only_noted(self, loaded, client_for, staff_user):
        page = client_for(staff_user).get("/boards/partnership-board/2021-05-05/").content.decode()
        assert page.count("<strong>Noted</strong>") == 4  # items 5, 6, 8 and the second 11
        assert "Noted: Noted" not in page and "Noted:</strong> Noted" not in page

    def test_the_26_march_2018_jhosc_minutes_carry_their_resolutions_numbered_as_printed(self, blmk_data):
        minutes = Minutes.objects.get(meeting__board__slug="jhosc", meeting__date=dt.date(2018, 3, 26))
        assert minutes.closed_at == dt.time(18, 27) and minutes.taken_by == "" and minutes.status == Status.DRAFT
        written_rows = services.meeting_minutes(minutes.meeting, UserFactory(programme_office=True))
        rows = {row.label: row for row in written_rows.rows}
        assert [(label, r.text) for label, r in rows["5 ACCESS TO GP SERVICES"].resolutions] == [
            ("i)", "That further details be provided to the Committee on primary care developments."),
            (
                "ii)",
                "That the NAPC programme from December 2017 be reported back to a meeting of the Committee in "
                "October/November 2018.",
            ),
            (
                "iii)",
                "That a progress report be provided to the next meeting of the Committee on blue light services "
                "collaboration.",
            ),
        ]
        assert [(label, r.text) for label, r in rows["1 ELECTION OF CHAIR"].resolutions] == [
            ("", "That Councillor Agbley be elected Chair for the meeting.")
        ]
        assert rows["1 ELECTION OF CHAIR"].outcome == "Resolved"
        assert "Councillor Pederson left the meeting at 17.04" in rows["5 ACCESS TO GP SERVICES"].minute.discussion

    def test_loading_again_changes_nothing(self, blmk_data):
        counts = (
            AgendaItem.objects.count(),
            Minutes.objects.count(),
            Minute.objects.count(),
            Resolution.objects.count(),
        )
        out = io.StringIO()
        call_command("load_blmk_data", stdout=out)
        assert "nothing changed" in out.getvalue()
        assert counts == (
            AgendaItem.objects.count(),
            Minutes.objects.count(),
            Minute.objects.count(),
            Resolution.objects.count(),
        )

    def test_the_public_never_see_the_loaded_draft_minutes(self, blmk_data, client_for):
        text = client_for(None).get("/boards/partnership-board/2021-05-05/").content.decode()
        assert "That option B, as detailed in the report" not in text
        assert "The meeting closed at" not in text
