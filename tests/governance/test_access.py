"""Who may see and do what on every governance page: the five readers of tests/access.py against every URL."""

import datetime as dt
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from blmk_portal.publication import Audience, Status
from governance import urls as governance_urls
from governance.models import (
    AgendaItem,
    Attachment,
    AttachmentVersion,
    Attendance,
    Board,
    Declaration,
    Interest,
    Meeting,
    Membership,
    Minute,
    Minutes,
    NilReturn,
    PackEdition,
    Paper,
    Person,
    PlannedItem,
    Recommendation,
    Resolution,
    TermsOfReference,
)
from tests.access import (
    BOARD_MEMBERS,
    DRAFT,
    EVERYONE,
    NOWHERE,
    READERS,
    REFUSED,
    SIGN_IN,
    STAFF_ONLY,
    STAFF_ONLY_MISSING,
    STAFF_POST_ONLY,
    check_reader,
    text_of,
    uncovered,
)
from tests.documents import a_pdf
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
    TermsOfReferenceFactory,
)
from tests.governance.test_action_access import PATHS as ACTION_PATHS  # the action log's own matrix
from tests.governance.test_atom_feeds import PATHS as FEED_PATHS  # the Atom feeds' own matrix
from tests.governance.test_questions_access import PATHS as QUESTION_PATHS  # public questions' own matrix

pytestmark = pytest.mark.django_db

