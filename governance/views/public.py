"""What the public reads: the governance structures as trees, each board with its terms and members, and its
meetings with their agendas, papers and packs."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django_htmx.http import HttpResponseClientRedirect

from blmk_portal import generation, uploads
from blmk_portal.page_cache import kept_for_each_person
from governance import questions, services
from governance.attendance import board_attendance, meeting_attendance
from governance.attendance_rules import HELD_RULE
from governance.interests import can_cross_check, meeting_declarations
from governance.minutes import meeting_minutes
from governance.models import (
    Attachment,
    Attendance,
    Board,
    Declaration,
    Meeting,
    Membership,
    Minutes,
    PackEdition,
    PublicQuestion,
    TermsOfReference,
)
from governance.packs import can_read_part_two, pack_for
from governance.presenters import (
    BoardPresenter,
    meeting_breadcrumbs,
    pack_editions,
    seat_kind,
    seats_by_organisation,
    structures,
)

PAST_MEETINGS_SHOWN = 12
PACK_READ_BYTES = 256 * 1024


@kept_for_each_person
def board_list(request: HttpRequest) -> HttpResponse:
    boards = list(Board.objects.visible_to(request.user).order_by("name"))
    return render(request, "governance/board_list.jinja", {"structures": structures(boards)})


@kept_for_each_person
def board_detail(request: HttpRequest, board: str) -> HttpResponse:
    item = get_object_or_404(
        Board.objects.visible_to(request.user)
        .select_related("reports_to")
        .prefetch_related(Prefetch("reporting_bodies", queryset=Board.objects.order_by("name"))),
        slug=board,
    )
    versions = list(TermsOfReference.objects.visible_to(request.user).filter(board=item))
    seats = list(
        Membership.objects.visible_to(request.user)
        .current()
        .filter(board=item)
        .select_related("person", "organisation", "place")
        .prefetch_related("deputies")
    )
    meetings = Meeting.objects.visible_to(request.user).filter(board=item).select_related("board")
    return render(
        request,
        "governance/board_detail.jinja",
        {
            "upcoming": list(meetings.upcoming()),
            "past": list(meetings.past()[:PAST_MEETINGS_SHOWN]),
            "board": item,
            "presenter": BoardPresenter(item),
            "current_terms": versions[-1] if versions else None,
            "earlier_terms": list(reversed(versions[:-1])),
            "groups": seats_by_organisation(seats),
            "seat_kind": seat_kind,
            "attendance_years": board_attendance(item, request.user),
            "held_rule": HELD_RULE,
        },
    )


@kept_for_each_person
def meeting_detail(request: HttpRequest, board: str, date) -> HttpResponse:
    """A meeting: when and where, its agenda with each item's papers, the pack, and who attended with the quorum;
    Part II only for the board's members and staff."""
    meeting = _meeting(
        request,
        board,
        date,
        attendance_recorded=Exists(Attendance.objects.filter(meeting=OuterRef("pk"))),
        declarations_recorded=Exists(Declaration.objects.filter(item__meeting=OuterRef("pk"))),
        minutes_recorded=Exists(Minutes.objects.filter(meeting=OuterRef("pk"))),
    )
    pack = pack_for(meeting, request.user)
    editions = list(meeting.pack_editions.filter(state=PackEdition.State.READY))
    return render(
        request,
        "governance/meeting_detail.jinja",
        {
            "meeting": meeting,
            "pack": pack,
            "editions": pack_editions(editions, meeting, pack.has_private_papers),
            "attendance": meeting_attendance(meeting, pack.presenter, request.user),
            "declarations": meeting_declarations(meeting, pack.presenter.labels, request.user),
            "minutes": meeting_minutes(meeting, request.user),
            "can_cross_check": can_cross_check(request.user, meeting),
            "asking": questions.invitation(meeting),
        },
    )


@kept_for_each_person
def meeting_pack(request: HttpRequest, board: str, date) -> HttpResponse:
    """The whole pack as one accessible page: contents, agenda, then each paper in agenda order."""
    meeting = _meeting(request, board, date)
    return render(
        request,
        "governance/pack.jinja",
        {"meeting": meeting, "pack": pack_for(meeting, request.user), "breadcrumbs": meeting_breadcrumbs(meeting)},
    )


