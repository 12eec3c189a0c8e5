"""The governance app's staff records: boards hold terms of reference and seats; people hold seats."""

from __future__ import annotations

from django.urls import reverse

from blmk_portal.records import Record, Section
from governance import services
from governance.forms import (
    AgendaItemForm,
    AttachmentForm,
    AttendanceForm,
    BoardForm,
    MeetingForm,
    PaperForm,
    PersonForm,
    RecommendationForm,
    SeatForm,
    TermsOfReferenceForm,
)
from governance.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Board,
    Meeting,
    Membership,
    Paper,
    Person,
    Recommendation,
    TermsOfReference,
)

BOARDS = Section("Boards", "governance:manage_index")
PEOPLE = Section("People named in the papers", "governance:person_list", within=BOARDS)

BOARD = Record(
    model=Board,
    form=BoardForm,
    prefix="manage/boards/",
    section=BOARDS,
    noun="board",
    caption=lambda board: board.get_kind_display(),
    create=services.board_create,
    update=services.board_update,
    overview="governance.views.manage.board_overview",
)

TERMS = Record(
    model=TermsOfReference,
    form=TermsOfReferenceForm,
    prefix="manage/terms-of-reference/",
    section=BOARDS,
    noun="version of the terms of reference",
    parent=BOARD,
    new_word="new-terms-of-reference",
    heading=lambda terms: (
        f"Terms of reference, version {terms.version_number}" if terms.version_number else "Terms of reference"
    ),
    caption=lambda terms: terms.board.name,
    create=services.termsofreference_create,
    update=services.termsofreference_update,
    after_save=lambda terms: terms.board.get_manage_url(),
)

SEAT = Record(
    model=Membership,
    form=SeatForm,
    prefix="manage/seats/",
    section=BOARDS,
    noun="seat",
    parent=BOARD,
    new_word="new-seat",
    heading=lambda seat: f"{seat.role}, {seat.represents}" if seat.represents else seat.role,
    caption=lambda seat: seat.board.name,
    create=services.membership_create,
    update=services.membership_update,
    after_save=lambda seat: seat.board.get_manage_url(),
    related=("person", "organisation"),
)

PERSON = Record(
    model=Person,
    form=PersonForm,
    prefix="manage/people/",
    section=PEOPLE,
    noun="person",
    caption=lambda person: person.title,
    create=services.person_create,
    update=services.person_update,
    after_save=lambda person: reverse("governance:person_list"),
)

MEETING = Record(
    model=Meeting,
    form=MeetingForm,
    prefix="manage/meetings/",
    section=BOARDS,
    noun="meeting",
    parent=BOARD,
    new_word="new-meeting",
    heading=lambda meeting: f"{meeting.date.day} {meeting.date:%B %Y}",
    caption=lambda meeting: meeting.board.name,
    create=services.meeting_create,
    update=services.meeting_update,
    overview="governance.views.manage.meeting_overview",
    # A new meeting starts from the board's usual times and place.
    new_initial=lambda board: {"start": board.usual_start, "end": board.usual_end, "venue": board.usual_venue},
)

ITEM = Record(
    model=AgendaItem,
    form=AgendaItemForm,
    prefix="manage/agenda/",
    section=BOARDS,
    noun="agenda item",
    parent=MEETING,
    new_word="new-item",
    heading=lambda item: item.title,
    caption=lambda item: str(item.meeting),
    create=services.agendaitem_create,
    update=services.agendaitem_update,
    remove=services.agendaitem_remove,
    after_save=lambda item: item.meeting.get_manage_url(),
    form_kwargs=lambda item, parent: {"meeting": item.meeting if item else parent, "item": item},
)

PAPER = Record(
    model=Paper,
    form=PaperForm,
    prefix="manage/papers/",
    section=BOARDS,
    noun="paper",
    parent=MEETING,
    new_word="new-paper",
    heading=lambda paper: paper.title,
    caption=lambda paper: " · ".join(part for part in (paper.reference, str(paper.meeting)) if part),
    create=services.paper_create,
    update=services.paper_update,
    overview="governance.views.manage.paper_overview",
    form_kwargs=lambda item, parent: {"meeting": item.meeting if item else parent},
)

RECOMMENDATION = Record(
    model=Recommendation,
    form=RecommendationForm,
    prefix="manage/recommendations/",
    section=BOARDS,
    noun="recommendation",
    parent=PAPER,
    new_word="new-recommendation",
    heading=lambda recommendation: f"Recommendation: {recommendation.get_verb_display()}",
    caption=lambda recommendation: recommendation.paper.title,
    create=services.recommendation_create,
    update=services.recommendation_update,
    remove=services.recommendation_remove,
    after_save=lambda recommendation: recommendation.paper.get_manage_url(),
)

ATTACHMENT = Record(
    model=Attachment,
    form=AttachmentForm,
    prefix="manage/attachments/",
    section=BOARDS,
    noun="file",
    parent=PAPER,
    new_word="new-file",
    heading=lambda attachment: attachment.title,
    caption=lambda attachment: attachment.paper.title,
    create=services.attachment_create,
    update=services.attachment_update,
    remove=services.attachment_remove,
    after_save=lambda attachment: attachment.paper.get_manage_url(),
    form_kwargs=lambda item, parent: {"attachment": item},
)

ATTENDANCE = Record(
    model=Attendance,
    form=AttendanceForm,
    prefix="manage/attendance/",
    section=BOARDS,
    noun="person at the meeting",
    parent=MEETING,
    new_word="new-attendance",
    heading=lambda attendance: attendance.person.name,
    caption=lambda attendance: f"{attendance.meeting}: attendance",
    create=services.attendance_create,
    update=services.attendance_update,
    remove=services.attendance_remove,
    after_save=lambda attendance: f"{attendance.meeting.get_manage_url()}#attendance",
    form_kwargs=lambda item, parent: {"meeting": item.meeting if item else parent, "attendance": item},
    related=("person",),
)
