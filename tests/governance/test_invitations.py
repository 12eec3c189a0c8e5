"""Staff give a person with a seat a sign-in: an emailed link to set a password, which works once and expires; a
seat gives its board's Part II papers from its first day to its last; staff see who can sign in, and with which
seats, on a page of their own."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from smtplib import SMTPException

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from blmk_portal.edit_views import ALREADY_SAVED
from blmk_portal.models import AccountEvent
from blmk_portal.publication import Audience
from governance import urls as governance_urls
from governance.models import AgendaItem, Person
from tests.access import (
    READERS,
    REFUSED,
    SIGN_IN,
    STAFF_ONLY,
    STAFF_ONLY_MISSING,
    check_reader,
    uncovered,
)
from tests.factories import (
    PASSWORD,
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

User = get_user_model()
LINK = re.compile(r"http://testserver(/accounts/set-password/[^/\s]+/[^/\s]+/)")
NEW_PASSWORD = "correct horse battery staple"
PART_TWO = "Award of the community contract"


@pytest.fixture
def board():
    return BoardFactory(slug="partnership", name="Partnership Board")


@pytest.fixture
def member(board):
    """Someone with a seat on the Partnership Board and no sign-in yet."""
    person = PersonFactory(name="Felicity Cox", title="Chief Executive")
    MembershipFactory(board=board, person=person, role="Chief Executive")
    return person


def invite(client, person: Person, *, email: str = "", submission: str | None = None):
    form = {"submission": submission or str(uuid.uuid4())}
    if email:
        form["email"] = email
    return client.post(f"/manage/people/{person.pk}/invite/", form)


def link_in(message: mail.EmailMessage) -> str:
    (path,) = LINK.findall(message.body)
    return path


def set_password(client, path: str, password: str = NEW_PASSWORD):
    return client.post(path, {"new_password": password, "confirm_password": password})


class BrokenMailServer(BaseEmailBackend):
    """An email server that is down."""

    def send_messages(self, email_messages):
        raise SMTPException("Connection refused")


class TestInviting:
    def test_an_invitation_makes_an_account_for_the_address_links_it_to_the_person_and_emails_a_link(
        self, client_for, staff_user, member
    ):
        response = invite(client_for(staff_user), member, email="Felicity.Cox@Example.NHS.uk")
        assert response.status_code == 302
        assert response["Location"] == "/manage/boards/sign-ins/"
        member.refresh_from_db()
        account = member.user
        assert account.email == "felicity.cox@example.nhs.uk"
        assert not account.has_usable_password()
        (message,) = mail.outbox
        assert message.to == ["felicity.cox@example.nhs.uk"]
        assert message.subject == "Set your password for the BLMK Health and Care Partnership portal"
        assert "for your seat on the Partnership Board" in message.body
        assert link_in(message).startswith("/accounts/set-password/")
        event = AccountEvent.objects.get(user=account)
        assert (event.kind, event.by) == (AccountEvent.Kind.INVITED, staff_user)

    def test_staff_are_told_where_it_went_and_how_long_the_link_works(self, client_for, staff_user, member):
        client = client_for(staff_user)
        page = client.get(invite(client, member, email="fc@example.org")["Location"]).content.decode()
        assert "Invitation sent to fc@example.org. The link in it works once, for 7 days" in page

    def test_linking_the_account_is_in_the_persons_history(self, client_for, staff_user, member):
        invite(client_for(staff_user), member, email="fc@example.org")
        page = client_for(staff_user).get(f"/manage/people/{member.pk}/history/").content.decode()
        assert "fc@example.org" in page

    def test_the_same_invitation_sent_twice_sends_one_email_and_makes_one_account(self, client_for, staff_user, member):
        client = client_for(staff_user)
        token = str(uuid.uuid4())
        invite(client, member, email="fc@example.org", submission=token)
        second = invite(client, member, email="fc@example.org", submission=token)
        assert second.status_code == 302
        assert ALREADY_SAVED in client.get(second["Location"]).content.decode()
        assert User.objects.filter(email="fc@example.org").count() == 1
        assert len(mail.outbox) == 1

    def test_a_new_invitation_sends_a_new_link_to_the_same_account(self, client_for, staff_user, member):
        client = client_for(staff_user)
        invite(client, member, email="fc@example.org")
        assert invite(client, member).status_code == 302  # no address asked for: the account has one
        assert [message.to for message in mail.outbox] == [["fc@example.org"], ["fc@example.org"]]
        assert User.objects.filter(email="fc@example.org").count() == 1

    def test_without_an_address_the_form_asks_for_one_and_nothing_is_made(self, client_for, staff_user, member):
        response = invite(client_for(staff_user), member)
        assert response.status_code == 200
        assert "Enter their email address" in response.content.decode()
        assert not User.objects.filter(person=member).exists()
        assert mail.outbox == []

    def test_an_address_that_is_someone_elses_sign_in_is_refused_at_the_field(
        self, client_for, staff_user, member, board_member_user
    ):
        response = invite(client_for(staff_user), member, email="MEMBER@example.org")
        page = response.content.decode()
        assert response.status_code == 200
        assert f"member@example.org is already the sign-in of {board_member_user.person.name}" in page
        member.refresh_from_db()
        assert member.user is None
        assert mail.outbox == []

    def test_an_account_at_the_address_with_no_person_is_linked_not_duplicated(self, client_for, staff_user, member):
        existing = UserFactory(email="fc@example.org")
        invite(client_for(staff_user), member, email="FC@example.org")
        member.refresh_from_db()
        assert member.user == existing
        assert existing.check_password(PASSWORD)  # an invitation changes no password
        assert len(mail.outbox) == 1

    def test_a_sign_in_turned_off_by_an_administrator_is_not_invited_again(self, client_for, staff_user, member):
        member.user = UserFactory(email="fc@example.org", is_active=False)
        member.save()
        response = invite(client_for(staff_user), member)
        assert response.status_code == 200
        assert "sign-in has been turned off by an administrator" in response.content.decode()
        assert mail.outbox == []

    @override_settings(EMAIL_BACKEND="tests.governance.test_invitations.BrokenMailServer")
    def test_an_email_that_cannot_be_sent_changes_nothing_and_says_so(self, client_for, staff_user, member):
        response = invite(client_for(staff_user), member, email="fc@example.org")
        assert response.status_code == 200
        assert "The email could not be sent, so nothing was changed" in response.content.decode()
        member.refresh_from_db()
        assert member.user is None
        assert not User.objects.filter(email="fc@example.org").exists()
        assert not AccountEvent.objects.exists()


class TestTheLink:
    @pytest.fixture
    def link(self, client_for, staff_user, member):
        invite(client_for(staff_user), member, email="fc@example.org")
        return link_in(mail.outbox[0])

    def test_it_opens_a_form_to_set_a_password_for_the_invited_address(self, client, link):
        page = client.get(link).content.decode()
        assert "Set your password" in page
        assert "fc@example.org" in page
        assert 'autocomplete="new-password"' in page

    def test_it_sets_the_password_and_signs_the_person_in(self, client, link, member):
        response = set_password(client, link)
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert "Your password is set, and you are signed in" in client.get("/").content.decode()
        account = User.objects.get(email="fc@example.org")
        assert account.check_password(NEW_PASSWORD)
        assert int(client.session["_auth_user_id"]) == account.pk
        assert AccountEvent.objects.filter(user=account, kind=AccountEvent.Kind.PASSWORD_SET).exists()

    def test_the_person_then_reads_their_boards_part_two_papers(self, client, link, board):
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        AgendaItemFactory(meeting=meeting, title=PART_TWO, audience=Audience.BOARD)
        set_password(client, link)
        assert PART_TWO in client.get("/boards/partnership/2021-06-09/").content.decode()

    def test_used_twice_it_fails_the_second_time(self, client, client_for, link):
        set_password(client, link)
        again = client_for(None)
        assert "This link has expired or has already been used" in again.get(link).content.decode()
        response = set_password(again, link, "another long enough password")
        assert "This link has expired or has already been used" in response.content.decode()
        assert User.objects.get(email="fc@example.org").check_password(NEW_PASSWORD)

    def test_it_stops_working_once_the_person_signs_in(self, client, client_for, link):
        account = User.objects.get(email="fc@example.org")
        client_for(account)  # signs in, which records the sign-in
        assert "This link has expired or has already been used" in client.get(link).content.decode()

    def test_a_link_older_than_seven_days_is_refused_and_the_page_says_whom_to_ask(self, client, link):
        with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
            page = client.get(link).content.decode()
            assert "This link has expired or has already been used" in page
            assert "ask the partnership's programme office to send you a new invitation" in page
            assert 'href="/accounts/reset/"' in page
            set_password(client, link)
        assert not User.objects.get(email="fc@example.org").has_usable_password()

    def test_a_link_younger_than_seven_days_still_works(self, client, link):
        with time_machine.travel(timezone.now() + dt.timedelta(days=6, hours=23)):
            assert set_password(client, link).status_code == 302
        assert User.objects.get(email="fc@example.org").check_password(NEW_PASSWORD)

    @override_settings(PASSWORD_RESET_TIMEOUT=60)
    def test_the_lifetime_comes_from_the_setting(self, client, link):
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
            assert "This link has expired" in client.get(link).content.decode()

    def test_a_link_for_a_sign_in_turned_off_meanwhile_is_refused(self, client, link):
        User.objects.filter(email="fc@example.org").update(is_active=False)
        assert "This link has expired or has already been used" in client.get(link).content.decode()

    @pytest.mark.parametrize(
        "path",
        [
            "/accounts/set-password/MQ/not-a-token/",
            "/accounts/set-password/@@@/x-y/",
            "/accounts/set-password/OTk5OTk/x/",
        ],
    )
    def test_a_made_up_link_is_refused_the_same_way(self, client, path):
        response = client.get(path)
        assert response.status_code == 200
        assert "This link has expired or has already been used" in response.content.decode()


class TestSeatEndDates:
    """A seat gives its board's Part II papers from its first day to its last, both included (governance.seats)."""

    @pytest.fixture
    def part_two(self, board):
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        return AgendaItemFactory(meeting=meeting, title=PART_TWO, audience=Audience.BOARD)

    def reads_part_two(self, client_for, account) -> bool:
        # A fresh copy of the account: the seats it holds are worked out once per request, on the user object.
        fresh = User.objects.get(pk=account.pk)
        in_queryset = AgendaItem.objects.visible_to(fresh).filter(title=PART_TWO).exists()
        on_page = PART_TWO in client_for(fresh).get("/boards/partnership/2021-06-09/").content.decode()
        assert in_queryset == on_page
        return in_queryset

    @pytest.mark.parametrize(("last_day", "reads"), [(-1, False), (0, True), (1, True), (None, True)])
    def test_a_seat_gives_part_two_up_to_and_including_its_last_day(self, client_for, board, part_two, last_day, reads):
        account = UserFactory()
        today = timezone.localdate()
        ended = None if last_day is None else today + dt.timedelta(days=last_day)
        MembershipFactory(board=board, person=PersonFactory(user=account), started=dt.date(2021, 4, 1), ended=ended)
        assert self.reads_part_two(client_for, account) is reads

    @pytest.mark.parametrize(("first_day", "reads"), [(1, False), (0, True)])
    def test_a_seat_gives_nothing_before_its_first_day(self, client_for, board, part_two, first_day, reads):
        account = UserFactory()
        MembershipFactory(
            board=board,
            person=PersonFactory(user=account),
            started=timezone.localdate() + dt.timedelta(days=first_day),
        )
        assert self.reads_part_two(client_for, account) is reads

    def test_the_day_after_the_last_the_same_account_reads_no_part_two(self, client_for, board, part_two):
        account = UserFactory()
        last_day = timezone.localdate()
        MembershipFactory(board=board, person=PersonFactory(user=account), ended=last_day)
        assert self.reads_part_two(client_for, account)
        with time_machine.travel(
            dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(9), timezone.get_current_timezone())
        ):
            assert not self.reads_part_two(client_for, account)


