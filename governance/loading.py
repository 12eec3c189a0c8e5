"""Boards, their terms of reference, the people named in the papers and their seats, from fixtures/governance.json."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from blmk_portal.loading import create_missing, read_fixture
from blmk_portal.models import SourceDocument
from governance.models import Board, Membership, Person, TermsOfReference
from places.models import Organisation, Place


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


def _time(value: str) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None