MATRIX = [
    ("/boards/", *EVERYONE),
    ("/boards/partnership/", *EVERYONE),
    ("/boards/nonexistent/", *NOWHERE),
    ("/boards/partnership/calendar.ics", *EVERYONE),
    ("/boards/nonexistent/calendar.ics", *NOWHERE),
    ("/calendar.ics", *EVERYONE),
    ("/manage/boards/", *STAFF_ONLY),
    ("/manage/boards/?kind=group&state=active&sort=-period&page=2", *STAFF_ONLY),
    ("/manage/boards/new/", *STAFF_ONLY),
    ("/manage/boards/partnership/", *STAFF_ONLY),
    ("/manage/boards/partnership/edit/", *STAFF_ONLY),
    ("/manage/boards/partnership/history/", *STAFF_ONLY),
    ("/manage/boards/partnership/new-terms-of-reference/", *STAFF_ONLY),
    ("/manage/boards/partnership/new-seat/", *STAFF_ONLY),
    ("/manage/terms-of-reference/partnership/{terms}/edit/", *STAFF_ONLY),
    ("/manage/terms-of-reference/partnership/{terms}/history/", *STAFF_ONLY),
    ("/manage/terms-of-reference/partnership/{terms}/move/", *STAFF_POST_ONLY),
    ("/manage/seats/partnership/{seat}/edit/", *STAFF_ONLY),
    ("/manage/seats/partnership/{seat}/history/", *STAFF_ONLY),
    ("/manage/seats/partnership/{seat}/move/", *STAFF_POST_ONLY),
    ("/manage/people/", *STAFF_ONLY),
    ("/manage/people/?name=chair&sort=-seats", *STAFF_ONLY),
    ("/manage/people/new/", *STAFF_ONLY),
    ("/manage/people/{person}/edit/", *STAFF_ONLY),
    ("/manage/people/{person}/history/", *STAFF_ONLY),
    ("/manage/people/{person}/invite/", *STAFF_ONLY),
    ("/manage/boards/sign-ins/", *STAFF_ONLY),
    ("/boards/partnership/2021-06-09/", *EVERYONE),
    ("/boards/partnership/2021-07-14/", *DRAFT),
    ("/boards/partnership/2021-02-30/", *NOWHERE),
    ("/manage/boards/partnership/new-meeting/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-06-09/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-07-14/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-06-09/edit/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-06-09/history/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-06-09/publish/", *STAFF_ONLY),  # asks to confirm
    ("/manage/meetings/partnership/2021-06-09/new-item/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-06-09/standing-items/", *STAFF_POST_ONLY),
    ("/manage/meetings/partnership/2021-06-09/copy-agenda/", *STAFF_POST_ONLY),
    ("/manage/agenda/partnership/2021-06-09/{item}/edit/", *STAFF_ONLY),
    ("/manage/agenda/partnership/2021-06-09/{item}/history/", *STAFF_ONLY),
    ("/manage/agenda/partnership/2021-06-09/{item}/move/", *STAFF_POST_ONLY),
    ("/manage/agenda/partnership/2021-06-09/{item}/remove/", *STAFF_ONLY),  # asks to confirm
    ("/manage/agenda/partnership/2021-06-09/{item}/nonexistent/", *NOWHERE),
    ("/boards/partnership/2021-06-09/pack/", *EVERYONE),
    ("/boards/partnership/2021-06-09/pack.pdf", *EVERYONE),
    ("/boards/partnership/2021-07-14/pack/", *DRAFT),
    ("/boards/partnership/2021-07-14/pack.pdf", *DRAFT),
    ("/boards/partnership/2021-06-09/pack/editions/{public_edition}.pdf", *EVERYONE),
    ("/boards/partnership/2021-06-09/pack/editions/{members_edition}.pdf", *BOARD_MEMBERS),
    ("/boards/partnership/2021-06-10/pack/editions/{public_edition}.pdf", *NOWHERE),
    ("/boards/partnership/2021-06-09/papers/{paper}/", *EVERYONE),
    ("/boards/partnership/2021-06-09/papers/{private_paper}/", *BOARD_MEMBERS),
    ("/boards/partnership/2021-07-28/papers/{draft_paper}/", *DRAFT),
    ("/boards/partnership/2021-06-10/papers/{paper}/", *NOWHERE),
    ("/boards/partnership/2021-06-09/files/{file}/", *EVERYONE),
    ("/boards/partnership/2021-06-09/files/{file}/v1/", *EVERYONE),
    ("/boards/partnership/2021-06-09/files/{file}/v9/", *NOWHERE),
    ("/boards/partnership/2021-06-09/files/{private_file}/", *BOARD_MEMBERS),
    ("/boards/partnership/2021-07-28/files/{draft_file}/", *DRAFT),
    ("/manage/meetings/partnership/2021-06-09/new-paper/", *STAFF_ONLY),
    ("/manage/papers/partnership/2021-06-09/{paper}/", *STAFF_ONLY),
    ("/manage/papers/partnership/2021-06-09/{private_paper}/", *STAFF_ONLY),
    ("/manage/papers/partnership/2021-06-09/{paper}/edit/", *STAFF_ONLY),
    ("/manage/papers/partnership/2021-06-09/{paper}/history/", *STAFF_ONLY),
    ("/manage/papers/partnership/2021-06-09/{paper}/move/", *STAFF_POST_ONLY),
    ("/manage/papers/partnership/2021-06-09/{paper}/new-recommendation/", *STAFF_ONLY),
    ("/manage/papers/partnership/2021-06-09/{paper}/new-file/", *STAFF_ONLY),
    ("/manage/recommendations/partnership/2021-06-09/{recommendation}/edit/", *STAFF_ONLY),
    ("/manage/recommendations/partnership/2021-06-09/{recommendation}/history/", *STAFF_ONLY),
    ("/manage/recommendations/partnership/2021-06-09/{recommendation}/move/", *STAFF_POST_ONLY),
    ("/manage/recommendations/partnership/2021-06-09/{recommendation}/remove/", *STAFF_ONLY),
    ("/manage/attachments/partnership/2021-06-09/{file}/edit/", *STAFF_ONLY),
    ("/manage/attachments/partnership/2021-06-09/{file}/history/", *STAFF_ONLY),
    ("/manage/attachments/partnership/2021-06-09/{file}/move/", *STAFF_POST_ONLY),
    ("/manage/attachments/partnership/2021-06-09/{file}/remove/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-06-09/new-attendance/", *STAFF_ONLY),
    ("/manage/attendance/partnership/2021-06-09/{attendance}/edit/", *STAFF_ONLY),
    ("/manage/attendance/partnership/2021-06-09/{attendance}/history/", *STAFF_ONLY),
    ("/manage/attendance/partnership/2021-06-09/{attendance}/move/", *STAFF_POST_ONLY),
    ("/manage/attendance/partnership/2021-06-09/{attendance}/remove/", *STAFF_ONLY),  # asks to confirm
    ("/manage/attendance/partnership/2021-06-10/{attendance}/edit/", *STAFF_ONLY_MISSING),
    ("/manage/attendance/partnership/2021-07-28/{draft_attendance}/edit/", *STAFF_ONLY),
    ("/boards/partnership/forward-plan/", *EVERYONE),
    ("/boards/nonexistent/forward-plan/", *NOWHERE),
    ("/manage/boards/partnership/new-planned-item/", *STAFF_ONLY),
    ("/manage/forward-plan/partnership/{planned}/edit/", *STAFF_ONLY),
    ("/manage/forward-plan/partnership/{planned}/history/", *STAFF_ONLY),
    ("/manage/forward-plan/partnership/{planned}/move/", *STAFF_POST_ONLY),
    ("/manage/forward-plan/partnership/{planned}/remove/", *STAFF_ONLY),  # asks to confirm
    ("/manage/forward-plan/nonexistent/{planned}/edit/", *STAFF_ONLY_MISSING),  # another board's address
    ("/manage/meetings/partnership/2021-06-09/forward-plan/{planned}/add-to-agenda/", *STAFF_POST_ONLY),
    ("/boards/partnership/interests/", *EVERYONE),
    ("/boards/nonexistent/interests/", *NOWHERE),
    ("/boards/partnership/2021-06-09/interests/", *BOARD_MEMBERS),  # the cross-check: the board's members only
    ("/boards/partnership/2021-07-14/interests/", *DRAFT),
    ("/boards/partnership/2021-02-30/interests/", *NOWHERE),
    ("/manage/people/{declarer}/interests/", *STAFF_ONLY),
    ("/manage/people/{declarer}/new-interest/", *STAFF_ONLY),
    ("/manage/interests/{declarer}/{interest}/edit/", *STAFF_ONLY),
    ("/manage/interests/{declarer}/{interest}/history/", *STAFF_ONLY),
    ("/manage/interests/{declarer}/{interest}/remove/", *STAFF_ONLY),  # asks to confirm
    ("/manage/interests/{person}/{interest}/edit/", *STAFF_ONLY_MISSING),  # someone else's address
    ("/manage/people/{declarer}/new-nil-return/", *STAFF_ONLY),
    ("/manage/nil-returns/{declarer}/{nil_return}/edit/", *STAFF_ONLY),
    ("/manage/nil-returns/{declarer}/{nil_return}/history/", *STAFF_ONLY),
    ("/manage/nil-returns/{declarer}/{nil_return}/remove/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-06-09/new-declaration/", *STAFF_ONLY),
    ("/manage/agenda/partnership/2021-06-09/{item}/new-declaration/", *STAFF_ONLY),
    ("/manage/declarations/partnership/2021-06-09/{declaration}/edit/", *STAFF_ONLY),
    ("/manage/declarations/partnership/2021-06-09/{declaration}/history/", *STAFF_ONLY),
    ("/manage/declarations/partnership/2021-06-09/{declaration}/move/", *STAFF_POST_ONLY),
    ("/manage/declarations/partnership/2021-06-09/{declaration}/remove/", *STAFF_ONLY),
    ("/manage/declarations/partnership/2021-06-09/{private_declaration}/edit/", *STAFF_ONLY),
    ("/manage/declarations/partnership/2021-06-10/{declaration}/edit/", *STAFF_ONLY_MISSING),
    ("/decisions/", *EVERYONE),
    ("/decisions/?board=1&place=1&start-day=1&start-month=1&start-year=2021&page=2", *EVERYONE),
    ("/boards/partnership/decisions/", *EVERYONE),
    ("/boards/nonexistent/decisions/", *NOWHERE),
    ("/boards/partnership/2021-05-05/decisions/{decision}/", *EVERYONE),
    ("/boards/partnership/2021-05-05/decisions/{private_decision}/", *BOARD_MEMBERS),
    ("/boards/partnership/2021-06-09/decisions/{draft_decision}/", *DRAFT),  # its minutes are not confirmed
    ("/boards/partnership/2021-06-09/decisions/{decision}/", *NOWHERE),  # another meeting's address
    ("/manage/meetings/partnership/2021-06-09/write-minutes/", *STAFF_POST_ONLY),
    ("/manage/meetings/partnership/2021-07-14/confirm-minutes/", *STAFF_ONLY),
    ("/manage/minutes/partnership/2021-06-09/", *STAFF_ONLY),
    ("/manage/minutes/partnership/2021-06-09/edit/", *STAFF_ONLY),
    ("/manage/minutes/partnership/2021-06-09/history/", *STAFF_ONLY),
    ("/manage/minutes/partnership/2021-06-09/publish/", *NOWHERE),  # published only by confirming them
    ("/manage/minutes/partnership/2021-07-14/", *STAFF_ONLY_MISSING),  # none written yet
    ("/manage/minute/partnership/2021-06-09/{minute}/edit/", *STAFF_ONLY),
    ("/manage/minute/partnership/2021-06-09/{minute}/history/", *STAFF_ONLY),
    ("/manage/minute/partnership/2021-06-09/{minute}/inline/", *STAFF_ONLY),
    ("/manage/minute/partnership/2021-06-09/{minute}/new-resolution/", *STAFF_ONLY),
    ("/manage/resolutions/partnership/2021-06-09/{draft_decision}/edit/", *STAFF_ONLY),
    ("/manage/resolutions/partnership/2021-06-09/{draft_decision}/history/", *STAFF_ONLY),
    ("/manage/resolutions/partnership/2021-06-09/{draft_decision}/move/", *STAFF_POST_ONLY),
    ("/manage/resolutions/partnership/2021-06-09/{draft_decision}/remove/", *STAFF_ONLY),  # asks to confirm
]


