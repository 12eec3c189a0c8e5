"""Every write to boards, their terms of reference, seats, the people named in the papers, meetings and their
agendas, with the rules: a board never reports to itself or to one that reports to it; a seat ends after it
starts; a person may deputise only in a seat they do not hold; one meeting of a board a day; a sub-item belongs
to an item of its own meeting, one level down, and shares its Part."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pghistory
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Max, Q
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from blmk_portal import search, uploads
from blmk_portal.formatting import date, time
from blmk_portal.identity import next_order
from blmk_portal.publication import Audience
from blmk_portal.services import record_create, record_remove, record_update
from governance import agenda_rules
from governance.agenda_rules import CLOSING_STANDING_ITEMS, STANDING_ITEMS
from governance.interest_rules import financial_year
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
    NilReturn,
    PackEdition,
    Paper,
    Person,
    Recommendation,
    TermsOfReference,
)
from governance.pack_pdf import manifest, pack_fingerprint, pack_key
from governance.packs import Pack
from governance.tasks import build_pack


def board_create(*, values: dict[str, Any], by) -> Board:
    return record_create(model=Board, values=values, by=by)


def board_update(*, board: Board, opened_at_version: int, values: dict[str, Any], by) -> Board:
    _check_reporting_line(board, values.get("reports_to"))
    return record_update(item=board, opened_at_version=opened_at_version, values=values, by=by)


def termsofreference_create(*, board: Board, values: dict[str, Any], by) -> TermsOfReference:
    return record_create(model=TermsOfReference, values={**_with_quorum_rule(values), "board": board}, by=by)


def termsofreference_update(
    *, termsofreference: TermsOfReference, opened_at_version: int, values: dict[str, Any], by
) -> TermsOfReference:
    return record_update(
        item=termsofreference, opened_at_version=opened_at_version, values=_with_quorum_rule(values), by=by
    )


def membership_create(*, board: Board, values: dict[str, Any], by) -> Membership:
    _check_seat(values)
    return record_create(model=Membership, values={**values, "board": board}, by=by)


def membership_update(*, membership: Membership, opened_at_version: int, values: dict[str, Any], by) -> Membership:
    _check_seat(values)
    return record_update(item=membership, opened_at_version=opened_at_version, values=values, by=by)


def person_create(*, values: dict[str, Any], by) -> Person:
    return record_create(model=Person, values=values, by=by)


def person_update(*, person: Person, opened_at_version: int, values: dict[str, Any], by) -> Person:
    return record_update(item=person, opened_at_version=opened_at_version, values=values, by=by)


def _check_reporting_line(board: Board, reports_to: Board | None) -> None:
    """Up the line from `reports_to` there must be no loop back to `board`."""
    seen = set()
    above = reports_to
    while above is not None and above.pk not in seen:
        if above.pk == board.pk:
            raise ValidationError({"reports_to": f"{board} cannot report to a body that reports to it"})
        seen.add(above.pk)
        above = above.reports_to


def _check_seat(values: dict[str, Any]) -> None:
    started, ended = values.get("started"), values.get("ended")
    if started and ended and ended < started:
        raise ValidationError({"ended": "The last day of the seat must be on or after its first day"})
    holder = values.get("person")
    if holder is not None and holder in list(values.get("deputies") or []):
        raise ValidationError({"deputies": f"{holder} holds this seat, so cannot also be its deputy"})


def _with_quorum_rule(values: dict[str, Any]) -> dict[str, Any]:
    if values.get("quorum_members") is not None and not (values.get("quorum") or "").strip():
        raise ValidationError({"quorum": "Enter the quorum rule as the terms of reference print it"})
    return values


def meeting_create(*, board: Board, values: dict[str, Any], by) -> Meeting:
    _check_one_meeting_a_day(board, values.get("date"), Meeting.objects.all())
    _check_times(values)
    return record_create(model=Meeting, values={**values, "board": board}, by=by)


def meeting_update(*, meeting: Meeting, opened_at_version: int, values: dict[str, Any], by) -> Meeting:
    _check_one_meeting_a_day(meeting.board, values.get("date"), Meeting.objects.exclude(pk=meeting.pk))
    _check_times(values)
    return record_update(item=meeting, opened_at_version=opened_at_version, values=values, by=by)


@transaction.atomic
def agendaitem_create(*, meeting: Meeting, values: dict[str, Any], by) -> AgendaItem:
    """A new item goes last, but before the closing standing items (AOB): they end the agenda. A copied item
    keeps the place it had."""
    values = _as_part_of(meeting, _check_number(values))
    closing = meeting.items.filter(parent=None, standing=True, title__in=CLOSING_STANDING_ITEMS)
    placed = "order" in values or values.get("parent") is not None or values.get("title") in CLOSING_STANDING_ITEMS
    if not placed and closing.exists():
        _lock(meeting)
        first_closing = min(item.order for item in closing)
        with pghistory.context(user=by.pk):
            meeting.items.filter(parent=None, order__gte=first_closing).update(
                order=F("order") + 1, version=F("version") + 1
            )
        values = {**values, "order": first_closing}
    return record_create(model=AgendaItem, values={**values, "meeting": meeting}, by=by)


@transaction.atomic
def agendaitem_update(*, agendaitem: AgendaItem, opened_at_version: int, values: dict[str, Any], by) -> AgendaItem:
    if values.get("parent") is not None and values["parent"].pk == agendaitem.pk:
        raise ValidationError({"parent": "An item cannot be part of itself"})
    if values.get("parent") is not None and agendaitem.sub_items.exists():
        raise ValidationError({"parent": f"{agendaitem.title} has items of its own, so cannot be part of another"})
    values = _as_part_of(agendaitem.meeting, _check_number(values))
    if "parent" in values and values["parent"] != agendaitem.parent:
        values["order"] = next_order(AgendaItem, {"meeting": agendaitem.meeting, "parent": values["parent"]})
    saved = record_update(item=agendaitem, opened_at_version=opened_at_version, values=values, by=by)
    if saved.audience == Audience.BOARD:
        # A private item's sub-items go private with it: the public must not read the parts of what they cannot.
        with pghistory.context(user=by.pk):
            saved.sub_items.exclude(audience=Audience.BOARD).update(audience=Audience.BOARD, version=F("version") + 1)
        _papers_follow_their_items(saved, by)
    return saved


def agendaitem_remove(*, agendaitem: AgendaItem, opened_at_version: int, by) -> None:
    if agendaitem.sub_items.exists():
        raise ValidationError(
            f"{agendaitem.title} has sub-items: remove them, or make them items of their own, before removing it"
        )
    record_remove(item=agendaitem, opened_at_version=opened_at_version, by=by)


@transaction.atomic
def meeting_add_standing_items(*, meeting: Meeting, by) -> list[AgendaItem]:
    """The board's standing items, for an agenda that has none yet: the opening ones before the items it has, AOB
    last. An agenda with standing items is refused whatever their wording, as boards word them their own way."""
    _lock(meeting)
    if meeting.items.filter(standing=True).exists():
        raise ValidationError("The agenda has its standing items already")
    made = [
        agendaitem_create(meeting=meeting, values={"title": title, "descriptor": descriptor, "standing": True}, by=by)
        for title, descriptor in STANDING_ITEMS
    ]
    opening = [item for item in made if item.title not in CLOSING_STANDING_ITEMS]
    others = [item for item in meeting.items.order_by("order", "pk") if item not in made]
    closing = [item for item in made if item.title in CLOSING_STANDING_ITEMS]
    with pghistory.context(user=by.pk):
        for position, item in enumerate(opening + others + closing):
            AgendaItem.objects.filter(pk=item.pk).exclude(order=position).update(
                order=position, version=F("version") + 1
            )
    return made


@transaction.atomic
def meeting_copy_agenda(*, meeting: Meeting, source: Meeting, by) -> list[AgendaItem]:
    """Start an empty agenda from another meeting's: titles, descriptors, leads, lengths, parts and what each
    item concerns (priorities, places, organisations), not times."""
    _lock(meeting)
    if meeting.items.exists():
        raise ValidationError("This meeting has an agenda already: copy only into an empty one")
    copies: dict[int, AgendaItem] = {}
    for item in source.items.order_by("order", "pk").prefetch_related("priorities", "places", "organisations"):
        copies[item.pk] = agendaitem_create(
            meeting=meeting,
            values={
                "parent": copies.get(item.parent_id),
                "number": item.number,
                "numbered": item.numbered,
                "title": item.title,
                "descriptor": item.descriptor,
                "leads": item.leads,
                "minutes": item.minutes,
                "purpose": item.purpose,
                "standing": item.standing,
                "audience": item.audience,
                "order": item.order,
                "priorities": list(item.priorities.all()),
                "places": list(item.places.all()),
                "organisations": list(item.organisations.all()),
            },
            by=by,
        )
    return list(copies.values())


def _check_times(values: dict[str, Any]) -> None:
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None and end <= start:
        raise ValidationError({"end": f"The end time must be after the start time, {time(start)}"})


def _lock(meeting: Meeting) -> None:
    """Hold the meeting's row until the transaction ends, so a double-clicked button adds its items once."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()


