"""The action log's services and pages: numbers never reused, the history of a moved deadline, closing by the board,
the log in the next meeting's pack (the 9 June 2021 log as the seed prints it), owners' updates with and without
JavaScript, and lists whose queries do not grow with the log."""

import datetime as dt
import re
import uuid

import pytest
from django.core.exceptions import ValidationError

from blmk_portal.history import history_for
from governance import actions, minutes
from governance.action_rules import is_overdue
from governance.models import Action, ActionOwner, ActionUpdate, Board, Meeting, Minute, PackEdition
from governance.pack_pdf import manifest, pack_fingerprint, pack_key
from governance.pack_rules import changes_between
from governance.packs import pack_for
from tests.documents import pdf_text
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def board(db):
    return BoardFactory(slug="partnership", name="Partnership Board")


@pytest.fixture
def meeting(board):
    return MeetingFactory(board=board, date=D(2021, 5, 5))


def raise_action(meeting, by, **values):
    return actions.action_raise(
        raised_at=meeting,
        values={"text": "Report back", "owner_role": "Chair", "due": None, "due_precision": "day", **values},
        by=by,
    )


class TestNumbering:
    def test_actions_are_numbered_in_turn_across_a_boards_meetings(self, board, meeting, staff_user):
        later = MeetingFactory(board=board, date=D(2021, 6, 9))
        assert [raise_action(m, staff_user).number for m in (meeting, meeting, later)] == [1, 2, 3]
        assert raise_action(MeetingFactory(), staff_user).number == 1  # another board counts its own

    def test_a_number_is_never_given_again_after_its_action_is_removed(self, board, meeting, staff_user):
        raise_action(meeting, staff_user)
        second = raise_action(meeting, staff_user)
        second.delete()
        assert raise_action(meeting, staff_user).number == 3
        assert Board.objects.get(pk=board.pk).last_action_number == 3

    def test_the_next_after_the_log_as_printed_is_59(self, blmk_data, staff_user):
        board = Board.objects.get(slug="partnership-board")
        assert board.last_action_number == 58
        assert raise_action(board.meetings.get(date=D(2021, 6, 9)), staff_user).number == 59

    def test_an_item_of_another_meeting_is_refused(self, meeting, staff_user):
        with pytest.raises(ValidationError):
            raise_action(meeting, staff_user, item=AgendaItemFactory())


class TestChanges:
    def test_a_moved_deadline_is_kept_in_the_actions_history(self, meeting, staff_user):
        action = raise_action(meeting, staff_user, due=D(2021, 6, 1), due_precision="month")
        actions.action_update(
            action=action,
            opened_at_version=action.version,
            values={"due": D(2021, 9, 15), "due_precision": "month"},
            by=staff_user,
        )
        action.refresh_from_db()
        assert action.due == D(2021, 9, 1)  # a month is kept as its first day
        changes = [(c.field, c.before, c.after) for entry in history_for(action) for c in entry.changes]
        assert ("Deadline", "1 June 2021", "1 September 2021") in changes

    def test_a_proposal_to_close_shows_as_closing_and_keeps_its_comment_as_an_update(self, meeting, staff_user):
        action = raise_action(meeting, staff_user)
        actions.action_propose_closure(action=action, opened_at_version=action.version, comment="Done", by=staff_user)
        action.refresh_from_db()
        assert action.get_status_display() == "Closing"
        assert [u.text for u in action.updates.all()] == ["Done"]
        with pytest.raises(ValidationError):
            actions.action_propose_closure(action=action, opened_at_version=action.version, by=staff_user)

    def test_a_closed_action_takes_no_more_updates(self, meeting, staff_user):
        action = raise_action(meeting, staff_user)
        Action.objects.filter(pk=action.pk).update(status="closed", closed_at=meeting)
        action.refresh_from_db()
        with pytest.raises(ValidationError):
            actions.actionupdate_create(action=action, values={"text": "More"}, by=staff_user)