PART_TWO = "Award of the community contract"  # the title of a Part II item: the board's members only
PART_TWO_PAPER = "Community contract evaluation"  # and of its paper
SECRET_INTEREST = "Director of a made-up supplier"  # on the register of someone who holds no decision-making seat
DRAFT_DECISION = "That the draft decision stands"  # in minutes not yet confirmed: staff only
PART_TWO_DECISION = "That the private site be sold"  # confirmed, on a Part II item: the board's members only


@pytest.fixture
def data(board_member_user):
    """The Partnership Board, whose member the board member is: its terms, a seat, a published meeting with a
    Part I and a Part II item, and a draft meeting."""
    board = BoardFactory(slug="partnership", name="Partnership Board")
    terms = TermsOfReferenceFactory(board=board, version_number="0.5", order=1)
    person = PersonFactory(name="Dr Rima Makarem", title="BLMK ICS Chair")
    seat = MembershipFactory(board=board, person=person, role="Chair", decision_making=True)
    MembershipFactory(board=board, person=board_member_user.person, role="Member for Luton")
    meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
    item = AgendaItemFactory(meeting=meeting, title="Apologies for absence")
    private_item = AgendaItemFactory(meeting=meeting, title=PART_TWO, audience=Audience.BOARD)
    MeetingFactory(board=board, date=dt.date(2021, 7, 14), status=Status.DRAFT)
    present = Attendance.objects.create(meeting=meeting, person=person, seat=seat, order=0)
    paper = PaperFactory(meeting=meeting, items=[item], title="Strategic Priorities Development")
    recommendation = Recommendation.objects.create(paper=paper, verb="approve", text="the priorities", order=0)
    Recommendation.objects.create(paper=paper, verb="note", text="the progress", order=1)
    private_paper = PaperFactory(meeting=meeting, items=[private_item], title=PART_TWO_PAPER, audience=Audience.BOARD)
    # Another draft for its paper: the draft of 14 July is left empty, to copy an agenda into.
    later_draft = MeetingFactory(board=board, date=dt.date(2021, 7, 28), status=Status.DRAFT)
    draft_paper = PaperFactory(meeting=later_draft)
    draft_attendance = Attendance.objects.create(meeting=later_draft, person=person, seat=seat, order=0)
    planned = PlannedItem.objects.create(board=board, planned_for=meeting.date, title="ICS Establishment", order=0)
    # Made up: the portal never invents interests for real named people.
    declarer = PersonFactory(name="Alex Example")
    interest = Interest.objects.create(
        person=declarer, category="financial", description=SECRET_INTEREST, declared_on=dt.date(2021, 4, 1)
    )
    nil_return = NilReturn.objects.create(person=declarer, year=2020, declared_on=dt.date(2020, 4, 6))
    declaration = Declaration.objects.create(item=item, person=declarer, description="Governor", decision="left")
    private_declaration = Declaration.objects.create(
        item=private_item, person=declarer, description="Shares", decision="left"
    )
    minutes = minuted(board, meeting, item)
    return {
        **minutes,
        "terms": terms.pk,
        "seat": seat.pk,
        "person": person.pk,
        "board_member_person": board_member_user.person.pk,
        "item": item.pk,
        "meeting": meeting.pk,
        "paper": paper.pk,
        "private_paper": private_paper.pk,
        "draft_paper": draft_paper.pk,
        "recommendation": recommendation.pk,
        "file": attach(paper, "Annex A").pk,
        "second_file": attach(paper, "Annex B").pk,
        "private_file": attach(private_paper, "Private annex").pk,
        "draft_file": attach(draft_paper, "Draft annex").pk,
        "public_edition": edition(meeting, private=False).pk,
        "members_edition": edition(meeting, private=True).pk,
        "attendance": present.pk,
        "draft_attendance": draft_attendance.pk,
        "planned": planned.pk,
        "declarer": declarer.pk,
        "interest": interest.pk,
        "nil_return": nil_return.pk,
        "declaration": declaration.pk,
        "private_declaration": private_declaration.pk,
    }


