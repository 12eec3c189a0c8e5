"""The governance app's staff records: boards hold terms of reference and seats; people hold seats."""

from __future__ import annotations

from django.urls import reverse

from blmk_portal import formatting
from blmk_portal.records import Record, Section
from governance import forward_plan, minutes, services
from governance.action_forms import ActionForm, ActionUpdateForm
from governance.actions import action_raise, action_update, actionupdate_create, actionupdate_update
from governance.forms import (
    AgendaItemForm,
    AttachmentForm,
    AttendanceForm,
    BoardForm,
    DeclarationForm,
    InterestForm,
    MeetingForm,
    NilReturnForm,
    PaperForm,
    PersonForm,
    PlannedItemForm,
    RecommendationForm,
    SeatForm,
    TermsOfReferenceForm,
)
from governance.interest_rules import nil_return_words
from governance.minutes_forms import MinuteForm, MinutesForm, ResolutionForm
from governance.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attachment,
    Attendance,
    Board,
    Declaration,
    Interest,
    Meeting,
    Membership,
    Minute,
    Minutes,
    NilReturn,
    Paper,
    Person,
    PlannedItem,
    Recommendation,
    Resolution,
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
    more_tabs=(("interests", "Register of interests"),),
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
    more_tabs=(("questions", "Public questions"),),
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


def _interest_heading(interest: Interest) -> str:
    organisation = interest.organisation.name if interest.organisation_id else interest.organisation_as_printed
    category = interest.get_category_display()
    return f"{category}, {organisation}" if organisation else category


def _register_of(person: Person) -> str:
    return reverse("governance:person_interests", kwargs=person.url_kwargs())


INTEREST = Record(
    model=Interest,
    form=InterestForm,
    prefix="manage/interests/",
    section=PEOPLE,
    noun="interest",
    parent=PERSON,
    new_word="new-interest",
    heading=_interest_heading,
    caption=lambda interest: f"{interest.person.name}: register of interests",
    create=services.interest_create,
    update=services.interest_update,
    remove=services.interest_remove,
    after_save=lambda interest: _register_of(interest.person),
    listed_at=_register_of,
    related=("organisation",),
)

NIL_RETURN = Record(
    model=NilReturn,
    form=NilReturnForm,
    prefix="manage/nil-returns/",
    section=PEOPLE,
    noun="nil return",
    parent=PERSON,
    new_word="new-nil-return",
    heading=lambda nil_return: nil_return_words(nil_return.year),
    caption=lambda nil_return: f"{nil_return.person.name}: register of interests",
    create=services.nilreturn_create,
    update=services.nilreturn_update,
    remove=services.nilreturn_remove,
    after_save=lambda nil_return: _register_of(nil_return.person),
    listed_at=_register_of,
)

DECLARATION = Record(
    model=Declaration,
    form=DeclarationForm,
    prefix="manage/declarations/",
    section=BOARDS,
    noun="declaration of interest",
    parent=ITEM,
    new_word="new-declaration",
    heading=lambda declaration: f"Declaration by {declaration.person.name}",
    caption=lambda declaration: f"{declaration.item.meeting}: {declaration.item.title}",
    create=services.declaration_create,
    update=services.declaration_update,
    remove=services.declaration_remove,
    after_save=lambda declaration: f"{declaration.item.meeting.get_manage_url()}#declarations",
    listed_at=lambda item: item.meeting.get_manage_url(),
    form_kwargs=lambda item, parent: {"item": item.item if item else parent},
    related=("person",),
)


def _minutes_heading(minutes: Minutes) -> str:
    return f"Minutes of {minutes.meeting.date.day} {minutes.meeting.date:%B %Y}"


def _at_minute(minute: Minute) -> str:
    """Back to the minute on the Write the minutes page."""
    return f"{MINUTES.url(minute.minutes)}#{minute.row_id}"


MINUTES = Record(
    model=Minutes,
    form=MinutesForm,
    prefix="manage/minutes/",
    section=BOARDS,
    noun="minutes",
    parent=MEETING,
    heading=_minutes_heading,
    caption=lambda minutes: minutes.meeting.board.name,
    update=minutes.minutes_update,
    overview="governance.views.minutes.minutes_overview",
    edit_note="Staff only until the next meeting confirms them as a true record.",
)

MINUTE = Record(
    model=Minute,
    form=MinuteForm,
    prefix="manage/minute/",
    section=BOARDS,
    noun="minute",
    parent=MINUTES,
    heading=lambda minute: f"Minute of {minute.item}",
    caption=lambda minute: _minutes_heading(minute.minutes),
    update=minutes.minute_update,
    after_save=_at_minute,
    related=("item",),
)

RESOLUTION = Record(
    model=Resolution,
    form=ResolutionForm,
    prefix="manage/resolutions/",
    section=BOARDS,
    noun="resolution",
    parent=MINUTE,
    new_word="new-resolution",
    heading=lambda resolution: f"Resolution of {resolution.minute.item}",
    caption=lambda resolution: _minutes_heading(resolution.minute.minutes),
    create=minutes.resolution_create,
    update=minutes.resolution_update,
    remove=minutes.resolution_remove,
    after_save=lambda resolution: _at_minute(resolution.minute),
    listed_at=_at_minute,
    form_kwargs=lambda item, parent: {"minute": item.minute if item else parent},
    related=("minute__item",),
)

PLANNED_ITEM = Record(
    model=PlannedItem,
    form=PlannedItemForm,
    prefix="manage/forward-plan/",
    section=BOARDS,
    noun="planned item",
    parent=BOARD,
    new_word="new-planned-item",
    heading=lambda planned: planned.title,
    caption=lambda planned: f"{planned.board.name}: forward plan",
    create=forward_plan.planneditem_create,
    update=forward_plan.planneditem_update,
    remove=forward_plan.planneditem_remove,
    after_save=lambda planned: f"{planned.board.get_manage_url()}#forward-plan",
    form_kwargs=lambda item, parent: {"board": item.board if item else parent},
    edit_note="The forward plan is public: its items, leads and conditions are on the board's forward plan page.",
    related=("taken_as__meeting",),
)

ACTION = Record(
    model=Action,
    form=ActionForm,
    prefix="manage/actions/",
    section=BOARDS,
    noun="action",
    parent=MEETING,
    new_word="new-action",
    heading=str,
    caption=lambda action: action.board.name,
    create=action_raise,
    update=action_update,
    overview="governance.views.actions.action_overview",
    form_kwargs=lambda item, parent: {"meeting": item.raised_at if item else parent},
    edit_note="A changed deadline is kept in the action's History. Owners add their updates from their own page.",
    related=("board",),
)

ACTION_UPDATE = Record(
    model=ActionUpdate,
    form=ActionUpdateForm,
    prefix="manage/action-updates/",
    section=BOARDS,
    noun="update",
    parent=ACTION,
    new_word="new-update",
    heading=lambda update: f"Update of {formatting.date(update.date)}" if update.date else "Undated update",
    caption=lambda update: str(update.action),
    create=actionupdate_create,
    update=actionupdate_update,
    after_save=lambda update: update.action.get_manage_url(),
)