def _check_one_meeting_a_day(board: Board, day, others) -> None:
    if day is not None and others.filter(board=board, date=day).exists():
        raise ValidationError({"date": f"{board.name} already has a meeting on {date(day)}"})


def _check_number(values: dict[str, Any]) -> dict[str, Any]:
    if (values.get("number") or "").strip() and values.get("numbered") is False:
        raise ValidationError({"numbered": "Select yes, or leave the number empty, as the item has a number"})
    return values


def _as_part_of(meeting: Meeting, values: dict[str, Any]) -> dict[str, Any]:
    """A sub-item belongs to an item of the same meeting that is not itself a sub-item, and shares its Part."""
    parent = values.get("parent")
    if parent is None:
        return values
    if parent.meeting_id != meeting.pk:
        raise ValidationError({"parent": "Choose an item of this meeting"})
    if parent.parent_id is not None:
        raise ValidationError({"parent": f"{parent.title} is itself part of an item: choose the item above it"})
    if parent.audience == Audience.BOARD:
        values = {**values, "audience": Audience.BOARD}
    return values


def paper_create(*, meeting: Meeting, values: dict[str, Any], by) -> Paper:
    return record_create(model=Paper, values={**_as_paper_of(meeting, values), "meeting": meeting}, by=by)


def paper_update(*, paper: Paper, opened_at_version: int, values: dict[str, Any], by) -> Paper:
    values = _as_paper_of(paper.meeting, values)
    return record_update(item=paper, opened_at_version=opened_at_version, values=values, by=by)