def minuted(board: Board, meeting: Meeting, item: AgendaItem) -> dict:
    """Minutes of 5 May 2021 confirmed at 9 June 2021, with a public decision and a Part II one; and the draft
    minutes of 9 June 2021 with a decision on its first item (its Part II item has no minute yet)."""
    may = MeetingFactory(board=board, date=dt.date(2021, 5, 5))
    confirmed = Minutes.objects.create(
        meeting=may, status=Status.PUBLISHED, approved_at=meeting, approved_on=meeting.date
    )
    public = Minute.objects.create(minutes=confirmed, item=AgendaItemFactory(meeting=may), outcome="agreed")
    private_item = AgendaItemFactory(meeting=may, title="Estates disposal", audience=Audience.BOARD)
    private = Minute.objects.create(minutes=confirmed, item=private_item, outcome="resolved")
    draft = Minutes.objects.create(meeting=meeting)
    minute = Minute.objects.create(minutes=draft, item=item, outcome="agreed")
    return {
        "minutes": draft.pk,
        "minute": minute.pk,
        "decision": Resolution.objects.create(minute=public, text="That option B be agreed.", order=0).pk,
        "private_decision": Resolution.objects.create(minute=private, text=PART_TWO_DECISION, order=0).pk,
        "draft_decision": Resolution.objects.create(minute=minute, text=DRAFT_DECISION, order=0).pk,
    }