class TestTheSignInsPage:
    @pytest.fixture
    def people(self, board, staff_user):
        """One person in each state of sign-in, and one whose seat has ended."""
        never = PersonFactory(name="Ann No-Sign-In")
        invited = PersonFactory(name="Bea Invited", user=UserFactory(email="bea@example.org", password=None))
        AccountEvent.objects.create(user=invited.user, kind=AccountEvent.Kind.INVITED, by=staff_user)
        signed_in = UserFactory(email="cat@example.org", last_login=dt.datetime(2027, 3, 3, 10, tzinfo=dt.UTC))
        can = PersonFactory(name="Cat Can-Sign-In", user=signed_in)
        off = PersonFactory(name="Dan Turned-Off", user=UserFactory(email="dan@example.org", is_active=False))
        ended = PersonFactory(name="Eve Ended", user=UserFactory(email="eve@example.org"))
        office = PersonFactory(name="Fay Office", user=staff_user)
        for person in (never, invited, can, off, office):
            MembershipFactory(board=board, person=person, role="Member")
        MembershipFactory(board=board, person=can, role="Chair", ended=timezone.localdate() - dt.timedelta(days=1))
        MembershipFactory(
            board=board, person=ended, role="Vice Chair", ended=timezone.localdate() - dt.timedelta(days=1)
        )
        PersonFactory(name="Gus No-Seat")
        return {"never": never, "invited": invited, "can": can, "off": off, "ended": ended}

    def rows(self, client) -> dict[str, str]:
        page = client.get("/manage/boards/sign-ins/").content.decode().split("<tbody", 1)[1]
        return {row.split("<a href", 1)[1].split("</a>")[0].split(">")[-1]: row for row in page.split("</tr>")[:-1]}

    def test_it_lists_everyone_who_holds_or_held_a_seat_with_their_sign_in(self, client_for, staff_user, people):
        rows = self.rows(client_for(staff_user))
        assert set(rows) == {
            "Ann No-Sign-In",
            "Bea Invited",
            "Cat Can-Sign-In",
            "Dan Turned-Off",
            "Eve Ended",
            "Fay Office",
        }
        assert "No sign-in" in rows["Ann No-Sign-In"]
        assert "Invited: no password yet" in rows["Bea Invited"]
        assert "The link expires" in rows["Bea Invited"]
        assert "Can sign in" in rows["Cat Can-Sign-In"]
        assert "Last signed in 3 March 2027 at 10:00" in rows["Cat Can-Sign-In"]
        assert "Turned off" in rows["Dan Turned-Off"]
        assert "Never signed in" in rows["Eve Ended"]

    def test_it_shows_the_seats_held_today_and_the_programme_office(self, client_for, staff_user, people):
        rows = self.rows(client_for(staff_user))
        assert "Member, Partnership Board" in rows["Cat Can-Sign-In"]
        assert "Chair" not in rows["Cat Can-Sign-In"]  # ended yesterday
        assert "No current seat: reads what is public" in rows["Eve Ended"]
        assert "Programme office" in rows["Fay Office"]

    def test_each_row_offers_what_fits_its_sign_in(self, client_for, staff_user, people):
        rows = self.rows(client_for(staff_user))
        never, invited = people["never"], people["invited"]
        assert f'href="/manage/people/{never.pk}/invite/"' in rows["Ann No-Sign-In"]  # a link: it asks for the address
        assert "Invite to sign in" in rows["Ann No-Sign-In"]
        assert f'<form method="post" action="/manage/people/{invited.pk}/invite/"' in rows["Bea Invited"]
        assert 'name="csrfmiddlewaretoken"' in rows["Bea Invited"]
        assert 'name="submission"' in rows["Bea Invited"]
        for name in ("Cat Can-Sign-In", "Dan Turned-Off"):
            assert "invite/" not in rows[name]

    def test_an_invitation_older_than_the_links_lifetime_says_it_has_expired(self, client_for, staff_user, people):
        AccountEvent.objects.filter(user=people["invited"].user).update(at=timezone.now() - dt.timedelta(days=8))
        assert "The link has expired" in self.rows(client_for(staff_user))["Bea Invited"]

    @pytest.mark.parametrize(
        ("state", "names"),
        [
            ("none", {"Ann No-Sign-In"}),
            ("invited", {"Bea Invited"}),
            ("can_sign_in", {"Cat Can-Sign-In", "Eve Ended", "Fay Office"}),
            ("turned_off", {"Dan Turned-Off"}),
        ],
    )
    def test_it_filters_by_sign_in(self, client_for, staff_user, people, state, names):
        page = client_for(staff_user).get(f"/manage/boards/sign-ins/?state={state}").content.decode()
        shown = {name for name in ("Ann", "Bea", "Cat", "Dan", "Eve", "Fay") if f">{name} " in page}
        assert shown == {name.split()[0] for name in names}

    def test_the_row_button_sends_a_new_invitation_and_comes_back_to_the_page(self, client_for, staff_user, people):
        client = client_for(staff_user)
        page = client.get("/manage/boards/sign-ins/").content.decode()
        token = re.search(r'name="submission" value="([^"]+)"', page).group(1)
        response = invite(client, people["invited"], submission=token)
        assert response["Location"] == "/manage/boards/sign-ins/"
        assert [message.to for message in mail.outbox] == [["bea@example.org"]]

    def test_it_costs_the_same_for_one_person_as_for_twenty(
        self, client_for, staff_user, board, django_assert_max_num_queries
    ):
        def add_person(n: int) -> None:
            # Every other person has an account (the first does, so the one-person page fetches groups too).
            person = PersonFactory(user=None if n % 2 else UserFactory(password=None))
            MembershipFactory(board=board, person=person)
            MembershipFactory(person=person)  # a seat on a second board
            if person.user:
                AccountEvent.objects.create(user=person.user, kind=AccountEvent.Kind.INVITED)

        client = client_for(staff_user)
        add_person(0)
        with CaptureQueriesContext(connection) as one:
            assert client.get("/manage/boards/sign-ins/").status_code == 200
        for n in range(1, 20):
            add_person(n)
        with django_assert_max_num_queries(len(one.captured_queries)):
            page = client.get("/manage/boards/sign-ins/").content.decode()
        assert "Showing 1 to 20 of 20 people" in page