def _as_paper_of(meeting: Meeting, values: dict[str, Any]) -> dict[str, Any]:
    """A paper serves items of its own meeting; serving a Part II item makes it Part II, so the public never
    reads a paper for an item they cannot see."""
    items = values.get("items") or []
    if any(item.meeting_id != meeting.pk for item in items):
        raise ValidationError({"items": "Choose items of this meeting"})
    if any(item.audience == Audience.BOARD for item in items):
        values = {**values, "audience": Audience.BOARD}
    return values


def _papers_follow_their_items(item: AgendaItem, by) -> None:
    """When an item goes into Part II, so do its sub-items' and its own papers."""
    private = Paper.objects.filter(Q(items=item) | Q(items__parent=item)).exclude(audience=Audience.BOARD)
    with pghistory.context(user=by.pk):
        Paper.objects.filter(pk__in=private.values("pk")).update(audience=Audience.BOARD, version=F("version") + 1)


def recommendation_create(*, paper: Paper, values: dict[str, Any], by) -> Recommendation:
    return record_create(model=Recommendation, values={**values, "paper": paper}, by=by)


def recommendation_update(
    *, recommendation: Recommendation, opened_at_version: int, values: dict[str, Any], by
) -> Recommendation:
    return record_update(item=recommendation, opened_at_version=opened_at_version, values=values, by=by)