def edition(meeting: Meeting, *, private: bool) -> PackEdition:
    """A built edition of the meeting's pack, as the task worker leaves it (its PDF stored)."""
    name = default_storage.save(f"packs/{'members' if private else 'public'}.pdf", ContentFile(a_pdf()))
    return PackEdition.objects.create(
        meeting=meeting,
        key="members" if private else "public",
        has_private_papers=private,
        state=PackEdition.State.READY,
        file=name,
        pages=1,
        built_at=timezone.now(),
    )


def attach(paper: Paper, title: str) -> Attachment:
    attachment = Attachment.objects.create(paper=paper, title=title, order=paper.attachments.count())
    version = AttachmentVersion(attachment=attachment, number=1, filename="annex.pdf", kind="pdf", size=9, sha256="")
    version.file.save("annex", ContentFile(a_pdf()), save=True)
    return attachment


@pytest.mark.parametrize(("path", *READERS), MATRIX)
def test_access(client_for, readers, data, path, anonymous, board_member, other_board_member, no_role, staff):
    path = path.format(**data)
    expected = (anonymous, board_member, other_board_member, no_role, staff)
    for role, status in zip(READERS, expected, strict=True):
        check_reader(client_for(readers[role]), role, path, status, secret="Add a seat")


def test_the_matrix_covers_every_governance_url():
    ids = dict.fromkeys(["terms", "seat", "person", "item", "paper", "private_paper", "draft_paper"], 1)
    ids |= dict.fromkeys(["recommendation", "file", "private_file", "draft_file", "public_edition"], 1)
    ids |= {"members_edition": 1, "attendance": 1, "draft_attendance": 1, "planned": 1}
    ids |= dict.fromkeys(["declarer", "interest", "nil_return", "declaration", "private_declaration"], 1)
    ids |= dict.fromkeys(["minutes", "minute", "decision", "private_decision", "draft_decision"], 1)
    paths = [path.format(**ids) for path, *expected in MATRIX if tuple(expected) != NOWHERE]
    assert uncovered(governance_urls.urlpatterns, paths + ACTION_PATHS + QUESTION_PATHS + FEED_PATHS) == set()