# The access matrix of tests/access.py for the new pages, and every POST refused with its control.
MATRIX = [
    ("/manage/boards/sign-ins/", *STAFF_ONLY),
    ("/manage/boards/sign-ins/?name=cox&state=none&sort=-name&page=2", *STAFF_ONLY),
    ("/manage/people/{person}/invite/", *STAFF_ONLY),
    ("/manage/people/999999/invite/", *STAFF_ONLY_MISSING),
]


@pytest.mark.parametrize(("path", *READERS), MATRIX)
def test_access(client_for, readers, member, path, anonymous, board_member, other_board_member, no_role, staff):
    path = path.format(person=member.pk)
    expected = (anonymous, board_member, other_board_member, no_role, staff)
    for role, status in zip(READERS, expected, strict=True):
        check_reader(client_for(readers[role]), role, path, status, secret="Felicity Cox")


def test_the_matrix_covers_every_new_url():
    paths = [path.format(person=1) for path, *_ in MATRIX]
    ours = [pattern for pattern in governance_urls.urlpatterns if pattern.name in ("sign_ins", "person_invite")]
    assert len(ours) == 2
    assert uncovered(ours, paths) == set()


def snapshot() -> list:
    return [
        list(Person.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values("pk", "email", "password", "is_active")),  # not last_login
        list(AccountEvent.objects.order_by("pk").values()),
        len(mail.outbox),
    ]


@pytest.mark.parametrize("has_account", [False, True])
@pytest.mark.parametrize("role", ["anonymous", "board_member", "other_board_member", "no_role"])
def test_an_invitation_is_refused_for_anyone_but_staff_and_changes_nothing(
    client_for, readers, member, role, has_account
):
    if has_account:
        member.user = UserFactory(email="fc@example.org", password=None)
        member.save()
    before = snapshot()
    response = invite(client_for(readers[role]), member, email="" if has_account else "fc@example.org")
    assert response.status_code == (SIGN_IN if role == "anonymous" else REFUSED)
    assert snapshot() == before


@pytest.mark.parametrize("has_account", [False, True])
def test_the_same_invitation_from_staff_does_send_it(client_for, readers, member, has_account):
    if has_account:
        member.user = UserFactory(email="fc@example.org", password=None)
        member.save()
    before = snapshot()
    response = invite(client_for(readers["staff"]), member, email="" if has_account else "fc@example.org")
    assert response.status_code == 302
    assert snapshot() != before
    assert len(mail.outbox) == 1


def test_the_invite_page_takes_only_get_and_post(client_for, staff_user, member):
    assert client_for(staff_user).put(f"/manage/people/{member.pk}/invite/").status_code == 405