def meeting_pack_pdf(request: HttpRequest, board: str, date) -> HttpResponse:
    """The pack as one PDF for what this reader may see: the stored edition, or, while the task worker builds it,
    a page that says how far it has got (asked again by htmx, which opens the PDF once it is ready). Once built,
    which edition it is is kept until the content next changes, so serving it asks the database one question."""

    def edition_for_reader() -> PackEdition:
        meeting = _meeting(request, board, date)
        return services.pack_edition_for(pack=pack_for(meeting, request.user), reader=request.user)

    edition = generation.kept_for_reader(request, "pack-pdf", edition_for_reader, keep=PackEdition.is_ready)
    if edition.is_ready():
        if request.htmx:
            return HttpResponseClientRedirect(request.get_full_path())
        return _edition_file(edition)
    meeting = edition.meeting
    response = render(
        request,
        "governance/pack_building.jinja",
        {"meeting": meeting, "edition": edition, "breadcrumbs": meeting_breadcrumbs(meeting)},
    )
    response.status_code = 503 if edition.state == PackEdition.State.FAILED else 202
    response["Retry-After"] = "3"
    return response


def pack_edition(request: HttpRequest, board: str, date, edition: int) -> HttpResponse:
    """An earlier edition of the pack, as it was: members' editions only for those who may read Part II."""
    meeting = _meeting(request, board, date)
    found = get_object_or_404(meeting.pack_editions.filter(state=PackEdition.State.READY), pk=edition)
    if found.has_private_papers and not can_read_part_two(request.user, meeting):
        raise Http404("No such pack")
    return _edition_file(found)


def _edition_file(edition: PackEdition) -> FileResponse:
    meeting = edition.meeting
    who = "members" if edition.has_private_papers else "public"
    response = FileResponse(
        default_storage.open(edition.file, "rb"),
        content_type="application/pdf",
        filename=f"{meeting.board.slug}-{meeting.date:%Y-%m-%d}-{who}-pack-{edition.built_at:%Y%m%d-%H%M}.pdf",
    )
    # Where the server cannot hand the file to the kernel (sendfile), fewer, larger reads: a pack runs to MiBs.
    response.block_size = PACK_READ_BYTES
    return response


@kept_for_each_person
def paper_detail(request: HttpRequest, board: str, date, paper: int) -> HttpResponse:
    meeting = _meeting(request, board, date)
    pack = pack_for(meeting, request.user)
    shown = pack.paper(paper)
    if shown is None:
        raise Http404("No such paper")
    return render(
        request,
        "governance/paper_detail.jinja",
        {"meeting": meeting, "pack": pack, "shown": shown, "breadcrumbs": meeting_breadcrumbs(meeting)},
    )


def attachment_download(request: HttpRequest, board: str, date, attachment: int, number: int | None = None):
    """A paper's file, only through the publication gate: there is no public address that bypasses it. The
    current version unless `number` asks for an earlier one."""
    item = get_object_or_404(
        Attachment.objects.visible_to(request.user),
        pk=attachment,
        paper__meeting__board__slug=board,
        paper__meeting__date=date,
    )
    versions = item.versions.order_by("-number")
    version = get_object_or_404(versions, number=number) if number is not None else versions.first()
    if version is None:
        raise Http404("The file has no versions")
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=version.kind not in uploads.INLINE_KINDS,
        filename=version.filename,
        content_type=uploads.CONTENT_TYPES[version.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _meeting(request: HttpRequest, board: str, date, **annotations) -> Meeting:
    # Whether any public questions were accepted, asked with the meeting, so a meeting with none reads none.
    accepted = PublicQuestion.objects.filter(meeting=OuterRef("pk"), state=PublicQuestion.State.ACCEPTED)
    return get_object_or_404(
        Meeting.objects.visible_to(request.user)
        .select_related("board", "source")
        .annotate(public_questions_accepted=Exists(accepted), **annotations),
        board__slug=board,
        date=date,
    )