def recommendation_remove(*, recommendation: Recommendation, opened_at_version: int, by) -> None:
    record_remove(item=recommendation, opened_at_version=opened_at_version, by=by)


@transaction.atomic
def attachment_create(*, paper: Paper, values: dict[str, Any], by) -> Attachment:
    """A new attachment and its first version, from the checked upload in values["file"]."""
    values = dict(values)
    upload, reason = values.pop("file"), values.pop("reason", "")
    attachment = record_create(model=Attachment, values={**values, "paper": paper}, by=by)
    _add_version(attachment, upload, reason, by)
    return attachment


@transaction.atomic
def attachment_update(*, attachment: Attachment, opened_at_version: int, values: dict[str, Any], by) -> Attachment:
    """A new title, or a new file: the earlier file stays, downloadable, as the version it was. A file replaced
    once the meeting is published needs a reason, because readers may have seen the earlier one."""
    values = dict(values)
    upload, reason = values.pop("file", None), (values.pop("reason", "") or "").strip()
    if upload is not None and attachment.paper.meeting.is_published and not reason:
        raise ValidationError({"reason": "Enter why the file is being replaced, as the meeting's papers are published"})
    saved = record_update(item=attachment, opened_at_version=opened_at_version, values=values, by=by)
    if upload is not None:
        with pghistory.context(user=by.pk):
            Attachment.objects.filter(pk=saved.pk).update(version=F("version") + 1)
        saved.refresh_from_db()
        _add_version(saved, upload, reason, by)
    return saved


def _pages_can_be_read(upload) -> bool:
    """A PDF goes into the PDF pack page by page, so its pages must be readable (and it must not be encrypted)."""
    try:
        reader = PdfReader(upload)
        return not reader.is_encrypted and len(reader.pages) > 0
    except PdfReadError:
        return False
    finally:
        upload.seek(0)


def attachment_remove(*, attachment: Attachment, opened_at_version: int, by) -> None:
    if attachment.paper.meeting.is_published:
        raise ValidationError(
            "The meeting's papers are published, so its files stay on the record: upload a new version instead"
        )
    stored = [version.file.name for version in attachment.versions.all()]
    record_remove(item=attachment, opened_at_version=opened_at_version, by=by)
    transaction.on_commit(lambda: [default_storage.delete(name) for name in stored])