# Who reads a Part II item: on the public page, the members of the meeting's board and staff; on staff pages, staff.
MEMBERS_AND_STAFF = {"board_member", "staff"}


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize(
    ("path", "who_reads_it"),
    [
        ("/boards/partnership/2021-06-09/", MEMBERS_AND_STAFF),
        ("/manage/meetings/partnership/2021-06-09/", {"staff"}),
        ("/manage/agenda/partnership/2021-06-09/{part_two}/edit/", {"staff"}),
        ("/manage/agenda/partnership/2021-06-09/{part_two}/history/", {"staff"}),
        ("/boards/partnership/2021-06-09/pack/", MEMBERS_AND_STAFF),
        ("/boards/partnership/2021-06-09/pack.pdf", MEMBERS_AND_STAFF),
        ("/calendar.ics", set()),
        ("/boards/partnership/calendar.ics", set()),
    ],
)
def test_a_part_two_item_is_read_by_the_boards_members_and_staff_only(
    client_for, readers, data, role, path, who_reads_it
):
    part_two = AgendaItem.objects.get(title=PART_TWO)
    response = client_for(readers[role]).get(path.format(part_two=part_two.pk))
    text = text_of(response)
    assert (PART_TWO in text) is (role in who_reads_it), f"{role}: {response.status_code}"
    if path.startswith("/boards/") and "calendar" not in path:
        assert (PART_TWO_PAPER in text) is (role in who_reads_it), f"{role}: {response.status_code}"
    if response.status_code == 200 and role not in who_reads_it and "calendar" not in path:
        assert "The board also takes 1 item in private (Part II)" in text


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize(
    ("path", "secret", "who_reads_it"),
    [
        ("/boards/partnership/2021-06-09/", DRAFT_DECISION, {"staff"}),
        ("/boards/partnership/decisions/", DRAFT_DECISION, {"staff"}),
        ("/decisions/", DRAFT_DECISION, {"staff"}),
        ("/boards/partnership/2021-05-05/", PART_TWO_DECISION, MEMBERS_AND_STAFF),
        ("/boards/partnership/decisions/", PART_TWO_DECISION, MEMBERS_AND_STAFF),
        ("/decisions/", PART_TWO_DECISION, MEMBERS_AND_STAFF),
    ],
)
def test_draft_minutes_are_for_staff_and_confirmed_part_two_minutes_for_the_boards_members(
    client_for, readers, data, role, path, secret, who_reads_it
):
    response = client_for(readers[role]).get(path)
    assert response.status_code == 200
    assert (secret in text_of(response)) is (role in who_reads_it), role
    assert "That option B be agreed." in text_of(response) or path.endswith("2021-06-09/")


DECLARED = {"declared_on-day": "6", "declared_on-month": "4", "declared_on-year": "2021"}


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize(
    ("path", "who_reads_it"),
    [
        ("/boards/partnership/interests/", set()),  # the public register: decision-making members only
        ("/manage/people/{declarer}/interests/", {"staff"}),
        ("/manage/interests/{declarer}/{interest}/edit/", {"staff"}),
    ],
)
def test_the_register_of_someone_without_a_decision_making_seat_is_for_staff_only(
    client_for, readers, data, role, path, who_reads_it
):
    response = client_for(readers[role]).get(path.format(**data))
    assert (SECRET_INTEREST in text_of(response)) is (role in who_reads_it), f"{role}: {response.status_code}"