class TestClosingByTheBoard:
    def test_noting_the_log_closes_the_closing_actions_raised_before_the_meeting_and_nothing_else(
        self, board, meeting, staff_user
    ):
        closing = raise_action(meeting, staff_user)
        still_open = raise_action(meeting, staff_user)
        actions.action_propose_closure(action=closing, opened_at_version=closing.version, by=staff_user)
        june = MeetingFactory(board=board, date=D(2021, 6, 9))
        raised_in_june = raise_action(june, staff_user)
        Action.objects.filter(pk=raised_in_june.pk).update(status="closing")
        closed = actions.action_log_noted(meeting=june, by=staff_user)
        assert [action.number for action in closed] == [closing.number]
        states = dict(Action.objects.values_list("number", "status"))
        assert states == {closing.number: "closed", still_open.number: "open", raised_in_june.number: "closing"}
        assert Action.objects.get(pk=closing.pk).closed_at == june

    def test_the_next_meeting_lists_a_closed_action_once_and_the_one_after_not_at_all(self, board, meeting, staff_user):
        action = raise_action(meeting, staff_user)
        actions.action_propose_closure(action=action, opened_at_version=action.version, by=staff_user)
        june, july, september = (MeetingFactory(board=board, date=D(2021, m, 9)) for m in (6, 7, 9))
        actions.action_log_noted(meeting=june, by=staff_user)
        june_log = actions.meeting_log(june, staff_user)
        assert [(row.ref, row.status_word) for row in june_log.current] == [(str(action.number), "Closing")]
        july_log = actions.meeting_log(july, staff_user)
        assert july_log.current == [] and [row.ref for row in july_log.closed] == [str(action.number)]
        assert actions.meeting_log(september, staff_user).is_empty

    def test_staff_note_the_log_from_the_meetings_page(self, client_for, board, meeting, staff_user):
        action = raise_action(meeting, staff_user)
        actions.action_propose_closure(action=action, opened_at_version=action.version, by=staff_user)
        june = MeetingFactory(board=board, date=D(2021, 6, 9))
        page = client_for(staff_user).get(f"/manage/meetings/partnership/{june.date}/")
        assert "1 action is proposed for closure now." in page.content.decode()
        response = client_for(staff_user).post(f"/manage/meetings/partnership/{june.date}/note-action-log/")
        assert response.status_code == 302
        assert Action.objects.get(pk=action.pk).status == "closed"


class TestOverdueInTheDatabase:
    @pytest.mark.parametrize("today", [D(2021, 9, 30), D(2021, 10, 1), D(2021, 6, 9), D(2021, 6, 10)])
    def test_the_filter_agrees_with_the_rule_at_the_boundaries(self, meeting, staff_user, today):
        for due, precision in ((D(2021, 9, 1), "month"), (D(2021, 6, 9), "day"), (None, "day")):
            raise_action(meeting, staff_user, due=due, due_precision=precision)
        by_filter = set(Action.objects.filter(actions.overdue_condition(today)).values_list("pk", flat=True))
        by_rule = {a.pk for a in Action.objects.all() if is_overdue(a.status, a.due, a.due_precision, today)}
        assert by_filter == by_rule


SEED_ORDER = ["50", "53", "56", "57", "54", "55", "58"]


class TestThe9June2021Log:
    def test_the_pack_prints_the_log_as_the_seed_does(self, blmk_data, client_for):
        page = client_for(None).get("/boards/partnership-board/2021-06-09/pack/").content.decode()
        log = page[page.index("BLMK ICS Partnership Board action log") :]
        headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', log)[:8]
        assert headers == ["Ref", "Date", "Item", "Action", "Responsible", "Deadline", "Status", "Comments"]
        refs = re.findall(r'id="action-\d+">\s*<td[^>]*><span[^>]*>Ref </span><span><a href="[^"]+">(\d+)</a>', log)
        assert refs == SEED_ORDER
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", log))
        assert "Due for this meeting: actions 50, 54, 55 and 58." in text
        for row in (
            "50 Date 07-Apr-21 Item BLMK Partnership strategic priorities – outcomes from workshops",
            "Responsible Anne Murray Deadline Apr-21 Status Open Overdue",
            "Responsible Executive lead, Nicola Kay Deadline Jun-21 Status Closing",
            "Responsible James Ramsay, Kay Dhesi Deadline Sep-21 Status Open Comments 11.05.21 This will be",
            "1. Scheduled for reporting to the CEO group on 13.5.21 2. Information circulated via stakeholder briefing",
        ):
            assert row in text
        assert text.count("Anne Murray") == 1  # the log once: the paper's own excerpt is not printed beside it
        assert "Closed since" not in text  # nothing was closed at the 5 May 2021 meeting

    def test_the_9_june_log_still_reads_as_printed_after_a_later_meeting_closes_its_closing_actions(
        self, blmk_data, staff_user
    ):
        june = Meeting.objects.get(board__slug="partnership-board", date=D(2021, 6, 9))
        before = [(row.ref, row.status_word) for row in actions.meeting_log(june, staff_user).current]
        july = MeetingFactory(board=june.board, date=D(2021, 7, 14))
        closed = actions.action_log_noted(meeting=july, by=staff_user)
        assert sorted(action.number for action in closed) == [54, 55, 58]
        after = [(row.ref, row.status_word) for row in actions.meeting_log(june, staff_user).current]
        assert after == before
        assert ("54", "Closing") in after and ("54", "Open") not in after

    def test_the_actions_hang_off_the_items_of_the_5_may_2021_minutes_as_printed(self, blmk_data):
        rows = {a.number: a for a in Action.objects.select_related("item", "raised_at")}
        assert rows[50].item is None and rows[50].raised_at.date == D(2021, 4, 7)
        assert rows[53].item.title == "BLMK Chair Update"
        assert {rows[n].item.title for n in (54, 55, 56)} == {"BLMK Executive Lead Update"}
        assert rows[58].item.title == rows[58].item_as_printed == "Partnership Board Membership"
        owners = dict(ActionOwner.objects.values_list("action__number", "person__name"))
        assert owners[58] == "Michelle Evans-Riches" and 55 not in owners  # "Executive lead" is a role

    def test_the_log_as_at_5_may_2021_leaves_out_updates_written_after_it(self, blmk_data):
        may = Meeting.objects.get(board__slug="partnership-board", date=D(2021, 5, 5))
        log = actions.meeting_log(may, UserFactory())
        assert [row.ref for row in log.current] == ["50"]
        assert log.current[0].comments == []  # its only update is dated 26.05.21

    def test_a_changed_log_makes_a_new_edition_of_the_pack(self, blmk_data, staff_user):
        june = Meeting.objects.get(board__slug="partnership-board", date=D(2021, 6, 9))
        before = pack_for(june, staff_user)
        action = Action.objects.get(number=57)
        actions.actionupdate_create(
            action=action, values={"text": "Dates agreed", "date": D(2021, 6, 1)}, by=staff_user
        )
        after = pack_for(june, staff_user)
        assert pack_fingerprint(after) != pack_fingerprint(before)
        assert pack_key(after) != pack_key(before)
        changes = changes_between(manifest(before), manifest(after))
        assert changes == ["Paper 3b: BLMK Partnership Board Action Log revised"]