def _add_version(attachment: Attachment, upload, reason: str, by) -> AttachmentVersion:
    if upload.kind == "pdf" and not _pages_can_be_read(upload):
        raise ValidationError({"file": "The file is a damaged PDF that cannot be opened: save it again as a PDF"})
    number = (attachment.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = AttachmentVersion(
        attachment=attachment,
        number=number,
        filename=Path(upload.name).name[:255],
        kind=upload.kind,
        size=upload.size,
        sha256=uploads.sha256_of(upload),
        reason=reason if number > 1 else "",
        added_by=by,
    )
    # Its words are read now, once, and kept by its hash for search (blmk_portal/search.py).
    search.keep_file_text(sha256=version.sha256, kind=version.kind, file=upload)
    version.file.save(upload.name, upload, save=False)
    version.save()
    return version


def pack_edition_for(*, pack: Pack, reader) -> PackEdition:
    """The stored edition of this pack, asking the task worker to build it if there is none yet (or the last
    try failed). Two readers asking at once share one edition and one build. A pack built from the same
    versions is found by its fingerprint, without rendering anything."""
    fingerprint = pack_fingerprint(pack)
    found = PackEdition.objects.filter(
        meeting=pack.meeting, fingerprint=fingerprint, state=PackEdition.State.READY
    ).first()
    if found is not None:
        found.meeting = pack.meeting  # with its board, as the pack read it: the file's name and its page need both
        return found
    edition, created = PackEdition.objects.get_or_create(
        meeting=pack.meeting,
        key=pack_key(pack),
        defaults={
            "fingerprint": fingerprint,
            "has_private_papers": pack.has_private_papers,
            "manifest": manifest(pack),
            "requested_by": reader if reader.is_authenticated else None,
        },
    )
    if edition.fingerprint != fingerprint:  # saved again with nothing in the pack changed: same PDF
        PackEdition.objects.filter(pk=edition.pk).update(fingerprint=fingerprint)
    # A failed build is tried again by whichever request claims it first.
    retried = not created and PackEdition.objects.filter(pk=edition.pk, state=PackEdition.State.FAILED).update(
        state=PackEdition.State.BUILDING, parts_done=0
    )
    if created or retried:
        build_pack.enqueue(edition.pk, reader.pk if reader.is_authenticated else None)
        edition.refresh_from_db()
        edition.meeting = pack.meeting
    return edition


def attendance_create(*, meeting: Meeting, values: dict[str, Any], by) -> Attendance:
    values = _as_attendance_at(meeting, values, None)
    return record_create(model=Attendance, values={**values, "meeting": meeting}, by=by)


def attendance_update(*, attendance: Attendance, opened_at_version: int, values: dict[str, Any], by) -> Attendance:
    values = _as_attendance_at(attendance.meeting, values, attendance)
    if values.get("kind", attendance.kind) != attendance.kind:  # last in the list it moves to
        values["order"] = next_order(Attendance, {"meeting": attendance.meeting, "kind": values["kind"]})
    return record_update(item=attendance, opened_at_version=opened_at_version, values=values, by=by)


def attendance_remove(*, attendance: Attendance, opened_at_version: int, by) -> None:
    deputy = attendance.deputies.select_related("person").first()
    if deputy is not None:
        raise ValidationError(
            f"{deputy.person} deputised for {attendance.person}: record them as a member present, or remove them, first"
        )
    record_remove(item=attendance, opened_at_version=opened_at_version, by=by)


def _as_attendance_at(meeting: Meeting, values: dict[str, Any], attendance: Attendance | None) -> dict[str, Any]:
    """A person once a meeting; a seat of the meeting's board (the one they hold on the day, where none is chosen);
    a deputy stands in the seat of a member of this meeting who sent apologies; apologies neither come nor go; and
    whoever came late or left early did so in the agenda's order, at times in that order too."""
    values = dict(values)
    person, kind = values.get("person"), values.get("kind", Attendance.Kind.PRESENT)
    others = meeting.attendance.exclude(pk=attendance.pk) if attendance else meeting.attendance.all()
    if person is not None and others.filter(person=person).exists():
        raise ValidationError({"person": f"{person} is recorded at this meeting already: edit that entry instead"})
    deputy_for = values.get("deputy_for")
    if deputy_for is not None:
        if kind != Attendance.Kind.PRESENT:
            raise ValidationError({"deputy_for": "Only someone present can deputise: choose Present, or no one here"})
        if deputy_for.meeting_id != meeting.pk or deputy_for.kind != Attendance.Kind.APOLOGIES:
            raise ValidationError({"deputy_for": "Choose a member who sent apologies to this meeting"})
        if values.get("seat") is None:
            values["seat"] = deputy_for.seat
    seat = values.get("seat")
    if seat is not None and seat.board_id != meeting.board_id:
        raise ValidationError({"seat": f"Choose a seat on {meeting.board.name}"})
    if seat is None and person is not None and deputy_for is None and kind != Attendance.Kind.IN_ATTENDANCE:
        held = list(Membership.objects.current(meeting.date).filter(board=meeting.board_id, person=person)[:2])
        values["seat"] = held[0] if len(held) == 1 else None
    movement = ("arrived", "joined_for", "left", "left_before")
    if kind == Attendance.Kind.APOLOGIES and any(values.get(name) for name in movement):
        raise ValidationError({"arrived": "Someone who sent apologies did not come: leave the times and items empty"})
    _check_movement(meeting, values)
    return values


def _check_movement(meeting: Meeting, values: dict[str, Any]) -> None:
    joined, left_before = values.get("joined_for"), values.get("left_before")
    for name, item in (("joined_for", joined), ("left_before", left_before)):
        if item is not None and item.meeting_id != meeting.pk:
            raise ValidationError({name: "Choose an item of this meeting"})
    if joined is not None and left_before is not None:
        order = [item.pk for item in agenda_rules.in_agenda_order(meeting.items.all())]
        if order.index(left_before.pk) <= order.index(joined.pk):
            raise ValidationError({"left_before": "The first item they missed must come after the first they were at"})
    arrived, left = values.get("arrived"), values.get("left")
    if arrived is not None and left is not None and left <= arrived:
        raise ValidationError({"left": f"They must leave after they arrived, at {time(arrived)}"})


# ---- The register of interests and declarations at meetings ----


def interest_create(*, person: Person, values: dict[str, Any], by) -> Interest:
    _check_interest(values)
    return record_create(model=Interest, values={**values, "person": person}, by=by)


def interest_update(*, interest: Interest, opened_at_version: int, values: dict[str, Any], by) -> Interest:
    _check_interest(values)
    return record_update(item=interest, opened_at_version=opened_at_version, values=values, by=by)


def interest_remove(*, interest: Interest, opened_at_version: int, by) -> None:
    """Declarations made under it keep what was declared; they no longer point at the register."""
    record_remove(item=interest, opened_at_version=opened_at_version, by=by)


def _check_interest(values: dict[str, Any]) -> None:
    started, ended = values.get("started"), values.get("ended")
    if started and ended and ended < started:
        raise ValidationError({"ended": f"The interest must end on or after it began, on {date(started)}"})


def nilreturn_create(*, person: Person, values: dict[str, Any], by) -> NilReturn:
    _check_nil_return(person, values, None)
    return record_create(model=NilReturn, values={**values, "person": person}, by=by)


def nilreturn_update(*, nilreturn: NilReturn, opened_at_version: int, values: dict[str, Any], by) -> NilReturn:
    _check_nil_return(nilreturn.person, values, nilreturn)
    return record_update(item=nilreturn, opened_at_version=opened_at_version, values=values, by=by)


def nilreturn_remove(*, nilreturn: NilReturn, opened_at_version: int, by) -> None:
    record_remove(item=nilreturn, opened_at_version=opened_at_version, by=by)


def _check_nil_return(person: Person, values: dict[str, Any], nil_return: NilReturn | None) -> None:
    year = values.get("year")
    others = person.nil_returns.exclude(pk=nil_return.pk) if nil_return else person.nil_returns.all()
    if year is not None and others.filter(year=year).exists():
        raise ValidationError({"year": f"{person} has a nil return for {financial_year(year)} already"})


def declaration_create(*, item: AgendaItem, values: dict[str, Any], by) -> Declaration:
    return record_create(model=Declaration, values={**_as_declaration(values), "item": item}, by=by)


def declaration_update(*, declaration: Declaration, opened_at_version: int, values: dict[str, Any], by) -> Declaration:
    return record_update(item=declaration, opened_at_version=opened_at_version, values=_as_declaration(values), by=by)


def declaration_remove(*, declaration: Declaration, opened_at_version: int, by) -> None:
    record_remove(item=declaration, opened_at_version=opened_at_version, by=by)


def _as_declaration(values: dict[str, Any]) -> dict[str, Any]:
    """An interest from the register is the declarer's own; what was declared is as said at the meeting, or the
    register's description where nothing else was said."""
    values = dict(values)
    person, interest = values.get("person"), values.get("interest")
    if interest is not None and person is not None and interest.person_id != person.pk:
        raise ValidationError({"interest": f"Choose one of {person}'s registered interests, or none"})
    if not (values.get("description") or "").strip():
        if interest is None:
            raise ValidationError(
                {"description": "Enter the interest as declared, or choose it from the register of interests"}
            )
        values["description"] = interest.description
    return values
