"""Boards, their terms of reference, the people named in the papers and their seats, from fixtures/governance.json."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from blmk_portal.loading import create_missing, read_fixture
from blmk_portal.models import SourceDocument
from blmk_portal.publication import Audience, Status
from governance.actions_loading import load_actions
from governance.forward_plan_loading import load_forward_plans
from governance.minutes_loading import load_minutes
from governance.models import (
    AgendaItem,
    Attendance,
    Board,
    Meeting,
    Membership,
    Paper,
    Person,
    Recommendation,
    TermsOfReference,
)
from places.models import Organisation, Place
from priorities.models import Priority


def load_governance(tally: Counter) -> None:
    data = read_fixture("governance.json")
    sources = {source.key: source for source in SourceDocument.objects.all()}
    organisations = {organisation.slug: organisation for organisation in Organisation.objects.all()}
    places = {place.slug: place for place in Place.objects.all()}

    boards, made = {}, set()
    for item in data["boards"]:
        board, is_new = create_missing(
            Board,
            tally,
            lookup={"slug": item["slug"]},
            values={
                "name": item["name"],
                "kind": item["kind"],
                "state": item["status"],
                "period": item["period"],
                "purpose": item["purpose"],
                "frequency": item["frequency"],
                "usual_venue": item["usual_venue"],
                "usual_start": _time(item["usual_start"]),
                "usual_end": _time(item["usual_end"]),
                "source": sources[item["source"]],
                "source_quote": item["source_quote"],
            },
        )
        boards[item["slug"]] = board
        if is_new:
            made.add(item["slug"])
    # Reporting lines once every board exists: a board may report to one later in the file.
    for item in data["boards"]:
        if item["slug"] in made and item["reports_to"]:
            Board.objects.filter(pk=boards[item["slug"]].pk).update(reports_to=boards[item["reports_to"]])

    for order, item in enumerate(data["terms_of_reference"]):
        sections = {name: item[name] for name, _ in TermsOfReference.SECTIONS if name in item}
        create_missing(
            TermsOfReference,
            tally,
            lookup={"board": boards[item["board"]], "version_number": item["version"]},
            values={
                **sections,
                "approved": item["approved"],
                "comments": item["comments"],
                "quorum_members": item["quorum_members"],
                "papers_due_days": item.get("papers_due_days"),
                "deputies_count_to_quorum": item["deputies_count_to_quorum"],
                "source": sources[item["source"]],
                "order": order,
            },
        )

    people = {
        item["key"]: create_missing(
            Person,
            tally,
            lookup={"name": item["name"], "title": item["title"]},
            values={"organisation": organisations.get(item["organisation"]), "initials": item["initials"]},
        )[0]
        for item in data["people"]
    }

    for order, item in enumerate(data["seats"]):
        create_missing(
            Membership,
            tally,
            lookup={
                "board": boards[item["board"]],
                "role": item["role"],
                "organisation_as_printed": item["organisation_as_printed"],
                "place": places.get(item["place"]),
            },
            values={
                "decision_making": item["decision_making"],
                "organisation": organisations.get(item["organisation"]),
                "rotation": item["rotation"],
                "person": people.get(item["person"]),
                "source": sources[item["source"]],
                "order": order,
            },
        )

    meetings = _load_meetings(data, boards, sources, tally)
    _load_attendance(data, meetings, people, sources, tally)
    load_minutes(tally)  # after the meetings: it makes the agendas the seeds give only as minutes
    load_actions(tally)  # after the minutes: actions hang off the items they make
    load_forward_plans(tally)  # after the agendas and actions: planned items link to what took and asked for them


def _load_meetings(data: dict, boards: dict[str, Board], sources: dict, tally: Counter) -> dict[str, Meeting]:
    """Meetings from the seeds, published (they come from published packs, though when is not recorded)."""
    meetings, made = {}, set()
    public = {entry["meeting"]: entry for entry in data.get("attendance", [])}  # the public, as the minutes count them
    for item in data.get("meetings", []):
        key = f"{item['board']} {item['date']}"
        meetings[key], is_new = create_missing(
            Meeting,
            tally,
            lookup={"board": boards[item["board"]], "date": dt.date.fromisoformat(item["date"])},
            values={
                "start": _time(item["start"]),
                "end": _time(item["end"]),
                "venue": item["venue"],
                "state": item["state"],
                "heading_as_printed": item["heading_as_printed"],
                "source": sources[item["source"]],
                "status": Status.PUBLISHED,
                "public_attending": public.get(key, {}).get("public_attending"),
                "public_as_printed": public.get(key, {}).get("public_as_printed", ""),
            },
        )
        if is_new:
            made.add(key)
    numbered: dict[tuple[str, str], AgendaItem] = {}
    for order, item in enumerate(data.get("agenda_items", [])):
        if item["meeting"] not in made:
            continue  # an agenda is loaded with its meeting, once; after that it is the staff's
        agenda_item = AgendaItem.objects.create(
            meeting=meetings[item["meeting"]],
            # 5a and 5b print no item 5 above them: they stand alone, numbered as printed
            parent=numbered.get((item["meeting"], item["parent_number"])),
            number=item["number"],
            numbered=bool(item["number"]),  # the seeds' numbers are as printed: none printed means none
            title=item["title"],
            descriptor=item["descriptor"],
            leads=item["leads"],
            starts_at=_time(item["starts_at"]),
            standing=item["standing"],
            audience=Audience.BOARD if item["part"] == "II" else Audience.PUBLIC,
            order=order,
            source=meetings[item["meeting"]].source,
        )
        tally["agenda items created"] += 1
        if item["number"]:
            numbered[(item["meeting"], item["number"])] = agenda_item
    _load_papers(data, meetings, made, numbered, tally)
    return meetings


def _load_papers(
    data: dict,
    meetings: dict[str, Meeting],
    made: set[str],
    numbered: dict[tuple[str, str], AgendaItem],
    tally: Counter,
) -> None:
    """Papers come with their meeting, once, like its agenda: each with its cover sheet, its recommendations and
    the priorities it concerns, named "<plan slug> <priority code>" (the priorities load before governance)."""
    priorities = {
        f"{priority.plan.slug} {priority.code}": priority for priority in Priority.objects.select_related("plan")
    }
    for order, item in enumerate(data.get("papers", [])):
        if item["meeting"] not in made:
            continue
        meeting = meetings[item["meeting"]]
        paper = Paper.objects.create(
            meeting=meeting,
            order=order,
            reference=item["reference"],
            title=item["title"],
            item_as_printed=item["item_as_printed"],
            sro_name=item["sro_name"],
            sro_title=item["sro_title"],
            author_name=item["author_name"],
            author_title=item["author_title"],
            purposes=item["purposes"],
            summary=item["summary"],
            priorities_link=item["priorities_link"],
            inequalities=item["inequalities"],
            risks=item["risks"],
            document_history=item["document_history"],
            appendices=item["appendices"],
            body=item["body"],
            audience=Audience.BOARD if item["part"] == "II" else Audience.PUBLIC,
            source=meeting.source,
        )
        paper.items.set([numbered[(item["meeting"], number)] for number in item["items"]])
        paper.priorities.set([priorities[key] for key in item.get("priorities", [])])
        Recommendation.objects.bulk_create(
            Recommendation(paper=paper, order=position, verb=recommendation["verb"], text=recommendation["text"])
            for position, recommendation in enumerate(item["recommendations"])
        )
        tally["papers created"] += 1


def _time(value: str) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def _load_attendance(
    data: dict, meetings: dict[str, Meeting], people: dict[str, Person], sources: dict, tally: Counter
) -> None:
    """A meeting's attendance as its minutes print it: members present, apologies, those in attendance, each in the
    printed order with the organisation or role and initials as printed, and the members of the public. Loaded into
    a meeting with no attendance recorded, once; after that it is the staff's. A member takes the seat they hold on
    the board that day, where they hold one (the minutes print no seats)."""
    for item in data.get("attendance", []):
        meeting = meetings[item["meeting"]]
        if meeting.attendance.exists():
            continue
        held = {
            seat.person_id: seat
            for seat in Membership.objects.current(meeting.date).filter(board=meeting.board, person__isnull=False)
        }
        for kind in (Attendance.Kind.PRESENT, Attendance.Kind.APOLOGIES, Attendance.Kind.IN_ATTENDANCE):
            for order, row in enumerate(item[kind]):
                person = people[row["person"]]
                Attendance.objects.create(
                    meeting=meeting,
                    person=person,
                    kind=kind,
                    seat=held.get(person.pk) if kind != Attendance.Kind.IN_ATTENDANCE else None,
                    as_printed=row["as_printed"],
                    initials=row.get("initials", ""),
                    order=order,
                    source=sources[item["source"]],
                )
                tally["attendance created"] += 1
        if meeting.public_attending is None:  # a meeting loaded before its attendance was
            Meeting.objects.filter(pk=meeting.pk).update(
                public_attending=item["public_attending"], public_as_printed=item["public_as_printed"]
            )