POSTS = [
    (
        "/manage/boards/new/",
        {"name": "Diagnostics Board", "kind": "board", "state": "proposed", "submission": "{token}"},
    ),
    ("/manage/boards/partnership/edit/", {"version": "1", "name": "Renamed", "kind": "board", "state": "active"}),
    (
        "/manage/boards/partnership/new-terms-of-reference/",
        {"version_number": "0.6", "deputies_count_to_quorum": "no", "submission": "{token}"},
    ),
    (
        "/manage/terms-of-reference/partnership/{terms}/edit/",
        {"version": "1", "comments": "Changed", "deputies_count_to_quorum": "no"},
    ),
    ("/manage/terms-of-reference/partnership/{terms}/move/", {"direction": "up", "version": "1"}),
    (
        "/manage/boards/partnership/new-seat/",
        {"role": "Chief Executive", "decision_making": "yes", "submission": "{token}"},
    ),
    ("/manage/seats/partnership/{seat}/edit/", {"version": "1", "role": "Vice Chair", "decision_making": "yes"}),
    ("/manage/seats/partnership/{seat}/move/", {"direction": "down", "version": "1"}),
    ("/manage/people/new/", {"name": "Felicity Cox", "submission": "{token}"}),
    ("/manage/people/{person}/edit/", {"version": "1", "name": "Dr R Makarem"}),
    (
        "/manage/boards/partnership/new-meeting/",
        {
            "date-day": "8",
            "date-month": "9",
            "date-year": "2021",
            "state": "scheduled",
            "submission": "{token}",
        },
    ),
    (
        "/manage/meetings/partnership/2021-06-09/edit/",
        {"version": "1", "date-day": "9", "date-month": "6", "date-year": "2021", "state": "held"},
    ),
    ("/manage/meetings/partnership/2021-06-09/publish/", {"publish": "0", "version": "1"}),
    (
        "/manage/meetings/partnership/2021-06-09/new-item/",
        {"title": "Chair's update", "numbered": "yes", "audience": "public", "standing": "no", "submission": "{token}"},
    ),
    ("/manage/meetings/partnership/2021-06-09/standing-items/", {}),
    ("/manage/meetings/partnership/2021-07-14/copy-agenda/", {"source": "{meeting}"}),
    (
        "/manage/agenda/partnership/2021-06-09/{item}/edit/",
        {"version": "1", "title": "Apologies", "numbered": "yes", "audience": "public", "standing": "yes"},
    ),
    ("/manage/agenda/partnership/2021-06-09/{item}/move/", {"direction": "down", "version": "1"}),
    ("/manage/agenda/partnership/2021-06-09/{item}/remove/", {"remove": "1", "version": "1"}),
    (
        "/manage/meetings/partnership/2021-06-09/new-paper/",
        {"title": "Chair's report", "items": "{item}", "audience": "public", "submission": "{token}"},
    ),
    (
        "/manage/papers/partnership/2021-06-09/{paper}/edit/",
        {"version": "1", "title": "Renamed", "items": "{item}", "audience": "public"},
    ),
    ("/manage/papers/partnership/2021-06-09/{paper}/move/", {"direction": "down", "version": "1"}),
    (
        "/manage/papers/partnership/2021-06-09/{paper}/new-recommendation/",
        {"verb": "note", "text": "the progress", "submission": "{token}"},
    ),
    (
        "/manage/papers/partnership/2021-06-09/{paper}/new-file/",
        {"title": "Annex B", "file": "{pdf}", "submission": "{token}"},
    ),
    (
        "/manage/recommendations/partnership/2021-06-09/{recommendation}/edit/",
        {"version": "1", "verb": "endorse", "text": "the priorities"},
    ),
    ("/manage/recommendations/partnership/2021-06-09/{recommendation}/move/", {"direction": "down", "version": "1"}),
    ("/manage/recommendations/partnership/2021-06-09/{recommendation}/remove/", {"remove": "1", "version": "1"}),
    ("/manage/attachments/partnership/2021-06-09/{file}/edit/", {"version": "1", "title": "Annex A, revised"}),
    ("/manage/attachments/partnership/2021-06-09/{file}/move/", {"direction": "down", "version": "1"}),
    ("/manage/attachments/partnership/2021-07-28/{draft_file}/remove/", {"remove": "1", "version": "1"}),
    (
        "/manage/meetings/partnership/2021-06-09/new-attendance/",
        {"person": "{board_member_person}", "kind": "apologies", "submission": "{token}"},
    ),
    (
        "/manage/attendance/partnership/2021-06-09/{attendance}/edit/",
        {"version": "1", "person": "{person}", "kind": "present", "as_printed": "BLMK ICS Chair"},
    ),
    ("/manage/attendance/partnership/2021-06-09/{attendance}/move/", {"direction": "down", "version": "1"}),
    ("/manage/attendance/partnership/2021-06-09/{attendance}/remove/", {"remove": "1", "version": "1"}),
    (
        "/manage/people/{declarer}/new-interest/",
        {"category": "indirect", "description": "Spouse", **DECLARED, "submission": "{token}"},
    ),
    (
        "/manage/interests/{declarer}/{interest}/edit/",
        {"version": "1", "category": "financial", "description": "Director", **DECLARED},
    ),
    ("/manage/interests/{declarer}/{interest}/remove/", {"remove": "1", "version": "1"}),
    ("/manage/people/{declarer}/new-nil-return/", {"year": "2021", **DECLARED, "submission": "{token}"}),
    ("/manage/nil-returns/{declarer}/{nil_return}/edit/", {"version": "1", "year": "2019", **DECLARED}),
    ("/manage/nil-returns/{declarer}/{nil_return}/remove/", {"remove": "1", "version": "1"}),
    (
        "/manage/agenda/partnership/2021-06-09/{item}/new-declaration/",
        {"person": "{declarer}", "description": "Trustee", "decision": "no_vote", "submission": "{token}"},
    ),
    (
        "/manage/declarations/partnership/2021-06-09/{declaration}/edit/",
        {"version": "1", "person": "{declarer}", "description": "Governor", "decision": "take_part"},
    ),
    ("/manage/declarations/partnership/2021-06-09/{declaration}/move/", {"direction": "down", "version": "1"}),
    ("/manage/declarations/partnership/2021-06-09/{declaration}/remove/", {"remove": "1", "version": "1"}),
    (
        "/manage/boards/partnership/new-planned-item/",
        {
            "planned_for-day": "14",
            "planned_for-month": "7",
            "planned_for-year": "2021",
            "title": "PCN Development",
            "kind": "strategy",
            "submission": "{token}",
        },
    ),
    (
        "/manage/forward-plan/partnership/{planned}/edit/",
        {
            "version": "1",
            "planned_for-day": "9",
            "planned_for-month": "6",
            "planned_for-year": "2021",
            "title": "ICS Establishment update",
            "kind": "update",
        },
    ),
    ("/manage/forward-plan/partnership/{planned}/move/", {"direction": "down", "version": "1"}),
    ("/manage/forward-plan/partnership/{planned}/remove/", {"remove": "1", "version": "1"}),
    ("/manage/meetings/partnership/2021-06-09/forward-plan/{planned}/add-to-agenda/", {}),
    ("/manage/meetings/partnership/2021-06-09/write-minutes/", {}),  # a minute for the Part II item
    (
        "/manage/meetings/partnership/2021-07-14/confirm-minutes/",
        {"minutes": "{minutes}", "corrections": "Item 1 corrected", "submission": "{token}"},
    ),
    ("/manage/minutes/partnership/2021-06-09/edit/", {"version": "1", "closed_at": "16:54", "taken_by": "A N Other"}),
    (
        "/manage/minute/partnership/2021-06-09/{minute}/edit/",
        {"version": "1", "discussion": "Discussed", "outcome": "agreed"},
    ),
    (
        "/manage/minute/partnership/2021-06-09/{minute}/inline/",
        {"m{minute}-version": "1", "m{minute}-discussion": "Discussed in place", "m{minute}-outcome": "resolved"},
    ),
    (
        "/manage/minute/partnership/2021-06-09/{minute}/new-resolution/",
        {"text": "That the plan be approved.", "submission": "{token}"},
    ),
    ("/manage/resolutions/partnership/2021-06-09/{draft_decision}/edit/", {"version": "1", "text": "That it stands."}),
    ("/manage/resolutions/partnership/2021-06-09/{draft_decision}/move/", {"direction": "down", "version": "1"}),
    ("/manage/resolutions/partnership/2021-06-09/{draft_decision}/remove/", {"remove": "1", "version": "1"}),
]