class TestAGeneratedLogPaper:
    def test_a_meeting_with_an_action_log_item_and_no_paper_gets_the_log_as_a_paper(
        self, client_for, board, meeting, staff_user
    ):
        raise_action(meeting, staff_user, text="Share the estates plan")
        june = MeetingFactory(board=board, date=D(2021, 6, 9))
        AgendaItemFactory(meeting=june, title="Action log", number="3")
        pack = pack_for(june, staff_user)
        assert [paper.heading for paper in pack.papers] == ["Action log"]
        page = client_for(None).get("/boards/partnership/2021-06-09/pack/").content.decode()
        assert "Share the estates plan" in page
        assert 'href="#action-log"' in page

    def test_an_agenda_without_such_an_item_has_no_log_and_asks_no_more(
        self, board, meeting, staff_user, django_assert_num_queries
    ):
        raise_action(meeting, staff_user, text="Share the estates plan")
        june = MeetingFactory(board=board, date=D(2021, 6, 9))
        AgendaItemFactory(meeting=june, title="Chair's update")
        # items, visible items, terms, papers (none, so no prefetches), accepted public questions
        with django_assert_num_queries(6):
            pack = pack_for(june, staff_user)
        assert pack.papers == []


class TestOwners:
    @pytest.fixture
    def owned(self, meeting, staff_user):
        user = UserFactory(email="owner@example.org")
        person = PersonFactory(name="Kay Dhesi", user=user)
        action = raise_action(meeting, staff_user, owners=[person], text="Regular diagnostics updates")
        return user, action

    def test_with_javascript_an_update_swaps_the_actions_card_in_place(self, client_for, owned):
        user, action = owned
        response = client_for(user).post(
            f"/actions/partnership/{action.number}/update/",
            {f"a{action.pk}-text": "Scheduled for 😀 July", f"a{action.pk}-submission": str(uuid.uuid4())},
            HTTP_HX_REQUEST="true",
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in page and f'id="action-{action.pk}"' in page
        assert "Update added." in page and "Scheduled for 😀 July" in page
        assert ActionUpdate.objects.get().date is not None

    def test_an_empty_update_is_refused_with_a_message_and_nothing_saved(self, client_for, owned):
        user, action = owned
        response = client_for(user).post(
            f"/actions/partnership/{action.number}/update/",
            {f"a{action.pk}-text": "", f"a{action.pk}-submission": str(uuid.uuid4())},
        )
        assert response.status_code == 200
        assert "Enter the update" in response.content.decode()
        assert not ActionUpdate.objects.exists()

    def test_the_same_update_sent_twice_is_added_once(self, client_for, owned):
        user, action = owned
        form = {f"a{action.pk}-text": "Done", f"a{action.pk}-submission": str(uuid.uuid4())}
        for _ in range(2):
            assert client_for(user).post(f"/actions/partnership/{action.number}/update/", form).status_code == 302
        assert ActionUpdate.objects.count() == 1

    def test_proposing_closure_of_an_action_closing_already_says_so(self, client_for, owned, staff_user):
        user, action = owned
        actions.action_propose_closure(action=action, opened_at_version=action.version, by=staff_user)
        response = client_for(user).post(
            f"/actions/partnership/{action.number}/close/",
            {f"c{action.pk}-comment": "", f"c{action.pk}-version": str(action.version)},
        )
        assert response.status_code == 200
        assert f"{action} is closing already" in response.content.decode()

    def test_the_owners_page_lists_overdue_first(self, client_for, owned, meeting, staff_user):
        user, later = owned
        Action.objects.filter(pk=later.pk).update(due=D(2099, 1, 1))
        overdue = raise_action(meeting, staff_user, owners=[user.person], due=D(2021, 4, 1), text="Late one")
        page = client_for(user).get("/actions/").content.decode()
        assert page.index(f'id="action-{overdue.pk}"') < page.index(f'id="action-{later.pk}"')
        assert "Open: overdue" in page


class TestQueryCounts:
    @pytest.mark.parametrize("count", [1, 12])
    def test_the_lists_cost_the_same_however_long_the_log(
        self, client_for, board, meeting, staff_user, django_assert_max_num_queries, count
    ):
        user = UserFactory(email="owner@example.org")
        owner = PersonFactory(user=user)
        for number in range(count):
            action = raise_action(meeting, staff_user, owners=[owner, PersonFactory()], due=D(2021, 6, 1))
            ActionUpdate.objects.create(action=action, date=D(2021, 5, number % 28 + 1), text="On track")
        pages = [
            (None, "/boards/partnership/actions/", 6),
            (None, "/boards/partnership/actions/1/", 5),
            (user, "/actions/", 8),
            (staff_user, "/manage/actions/?status=open&overdue=yes", 12),
            (staff_user, "/manage/boards/partnership/", 16),
        ]
        for reader, url, most in pages:
            client = client_for(reader)  # signed in before counting
            with django_assert_max_num_queries(most):
                assert client.get(url).status_code == 200, url


def test_a_pack_edition_is_not_reused_once_the_log_changes(blmk_data, staff_user):
    june = Meeting.objects.get(board__slug="partnership-board", date=D(2021, 6, 9))
    pack = pack_for(june, staff_user)
    PackEdition.objects.create(meeting=june, key=pack_key(pack), fingerprint=pack_fingerprint(pack), state="ready")
    action = Action.objects.get(number=50)
    actions.action_propose_closure(action=action, opened_at_version=action.version, by=staff_user)
    assert not PackEdition.objects.filter(fingerprint=pack_fingerprint(pack_for(june, staff_user))).exists()


def test_the_pdf_pack_prints_the_same_log_in_the_seeds_order(blmk_data, client_for):
    response = client_for(None).get("/boards/partnership-board/2021-06-09/pack.pdf")
    text = pdf_text(b"".join(response.streaming_content))
    start = text.index("BLMK ICS Partnership Board action log")
    log = text[start : text.index("TERMS OF REFERENCE", start)]  # up to the next paper
    assert "Ref Date Item Action Responsible Deadline Status Comments" in log
    assert re.findall(r"(?m)^(\d{2}) \d{2}-$", log) == SEED_ORDER  # each row opens "50 07-" (Apr-21 wraps)
    assert "Anne Murray Apr-21 Open\nOverdue" in log
    assert "Executive\nlead, Nicola\nKay\nJun-21 Closing" in log


def test_minutes_that_record_the_action_log_item_as_noted_close_the_closing_actions(board, meeting, staff_user):
    action = raise_action(meeting, staff_user)
    actions.action_propose_closure(action=action, opened_at_version=action.version, by=staff_user)
    june = MeetingFactory(board=board, date=D(2021, 6, 9))
    log_item = AgendaItemFactory(meeting=june, title="Action log - attached")
    other_item = AgendaItemFactory(meeting=june, title="Chair's update")
    minutes.minutes_start(meeting=june, by=staff_user)
    other = Minute.objects.get(item=other_item)
    minutes.minute_update(minute=other, opened_at_version=other.version, values={"outcome": "noted"}, by=staff_user)
    assert Action.objects.get(pk=action.pk).status == "closing"  # another item noted: nothing closes
    minute = Minute.objects.get(item=log_item)
    minutes.minute_update(minute=minute, opened_at_version=minute.version, values={"outcome": "noted"}, by=staff_user)
    action.refresh_from_db()
    assert (action.status, action.closed_at) == ("closed", june)
