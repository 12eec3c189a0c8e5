"""The action log from fixtures/governance-actions.json: the Partnership Board's log as at 9 June 2021, quoted as
printed, with the meeting of 7 April 2021 that raised action 50 (known only from the log and the minutes).

It runs after the minutes' loader, which makes the 5 May 2021 items the actions were raised at; an action is linked
to its item by number and title as printed (by title alone where the number was changed), and keeps the item as
the log prints it. Like every loader (ADR 3) it creates what is missing and changes nothing that exists.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Max

from blmk_portal.loading import create_missing, read_fixture
from blmk_portal.models import SourceDocument
from blmk_portal.publication import Status
from governance.models import Action, ActionOwner, ActionUpdate, AgendaItem, Board, Meeting, Person


def load_actions(tally: Counter) -> None:
    data = read_fixture("governance-actions.json")
    source = SourceDocument.objects.get(key=data["source"])
    for item in data["people"]:
        create_missing(Person, tally, lookup={"name": item["name"], "title": item["title"]}, values={})
    for item in data["meetings"]:
        board = Board.objects.filter(slug=item["board"]).first()
        if board is None:
            continue
        create_missing(
            Meeting,
            tally,
            lookup={"board": board, "date": dt.date.fromisoformat(item["date"])},
            values={"state": item["state"], "status": Status.PUBLISHED, "source": source},
        )
    for item in data["actions"]:
        _load_action(item, source, tally)
    # The counter stands at the highest number printed, so numbers missing from the log (51, 52) are never given.
    for board in Board.objects.filter(actions__isnull=False).distinct().annotate(highest=Max("actions__number")):
        if board.last_action_number < board.highest:
            Board.objects.filter(pk=board.pk).update(last_action_number=board.highest)


def _load_action(item: dict, source: SourceDocument, tally: Counter) -> None:
    meeting = Meeting.objects.filter(board__slug=item["board"], date=dt.date.fromisoformat(item["raised_at"])).first()
    if meeting is None or Action.objects.filter(board=meeting.board_id, number=item["number"]).exists():
        return
    action = Action.objects.create(
        board=meeting.board,
        number=item["number"],
        raised_at=meeting,
        item=_item(meeting, item["item"]),
        item_as_printed=item["item_as_printed"],
        text=item["text"],
        owner_role=item["owner_role"],
        due=dt.date.fromisoformat(item["due"]) if item["due"] else None,
        due_precision=item["due_precision"],
        status=item["status"],
        proposed_for_closure_on=_day(item.get("proposed_for_closure_by")),
        source=source,
    )
    tally["actions created"] += 1
    owners = {person.name: person for person in Person.objects.filter(name__in=item["owners"])}
    for name in item["owners"]:
        ActionOwner.objects.create(action=action, person=owners[name])
    for update in item["updates"]:
        ActionUpdate.objects.create(
            action=action, date=dt.date.fromisoformat(update["date"]) if update["date"] else None, text=update["text"]
        )
        tally["action updates created"] += 1


def _day(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def _item(meeting: Meeting, printed: dict | None) -> AgendaItem | None:
    if printed is None:
        return None
    items = meeting.items.filter(title=printed["title"])
    return items.filter(number=printed["number"]).first() or items.first()