def snapshot() -> list:
    models = (
        Board,
        TermsOfReference,
        Membership,
        Person,
        Meeting,
        AgendaItem,
        Paper,
        Recommendation,
        Attachment,
        AttachmentVersion,
        Attendance,
        Interest,
        NilReturn,
        Declaration,
        PlannedItem,
        Minutes,
        Minute,
        Resolution,
    )
    return [list(model.objects.order_by("pk").values()) for model in models]


def fill(path: str, form: dict, data: dict) -> tuple[str, dict]:
    values = {**data, "token": str(uuid.uuid4())}
    filled = {
        # Keys too: a form drawn more than once on a page prefixes its fields with its record's key.
        key.format(**values): SimpleUploadedFile("annex.pdf", a_pdf()) if value == "{pdf}" else value.format(**values)
        for key, value in form.items()
    }
    return path.format(**values), filled


@pytest.mark.parametrize(("path", "form"), POSTS)
@pytest.mark.parametrize("role", ["board_member", "other_board_member", "no_role", "anonymous"])
def test_posts_are_refused_for_anyone_but_staff_and_change_nothing(client_for, readers, data, path, form, role):
    path, form = fill(path, form, data)
    before = snapshot()
    response = client_for(readers[role]).post(path, form)
    assert response.status_code == (SIGN_IN if role == "anonymous" else REFUSED)
    assert snapshot() == before


@pytest.mark.parametrize(("path", "form"), POSTS)
def test_the_same_posts_from_staff_do_change_something(client_for, staff_user, data, path, form):
    path, form = fill(path, form, data)
    if path.endswith("move/"):  # a move needs a neighbour
        board = Board.objects.get(slug="partnership")
        TermsOfReferenceFactory(board=board, version_number="0.1", order=0)
        MembershipFactory(board=board, role="Second seat", order=9)
        Attendance.objects.create(meeting=Meeting.objects.get(pk=data["meeting"]), person=PersonFactory(), order=9)
        item = AgendaItem.objects.get(pk=data["item"])
        Declaration.objects.create(item=item, person=PersonFactory(), description="Trustee", decision="left", order=9)
        PlannedItem.objects.create(board=board, planned_for=item.meeting.date, title="Second planned item", order=9)
        Resolution.objects.create(minute=Minute.objects.get(item=item), text="That a second thing be done.", order=9)
    before = snapshot()
    response = client_for(staff_user).post(path, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert snapshot() != before
