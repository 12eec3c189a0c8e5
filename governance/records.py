"""The governance app's staff records: boards hold terms of reference and seats; people hold seats."""

from __future__ import annotations

from django.urls import reverse

from blmk_portal.records import Record, Section
from governance import services
from governance.forms import BoardForm, PersonForm, SeatForm, TermsOfReferenceForm
from governance.models import Board, Membership, Person, TermsOfReference

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
