"""Forward plans from fixtures/governance-forward-plan.json, as printed: the Partnership Board's forward plan June to
November 2021 and the JHOSC's 2018/19 work programme schedule.

It runs after the agendas and the action log are loaded: a planned item the printed agenda took is linked to that
agenda item (by its number as printed, at the meeting on the item's date), and to the action it answers. Like every
loader (ADR 3) it creates what is missing, links only what it has just created, and changes nothing that exists.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from blmk_portal.loading import create_missing, read_fixture
from blmk_portal.models import SourceDocument
from governance.models import Action, AgendaItem, Board, PlannedItem


def load_forward_plans(tally: Counter) -> None:
    data = read_fixture("governance-forward-plan.json")
    for plan in data["forward_plans"]:
        board = Board.objects.filter(slug=plan["board"]).first()
        if board is None:
            continue
        source = SourceDocument.objects.get(key=plan["source"])
        orders: Counter = Counter()
        for item in plan["items"]:
            planned_for = dt.date.fromisoformat(item["planned_for"])
            order = orders[planned_for]
            orders[planned_for] += 1
            create_missing(
                PlannedItem,
                tally,
                lookup={"board": board, "planned_for": planned_for, "title": item["title"]},
                values={
                    "kind": item["kind"],
                    "lead": item["lead"],
                    "detail": item["detail"],
                    "condition": item["condition"],
                    "date_as_printed": item["date_as_printed"],
                    "taken_as": _agenda_item(board, planned_for, item["taken_as"]),
                    "action": Action.objects.filter(board=board, number=item["action"]).first()
                    if item["action"]
                    else None,
                    "order": order,
                    "source": source,
                },
            )


def _agenda_item(board: Board, day: dt.date, number: str) -> AgendaItem | None:
    """The item numbered so on the agenda of the board's meeting that day, where the portal has it and no planned
    item was taken as it already."""
    if not number:
        return None
    return (
        AgendaItem.objects.filter(meeting__board=board, meeting__date=day, number=number, planned_as__isnull=True)
        .order_by("order", "pk")
        .first()
    )
